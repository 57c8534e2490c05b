import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { signInAsCitizen, signInAsOfficial } from './support/sign-in.ts';
import { useBrowserSuite } from './support/suite.ts';

/**
 * Issue 5's whole journey in one browser run: step-up, consent, locked registry values and editable
 * values from an earlier dossier, submission, a supplement that pauses the legal clock (the server's
 * clock is moved forward through CLOCK_OFFSET_FILE while it waits), approval, the fee paid through the
 * simulated gateway, the signed result downloaded and verified, a tampered copy refused, and the
 * result pre-filling a later application.
 */
const FOOD_SAFETY = 'cap-giay-chung-nhan-atttp'; // Department of Health, level 2, fee 700,000 VND
const APPLY = `/dich-vu-cong/${FOOD_SAFETY}/nop`;
const WATER = 'cap-nuoc-sach-sinh-hoat'; // the earlier dossier, filed through the API
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const DAY = 86_400_000;

// biome-ignore lint/suspicious/noExplicitAny: the test reads whatever JSON the API answers.
type Json = any;

const clockDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-clock-'));
const clockFile = path.join(clockDir, 'offset');
afterAll(() => rm(clockDir, { recursive: true, force: true }));

async function post(page: Page, url: string, data: object): Promise<Json> {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'sc_csrf')?.value ?? '';
  const response = await page.request.post(url, { headers: { 'x-csrf-token': csrf }, data });
  const body = await response.json();
  expect(response.ok(), `${url}: ${JSON.stringify(body)}`).toBe(true);
  return body;
}

async function perform(page: Page, action: string, reason?: string) {
  await page.getByLabel('Chọn thao tác').selectOption({ label: action });
  if (reason !== undefined) await page.getByLabel(/^Lý do|^Ghi chú/).fill(reason);
  await page.getByRole('button', { name: action, exact: true }).click();
}

/**
 * The portal's 8-hour session has lapsed on the moved clock; the city's single sign-on still knows
 * the person (its session runs on real time), so signing in again returns without a form.
 */
async function signInAgain(page: Page, link: string, returnTo: string) {
  await page.goto(`/dang-nhap?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByRole('link', { name: link }).click();
  await page.waitForURL((url) => url.pathname === returnTo);
}

const dd = (page: Page, label: string) =>
  page.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');

describe('online public service, end to end', () => {
  const suite = useBrowserSuite({ env: { CLOCK_OFFSET_FILE: clockFile } });

  it('step-up → consent → pre-filled form → supplement → approval → fee → signed result → verify → once-only', async () => {
    // ——— An earlier dossier: the citizen typed a phone number and an e-mail address there. ———
    const earlier = await suite.page();
    const fullName = await signInAsCitizen(earlier.page, { returnTo: '/tai-khoan', level: 2 });
    const draft = await post(earlier.page, '/api/services/drafts', { procedureCode: WATER, fresh: true });
    const filled = await post(earlier.page, `/api/services/drafts/${draft.id}/consent`, { accept: true });
    await post(earlier.page, `/api/services/drafts/${draft.id}/submit`, {
      answers: {
        ...filled.answers,
        phone: '0987000111',
        email: 'truoc.day@example.vn',
        installAddress: { detail: '12 phố Tràng Tiền', communeCode: '00070', provinceCode: '01' },
        tenure: 'owner',
        householdSize: 3,
      },
      attachments: [{ key: 'houseProof', filename: 'so-do.pdf', contentBase64: PDF.toString('base64') }],
    });
    await earlier.close();

    // ——— Level 1 is not enough: the citizen steps up to level 2 and comes back. ———
    const citizen = await suite.page();
    const { page } = citizen;
    expect(await signInAsCitizen(page, { returnTo: APPLY, level: 1 })).toBe(fullName);
    await page.getByRole('heading', { name: 'Cần định danh điện tử mức 2' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('link', { name: 'Xác thực mức 2 với VNeID' }).click();
    // The city's sign-on says why, then hands over to VNeID at level 2.
    await page.getByRole('heading', { level: 1, name: 'Cần xác thực ở mức cao hơn' }).waitFor();
    await page.getByText('Bạn đang đăng nhập với: VNeID mức 1.', { exact: false }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('link', { name: 'Tiếp tục với VNeID' }).click();
    await page.waitForURL(/\/vneid-sim\//);
    await page.getByText('Dịch vụ yêu cầu định danh mức 2.').waitFor();
    await page.getByLabel('Tìm theo họ tên hoặc số định danh cá nhân').fill(fullName);
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.locator(`button[aria-label="Đăng nhập: ${fullName}, Mức 2"]`).first().click();
    await page.waitForURL((url) => url.pathname === APPLY);
    // The refused draft request at level 1 was the expected 403.
    expect(citizen.errors.every((error) => /403/.test(error))).toBe(true);
    citizen.errors.length = 0;

    // ——— Consent: each item with its source; accepted. ———
    await page.getByRole('heading', { name: 'Sử dụng dữ liệu sẵn có' }).waitFor();
    await page
      .getByRole('row', { name: /Họ, chữ đệm và tên/ })
      .getByText(/dân cư/i)
      .waitFor();
    await page
      .getByRole('row', { name: /Thư điện tử/ })
      .getByText(/Hồ sơ đã nộp trước đây/)
      .waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Đồng ý và điền sẵn' }).click();

    // Registry values locked and labelled; the earlier dossier's values editable and labelled.
    const name = page.locator('[data-field="fullName"]');
    await name.getByText('Đã khóa').waitFor();
    expect(await name.getByRole('textbox').first().inputValue()).toBe(fullName);
    expect(await name.getByRole('textbox').first().getAttribute('readonly')).not.toBeNull();
    await name.getByText(/Nguồn: .*dân cư/i).waitFor();
    const address = page.locator('[data-field="permanentAddress"]');
    await address.getByText('Đã khóa').waitFor();
    await address.getByText('Đã xác thực').waitFor();
    const email = page.locator('[data-field="email"]');
    await email.getByText('Tự khai').waitFor();
    await email.getByText(/Nguồn: Hồ sơ đã nộp trước đây/).waitFor();
    expect(await email.getByRole('textbox').inputValue()).toBe('truoc.day@example.vn');
    expect(await email.getByRole('textbox').getAttribute('readonly')).toBeNull();
    expect(await page.locator('[data-field="phone"]').getByRole('textbox').inputValue()).toBe('0987000111');
    await expectNoSeriousA11yViolations(page);

    // The rest by hand, two attachments, review, submit.
    await page.getByLabel(/^Tên cơ sở/).fill('Quán phở Hàng Trống');
    const premises = page.getByRole('group', { name: /Địa chỉ cơ sở/ });
    await premises.getByLabel('Số nhà, đường, tổ, thôn').fill('5 phố Hàng Trống');
    await premises.getByLabel('Mã phường, xã (5 chữ số)').fill('00070');
    await page.getByLabel(/^Mã số doanh nghiệp/).fill('0109876543');
    await page.getByLabel(/^Loại hình/).selectOption('catering');
    await page.getByLabel(/^Số suất ăn\/ngày/).fill('120');
    await page.getByLabel(/^Số người trực tiếp chế biến/).fill('4');
    for (const [label, file] of [
      [/^Bản thuyết minh cơ sở vật chất/, 'thuyet-minh.pdf'],
      [/^Giấy xác nhận đủ sức khỏe/, 'suc-khoe.pdf'],
    ] as const) {
      await page.getByLabel(label).setInputFiles({ name: file, mimeType: 'application/pdf', buffer: PDF });
      await page.getByText(`Đã tải lên: ${file}`).waitFor();
    }
    await page.getByRole('button', { name: 'Xem lại' }).click();
    await page.getByRole('heading', { name: 'Xem lại trước khi nộp' }).waitFor();
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await page.getByRole('heading', { name: 'Đã nộp hồ sơ' }).waitFor();
    const code = ((await page.getByTestId('dossier-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^SYT-\d{8}-\d{4}$/);
    const receipt = await page.request.get(`/api/services/dossiers/mine/${code}/receipt.pdf`);
    expect(receipt.status()).toBe(200);
    expect((await receipt.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // ——— The officer receives it (the clock starts) and asks for a supplement (it pauses). ———
    const officer = await suite.page();
    const desk = officer.page;
    await signInAsOfficial(desk, 'hoso.soyte', `/console/ho-so/${code}`);
    await desk.getByRole('heading', { level: 1, name: `Hồ sơ ${code}` }).waitFor();
    await desk.locator('[data-field="email"]').getByText('Tự khai').waitFor();
    await perform(desk, 'Tiếp nhận hồ sơ (bắt đầu tính hạn)');
    await desk.getByTestId('case-state').getByText('Đã tiếp nhận').waitFor();
    const dueBefore = ((await dd(desk, 'Hạn giải quyết').textContent()) ?? '').trim();
    expect(dueBefore).toMatch(/\d/);
    await perform(desk, 'Yêu cầu bổ sung hồ sơ', 'Thiếu giấy xác nhận tập huấn kiến thức ATTP');
    await desk.getByTestId('case-state').getByText('Yêu cầu bổ sung').waitFor();

    // A week passes on the server's clock while the citizen gathers the document; both sign in again.
    const week = 7 * DAY;
    await writeFile(clockFile, String(week));
    await signInAgain(page, 'Công dân — đăng nhập qua VNeID', `/ho-so-cua-toi/${code}`);
    const supplement = page.getByRole('region', { name: 'Cần bổ sung hồ sơ' });
    await supplement.getByText('Thiếu giấy xác nhận tập huấn kiến thức ATTP', { exact: false }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await supplement
      .getByLabel('Tệp bổ sung (PDF, PNG, JPEG)')
      .setInputFiles({ name: 'tap-huan.pdf', mimeType: 'application/pdf', buffer: PDF });
    await supplement.getByText('Đã tải lên: tap-huan.pdf').waitFor();
    await supplement.getByRole('button', { name: 'Gửi bổ sung' }).click();
    await page.getByRole('region', { name: 'Cần bổ sung hồ sơ' }).waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'Đã bổ sung' }).waitFor();

    // The due date moved by the paused working days.
    await signInAgain(desk, 'Cán bộ — tài khoản công vụ', `/console/ho-so/${code}`);
    await desk.getByTestId('case-state').getByText('Đã tiếp nhận').waitFor();
    const dueAfter = ((await dd(desk, 'Hạn giải quyết').textContent()) ?? '').trim();
    const toIso = (vn: string) => vn.split('/').reverse().join('-');
    expect(toIso(dueAfter) > toIso(dueBefore), `${dueBefore} → ${dueAfter}`).toBe(true);
    const detail = (await (await desk.request.get(`/api/services/cases/${code}`)).json()) as Json;
    expect(detail.pauses).toHaveLength(1);
    expect(detail.pauses[0].to).not.toBeNull();
    await desk.getByRole('link', { name: 'Tải về tap-huan.pdf' }).waitFor();

    // ——— Processing, approval, the fee, the signed result. ———
    await perform(desk, 'Phân công, chuyển bước xử lý');
    await desk.getByTestId('case-state').getByText('Đang xử lý').waitFor();
    await perform(desk, 'Phê duyệt');
    await desk.getByRole('button', { name: 'Xác nhận' }).click();
    await desk.getByTestId('case-state').getByText('Chờ nộp phí').waitFor();

    await page.reload();
    const payment = page.getByRole('region', { name: 'Nộp phí, lệ phí' });
    await payment.getByText('MÔ PHỎNG', { exact: true }).waitFor();
    await payment.getByText(/Số tiền: 700\.000 đồng/).waitFor();
    await payment.getByRole('img', { name: /Mã VietQR/ }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await payment.getByRole('button', { name: 'Thanh toán (mô phỏng)' }).click();
    await payment.waitFor({ state: 'detached' });

    await desk.reload();
    await desk.getByTestId('case-state').getByText('Đã phê duyệt').waitFor();
    await perform(desk, 'Trả kết quả (ký số)');
    await desk.getByRole('button', { name: 'Xác nhận' }).click();
    await desk.getByTestId('case-state').getByText('Đã trả kết quả').waitFor();
    await officer.close();

    // ——— The citizen downloads the signed result; /verify says valid; a tampered copy fails. ———
    await page.reload();
    const result = page.getByRole('region', { name: 'Kết quả giải quyết' });
    const href =
      (await result.getByRole('link', { name: 'Tải kết quả (PDF có chữ ký số)' }).getAttribute('href')) ?? '';
    const signed = Buffer.from(await (await page.request.get(href)).body());
    expect(signed.subarray(0, 5).toString()).toBe('%PDF-');
    await result.getByRole('link', { name: 'Kiểm tra tính hợp lệ' }).click();
    await page.waitForURL(/\/verify\//);
    await page.getByRole('region', { name: 'Thông tin kết quả' }).getByText('Còn hiệu lực').waitFor();
    const input = page.locator('input[type="file"]');
    await input.setInputFiles({ name: 'ket-qua.pdf', mimeType: 'application/pdf', buffer: signed });
    await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    await page.getByText('Tệp trùng khớp với bản đã cấp và chữ ký số hợp lệ.').waitFor();
    const tampered = Buffer.from(signed);
    const at = signed.indexOf('stream', 200) + 20;
    tampered[at] = tampered[at]! ^ 0x01;
    await input.setInputFiles({ name: 'ban-sua.pdf', mimeType: 'application/pdf', buffer: tampered });
    await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    await page.getByTestId('check-result').getByText('Tệp KHÔNG phải bản hợp lệ của kết quả này').waitFor();
    await expectNoSeriousA11yViolations(page);

    // ——— Once-only: a later application for a second premises starts from the issued result. ———
    await page.goto(APPLY);
    await page.getByRole('button', { name: 'Đồng ý và điền sẵn' }).click();
    const enterprise = page.locator('[data-field="enterpriseCode"]');
    await enterprise.getByText(/^Nguồn: kết quả do Sở Y tế cấp, cập nhật/).waitFor();
    await enterprise.getByText('Đã xác thực').waitFor();
    await enterprise.getByText('Đã khóa').waitFor();
    expect(await enterprise.getByRole('textbox').inputValue()).toBe('0109876543');
    expect(await enterprise.getByRole('textbox').getAttribute('readonly')).not.toBeNull();
    await expectNoSeriousA11yViolations(page);
    await citizen.close();
  });
});
