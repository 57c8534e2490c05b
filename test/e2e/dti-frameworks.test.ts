import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { signInAsOfficial } from './support/sign-in.ts';
import { useBrowserSuite } from './support/suite.ts';

const LIST = '/console/chi-so-cds/bo-chi-so';
const COMMUNES_2025 = 'Bộ chỉ số chuyển đổi số các xã, phường 2025 (QĐ 5279/QĐ-UBND)';

/** Versions of the 2025 communes framework as the API lists them (newest first). */
async function communeVersions(page: Page): Promise<{ id: string; version: number }[]> {
  const res = await page.request.get('/api/dti/frameworks?year=2025&unitSet=communes');
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { id: string; code: string; version: number }[]).filter(
    (f) => f.code === 'hanoi-commune',
  );
}

/** Opens a disclosure (group or main index) by the start of its heading, if it is closed. */
async function expand(page: Page, name: RegExp) {
  const button = page.getByRole('button', { name });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await expect.poll(() => button.getAttribute('aria-expanded')).toBe('true');
}

/** Types into a field the way a person does: clear, then type. */
async function retype(page: Page, selector: string, label: string, value: string) {
  const input = page.locator(selector).getByLabel(label, { exact: true }).first();
  await input.fill(value);
}

describe('DTI framework editor', () => {
  const suite = useBrowserSuite();

  it('shows the frameworks to anyone, read-only, with placeholder weights labelled', async () => {
    const { page, close } = await suite.page();
    await page.goto(LIST);
    await page.getByRole('heading', { level: 1, name: 'Bộ chỉ số chuyển đổi số' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Năm 2025' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Xã, phường' }).waitFor();
    const row = page.locator('[data-framework="hanoi-commune@2025v1"]');
    await row.getByText('Trọng số tạm đặt').waitFor();
    await row.getByText('Dữ liệu tham chiếu').waitFor();
    // 8 main indices, 47 sub-indices, 1000 points (docs/dti.md).
    expect(await row.locator('td').allInnerTexts()).toEqual(
      expect.arrayContaining(['1', '2', '8', '47', '1.000']),
    );
    await expectNoSeriousA11yViolations(page);
    await row.getByRole('link', { name: `Xem ${COMMUNES_2025}, phiên bản 1` }).click();
    await page.getByRole('heading', { level: 1, name: `${COMMUNES_2025} — Phiên bản 1` }).waitFor();
    await page.getByText('Bạn đang xem ở chế độ chỉ đọc', { exact: false }).waitFor();
    await expand(page, /^1\. Nhận thức số/);
    const sub = page.locator('[data-code="1.1"]');
    await sub.getByText('Điểm tối đa').waitFor();
    await sub.getByText('Có/không').waitFor();
    await sub.getByText('Đơn vị tự khai').waitFor();
    expect(await page.getByRole('region', { name: 'Cấu trúc bộ chỉ số' }).getByRole('textbox').count()).toBe(
      0,
    );
    expect(await page.getByRole('button', { name: 'Lưu thành phiên bản mới' }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page);
    await close();
  });

  it('the council saves a new version with changed points and weight; invalid edits save nothing', async () => {
    const { page, close, errors } = await suite.page();
    await signInAsOfficial(page, 'kehoach.sokhcn', LIST);
    await page
      .locator('[data-framework="hanoi-commune@2025v1"]')
      .getByRole('link', { name: `Xem ${COMMUNES_2025}, phiên bản 1` })
      .click();
    await page.getByRole('heading', { level: 1, name: `${COMMUNES_2025} — Phiên bản 1` }).waitFor();
    await retype(page, '[data-node="g0"]', 'Trọng số', '0.6');
    await expand(page, /^1\. Nhận thức số/);
    const maxPoints = page.locator('[data-node="g0.m0.s0"]').getByLabel('Điểm tối đa', { exact: true });
    expect(await maxPoints.inputValue()).toBe('20');
    await maxPoints.fill('25');
    await page.getByText('Tổng trọng số các nhóm: 1,1').waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Lưu thành phiên bản mới' }).click();

    await page.getByRole('heading', { level: 1, name: `${COMMUNES_2025} — Phiên bản 2` }).waitFor();
    const versions = await communeVersions(page);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(page.url()).toContain(versions[0]?.id);
    // The new version carries the change; version 1 stays as it was.
    expect(await page.locator('[data-node="g0"]').getByLabel('Trọng số', { exact: true }).inputValue()).toBe(
      '0.6',
    );
    await expand(page, /^1\. Nhận thức số/);
    expect(
      await page.locator('[data-node="g0.m0.s0"]').getByLabel('Điểm tối đa', { exact: true }).inputValue(),
    ).toBe('25');
    const v1 = await (await page.request.get(`/api/dti/frameworks/${versions[1]?.id}`)).json();
    expect(v1.tree.groups[0].weight).toBe(0.5);
    expect(v1.tree.groups[0].indices[0].subIndices[0].maxPoints).toBe(20);
    await page
      .getByRole('navigation', { name: 'Các phiên bản' })
      .getByRole('link', { name: 'Phiên bản 1' })
      .waitFor();

    // A duplicate code and a formula reading a name it does not declare: refused at their nodes.
    await retype(page, '[data-node="g0.m0.s1"]', 'Mã', '1.1');
    const formulaNode = page.locator('[data-node="g0.m0.s2"]');
    await formulaNode.getByLabel('Quy tắc chấm').selectOption({ label: 'Công thức' });
    await formulaNode.getByLabel('Công thức', { exact: true }).fill('x / y');
    await formulaNode.getByLabel('Đầu vào của công thức').fill('x');
    await page.getByRole('button', { name: 'Lưu thành phiên bản mới' }).click();
    const duplicate = page.locator('[data-node="g0.m0.s1"] [data-problems]');
    await duplicate.getByText('Mã "1.1" bị trùng', { exact: false }).waitFor();
    await formulaNode.locator('[data-problems]').getByText('Công thức của "1.3"', { exact: false }).waitFor();
    await expectNoSeriousA11yViolations(page);
    // Both languages come from the server: switching shows the English message at the same node.
    await page.getByRole('button', { name: /^EN — / }).click();
    await duplicate.getByText('Code "1.1" is duplicated', { exact: false }).waitFor();
    expect((await communeVersions(page)).map((v) => v.version)).toEqual([2, 1]);
    await page.getByRole('button', { name: /^VI — / }).click();
    // The refused save is the one request the browser logged; nothing else may have gone wrong.
    const refused = errors.filter((error) => error.includes('status of 400') && error.includes('/versions'));
    expect(refused).toHaveLength(1);
    errors.splice(errors.indexOf(refused[0] ?? ''), 1);

    // Copy forward: next year's version 1 starts from this version, which stays as it is.
    await page.getByLabel('Năm mới').fill('2026');
    await page.getByRole('button', { name: 'Chép sang năm 2026' }).click();
    await page
      .getByRole('heading', {
        level: 1,
        name: 'Bộ chỉ số chuyển đổi số các xã, phường 2026 (QĐ 5279/QĐ-UBND) — Phiên bản 1',
      })
      .waitFor();
    expect(await page.locator('[data-node="g0"]').getByLabel('Trọng số', { exact: true }).inputValue()).toBe(
      '0.6',
    );

    await page.goto(LIST);
    await page.locator('[data-framework="hanoi-commune@2025v2"]').getByText('Trọng số tạm đặt').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Năm 2026' }).waitFor();
    await page.locator('[data-framework="hanoi-commune@2026v1"]').waitFor();
    await close();
  });

  it('an appraiser sees the framework read-only', async () => {
    const { page, close } = await suite.page();
    await signInAsOfficial(page, 'thamdinh.hanoi', LIST);
    await page.getByRole('link', { name: `Xem ${COMMUNES_2025}, phiên bản 1` }).click();
    await page.getByText('Bạn đang xem ở chế độ chỉ đọc', { exact: false }).waitFor();
    await expand(page, /^2\. Thể chế số/);
    await page.locator('[data-code="2.1"]').getByText('Điểm tối đa').waitFor();
    expect(await page.getByRole('button', { name: 'Lưu thành phiên bản mới' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Chép sang năm/ }).count()).toBe(0);
    await close();
  });
});
