import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { signInAsOfficial } from './support/sign-in.ts';
import { useBrowserSuite } from './support/suite.ts';

/** The quarter that contains today in Hanoi: the demo seed keeps its reporting cycle open. */
function currentQuarter(now = new Date()): { id: string; vi: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now);
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  return { id: `${year}Q${quarter}`, vi: `Quý ${quarter}/${year}` };
}

/** The quarter after `id`, with a due date two weeks after its end. */
function nextQuarter(id: string): { id: string; vi: string; due: string } {
  const year = Number(id.slice(0, 4));
  const quarter = Number(id.slice(5));
  const [y, q] = quarter === 4 ? [year + 1, 1] : [year, quarter + 1];
  const end = new Date(Date.UTC(y, q * 3, 1));
  end.setUTCDate(end.getUTCDate() + 14);
  return { id: `${y}Q${q}`, vi: `Quý ${q}/${y}`, due: end.toISOString().slice(0, 10) };
}

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

/** The target page's status line and forecast sentence, as a reader sees them. */
async function targetReading(page: Page, code: string, period: string) {
  await page.goto(`/ke-hoach/chi-tieu/${code}?period=${period}`);
  const status = page.getByTestId('target-status');
  await status.waitFor();
  return {
    status: await status.textContent(),
    forecast: await page.getByTestId('forecast').textContent(),
  };
}

type TargetFacts = {
  unit: string;
  direction: 'at_least' | 'at_most';
  status: string;
  milestones: { year: number; value: number | null }[];
};

/** A value whose approval must change the target's status: its milestone, or far from it if already met. */
function approvedValue(target: TargetFacts): number {
  const milestone = target.milestones.find((entry) => entry.value !== null)?.value ?? 50;
  if (target.status !== 'achieved') return milestone;
  return target.direction === 'at_least' ? Math.round(milestone / 4) : milestone * 4;
}

/** How the page writes a value ("90 %"), and how a reporter types it ("90,5"). */
const shown = (value: number, unit: string) => {
  const number = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(value);
  return unit === '%' ? `${number} %` : `${number} ${unit}`;
};
const typed = (value: number) => String(value).replace('.', ',');

/** One target's section on the worklist page. */
const targetEntry = (page: Page, code: string) => page.locator(`section[data-target="${code}"]`);
const taskEntry = (page: Page, code: string) => page.locator(`section[data-task="${code}"]`);

async function openSoYteWorklist(page: Page) {
  await page.getByRole('link', { name: 'Mở báo cáo của Sở Y tế' }).click();
  await page.getByRole('heading', { level: 1, name: /^Báo cáo Quý \d\/\d{4} — Sở Y tế$/ }).waitFor();
}

async function stateIs(page: Page, label: string) {
  await page.getByTestId('submission-state').getByText(label, { exact: true }).waitFor();
}

describe('plan monitoring (Plan 239)', () => {
  const suite = useBrowserSuite();
  const quarter = currentQuarter();
  const next = nextQuarter(quarter.id);

  it('shows the public performance page without sign-in: status, confidence, data labels and a CSV per target, in both languages', async () => {
    const { page, close } = await suite.page();
    await page.goto('/');
    await page.getByRole('link', { name: 'Mở phân hệ Theo dõi thực hiện kế hoạch' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kết quả thực hiện Kế hoạch 239/KH-UBND' }).waitFor();
    expect(await page.title()).toBe('Kết quả thực hiện Kế hoạch 239 — Nền tảng số Hà Nội');

    // Every target row carries a confidence badge and a status; a placeholder never reads as official.
    const g05 = page.locator('tr[data-target="G05"]');
    await g05.waitFor();
    // Without a chosen period the page shows the latest one with approved figures, and says so.
    const picker = page.getByRole('combobox', { name: 'Kỳ đánh giá' });
    expect(await picker.locator('option[value=""]').textContent()).toMatch(
      /^Mặc định: Quý \d\/\d{4} \(kỳ gần nhất có số liệu đã duyệt\)$/,
    );
    const answer = await page.request.get('/api/plan/public/plans/kh-239-2023/performance');
    expect(answer.headers()['cache-control']).toBe('no-cache');
    const unchanged = await page.request.get('/api/plan/public/plans/kh-239-2023/performance', {
      headers: { 'if-none-match': answer.headers().etag! },
    });
    expect(unchanged.status()).toBe(304);
    const rows = page.locator('tr[data-target]');
    const count = await rows.count();
    expect(count).toBeGreaterThan(20);
    expect(await page.locator('tr[data-target] [data-confidence]').count()).toBe(count);
    expect(await page.locator('tr[data-target] [data-status]').count()).toBe(count);
    await page.locator('tr[data-target] [data-confidence="national_proxy"]').first().waitFor();
    // A milestone nobody knows says so; example values say they are examples.
    await page.getByText('Chưa có giá trị mục tiêu').first().waitFor();
    await page.locator('[data-label="example"]').first().waitFor();
    // G05 is measured by the platform: it says so, with the source and when it ran.
    await g05.getByText('Đo tự động bởi nền tảng').waitFor();
    await g05.getByText('identity.citizens_unified_sign_in_share', { exact: true }).waitFor();

    // The chart is drawn (ECharts, SVG, under the strict CSP) and described in words.
    await page.locator('[role="img"][aria-label^="Biểu đồ số chỉ tiêu theo tình trạng"] svg').waitFor();
    await expectNoSeriousA11yViolations(page);

    // Each target's data downloads as CSV.
    const csvLink = page.getByRole('link', { name: 'Tải dữ liệu CSV của chỉ tiêu G04' });
    const csv = await page.request.get((await csvLink.getAttribute('href'))!);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('G04');

    // English on request.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Performance of Plan 239/KH-UBND' }).waitFor();
    await page.getByText('No target value known').first().waitFor();
    await page.locator('[data-label="example"]', { hasText: 'Example' }).first().waitFor();
    await expectNoSeriousA11yViolations(page);
    await close();
  });

  it('takes a quarter’s report from entry through return and approval to the public page', async () => {
    const reporter = await suite.page();
    const reviewer = await suite.page();

    // The agency reporter of the Department of Health opens the quarter's worklist.
    await signInAsOfficial(reporter.page, 'baocao.soyte', '/console/bao-cao');
    await reporter.page
      .getByRole('heading', { level: 1, name: 'Báo cáo và phê duyệt Kế hoạch 239' })
      .waitFor();
    await reporter.page.getByRole('link', { name: 'Mở báo cáo của Sở Y tế' }).waitFor();
    await expectNoSeriousA11yViolations(reporter.page);
    await openSoYteWorklist(reporter.page);
    await stateIs(reporter.page, 'Đang soạn');
    const worklistUrl = reporter.page.url();
    const code = (await reporter.page.locator('section[data-target]').first().getAttribute('data-target'))!;

    // Before: the target's status and forecast, and the public page. The value to be approved is
    // one that must change the status: the milestone itself, or far below it if already achieved.
    const before = await targetReading(reporter.page, code, quarter.id);
    // Only plan owners may edit a target: the server says so (`canEdit`), and the page offers no edit.
    expect(await reporter.page.getByRole('link', { name: 'Chỉnh sửa chỉ tiêu' }).count()).toBe(0);
    const target = (await (
      await reporter.page.request.get(`/api/plan/plans/kh-239-2023/targets/${code}?period=${quarter.id}`)
    ).json()) as TargetFacts;
    const final = approvedValue(target);
    const finalText = shown(final, target.unit);
    const visitor = await suite.page();
    await visitor.page.goto(`/ke-hoach?period=${quarter.id}`);
    await visitor.page.locator(`tr[data-target="${code}"]`).waitFor();
    expect(
      await visitor.page.locator(`tr[data-target="${code}"] [data-testid="latest"]`).textContent(),
    ).not.toContain(finalText);
    await visitor.close();

    // The quarter's value with a comment and an evidence file.
    await reporter.page.goto(worklistUrl);
    const entry = targetEntry(reporter.page, code);
    await entry.getByLabel(`Giá trị ${code}`).fill(typed(final > 1 ? final - 1 : final + 1));
    await entry.getByLabel(`Giải trình cho ${code}`).fill('Số liệu tổng hợp từ các bệnh viện công lập.');
    await entry.getByRole('button', { name: `Lưu số liệu ${code}` }).click();
    await entry.getByText('Đã lưu.').waitFor();
    await entry.getByLabel(`Tệp minh chứng cho ${code}`).setInputFiles({
      name: 'bien-ban-so-lieu.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await entry.getByRole('button', { name: 'Tải lên' }).click();
    await entry.getByRole('link', { name: 'bien-ban-so-lieu.pdf' }).waitFor();

    // The task report with its own evidence file.
    const task = taskEntry(reporter.page, 'VD-17');
    await task.getByLabel('Kết quả thực hiện VD-17 trong kỳ').fill('Đã kết nối thêm 12 bệnh viện công lập.');
    await task.getByLabel('Tiến độ VD-17').fill('80');
    await task.getByRole('button', { name: 'Lưu báo cáo VD-17' }).click();
    await task.getByText('Đã lưu.').waitFor();
    await task.getByLabel('Tệp minh chứng cho VD-17').setInputFiles({
      name: 'tien-do-vd17.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await task.getByRole('button', { name: 'Tải lên' }).click();
    await task.getByRole('link', { name: 'tien-do-vd17.pdf' }).waitFor();
    await expectNoSeriousA11yViolations(reporter.page);

    await reporter.page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await stateIs(reporter.page, 'Đã gửi, chờ duyệt');
    expect(await entry.getByRole('button', { name: `Lưu số liệu ${code}` }).count()).toBe(0);

    // The reviewer sees the evidence and returns the report with a reason.
    await signInAsOfficial(reviewer.page, 'duyet.soyte', '/console/bao-cao');
    await openSoYteWorklist(reviewer.page);
    await stateIs(reviewer.page, 'Đã gửi, chờ duyệt');
    await targetEntry(reviewer.page, code).getByRole('link', { name: 'bien-ban-so-lieu.pdf' }).waitFor();
    for (const link of [
      targetEntry(reviewer.page, code).getByRole('link', { name: 'bien-ban-so-lieu.pdf' }),
      taskEntry(reviewer.page, 'VD-17').getByRole('link', { name: 'tien-do-vd17.pdf' }),
    ]) {
      const href = (await link.getAttribute('href'))!;
      expect(href).toMatch(/^\/api\/plan\/evidence\/[0-9a-f-]{36}$/);
      const file = await reviewer.page.request.get(href);
      expect(file.status()).toBe(200);
      expect(file.headers()['content-type']).toContain('application/pdf');
    }
    await expectNoSeriousA11yViolations(reviewer.page);
    const reason = `Số liệu ${code} chưa gồm các bệnh viện tư nhân; đề nghị bổ sung.`;
    await reviewer.page.getByLabel('Lý do trả lại').fill(reason);
    await reviewer.page.getByRole('button', { name: 'Trả lại' }).click();
    await stateIs(reviewer.page, 'Bị trả lại');

    // The reporter reads the reason, fixes the value and submits again.
    await reporter.page.reload();
    await reporter.page.getByTestId('return-reason').getByText(reason).waitFor();
    await stateIs(reporter.page, 'Bị trả lại');
    await entry.getByLabel(`Giá trị ${code}`).fill(typed(final));
    await entry.getByRole('button', { name: `Lưu số liệu ${code}` }).click();
    await entry.getByText('Đã lưu.').waitFor();
    await reporter.page.getByRole('button', { name: 'Gửi lại báo cáo' }).click();
    await stateIs(reporter.page, 'Đã gửi, chờ duyệt');

    // The reviewer approves; the period is locked.
    await reviewer.page.reload();
    await stateIs(reviewer.page, 'Đã gửi, chờ duyệt');
    await reviewer.page.getByRole('button', { name: 'Phê duyệt' }).click();
    await stateIs(reviewer.page, 'Đã phê duyệt');
    await reviewer.page.getByText('Báo cáo đã được phê duyệt và khóa').waitFor();

    // A further edit is refused: the page offers none, and the API answers 409 in Vietnamese.
    await reporter.page.reload();
    await stateIs(reporter.page, 'Đã phê duyệt');
    expect(await reporter.page.getByRole('button', { name: `Lưu số liệu ${code}` }).count()).toBe(0);
    expect(await reporter.page.getByRole('button', { name: 'Lưu báo cáo VD-17' }).count()).toBe(0);
    const cycleId = new URL(reporter.page.url()).pathname.split('/')[3]!;
    const csrf = (await reporter.context.cookies()).find((cookie) => cookie.name === 'sc_csrf')?.value ?? '';
    const refused = await reporter.page.request.put(
      `/api/plan/cycles/${cycleId}/agencies/so-y-te/values/${code}`,
      {
        headers: { 'x-csrf-token': csrf },
        data: { value: final + 2 },
      },
    );
    expect(refused.status()).toBe(409);
    expect((await refused.json()).vi.detail).toContain('Kỳ báo cáo đã được phê duyệt và khóa');

    // The target's status and forecast follow the approved value, shown with provenance and evidence.
    const after = await targetReading(reporter.page, code, quarter.id);
    expect(after.status).not.toBe(before.status);
    expect(after.forecast).not.toBe(before.forecast);
    const row = reporter.page
      .getByTestId('observations')
      .locator('tr', { hasText: quarter.vi })
      .filter({ hasText: 'Sở Y tế' });
    await row.getByText(finalText, { exact: true }).waitFor();
    await row.getByText('Nhập tay bởi Hoàng Thị Mai').waitFor();
    await row.getByRole('link', { name: 'bien-ban-so-lieu.pdf' }).waitFor();
    await reporter.page.locator(`[role="img"][aria-label^="Biểu đồ chỉ tiêu ${code}"] svg`).waitFor();
    await expectNoSeriousA11yViolations(reporter.page);

    // The public page, without sign-in, shows the new value at once (its answer is revalidated on
    // every visit), and its default period is now this quarter: the latest with approved figures.
    const citizen = await suite.page();
    await citizen.page.goto('/ke-hoach');
    await citizen.page
      .locator(`tr[data-target="${code}"] [data-testid="latest"]`)
      .getByText(finalText, { exact: true })
      .waitFor();
    expect(
      await citizen.page
        .getByRole('combobox', { name: 'Kỳ đánh giá' })
        .locator('option[value=""]')
        .textContent(),
    ).toBe(`Mặc định: ${quarter.vi} (kỳ gần nhất có số liệu đã duyệt)`);
    await expectNoSeriousA11yViolations(citizen.page);

    await reporter.close();
    await reviewer.close();
    await citizen.close();
  });

  it('gives officials the overview, task board, task, agency and completion pages, and the plan owner edits, overrides, reopens and opens cycles', async () => {
    const { page, close } = await suite.page();
    await signInAsOfficial(page, 'kehoach.sokhcn', '/console');
    await page.getByRole('heading', { level: 2, name: 'Báo cáo kế hoạch', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Mở: Theo dõi Kế hoạch 239' }).click();

    // Overview: status by pillar, as a chart and a table; every target with its confidence.
    await page.getByRole('heading', { level: 1, name: 'Tổng quan thực hiện Kế hoạch 239' }).waitFor();
    await page.getByTestId('pillar-table').waitFor();
    await page.locator('[role="img"] svg').first().waitFor();
    expect(await page.locator('tr[data-target] [data-confidence]').count()).toBe(
      await page.locator('tr[data-target]').count(),
    );
    await expectNoSeriousA11yViolations(page);

    // Task board: overdue tasks of units that no longer exist show their successors.
    await page.goto('/ke-hoach/nhiem-vu');
    await page.getByRole('heading', { level: 1, name: 'Bảng nhiệm vụ Kế hoạch 239' }).waitFor();
    await page.getByLabel('Chỉ nhiệm vụ quá hạn').check();
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/overdue=true/);
    const tasks = page.getByTestId('tasks');
    await tasks.locator('tr[data-task="VD-11"]').waitFor();
    // Only overdue tasks remain once the filtered list has replaced the previous one.
    await expect
      .poll(() => tasks.locator('tbody tr').filter({ hasNotText: 'Quá hạn' }).count(), { timeout: 15_000 })
      .toBe(0);
    await tasks.locator('tr[data-task="VD-11"] [data-testid="successors"]').waitFor();
    await tasks.locator('tr[data-task="VD-11"]').getByText('[Ví dụ]', { exact: false }).waitFor();
    await expectNoSeriousA11yViolations(page);

    // A task: its agencies (the ended district with its successors), reports and linked targets.
    await tasks
      .locator('tr[data-task="VD-11"]')
      .getByRole('link', { name: /^\[Ví dụ\]/ })
      .click();
    await page.getByRole('heading', { level: 1, name: /^VD-11 — \[Ví dụ\]/ }).waitFor();
    await page.getByTestId('successors').first().waitFor();
    await page.locator('[data-confidence]').first().waitFor();
    await expectNoSeriousA11yViolations(page);

    // The reporting home: every agency of the open quarter, the owner's own one as reporter too.
    await page.goto('/console/bao-cao');
    const work = page.getByTestId(`work-${quarter.id}`);
    await work.locator('tr[data-agency="so-kh-cn"]').getByText('Báo cáo, Chủ trì kế hoạch').waitFor();
    await work.locator('tr[data-agency="so-y-te"]').getByText('Chủ trì kế hoạch', { exact: true }).waitFor();
    await expectNoSeriousA11yViolations(page);

    // The agency page of the department: its targets with their confidence, worded by the server.
    await page.goto('/ke-hoach/co-quan/so-kh-cn');
    await page.getByRole('heading', { level: 2, name: 'Chỉ tiêu do cơ quan chủ trì' }).waitFor();
    await page
      .locator('[data-confidence="seed"]', { hasText: 'Nêu trong bản tóm tắt Kế hoạch' })
      .first()
      .waitFor();

    // The agency page of a ward: its obligations, completion and tasks.
    await page.goto('/ke-hoach/co-quan/comm-00070');
    await page.getByRole('heading', { level: 1, name: /^Thực hiện kế hoạch — / }).waitFor();
    await page.getByTestId('agency-completion').waitFor();
    await page.getByTestId('agency-cycles').waitFor();
    await expectNoSeriousA11yViolations(page);

    // Cycle completion: each agency's state for the open quarter.
    await page.goto('/ke-hoach/ky-bao-cao');
    await page.getByTestId('cycles').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Mở kỳ báo cáo mới' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('link', { name: quarter.vi, exact: true }).click();
    await page.getByTestId('completion').waitFor();
    await page
      .getByTestId('completion')
      .locator('tr[data-agency="so-y-te"]')
      .getByText('Đã phê duyệt')
      .waitFor();
    await expectNoSeriousA11yViolations(page);

    // The plan owner reopens the department's approved report, with a reason.
    await page
      .getByTestId('completion')
      .locator('tr[data-agency="so-y-te"]')
      .getByRole('link', { name: 'Mở báo cáo' })
      .click();
    await stateIs(page, 'Đã phê duyệt');
    await page.getByLabel('Lý do mở lại').fill('Cần bổ sung số liệu của bệnh viện tư nhân.');
    await page.getByRole('button', { name: 'Mở lại báo cáo' }).click();
    await stateIs(page, 'Đang soạn');
    await expectNoSeriousA11yViolations(page);

    // …and opens the next quarter's cycle, its obligations drawn from the lead agencies.
    await page.goto('/ke-hoach/ky-bao-cao');
    await page.getByRole('textbox', { name: 'Kỳ' }).fill(next.id);
    await page.getByLabel('Hạn nộp').fill(next.due);
    await page.getByRole('button', { name: 'Mở kỳ báo cáo' }).click();
    await page.getByText(`Đã mở kỳ báo cáo ${next.vi}.`).waitFor();
    await page.getByTestId('cycles').getByRole('link', { name: next.vi, exact: true }).waitFor();
    await expectNoSeriousA11yViolations(page);

    // The plan owner confirms a target's value as official and overrides a status with a note.
    await page.goto('/ke-hoach/chi-tieu/G04');
    await page.getByRole('link', { name: 'Chỉnh sửa chỉ tiêu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Chỉnh sửa chỉ tiêu G04' }).waitFor();
    await page.getByRole('combobox', { name: 'Độ tin cậy' }).selectOption('official');
    await page.getByLabel('Lý do thay đổi').fill('Đối chiếu với văn bản Kế hoạch 239.');
    await page.getByRole('button', { name: 'Lưu chỉ tiêu' }).click();
    await page.getByText('Đã lưu chỉ tiêu.').waitFor();
    await page.locator('[data-confidence="official"]').first().waitFor();
    await page.getByRole('combobox', { name: 'Tình trạng' }).selectOption('at_risk');
    await page.getByLabel('Ghi chú (bắt buộc)').fill('Một số sở chưa hoàn thành kết nối dữ liệu.');
    await page.getByRole('button', { name: 'Lưu điều chỉnh' }).click();
    await page.getByText('Đã lưu điều chỉnh tình trạng.').waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.goto('/ke-hoach/chi-tieu/G04');
    await page
      .getByTestId('overrides')
      .getByText('Một số sở chưa hoàn thành kết nối dữ liệu.', { exact: false })
      .waitFor();
    await page.locator('[data-confidence="official"]').first().waitFor();

    // The same page in English: the confidence badge, the status and the chart.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Official (confirmed)').first().waitFor();
    await page.getByRole('heading', { level: 2, name: 'Series, expected path and forecast' }).waitFor();
    await page.locator('[role="img"][aria-label^="Chart of target G04"] svg').waitFor();
    await expectNoSeriousA11yViolations(page);
    await close();
  });
});
