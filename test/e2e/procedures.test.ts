import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { signInAsOfficial } from './support/sign-in.ts';
import { useBrowserSuite } from './support/suite.ts';

const FOOD = 'cap-giay-chung-nhan-atttp';

describe('the procedure catalogue and the form builder', () => {
  const suite = useBrowserSuite();

  it('lets a citizen find a procedure without diacritics and read its page', async () => {
    const { page, close } = await suite.page();
    await page.goto('/dich-vu-cong');
    await page.getByRole('heading', { level: 1, name: 'Dịch vụ công trực tuyến' }).waitFor();
    await page.getByLabel('Tên thủ tục').fill('dang ky thuong tru');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.waitForURL(/q=dang/);
    const result = page.getByRole('link', { name: 'Đăng ký thường trú', exact: true });
    await result.waitFor();
    await expectNoSeriousA11yViolations(page);
    await result.click();
    await page.getByRole('heading', { level: 1, name: 'Đăng ký thường trú' }).waitFor();
    await page.getByText('Luật Cư trú 2020 (Luật số 68/2020/QH14)', { exact: false }).waitFor();
    await page.getByText('Tài khoản định danh điện tử mức 2').waitFor();
    const apply = page.getByRole('link', { name: 'Nộp hồ sơ' });
    expect(await apply.getAttribute('href')).toBe('/dich-vu-cong/dang-ky-thuong-tru/nop');
    await expectNoSeriousA11yViolations(page);
    await close();
  });

  it('lets an agency administrator edit a show/hide rule, see the preview change, and publish a new version', async () => {
    const { page, close } = await suite.page();
    await signInAsOfficial(page, 'quantri.soyte', '/console/thu-tuc');
    await page.getByRole('heading', { level: 1, name: 'Thủ tục và biểu mẫu' }).waitFor();
    // Only their agency's procedure is offered to the health department's administrator.
    const edit = page.getByRole('link', { name: 'Sửa biểu mẫu' });
    await edit.first().waitFor();
    expect(await edit.count()).toBe(1);
    await edit.click();
    await page.waitForURL(`**/console/thu-tuc/${FOOD}`);
    await page.getByRole('heading', { level: 1, name: 'Thiết kế biểu mẫu' }).waitFor();

    const preview = page.getByTestId('builder-preview');
    const kind = preview.getByRole('combobox', { name: 'Loại hình' });
    const meals = preview.locator('[data-field="mealsPerDay"]');
    // Published rule: meals per day shows for catering only.
    await kind.selectOption('production');
    await expect.poll(() => meals.count()).toBe(0);
    await kind.selectOption('catering');
    await meals.waitFor();
    await expectNoSeriousA11yViolations(page);

    // Change the rule: show it for food production instead.
    await page.getByRole('button', { name: /^mealsPerDay — / }).click();
    const rule = page.getByTestId('field-editor').getByLabel('Hiện khi (JSON Logic)');
    await rule.fill('{"==":[{"var":"kind"},"production"]}');
    await expect.poll(() => meals.count()).toBe(0);
    await kind.selectOption('production');
    await meals.waitFor();
    // The live check follows the new rule: meals per day is now required for production.
    await preview.getByTestId('preview-result').getByText('«Số suất ăn/ngày» là bắt buộc.').waitFor();

    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await page.getByText('Đã lưu bản nháp phiên bản 2.').waitFor();
    const versions = page.getByTestId('form-versions');
    await versions.locator('[data-version="2"][data-status="draft"]').waitFor();
    // The public still sees version 1 until publication.
    const before = await page.request.get(`/api/services/procedures/${FOOD}/form`);
    expect((await before.json()).version).toBe(1);

    await page.getByRole('button', { name: 'Công bố bản nháp' }).click();
    await page.getByText('Đã công bố phiên bản 2.').waitFor();
    await versions.locator('[data-version="2"][data-status="published"]').waitFor();
    await versions.locator('[data-version="1"][data-status="published"]').waitFor();
    await expectNoSeriousA11yViolations(page);

    const after = (await (await page.request.get(`/api/services/procedures/${FOOD}/form`)).json()) as {
      version: number;
      definition: { sections: { fields: { key: string; visibleIf?: unknown }[] }[] };
    };
    expect(after.version).toBe(2);
    const field = after.definition.sections
      .flatMap((section) => section.fields)
      .find((f) => f.key === 'mealsPerDay');
    expect(field?.visibleIf).toEqual({ '==': [{ var: 'kind' }, 'production'] });
    const v1 = (await (
      await page.request.get(`/api/services/procedures/${FOOD}/form?version=1`)
    ).json()) as typeof after;
    const old = v1.definition.sections
      .flatMap((section) => section.fields)
      .find((f) => f.key === 'mealsPerDay');
    expect(old?.visibleIf).toEqual({ '==': [{ var: 'kind' }, 'catering'] });
    await close();
  });
});
