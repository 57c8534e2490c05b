import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations, type TestPage } from './support/browser.ts';
import { signInAsOfficial } from './support/sign-in.ts';
import { useBrowserSuite } from './support/suite.ts';

/**
 * The digital-transformation index end to end (issue 7): the council opens a cycle for a ward and
 * assigns an appraiser; the ward's reporter self-assesses on the form with evidence and submits; the
 * appraiser accepts one item and adjusts another with a reason; the council finalises and publishes;
 * the public ranking and the map, empty before, now show the ward.
 */
// biome-ignore lint/suspicious/noExplicitAny: the test reads whatever JSON the API answers.
type Json = any;

const WARD = 'comm-00070';
const WARD_NAME = 'Phường Hoàn Kiếm';
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

/** The signed-in official's API calls, with the CSRF token the web app sends. */
async function officialApi(page: Page) {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'sc_csrf')?.value ?? '';
  const headers = { 'x-csrf-token': csrf };
  const check = async (path: string, response: Awaited<ReturnType<Page['request']['get']>>) => {
    const body = await response.json();
    expect(response.ok(), `${path}: ${JSON.stringify(body)}`).toBe(true);
    return body as Json;
  };
  return {
    get: async (path: string) => check(path, await page.request.get(path)),
    post: async (path: string, data?: object) =>
      check(path, await page.request.post(path, { headers, ...(data ? { data } : {}) })),
  };
}

/** A refusal the test provokes shows in the console as a failed request: expected once, then cleared. */
function expectRefusal(page: TestPage, status: number, path: RegExp) {
  const index = page.errors.findIndex((e) => e.includes(`status of ${status}`) && path.test(e));
  expect(index, page.errors.join('\n')).toBeGreaterThanOrEqual(0);
  page.errors.splice(index, 1);
}

/** An item's card on the appraisal page. */
const item = (page: Page, code: string) => page.locator(`section[data-item="${code}"]`);

describe('dti journey: council, ward reporter, appraiser, public', () => {
  const suite = useBrowserSuite();

  it('the council opens a cycle; the ward self-assesses with evidence and submits; the appraiser adjusts with a reason; the council publishes; the public ranking and map change', async () => {
    // The council (plan_owner stands in for it) finds the cycles through the hub.
    const council = await suite.page();
    await signInAsOfficial(council.page, 'kehoach.sokhcn', '/console');
    await council.page.getByRole('link', { name: 'Mở: Chỉ số chuyển đổi số' }).click();
    await council.page.getByRole('heading', { level: 1, name: 'Chỉ số chuyển đổi số' }).waitFor();
    await expectNoSeriousA11yViolations(council.page);
    await council.page.getByRole('link', { name: 'Mở: Kỳ đánh giá' }).click();
    await council.page.getByRole('heading', { level: 1, name: 'Kỳ đánh giá chỉ số chuyển đổi số' }).waitFor();

    await council.page.getByLabel('Bộ chỉ số (phiên bản)').selectOption({
      label: 'Bộ chỉ số chuyển đổi số các xã, phường 2025 (QĐ 5279/QĐ-UBND) — năm 2025, phiên bản 1',
    });
    await council.page.getByLabel('Chỉ các đơn vị được chọn').check();
    const units = council.page.getByRole('combobox', { name: 'Chọn đơn vị' });
    await units.click();
    await units.fill('Hoàn Kiếm');
    await council.page.getByRole('option', { name: WARD_NAME, exact: true }).click();
    await council.page.keyboard.press('Escape');
    await council.page.getByRole('button', { name: 'Mở kỳ đánh giá', exact: true }).click();
    await council.page.getByText('Đã mở kỳ đánh giá hanoi-commune năm 2025.').waitFor();

    const progress = council.page.getByTestId('cycle-progress');
    await progress.getByText('0/1 đơn vị đã nộp', { exact: false }).waitFor();
    await progress.getByText('Chưa phân công — mọi thẩm định viên').waitFor();
    await progress
      .getByLabel(`Phân công thẩm định viên cho ${WARD_NAME}`)
      .selectOption({ label: 'Phạm Thị Lan' });
    await progress.getByRole('button', { name: `Phân công: ${WARD_NAME}` }).click();
    await progress.getByRole('button', { name: `Bỏ phân công Phạm Thị Lan khỏi ${WARD_NAME}` }).waitFor();
    await expectNoSeriousA11yViolations(council.page);

    // Finalising before the unit has submitted is refused with the server's reason.
    await progress.getByRole('button', { name: 'Chốt kết quả' }).click();
    await progress
      .getByRole('alert')
      .getByText('Chưa thể chốt: 1 đơn vị chưa nộp', { exact: false })
      .waitFor();
    expectRefusal(council, 409, /\/finalise\)$/);

    const councilApi = await officialApi(council.page);
    const cycle = (await councilApi.get('/api/dti/cycles')).find(
      (c: Json) => c.frameworkCode === 'hanoi-commune' && c.year === 2025,
    );
    expect(cycle.units.map((u: Json) => u.unitId)).toEqual([WARD]);
    const base = `/api/dti/cycles/${cycle.id}/units/${WARD}`;

    // Before publication the public results page has nothing to show.
    const visitor = await suite.page();
    await visitor.page.goto('/chi-so-chuyen-doi-so');
    await visitor.page.getByTestId('dti-none').waitFor();

    // The ward's reporter self-assesses on the form: two items with evidence (one with a file), then submits.
    const ward = await suite.page();
    await signInAsOfficial(ward.page, 'motcua.hoankiem', '/console/chi-so-cds/tu-danh-gia');
    await ward.page
      .getByTestId(`cycle-${cycle.id}-${WARD}`)
      .getByRole('link', { name: /^Mở bản tự đánh giá: Phường Hoàn Kiếm/ })
      .click();
    await ward.page.getByRole('heading', { level: 1, name: /Tự đánh giá: Phường Hoàn Kiếm/ }).waitFor();
    const evidence = { number: '15/KH-UBND', title: 'Kế hoạch chuyển đổi số phường', date: '2025-02-10' };
    for (const code of ['1.1', '1.2']) {
      const card = ward.page.getByTestId(`item-${code}`);
      await card.getByRole('radio', { name: 'Có' }).check();
      const row = card.getByRole('group', { name: `Minh chứng 1 — ${code}` });
      await row.getByLabel('Số văn bản').fill(evidence.number);
      await row.getByLabel('Tên văn bản').fill(evidence.title);
      await row.getByLabel('Ngày văn bản').fill(evidence.date);
      if (code === '1.1') {
        await row.getByLabel(/^Tệp đính kèm/).setInputFiles({
          name: 'ke-hoach-15.pdf',
          mimeType: 'application/pdf',
          buffer: PDF,
        });
        await row.getByRole('link', { name: 'ke-hoach-15.pdf' }).waitFor();
      }
      await card
        .locator('[data-save-state="saved"]')
        .getByText(/^Đã lưu lúc \d\d:\d\d$/)
        .waitFor();
    }
    await ward.page.getByRole('button', { name: 'Nộp bản tự đánh giá' }).click();
    await ward.page
      .getByRole('dialog', { name: 'Nộp bản tự đánh giá?' })
      .getByRole('button', { name: 'Nộp', exact: true })
      .click();
    await ward.page.getByTestId('unit-status').getByText('Đã nộp').waitFor();
    await expectNoSeriousA11yViolations(ward.page);
    const stored = await (await officialApi(ward.page)).get(`${base}/entries`);
    const file = { fileId: stored.find((e: Json) => e.code === '1.1').evidence[0].fileId as string };
    expect(file.fileId).toBeTruthy();
    await ward.close();

    // The appraiser sees the unit in the queue and appraises item by item, by keyboard.
    const appraiser = await suite.page();
    await signInAsOfficial(appraiser.page, 'thamdinh.hanoi', '/console/chi-so-cds/tham-dinh');
    const queue = appraiser.page.getByTestId('appraisal-queue');
    const row = queue.locator(`tr[data-unit="${WARD}"]`);
    await row.getByText('Được giao cho bạn').waitFor();
    expect(await row.locator('td').nth(2).textContent()).toBe('2');
    await expectNoSeriousA11yViolations(appraiser.page);
    await row.getByRole('link', { name: `Thẩm định ${WARD_NAME}` }).click();
    await appraiser.page.getByRole('heading', { level: 1, name: `Thẩm định: ${WARD_NAME}` }).waitFor();

    const first = item(appraiser.page, '1.1');
    await first.getByTestId('claimed').getByText('Có').waitFor();
    await first.getByRole('cell', { name: '15/KH-UBND' }).waitFor();
    const download = first.getByRole('link', { name: 'Tải tệp minh chứng 1' });
    const href = await download.getAttribute('href');
    expect(href).toBe(`${base}/evidence-files/${file.fileId}`);
    expect((await appraiser.page.request.get(href ?? '')).status()).toBe(200);
    await expectNoSeriousA11yViolations(appraiser.page);

    await first.getByRole('button', { name: 'Chấp nhận: 1.1' }).focus();
    await appraiser.page.keyboard.press('Enter');
    await first.getByTestId('item-status').getByText('Đã chấp nhận').waitFor();

    const second = item(appraiser.page, '1.2');
    await second.getByRole('button', { name: 'Điều chỉnh: 1.2' }).click();
    // The value field takes focus; the reason is left empty and the server refuses it.
    expect(
      await second.getByLabel('Giá trị điều chỉnh').evaluate((el) => el === el.ownerDocument.activeElement),
    ).toBe(true);
    await second.getByLabel('Giá trị điều chỉnh').selectOption({ label: 'Không' });
    await second.getByRole('button', { name: 'Lưu điều chỉnh' }).click();
    await second
      .getByText('Cần nêu lý do khi điều chỉnh hoặc yêu cầu giải trình', { exact: false })
      .waitFor();
    expect(await second.getByTestId('item-status').textContent()).toBe('Chờ thẩm định');
    expectRefusal(appraiser, 400, /\/entries\/1\.2\/review\)$/);
    await second.getByLabel('Lý do').fill('Kế hoạch chưa được phê duyệt trong năm đánh giá');
    await second.getByRole('button', { name: 'Lưu điều chỉnh' }).click();
    await second.getByTestId('item-status').getByText('Đã điều chỉnh').waitFor();
    await second.getByText('Lý do: Kế hoạch chưa được phê duyệt trong năm đánh giá').waitFor();
    await appraiser.page
      .getByTestId('unit-summary')
      .getByText('0 mục chờ thẩm định', { exact: false })
      .waitFor();
    await expectNoSeriousA11yViolations(appraiser.page);
    await appraiser.close();

    // The council finalises, then publishes after confirming.
    await council.page.getByRole('button', { name: 'Xem tiến độ hanoi-commune năm 2025' }).click();
    await progress.getByText('1/1 đơn vị đã nộp', { exact: false }).waitFor();
    await progress.getByRole('button', { name: 'Chốt kết quả' }).click();
    await progress.getByText('Đã chốt kết quả kỳ đánh giá.').waitFor();
    await progress.getByRole('button', { name: 'Công bố kết quả' }).click();
    await progress.getByText('Sau khi công bố, bảng xếp hạng hiển thị công khai', { exact: false }).waitFor();
    await progress.getByRole('button', { name: 'Xác nhận công bố' }).click();
    await progress.getByText('Đã công bố kết quả.').waitFor();
    await expectNoSeriousA11yViolations(council.page);
    const published = await councilApi.get('/api/dti/public/cycles');
    expect(published.map((c: Json) => c.id)).toContain(cycle.id);
    await council.close();

    // The public ranking and the map change: the ward is ranked, and coloured by its index.
    await visitor.page.reload();
    const ranking = visitor.page.getByTestId('dti-ranking');
    await ranking.waitFor();
    expect(await ranking.getByRole('rowheader').allTextContents()).toEqual([
      expect.stringContaining(WARD_NAME),
    ]);
    const onMap = visitor.page.locator(`[data-testid="dti-map"] path[data-unit-id="${WARD}"]`);
    await onMap.waitFor();
    await expect.poll(() => onMap.getAttribute('data-index')).not.toBe('');
    expect(await onMap.getAttribute('fill')).not.toBe('#ced4da');
    await expectNoSeriousA11yViolations(visitor.page);
    await visitor.close();
  });
});
