import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { signInAsCitizen, signInAsOfficial } from './support/sign-in.ts';
import { useBrowserSuite } from './support/suite.ts';

const hanoiDate = (instant: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(instant);

/** The quarter that contains today in Hanoi: the demo seed keeps its reporting cycle open. */
function currentQuarter(now = new Date()): { id: string; vi: string } {
  const today = hanoiDate(now);
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  return { id: `${year}Q${quarter}`, vi: `Quý ${quarter}/${year}` };
}

/**
 * Reminders, from the plan module's daily job to the person and the city administrator. The demo's
 * open cycle falls due two weeks after its quarter, so the job would remind nobody today: the plan
 * owner first moves the due date to tomorrow (as in the console), then the operator runs the job
 * with `smartcity jobs run plan.reminders` — the server stopped meanwhile, as embedded mode needs.
 */
describe('notifications: the bell, the inbox and the e-mail outbox', () => {
  const suite = useBrowserSuite();
  const quarter = currentQuarter();
  const tomorrow = hanoiDate(new Date(Date.now() + 86_400_000));
  // As the reminder words them: "Quý 4/2026", "28/11/2026" / "Q4 2026", "28 Nov 2026".
  const [year, month, day] = tomorrow.split('-').map(Number) as [number, number, number];
  const monthEn = new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en', {
    month: 'short',
    timeZone: 'UTC',
  });
  const dueVi = `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
  const subjectVi = `Sắp đến hạn báo cáo ${quarter.vi} (hạn ${dueVi})`;
  const subjectEn = `Report for ${quarter.id.replace(/^(\d{4})Q(\d)$/, 'Q$2 $1')} due soon (${day} ${monthEn} ${year})`;
  let cycleId = '';

  it('shows no bell to visitors; a citizen with nothing has an empty inbox, and errors read as problems', async () => {
    const { page, errors, close } = await suite.page();
    await page.goto('/');
    await page.getByRole('link', { name: 'Đăng nhập', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: /^Thông báo/ }).count()).toBe(0);

    await signInAsCitizen(page, { returnTo: '/' });
    const bell = page.getByRole('link', { name: 'Thông báo (không có thông báo chưa đọc)' });
    await bell.click();
    await page.waitForURL((url) => url.pathname === '/thong-bao');
    await page.getByRole('heading', { level: 1, name: 'Thông báo của tôi' }).waitFor();
    expect(await page.title()).toBe('Thông báo — Nền tảng số Hà Nội');
    await page.getByTestId('inbox-empty').getByText('Bạn chưa có thông báo nào.').waitFor();
    await expectNoSeriousA11yViolations(page);

    // An answer the server refuses is said as its problem, in the current language; retry recovers.
    const expired = {
      type: 'about:blank',
      code: 'unauthenticated',
      status: 401,
      title: 'Sign-in required',
      detail: 'Your session has ended.',
      vi: { title: 'Cần đăng nhập', detail: 'Phiên đăng nhập đã kết thúc.' },
      en: { title: 'Sign-in required', detail: 'Your session has ended.' },
    };
    const inboxList = (url: URL) => url.pathname === '/api/notifications' && !url.searchParams.has('unread');
    await page.route(inboxList, (route) =>
      route.fulfill({ status: 401, contentType: 'application/problem+json', body: JSON.stringify(expired) }),
    );
    await page.reload();
    const alert = page.getByRole('alert');
    await alert.getByText('Phiên đăng nhập đã kết thúc.').waitFor();
    await alert.getByText('Cần đăng nhập').waitFor();
    await page.unroute(inboxList);
    await alert.getByRole('button', { name: 'Thử lại' }).click();
    await page.getByTestId('inbox-empty').waitFor();
    // The refused request is the one the browser logged; nothing else may have gone wrong.
    const refused = errors.filter((error) => error.includes('401'));
    expect(refused).toHaveLength(1);
    errors.splice(errors.indexOf(refused[0]!), 1);
    await close();
  });

  it('lets the plan owner move the open cycle’s due date to tomorrow, then the operator runs the reminders', async () => {
    const { page, close } = await suite.page();
    await signInAsOfficial(page, 'kehoach.sokhcn', '/ke-hoach/ky-bao-cao');
    await page.getByRole('link', { name: quarter.vi, exact: true }).click();
    await page.getByTestId('completion').waitFor();
    cycleId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByLabel('Hạn nộp').fill(tomorrow);
    await page.getByRole('button', { name: 'Lưu hạn nộp' }).click();
    await expect
      .poll(async () => (await (await page.request.get(`/api/plan/cycles/${cycleId}`)).json()).dueOn)
      .toBe(tomorrow);
    // The server is about to stop: the page goes first, so its polling logs no failed request.
    await close();

    const printed = await suite.runCommand(['jobs', 'run', 'plan.reminders']);
    expect(printed).toContain('plan.reminders');
  });

  it('brings the reporter the bilingual reminder: bell count, inbox, filter, and its link to the worklist', async () => {
    const { page, close } = await suite.page();
    await signInAsOfficial(page, 'baocao.soyte', '/console');
    const bell = page.getByRole('link', { name: 'Thông báo (1 chưa đọc)' });
    await bell.click();
    await page.getByRole('heading', { level: 1, name: 'Thông báo của tôi' }).waitFor();
    const item = page.getByTestId('inbox').getByRole('listitem');
    await expect.poll(() => item.count()).toBe(1);
    await item.getByRole('heading', { level: 2, name: subjectVi }).waitFor();
    await item.getByText(`Sở Y tế chưa nộp báo cáo ${quarter.vi}`, { exact: false }).waitFor();
    await item.getByText('Chưa đọc', { exact: true }).waitFor();
    await item.getByText(/^Nhận lúc /).waitFor();
    await expectNoSeriousA11yViolations(page);

    // English on request: the same notification, the bell's name too.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'My notifications' }).waitFor();
    await item.getByRole('heading', { level: 2, name: subjectEn }).waitFor();
    await item.getByText('Department of Health has not yet submitted', { exact: false }).waitFor();
    await page.getByRole('link', { name: 'Notifications (1 unread)' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();

    // Only unread: the filter lives in the address.
    await page.getByLabel('Chỉ thông báo chưa đọc').check();
    await page.waitForURL(/unread=true/);
    await item.getByRole('heading', { level: 2, name: subjectVi }).waitFor();

    // Following the link opens the agency's worklist and reads the notification.
    await item.getByRole('link', { name: `Mở trang liên quan: ${subjectVi}` }).click();
    await page.waitForURL((url) => url.pathname === `/console/bao-cao/${cycleId}/so-y-te`);
    await page.getByRole('heading', { level: 1, name: `Báo cáo ${quarter.vi} — Sở Y tế` }).waitFor();
    await page.getByRole('link', { name: 'Thông báo (không có thông báo chưa đọc)' }).waitFor();

    await page.goBack();
    await page.waitForURL(/\/thong-bao\?unread=true/);
    await page.getByTestId('inbox-empty').getByText('Không có thông báo chưa đọc.').waitFor();
    await page.getByLabel('Chỉ thông báo chưa đọc').uncheck();
    await item.getByText(/Đã đọc lúc /).waitFor();
    expect(await item.getByText('Chưa đọc', { exact: true }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page);

    // The outbox is the city administrator's: the console says so.
    await page.goto('/console/hop-thu-di');
    await page.getByText('Trang này cần một trong các vai trò:', { exact: false }).waitFor();
    const denied = await page.request.get('/api/outbox');
    expect(denied.status()).toBe(403);
    await close();
  });

  it('lets a reporter mark a reminder read without following it', async () => {
    const { page, close } = await suite.page();
    // The Department of Construction has not entered anything yet: its reporter is reminded too.
    await signInAsOfficial(page, 'baocao.soxd', '/thong-bao');
    await page.getByRole('link', { name: 'Thông báo (1 chưa đọc)' }).waitFor();
    const item = page.getByTestId('inbox').getByRole('listitem');
    await item.getByText('Sở Xây dựng chưa nộp', { exact: false }).waitFor();
    await item.getByRole('button', { name: `Đánh dấu đã đọc: ${subjectVi}` }).click();
    await page.getByText(`Đã đánh dấu là đã đọc: ${subjectVi}`).waitFor();
    await page.getByRole('link', { name: 'Thông báo (không có thông báo chưa đọc)' }).waitFor();
    await item.getByText(/Đã đọc lúc /).waitFor();
    expect(await item.getByRole('button', { name: /^Đánh dấu đã đọc/ }).count()).toBe(0);
    await close();
  });

  it('shows the city administrator the reminder e-mail in the outbox, kept locally without SMTP', async () => {
    const { page, close } = await suite.page();
    await signInAsOfficial(page, 'admin.hanoi', '/console');
    await page.getByRole('link', { name: 'Mở: Hộp thư đi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hộp thư đi (thư điện tử và SMS)' }).waitFor();
    const banner = page.getByTestId('smtp-banner');
    await banner.getByText('Chưa cấu hình SMTP: thư không được gửi đi').waitFor();
    expect(await banner.getAttribute('role')).toBe('note');

    const row = page
      .getByTestId('outbox')
      .getByRole('row')
      .filter({ hasText: 'baocao.soyte@demo.smartcity.example' });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('cell', { name: `${subjectVi} / ${subjectEn}` }).waitFor();
    // Each message says its channel; without a gateway, SMS is kept here too.
    await row.getByRole('cell', { name: 'Thư điện tử', exact: true }).waitFor();
    await page
      .getByTestId('sms-banner')
      .getByText('Chưa cấu hình cổng SMS: tin nhắn không được gửi đi')
      .waitFor();
    await row.locator('[data-status="local"]').getByText('Chưa gửi', { exact: true }).waitFor();
    await row.getByText('Chưa gửi: chưa cấu hình SMTP, thư chỉ được lưu tại đây.').waitFor();
    await row.getByText('Xem nội dung thư gửi baocao.soyte@demo.smartcity.example').click();
    const body = row.locator('details pre');
    await body.waitFor();
    expect(await body.textContent()).toContain(`Sở Y tế chưa nộp báo cáo ${quarter.vi}`);
    // A full address a mail client can open.
    expect(await body.textContent()).toMatch(new RegExp(`https?://[^/]+/console/bao-cao/${cycleId}/so-y-te`));
    await expectNoSeriousA11yViolations(page);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Outbox (e-mail and SMS)' }).waitFor();
    await banner.getByText('SMTP is not configured: mail is not sent').waitFor();
    await row.getByText('Not sent: SMTP is not configured, the mail is only kept here.').waitFor();
    await expectNoSeriousA11yViolations(page);
    await close();
  });
});
