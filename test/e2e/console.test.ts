import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { signInAsOfficial } from './support/sign-in.ts';
import { useBrowserSuite } from './support/suite.ts';

describe('the officials’ console', () => {
  const suite = useBrowserSuite();

  it('lets the city administrator manage client applications and roles, and find it all in the audit log', async () => {
    const { page, close } = await suite.page();
    await signInAsOfficial(page, 'admin.hanoi', '/console');
    await page.getByRole('heading', { level: 1, name: 'Bảng điều khiển cán bộ' }).waitFor();
    for (const card of ['Nhật ký kiểm toán', 'Ứng dụng kết nối', 'Cán bộ của cơ quan', 'Cơ quan, đơn vị']) {
      await page.getByRole('heading', { level: 2, name: card }).waitFor();
    }
    await expectNoSeriousA11yViolations(page);

    // Client applications: the portal is built in; a new one shows its secret once, then goes.
    await page.getByRole('link', { name: 'Mở: Ứng dụng kết nối' }).click();
    const clients = page.getByTestId('clients-table');
    await clients.getByText('city-portal', { exact: true }).waitFor();
    await page.getByLabel('Tên ứng dụng').fill('Cổng thử nghiệm E2E');
    await page
      .getByLabel('Địa chỉ chuyển hướng sau đăng nhập', { exact: false })
      .first()
      .fill('https://dvc.example.vn/callback');
    await page.getByRole('button', { name: 'Đăng ký ứng dụng' }).click();
    expect(await page.getByTestId('client-secret').textContent()).toMatch(/^\S{20,}$/);
    await clients.getByRole('cell', { name: 'Cổng thử nghiệm E2E', exact: true }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Xóa ứng dụng Cổng thử nghiệm E2E' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Xóa', exact: true }).click();
    await page.getByText('Đã xóa ứng dụng Cổng thử nghiệm E2E.').waitFor();
    expect(await clients.getByRole('cell', { name: 'Cổng thử nghiệm E2E', exact: true }).count()).toBe(0);

    // Officials of the Department of Health: grant a role, then revoke it.
    await page.goto('/console/co-quan/so-y-te/can-bo');
    await page.getByRole('heading', { level: 1, name: 'Cán bộ của Sở Y tế' }).waitFor();
    const officials = page.getByTestId('officials-table');
    await officials.getByText('Đặng Văn Hùng').waitFor();
    await page
      .getByRole('combobox', { name: 'Cán bộ', exact: true })
      .selectOption({ label: 'Hoàng Thị Mai' });
    await page.getByRole('combobox', { name: 'Vai trò' }).selectOption('data_steward');
    await page.getByRole('button', { name: 'Giao vai trò' }).click();
    const revoke = page.getByRole('button', {
      name: 'Thu hồi vai trò Cán bộ quản lý dữ liệu của Hoàng Thị Mai',
    });
    await revoke.waitFor();
    await expectNoSeriousA11yViolations(page);
    await revoke.click();
    await page.getByText('Đã thu hồi vai trò Cán bộ quản lý dữ liệu của Hoàng Thị Mai.').waitFor();
    expect(await revoke.count()).toBe(0);

    // The audit log has both, exports them, and its chain verifies.
    await page.goto('/console/nhat-ky');
    await page.getByLabel('Thao tác (tiền tố)').fill('org.membership');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.waitForURL(/action=org\.membership/);
    const table = page.getByTestId('audit-table');
    await table.getByText('org.membership.revoke').waitFor();
    await table.getByText('org.membership.grant').waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    const csvHref = await page.getByRole('link', { name: 'Xuất CSV' }).getAttribute('href');
    expect(csvHref).toBe('/api/audit/export.csv?action=org.membership');
    const csv = await page.request.get(csvHref!);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('org.membership.grant');
    await page.getByRole('button', { name: 'Kiểm tra chuỗi băm' }).click();
    expect(await page.getByTestId('audit-verify-result').textContent()).toMatch(
      /^Chuỗi nhật ký toàn vẹn: \d+ mục/,
    );
    await expectNoSeriousA11yViolations(page);

    await page.goto('/tai-khoan');
    await page.getByRole('cell', { name: 'Quản trị hệ thống thành phố' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await close();
  });

  it('shows an agency administrator only their own agency, and tells them what they may not open', async () => {
    const { page, close } = await suite.page();
    await signInAsOfficial(page, 'quantri.soyte', '/console');
    await page.getByRole('link', { name: 'Cán bộ của Sở Y tế' }).click();
    await page.getByTestId('officials-table').getByText('Đặng Văn Hùng').waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'Ứng dụng kết nối' }).count()).toBe(0);

    await page.goto('/console/co-quan/so-xay-dung/can-bo');
    await page.getByText('Không có quyền', { exact: true }).waitFor();
    await page.goto('/console/nhat-ky');
    await page.getByText('Không có quyền', { exact: true }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await close();
  });
});
