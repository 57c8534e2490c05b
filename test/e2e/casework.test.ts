import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { signInAsCitizen, signInAsOfficial } from './support/sign-in.ts';
import { useBrowserSuite } from './support/suite.ts';

// Clean-water connection: Department of Construction (case officer baocao.soxd), level 1, no fee.
const WATER = 'cap-nuoc-sach-sinh-hoat';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

// biome-ignore lint/suspicious/noExplicitAny: the test reads whatever JSON the API answers.
type Json = any;

/** The citizen's unsafe API calls carry the CSRF token, as the web app's fetch helper does. */
async function citizenApi(page: Page, context: BrowserContext) {
  const csrf = (await context.cookies()).find((cookie) => cookie.name === 'sc_csrf')?.value ?? '';
  return async (path: string, data: object) => {
    const response = await page.request.post(path, { headers: { 'x-csrf-token': csrf }, data });
    const body = await response.json();
    expect(response.ok(), `${path}: ${JSON.stringify(body)}`).toBe(true);
    return body as Json;
  };
}

/** A submitted dossier, through the API: consent (pre-fill from the registry), the rest typed, a PDF. */
async function submitDossier(post: (path: string, data: object) => Promise<Json>): Promise<string> {
  const draft = await post('/api/services/drafts', { procedureCode: WATER, fresh: true });
  const filled = await post(`/api/services/drafts/${draft.id}/consent`, { accept: true });
  const answers = {
    ...filled.answers,
    phone: filled.answers.phone || '0912345678',
    installAddress: { detail: '12 phố Tràng Tiền', communeCode: '00070', provinceCode: '01' },
    tenure: 'owner',
    householdSize: 4,
  };
  const submitted = await post(`/api/services/drafts/${draft.id}/submit`, {
    answers,
    attachments: [{ key: 'houseProof', filename: 'so-do.pdf', contentBase64: PDF.toString('base64') }],
  });
  expect(submitted.state).toBe('submitted');
  return submitted.code as string;
}

const state = (page: Page) => page.getByTestId('case-state');

async function perform(page: Page, action: string, reason?: string) {
  await page.getByLabel('Chọn thao tác').selectOption({ label: action });
  if (reason !== undefined) await page.getByLabel(/^Lý do|^Ghi chú/).fill(reason);
  await page.getByRole('button', { name: action, exact: true }).click();
}

describe('the case officer’s queue and dossier screens', () => {
  const suite = useBrowserSuite();
  let code = '';

  it('handles a dossier: queue, provenance, supplement with the clock paused, approval, history', async () => {
    const citizen = await suite.page();
    await signInAsCitizen(citizen.page, { returnTo: '/tai-khoan', level: 1 });
    const post = await citizenApi(citizen.page, citizen.context);
    code = await submitDossier(post);

    const { page, errors, close } = await suite.page();
    await signInAsOfficial(page, 'baocao.soxd', '/console/ho-so');
    await page.getByRole('heading', { level: 1, name: 'Hồ sơ cần xử lý' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(code) });
    await row.getByText('cấp nước sạch sinh hoạt', { exact: false }).waitFor();
    await row.getByText('Đã nộp').waitFor();
    await row.getByText('Chưa tính hạn (chưa tiếp nhận)').waitFor();
    await expectNoSeriousA11yViolations(page);

    // Filters: a state it is not in hides it; the code finds it again.
    await page.getByLabel('Trạng thái').selectOption({ label: 'Đã phê duyệt' });
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.getByText('Không có hồ sơ nào khớp bộ lọc.').waitFor();
    await page.getByRole('button', { name: 'Xóa bộ lọc' }).click();
    await page.getByLabel('Tìm theo mã hồ sơ hoặc tên người nộp').fill(code);
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.getByText('1 hồ sơ', { exact: true }).waitFor();

    await row.getByRole('link', { name: code }).click();
    await page.waitForURL((url) => url.pathname === `/console/ho-so/${code}`);
    await page.getByRole('heading', { level: 1, name: `Hồ sơ ${code}` }).waitFor();
    // Per-field provenance: the registry's value verified and locked, the address typed by hand.
    const nameRow = page.locator('[data-field="fullName"]');
    await nameRow.getByText('Đã xác thực', { exact: true }).waitFor();
    await nameRow.getByText('Đã khóa', { exact: true }).waitFor();
    await nameRow.getByText(/Dịch vụ dữ liệu: HN\/GOV\//).waitFor();
    await page.locator('[data-field="installAddress"]').getByText('Nhập tay').waitFor();
    await page.locator('[data-field="installAddress"]').getByText('12 phố Tràng Tiền (00070, 01)').waitFor();
    await page.getByRole('link', { name: 'Tải về so-do.pdf' }).waitFor();
    const history = page.getByTestId('case-history').locator('tbody tr');
    await expect.poll(() => history.count()).toBe(1);
    await history.first().getByText('Nộp hồ sơ').waitFor();
    // Only what the state machine allows from "submitted".
    const offered = await page.getByLabel('Chọn thao tác').locator('option').allTextContents();
    expect(offered).toEqual([
      'Tiếp nhận hồ sơ (bắt đầu tính hạn)',
      'Bắt đầu kiểm tra tiếp nhận',
      'Từ chối tiếp nhận',
    ]);
    await expectNoSeriousA11yViolations(page);

    await perform(page, 'Tiếp nhận hồ sơ (bắt đầu tính hạn)');
    await state(page).getByText('Đã tiếp nhận').waitFor();
    await page
      .getByText(/Còn \d+ ngày làm việc|Sắp đến hạn|Đến hạn hôm nay/)
      .first()
      .waitFor();

    // A supplement needs a reason; with one, the clock pauses.
    await page.getByLabel('Chọn thao tác').selectOption({ label: 'Yêu cầu bổ sung hồ sơ' });
    await page.getByRole('button', { name: 'Yêu cầu bổ sung hồ sơ', exact: true }).click();
    await page.getByText('Cần nêu lý do (ít nhất 3 ký tự).').waitFor();
    await perform(page, 'Yêu cầu bổ sung hồ sơ', 'Thiếu bản sao hợp đồng mua bán nhà');
    await state(page).getByText('Yêu cầu bổ sung').waitFor();
    await page.getByText('Tạm dừng tính hạn').first().waitFor();
    await page.getByText(/Chờ bổ sung: .* → đang tạm dừng/).waitFor();
    await page.getByText('Đang chờ công dân bổ sung hồ sơ', { exact: false }).waitFor();
    await page.getByRole('cell', { name: 'Thiếu bản sao hợp đồng mua bán nhà' }).waitFor();
    await page.getByRole('cell', { name: 'Đã tiếp nhận → Yêu cầu bổ sung' }).waitFor();
    await expectNoSeriousA11yViolations(page);

    // The citizen supplies it; the clock runs again from where it stopped.
    await post(`/api/services/dossiers/mine/${code}/supplement`, { note: 'Đã bổ sung hợp đồng' });
    await page.reload();
    await state(page).getByText('Đã tiếp nhận').waitFor();
    await page.getByText(/Chờ bổ sung: .* → .*\(\d+ ngày theo lịch\)/).waitFor();
    await page.getByRole('cell', { name: 'Công dân đã bổ sung' }).waitFor();

    await page.getByLabel('Chọn thao tác').selectOption({ label: 'Phân công, chuyển bước xử lý' });
    await page.getByLabel('Bước xử lý (không bắt buộc)').fill('Thẩm định hồ sơ');
    await page.getByRole('button', { name: 'Phân công, chuyển bước xử lý', exact: true }).click();
    await state(page).getByText('Đang xử lý').waitFor();

    // A final decision asks for confirmation first.
    await perform(page, 'Phê duyệt');
    await page.getByRole('alertdialog').getByText('quyết định cuối cùng', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await state(page).getByText('Đã phê duyệt').waitFor();
    await page.getByText('Đã thực hiện "Phê duyệt". Trạng thái hiện tại: Đã phê duyệt.').waitFor();
    await expect.poll(() => history.count()).toBe(6);
    await expectNoSeriousA11yViolations(page);

    // The server refuses what the state no longer allows (here: issued meanwhile elsewhere).
    const csrf = (await page.context().cookies()).find((c) => c.name === 'sc_csrf')?.value ?? '';
    const issued = await page.request.post(`/api/services/cases/${code}/actions`, {
      headers: { 'x-csrf-token': csrf },
      data: { action: 'issue_result' },
    });
    expect(issued.status()).toBe(200);
    await perform(page, 'Trả kết quả (ký số)');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    const problem = page.getByRole('alert').filter({ hasText: 'Không thực hiện được thao tác' });
    await problem.getByText(/Không thể thực hiện "issue_result"/).waitFor();
    await state(page).getByText('Đã trả kết quả').waitFor();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/status of 409/);
    errors.length = 0;

    // The English screen.
    await page.evaluate("window.localStorage.setItem('sc.lang', 'en')");
    await page.reload();
    await page.getByRole('heading', { level: 1, name: `Dossier ${code}` }).waitFor();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await state(page).getByText('Result issued').waitFor();
    await nameRow.getByText('Government-verified', { exact: true }).waitFor();
    await nameRow.getByText('Locked', { exact: true }).waitFor();
    await page.getByRole('cell', { name: 'Received → Supplement requested' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await close();
    await citizen.close();
  });

  it('keeps the dossier from a case officer of another agency', async () => {
    expect(code).not.toBe('');
    const { page, context, errors } = await suite.page();
    await signInAsOfficial(page, 'hoso.soyte', '/console/ho-so');
    await page.getByRole('heading', { level: 1, name: 'Hồ sơ cần xử lý' }).waitFor();
    await page.getByText(/^\d+ hồ sơ$/).waitFor();
    expect(await page.getByRole('row', { name: new RegExp(code) }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page);

    await page.goto(`/console/ho-so/${code}`);
    const problem = page.getByRole('alert').filter({ hasText: 'Không có quyền' });
    await problem.getByText(/Cần vai trò .* của đơn vị so-xay-dung/).waitFor();
    expect(await page.getByRole('heading', { name: 'Lịch sử xử lý' }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page);
    await context.close();
    // The refused detail request is the expected 403; nothing else may have failed.
    expect(errors.filter((error) => !/status of 403/.test(error))).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);
  });
});
