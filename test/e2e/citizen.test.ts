import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { signInAsCitizen } from './support/sign-in.ts';
import { useBrowserSuite } from './support/suite.ts';

describe('a citizen signed in through the VNeID simulator', () => {
  const suite = useBrowserSuite();

  it('says VNeID is simulated, shows the synthetic registry record, steps up to level 2 and signs out', async () => {
    const { page, close } = await suite.page();
    await page.goto('/dang-nhap');
    await page.getByText('VNeID mô phỏng', { exact: true }).waitFor();
    await page.getByText('VNeID trong môi trường này là bản mô phỏng', { exact: false }).waitFor();

    const fullName = await signInAsCitizen(page, { returnTo: '/tai-khoan' });
    await page.getByRole('heading', { level: 2, name: fullName }).waitFor();
    await page.getByText('VNeID mức 1', { exact: true }).waitFor();
    await page.getByText('Dữ liệu dân cư mô phỏng', { exact: true }).waitFor();
    await page.getByText('Số định danh cá nhân', { exact: true }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Tài khoản' }).count()).toBe(1);
    await expectNoSeriousA11yViolations(page);

    // Step up: the same resident, now at level 2.
    await page.getByRole('link', { name: 'Nâng lên mức 2' }).click();
    await page.getByText('Dịch vụ này yêu cầu định danh điện tử VNeID mức 2.').waitFor();
    await page.getByRole('link', { name: 'Tiếp tục với VNeID' }).click();
    await page.waitForURL(/\/vneid-sim\//);
    await page.getByLabel('Tìm theo họ tên hoặc số định danh cá nhân').fill(fullName);
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.locator(`button[aria-label="Đăng nhập: ${fullName}, Mức 2"]`).first().click();
    await page.waitForURL((url) => url.pathname === '/tai-khoan');
    await page.getByText('VNeID mức 2', { exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Nâng lên mức 2' }).count()).toBe(0);

    // The console is for officials only.
    await page.goto('/console');
    await page.getByText('Chỉ dành cho cán bộ').waitFor();
    await expectNoSeriousA11yViolations(page);

    // Sign out, also from the city's single sign-on.
    await page.goto('/tai-khoan');
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/oidc\/session\/end/);
    await page.getByRole('button', { name: 'Đăng xuất khỏi mọi dịch vụ' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('link', { name: 'Đăng nhập' }).waitFor();
    await page.goto('/tai-khoan');
    await page.getByText('Cần đăng nhập').waitFor();
    await close();
  });
});
