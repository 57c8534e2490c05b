import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { signInAsCitizen } from './support/sign-in.ts';
import { useBrowserSuite } from './support/suite.ts';

// Residence registration: level 2, the applicant section binds population-registry items.
const PROCEDURE = 'dang-ky-thuong-tru';
const APPLY = `/dich-vu-cong/${PROCEDURE}/nop`;

describe('the citizen’s online application and "My dossiers"', () => {
  const suite = useBrowserSuite();

  it('consents, sees registry values locked, fills the rest, submits and finds the dossier', async () => {
    const { page, errors, close } = await suite.page();
    const fullName = await signInAsCitizen(page, { returnTo: APPLY, level: 2 });
    await page.getByRole('heading', { level: 1, name: 'Nộp hồ sơ trực tuyến' }).waitFor();

    // The consent screen: each item with its source, the purpose and the retention.
    await page.getByRole('heading', { name: 'Sử dụng dữ liệu sẵn có' }).waitFor();
    const nameRow = page.getByRole('row', { name: /Họ, chữ đệm và tên/ });
    const source = ((await nameRow.getByRole('cell').nth(1).textContent()) ?? '').trim();
    expect(source).toMatch(/dân cư/i);
    await page.getByText('Đăng ký thường trú', { exact: false }).first().waitFor();
    await page.getByText(/Thời gian lưu giữ:\s*\d+ ngày/).waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Đồng ý và điền sẵn' }).click();

    // The form: the registry's value is pre-filled, locked and labelled with its source.
    const nameInput = page.getByRole('textbox', { name: /^Họ, chữ đệm và tên/ }).first();
    await nameInput.waitFor();
    expect(await nameInput.inputValue()).toBe(fullName);
    expect(await nameInput.getAttribute('readonly')).not.toBeNull();
    const nameField = page.locator('[data-field="fullName"]');
    await nameField.getByText(`Nguồn: ${source}`, { exact: false }).waitFor();
    await nameField.getByText('Đã khóa').waitFor();

    // Submitting too early: the server's 422 issues come back next to their fields.
    await page.getByRole('button', { name: 'Xem lại' }).click();
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await page.getByText('Vui lòng sửa các lỗi được đánh dấu bên dưới.').waitFor();
    await page
      .getByRole('group', { name: /Địa chỉ nơi đăng ký thường trú/ })
      .getByText('«Địa chỉ nơi đăng ký thường trú» là bắt buộc.')
      .waitFor();
    await expectNoSeriousA11yViolations(page);
    // The browser logs the refused submission (400); that one is expected, nothing else.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/status of 4\d\d .*\/submit/);
    errors.length = 0;

    // What the registry does not know, typed by hand.
    const phone = page.getByRole('textbox', { name: /^Số điện thoại di động/ });
    if ((await phone.inputValue()) === '') await phone.fill('0912345678');
    const newAddress = page.getByRole('group', { name: /Địa chỉ nơi đăng ký thường trú/ });
    await newAddress.getByLabel('Số nhà, đường, tổ, thôn').fill('12 phố Hàng Bài');
    await newAddress.getByLabel('Mã phường, xã (5 chữ số)').fill('00070');
    await page.getByLabel(/^Trường hợp đăng ký/).selectOption('owner');
    await page.getByLabel(/^Giấy tờ chứng minh chỗ ở hợp pháp/).setInputFiles({
      name: 'so-do.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    });
    await page.getByText('Đã tải lên: so-do.pdf').waitFor();
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.getByText('Đã lưu nháp.').waitFor();
    await expectNoSeriousA11yViolations(page);

    await page.getByRole('button', { name: 'Xem lại' }).click();
    await page.getByRole('heading', { name: 'Xem lại trước khi nộp' }).waitFor();
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();

    // The receipt.
    await page.getByRole('heading', { name: 'Đã nộp hồ sơ' }).waitFor();
    const code = ((await page.getByTestId('dossier-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z0-9]+-\d{8}-\d{4}$/);
    await page.getByText('Ngày hẹn trả kết quả').waitFor();
    await expectNoSeriousA11yViolations(page);

    // "My dossiers" lists it; its page shows the history.
    await page.getByRole('link', { name: 'Hồ sơ của tôi' }).click();
    await page.waitForURL((url) => url.pathname === '/ho-so-cua-toi');
    const row = page.getByRole('row', { name: new RegExp(code) });
    await row.getByText('Đăng ký thường trú', { exact: false }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await row.getByRole('link', { name: code }).click();
    await page.waitForURL((url) => url.pathname === `/ho-so-cua-toi/${code}`);
    await page.getByRole('heading', { name: 'Lịch sử xử lý' }).waitFor();
    await page.getByRole('cell', { name: 'Đã nộp hồ sơ' }).waitFor();
    await page.getByRole('link', { name: 'Tải về so-do.pdf' }).waitFor();
    await expectNoSeriousA11yViolations(page);

    await page.evaluate("window.localStorage.setItem('sc.lang', 'en')");
    await page.reload();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await page.getByRole('cell', { name: 'Submitted' }).waitFor();
    await close();
  });

  it('tells a level-1 citizen to step up to level 2', async () => {
    const { page, context, errors } = await suite.page();
    await signInAsCitizen(page, { returnTo: APPLY, level: 1 });
    await page.getByRole('heading', { name: 'Cần định danh điện tử mức 2' }).waitFor();
    const stepUp = page.getByRole('link', { name: 'Xác thực mức 2 với VNeID' });
    const href = (await stepUp.getAttribute('href')) ?? '';
    expect(href).toContain('acr=urn%3Ahanoi%3Aacr%3Avneid%3A2');
    expect(href).toContain(`returnTo=${encodeURIComponent(APPLY)}`);
    await expectNoSeriousA11yViolations(page);
    await context.close();
    // The refused draft request is the expected 403; nothing else may have failed.
    expect(errors.filter((error) => !/403/.test(error))).toEqual([]);
  });
});
