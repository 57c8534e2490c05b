import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

describe('portal pages', () => {
  const suite = useBrowserSuite();

  it('renders the home page in Vietnamese, with the demo banner and honest area states', async () => {
    const { page, close } = await suite.page();
    await page.goto('/');
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Nền tảng chuyển đổi số và đô thị thông minh Hà Nội');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await page.title()).toBe('Trang chủ — Nền tảng số Hà Nội');
    await page.getByText('Môi trường minh họa', { exact: false }).waitFor();
    // Three areas are not built yet and say so; plan monitoring, services, open data and agencies link.
    expect(await page.getByText('Đang xây dựng', { exact: true }).count()).toBe(3);
    await page.getByRole('link', { name: 'Mở phân hệ Dịch vụ công trực tuyến' }).waitFor();
    await page.getByRole('link', { name: 'Mở phân hệ Theo dõi thực hiện kế hoạch' }).waitFor();
    await page.getByRole('link', { name: 'Mở phân hệ Dữ liệu mở và danh mục CSDL' }).waitFor();
    await page.getByRole('link', { name: 'Mở phân hệ Cơ quan, đơn vị' }).waitFor();
    for (const landmark of ['banner', 'navigation', 'main', 'contentinfo']) {
      expect(await page.getByRole(landmark as 'main').count(), landmark).toBeGreaterThan(0);
    }
    await expectNoSeriousA11yViolations(page);
    await close();
  });

  it('switches to English and keeps English after a reload', async () => {
    const { page, close } = await suite.page();
    await page.goto('/');
    await page.getByRole('button', { name: 'EN — English' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe(
      'Hanoi digital-transformation and smart-city platform',
    );
    await page.reload();
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Hanoi digital-transformation and smart-city platform');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.title()).toBe('Home — Hanoi digital platform');
    expect(await page.getByRole('button', { name: 'EN — English' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await expectNoSeriousA11yViolations(page);
    await close();
  });

  it('offers citizen (VNeID) and official sign-in that return to the page asked for', async () => {
    const { page, close } = await suite.page();
    await page.goto('/dang-nhap?returnTo=%2Fco-quan');
    const citizen = page.getByRole('link', { name: 'Công dân — đăng nhập qua VNeID' });
    const official = page.getByRole('link', { name: 'Cán bộ — tài khoản công vụ' });
    expect(await citizen.getAttribute('href')).toBe('/auth/login?method=vneid&returnTo=%2Fco-quan');
    expect(await official.getAttribute('href')).toBe('/auth/login?method=official&returnTo=%2Fco-quan');
    expect(await page.title()).toBe('Đăng nhập — Nền tảng số Hà Nội');
    await expectNoSeriousA11yViolations(page);
    // Another origin is never a place to come back to.
    await page.goto('/dang-nhap?returnTo=%2F%2Fevil.example');
    expect(await citizen.getAttribute('href')).toBe('/auth/login?method=vneid&returnTo=%2F');
    await close();
  });

  it('tells signed-out visitors that the console and the account page need sign-in', async () => {
    const { page, close } = await suite.page();
    await page.goto('/console');
    await page.getByText('Chỉ dành cho cán bộ').waitFor();
    expect(
      await page.getByRole('link', { name: 'Đăng nhập bằng tài khoản công vụ' }).getAttribute('href'),
    ).toBe('/auth/login?method=official&returnTo=%2Fconsole');
    await expectNoSeriousA11yViolations(page);
    await page.goto('/tai-khoan');
    await page.getByText('Cần đăng nhập').waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.goto('/console/nhat-ky');
    await page.getByText('Chỉ dành cho cán bộ').waitFor();
    await close();
  });

  it('starts with a skip link that moves the keyboard to the main content', async () => {
    const { page, close } = await suite.page();
    await page.goto('/');
    await page.locator('h1').waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Bỏ qua, đến nội dung chính' });
    expect(await skip.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    // Off screen until focused, then visible at the top.
    expect((await skip.boundingBox())!.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate('document.activeElement && document.activeElement.id'))
      .toBe('main');
    await close();
  });

  it('explains a failed sign-in that came back with an error code, until dismissed', async () => {
    const { page, close } = await suite.page();
    await page.goto('/co-quan?authError=access_denied');
    const alert = page.getByRole('alert').filter({ hasText: 'Đăng nhập không thành công' });
    await alert.getByText('Việc đăng nhập đã bị hủy', { exact: false }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await alert.getByRole('button', { name: 'Đóng' }).click();
    await expect.poll(() => alert.count()).toBe(0);
    expect(new URL(page.url()).search).toBe('');
    await close();
  });

  it('answers an unknown page with a bilingual not-found page', async () => {
    const { page, close } = await suite.page();
    await page.goto('/khong-co-trang-nay');
    await page.getByRole('heading', { level: 1, name: 'Không tìm thấy trang' }).waitFor();
    expect(await page.title()).toBe('Không tìm thấy trang — Nền tảng số Hà Nội');
    await expectNoSeriousA11yViolations(page);
    await close();
  });
});
