import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, demoOfficials } from '../../../server/demo/officials.ts';

/**
 * Signing in as people do: through the web app's sign-in page, then the pages the identity module
 * renders (the VNeID simulator for citizens, the official form with a TOTP code for officials).
 */

/** Signs in a synthetic resident who holds VNeID level 2, at `level`; answers their full name. */
export async function signInAsCitizen(
  page: Page,
  options: { returnTo: string; level?: 1 | 2 },
): Promise<string> {
  const level = options.level ?? 1;
  await page.goto(`/dang-nhap?returnTo=${encodeURIComponent(options.returnTo)}`);
  await page.getByRole('link', { name: 'Công dân — đăng nhập qua VNeID' }).click();
  await page.waitForURL(/\/vneid-sim\//);
  await page.getByLabel('Chỉ người có định danh mức 2').check();
  await page.getByRole('button', { name: 'Tìm', exact: true }).click();
  const button = page.locator(`button[aria-label$=", Mức ${level}"]`).first();
  const label = (await button.getAttribute('aria-label')) ?? '';
  const fullName = label.replace(/^Đăng nhập: /, '').replace(/, Mức \d$/, '');
  await button.click();
  await page.waitForURL((url) => url.pathname === options.returnTo.split('?')[0]);
  return fullName;
}

/** Signs in one of the demo officials (README, "Demo officials") with password and a fresh TOTP code. */
export async function signInAsOfficial(page: Page, username: string, returnTo: string): Promise<void> {
  const official = demoOfficials.find((candidate) => candidate.username === username);
  if (!official) throw new Error(`no demo official ${username}`);
  await page.goto(`/dang-nhap?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByRole('link', { name: 'Cán bộ — tài khoản công vụ' }).click();
  await page.waitForURL(/\/oidc\/interaction\//);
  await page.getByLabel('Tên đăng nhập').fill(official.username);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page
    .getByLabel('Mã xác thực một lần', { exact: false })
    .fill(await generate({ secret: official.totpSecret }));
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForURL((url) => url.pathname === returnTo.split('?')[0]);
}
