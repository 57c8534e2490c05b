import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

/** The public pages of the sensor pilots and the outage notices, over the demo data, without signing in. */
describe('public city pages: air quality, floods, parking, outages', () => {
  const suite = useBrowserSuite();

  it('shows VN_AQI with advice, flood levels and car parks, each marked simulated, in both languages', async () => {
    const { page, close } = await suite.page();
    await page.goto('/khong-khi');
    await page.getByRole('heading', { level: 1, name: 'Chất lượng không khí' }).waitFor();
    await page.getByTestId('air-station').first().waitFor();
    expect(await page.getByTestId('air-station').count()).toBe(2);
    await expect.poll(() => page.getByTestId('simulated-notice').textContent()).toContain('Dữ liệu mô phỏng');
    expect(await page.getByTestId('aqi').first().textContent()).toMatch(/Chỉ số VN_AQI: \d+, mức /);
    expect(await page.getByText('Người nhạy cảm', { exact: false }).count()).toBe(2);
    await expectNoSeriousA11yViolations(page);

    await page.goto('/ngap-ung');
    await page.getByRole('heading', { level: 1, name: 'Mực nước ngập úng' }).waitFor();
    const floods = page.getByTestId('flood-table');
    await floods.waitFor();
    expect(await floods.getByRole('rowheader').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Phố Nguyễn Khuyến')]),
    );
    expect(await floods.getByText('Dữ liệu mô phỏng / Simulated data').count()).toBe(2);
    await expectNoSeriousA11yViolations(page);

    await page.goto('/bai-do-xe');
    const parking = page.getByTestId('parking-table');
    await parking.waitFor();
    expect(await parking.getByText(/\d+ \/ \d+ chỗ/).count()).toBe(2);
    // Filtering by ward: Hoàn Kiếm has one of the two car parks.
    await page.getByLabel('Phường, xã').selectOption({ label: 'Phường Hoàn Kiếm' });
    await expect.poll(() => parking.getByRole('rowheader').count()).toBe(1);
    await expectNoSeriousA11yViolations(page);

    await page.evaluate("window.localStorage.setItem('sc.lang', 'en')");
    await page.goto('/khong-khi');
    await page.getByRole('heading', { level: 1, name: 'Air quality' }).waitFor();
    await page.getByTestId('air-station').first().waitFor();
    expect(await page.getByText('Sensitive groups', { exact: false }).count()).toBe(2);
    expect(await page.title()).toMatch(/^Air quality — /);
    await close();
  });

  it('lists current and upcoming outages by ward, with the ward selector in the address', async () => {
    const { page, close } = await suite.page();
    await page.goto('/mat-dien-nuoc');
    await page.getByRole('heading', { level: 1, name: 'Lịch mất điện, mất nước' }).waitFor();
    await page.getByTestId('outage').first().waitFor();
    expect(await page.getByTestId('outage').count()).toBe(6);
    await expect.poll(() => page.getByTestId('simulated-notice').isVisible()).toBe(true);
    await page.getByLabel('Phường, xã').selectOption({ label: 'Phường Cầu Giấy' });
    await expect.poll(() => page.getByTestId('outage').count()).toBe(1);
    expect(page.url()).toContain('unitId=comm-00166');
    expect(await page.getByTestId('outage').textContent()).toContain('Mất điện – Phường Cầu Giấy');
    await page.getByLabel('Thời gian').selectOption({ label: 'Sắp diễn ra' });
    await page.getByText('Không có thông báo mất điện, nước nào khớp lựa chọn.').waitFor();
    await expectNoSeriousA11yViolations(page);
    await close();
  });
});
