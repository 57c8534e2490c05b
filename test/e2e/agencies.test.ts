import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const polygons = '.leaflet-overlay-pane path';

describe('agencies browser', () => {
  const suite = useBrowserSuite();

  it('draws the 126 wards and communes today, with the list and the attribution', async () => {
    const { page, close } = await suite.page();
    await page.goto('/co-quan');
    await expect.poll(() => page.locator(polygons).count(), { timeout: 20_000 }).toBe(126);
    // The city, its 15 departments and the 126 wards and communes.
    await expect.poll(() => page.getByTestId('unit-count').textContent()).toBe('Số đơn vị: 142');
    expect(await page.locator('.leaflet-control-attribution').textContent()).toContain('OpenStreetMap');
    expect(await page.locator(`${polygons} title`).first().textContent()).toMatch(/^(Phường|Xã) /);
    await expectNoSeriousA11yViolations(page);
    await close();
  });

  it('draws the 30 districts on 1 Jan 2024, credited to OCHA', async () => {
    const { page, close } = await suite.page();
    await page.goto('/co-quan?at=2024-01-01');
    await expect.poll(() => page.locator(polygons).count(), { timeout: 20_000 }).toBe(30);
    expect(await page.locator('.leaflet-control-attribution').textContent()).toContain('OCHA');
    await expectNoSeriousA11yViolations(page);
    await close();
  });

  it('searches without accents and opens a unit with its predecessors from the map', async () => {
    const { page, close } = await suite.page();
    await page.goto('/co-quan');
    await page.getByLabel('Tìm theo tên').fill('hoan kiem');
    await page.getByRole('button', { name: 'Áp dụng' }).click();
    await page.getByRole('link', { name: 'Phường Hoàn Kiếm' }).waitFor();
    await expect.poll(() => page.getByTestId('unit-count').textContent()).toBe('Số đơn vị: 1');

    await expect.poll(() => page.locator(polygons).count(), { timeout: 20_000 }).toBe(126);
    await page.locator('path[data-unit-id="comm-00070"]').dispatchEvent('click');
    await page.waitForURL(/\/co-quan\/comm-00070/);
    await page.getByRole('heading', { level: 1, name: 'Phường Hoàn Kiếm' }).waitFor();
    const predecessors = page.getByTestId('predecessors');
    await predecessors.getByRole('link', { name: 'Quận Hoàn Kiếm' }).waitFor();
    expect(await predecessors.textContent()).toContain('96%');
    expect(await page.title()).toBe('Phường Hoàn Kiếm — Nền tảng số Hà Nội');
    await expectNoSeriousA11yViolations(page);

    // The link leads to the former district, whose successors include the ward.
    await predecessors.getByRole('link', { name: 'Quận Hoàn Kiếm' }).click();
    await page.getByRole('heading', { level: 1, name: 'Quận Hoàn Kiếm' }).waitFor();
    await page.getByTestId('successors').getByRole('link', { name: 'Phường Hoàn Kiếm' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await close();
  });
});
