import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

/** Picks a ward in the pilots' ward select once the list has loaded. */
async function chooseWard(page: Page, name: string) {
  await page.locator('option', { hasText: name }).first().waitFor({ state: 'attached' });
  await page.getByLabel('Phường, xã', { exact: true }).selectOption({ label: name });
}

describe('registry pilots: a citizen on the public pages (demo data)', () => {
  const suite = useBrowserSuite();

  it('finds the schools that serve an address, with the enrolment procedure linked', async () => {
    const { page, close } = await suite.page();
    await page.goto('/truong-hoc');
    await page.getByRole('heading', { level: 1, name: 'Tra cứu trường theo địa bàn tuyển sinh' }).waitFor();
    expect(await page.title()).toBe('Tra cứu trường theo địa bàn tuyển sinh — Nền tảng số Hà Nội');
    // Nothing entered: the page says what it needs.
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByRole('alert').getByText('Hãy nhập địa chỉ hoặc chọn phường, xã.').waitFor();
    await page.getByLabel('Địa chỉ (số nhà, đường, phường, xã)').fill('12 Hàng Bạc, phường Hoàn Kiếm');
    await page.getByLabel('Cấp học').selectOption({ label: 'Tiểu học' });
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByRole('heading', { level: 2, name: 'Trường tuyển sinh tại Phường Hoàn Kiếm' }).waitFor();
    const schools = page.locator('[data-school]');
    await expect.poll(() => schools.count()).toBe(2);
    await page.locator('[data-school="demo-th-hoan-kiem-2"]').getByText('Chỉ phố Hàng Bạc').waitFor();
    // Every school shown is demo data and says so.
    expect(await page.locator('[data-school] [data-label="demo"]').count()).toBe(2);
    expect(await page.getByRole('link', { name: 'Đăng ký tuyển sinh trực tuyến' }).getAttribute('href')).toBe(
      '/dich-vu-cong/tuyen-sinh-lop-1',
    );
    await expectNoSeriousA11yViolations(page);
    await close();
  });

  it('searches food establishments without accents and opens a certificate page with its QR code', async () => {
    const { page, close } = await suite.page();
    await page.goto('/an-toan-thuc-pham');
    await page.getByRole('heading', { level: 1, name: 'Tra cứu an toàn thực phẩm' }).waitFor();
    await page.getByLabel('Tên hoặc địa chỉ cơ sở').fill('pho ganh hang bac');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByRole('status').getByText('1 kết quả').waitFor();
    const card = page.locator('[data-establishment="demo-pho-hang-bac"]');
    await card.getByText('Còn hiệu lực').waitFor();
    await card.locator('[data-label="demo"]').waitFor();
    await expectNoSeriousA11yViolations(page);
    await card.getByRole('link', { name: 'Xem giấy chứng nhận ATTP-HN-DEMO-0101' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm' })
      .waitFor();
    expect(page.url()).toMatch(/\/an-toan-thuc-pham\/ATTP-HN-DEMO-0101$/);
    await page.getByRole('cell', { name: 'Quán Phở Gánh Hàng Bạc' }).waitFor();
    const qr = page.getByRole('img', { name: /Mã QR in trên giấy chứng nhận/ });
    await qr.waitFor();
    await expect
      .poll(() => qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    await page.getByRole('table', { name: 'Các lần kiểm tra' }).getByText('Đạt').first().waitFor();
    await expectNoSeriousA11yViolations(page);
    // The address the QR code encodes opens the same page directly.
    await page.goto('/an-toan-thuc-pham/ATTP-HN-DEMO-0301');
    await page.getByText('Bị thu hồi').first().waitFor();
    await close();
  });

  it('filters vacancies by ward and skill, and shows benefit schedules and station load', async () => {
    const { page, close } = await suite.page();
    await page.goto('/viec-lam');
    await page.getByRole('heading', { level: 1, name: 'Việc làm đang tuyển' }).waitFor();
    await chooseWard(page, 'Phường Hoàn Kiếm');
    await page.locator('option', { hasText: 'Nhà hàng, khách sạn' }).waitFor({ state: 'attached' });
    await page.getByLabel('Nhóm kỹ năng').selectOption({ label: 'Nhà hàng, khách sạn' });
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByRole('status').getByText('2 kết quả').waitFor();
    await page.getByRole('heading', { level: 3, name: 'Phục vụ nhà hàng' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Lễ tân khách sạn (tiếng Anh)' }).waitFor();
    expect(await page.getByText(/^Hạn nộp hồ sơ: /).count()).toBe(2);
    await expectNoSeriousA11yViolations(page);

    await page.goto('/an-sinh-xa-hoi');
    await page.getByRole('heading', { level: 1, name: 'Lịch chi trả trợ cấp xã hội' }).waitFor();
    await chooseWard(page, 'Phường Hoàn Kiếm');
    // Hoàn Kiếm alone: one benefit has fewer than 5 beneficiaries, and it is not shown.
    const counts = page.getByRole('table', { name: /Số người hưởng theo phường/ });
    await expect.poll(() => counts.getByRole('cell', { name: 'Phường Hoàn Kiếm' }).count()).toBe(5);
    await expect.poll(() => counts.getByRole('row').count()).toBe(6);
    expect(await counts.getByRole('cell', { name: 'Dưới 5 (ẩn)' }).count()).toBe(1);
    await page
      .getByRole('table', { name: 'Lịch chi trả sắp tới' })
      .getByText('Phường Hoàn Kiếm')
      .first()
      .waitFor();
    await expectNoSeriousA11yViolations(page);

    await page.goto('/tram-y-te');
    await page.getByRole('heading', { level: 1, name: 'Mức tải trạm y tế phường, xã hôm nay' }).waitFor();
    await page.locator('[data-station="demo-tyt-cua-nam"]').getByText(/^Đông/).waitFor();
    await expectNoSeriousA11yViolations(page);
    await close();
  });
});
