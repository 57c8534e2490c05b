import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { signInAsOfficial } from './support/sign-in.ts';
import { useBrowserSuite } from './support/suite.ts';

describe('the console’s operations page', () => {
  const suite = useBrowserSuite();

  it('shows the city administrator readiness, traffic, ingestion, jobs and the database', async () => {
    const { page, close } = await suite.page();
    await signInAsOfficial(page, 'admin.hanoi', '/console/van-hanh');
    await page.getByRole('heading', { level: 1, name: 'Vận hành hệ thống' }).waitFor();

    // `smartcity start` runs the job queue and the embedded broker: each is a passing check.
    const readiness = page.getByRole('region', { name: 'Sẵn sàng phục vụ' });
    await readiness.getByText('Sẵn sàng', { exact: true }).waitFor();
    for (const check of ['Cơ sở dữ liệu', 'Cập nhật lược đồ (migration)', 'Bộ chạy tác vụ nền']) {
      const row = readiness.getByRole('row', { name: check });
      await row.getByText('Đạt', { exact: true }).waitFor();
    }
    await readiness
      .getByRole('row', { name: 'Kết nối MQTT của bộ thu nhận' })
      .getByText(/embedded broker on port \d+/)
      .waitFor();

    // Traffic is labelled by route pattern: the page's own API call is there.
    const http = page.getByRole('region', { name: 'Lưu lượng HTTP theo tuyến' });
    await http.getByRole('rowheader', { name: 'GET /api/session' }).waitFor();
    const jobs = page.getByRole('region', { name: 'Hàng đợi tác vụ nền' });
    await jobs.getByRole('rowheader', { name: 'urban.partitions' }).waitFor();
    await page
      .getByRole('region', { name: 'Thu nhận dữ liệu cảm biến (MQTT)' })
      .getByText('Số đo đã ghi')
      .waitFor();
    await page
      .getByRole('region', { name: 'Kết nối cơ sở dữ liệu' })
      .getByText('Chế độ nhúng dùng một phiên PGlite duy nhất, không có nhóm kết nối.')
      .waitFor();
    await page.getByText('Nhúng (PGlite)').waitFor();
    await expectNoSeriousA11yViolations(page);

    // English second.
    await page.getByRole('button', { name: 'EN — English' }).click();
    await page.getByRole('heading', { level: 1, name: 'System operations' }).waitFor();
    await page.getByRole('region', { name: 'Readiness' }).getByRole('row', { name: 'Job runner' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await close();
  });

  it('refuses an official who is not the city administrator, on the page and in the API', async () => {
    const { page, close } = await suite.page();
    await signInAsOfficial(page, 'baocao.soyte', '/console/van-hanh');
    await page.getByRole('heading', { level: 1, name: 'Vận hành hệ thống' }).waitFor();
    await page.getByText('Không có quyền', { exact: true }).waitFor();
    expect(await page.getByRole('region', { name: 'Sẵn sàng phục vụ' }).count()).toBe(0);
    // The same session's cookies, outside the page (a refused fetch would log a console error).
    const refused = await page.context().request.get(`${suite.url}/api/platform/operations`);
    expect(refused.status()).toBe(403);
    expect((await refused.json()).code).toBe('forbidden');
    await expectNoSeriousA11yViolations(page);
    await close();
  });
});
