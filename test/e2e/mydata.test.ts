import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { signInAsCitizen } from './support/sign-in.ts';
import { useBrowserSuite } from './support/suite.ts';

describe('"My data": consents and the data-usage log', () => {
  const suite = useBrowserSuite();

  it('lists the citizen’s consent receipts, revokes one, and reads in English too', async () => {
    const { page, context, close } = await suite.page();
    await signInAsCitizen(page, { returnTo: '/tai-khoan', level: 2 });
    await page.getByRole('link', { name: /^Dữ liệu của tôi/ }).click();
    await page.waitForURL((url) => url.pathname === '/du-lieu-cua-toi');
    await page.getByRole('heading', { level: 1, name: 'Dữ liệu của tôi' }).waitFor();
    await page.getByText('Bạn chưa đồng ý chia sẻ dữ liệu cho cơ quan nào.').waitFor();
    await page.getByText('Chưa có cơ quan nào yêu cầu dữ liệu của bạn.').waitFor();

    // The consent screen of a procedure gives consent through the API; do the same here.
    const csrf = (await context.cookies()).find((cookie) => cookie.name === 'sc_csrf')?.value ?? '';
    const given = await page.request.post('/api/me/consents', {
      headers: { 'x-csrf-token': csrf },
      data: {
        purposeCode: 'birth-registration',
        purposeVi: 'Đăng ký khai sinh',
        purposeEn: 'Birth registration',
        consumerAgencyId: 'so-tu-phap',
        items: ['person.fullName', 'address.current'],
        retentionDays: 30,
      },
    });
    expect(given.status()).toBe(201);
    await page.reload();
    const row = page.getByRole('row', { name: /Đăng ký khai sinh/ });
    await row.getByText('Sở Tư pháp').waitFor();
    await row.getByText('Họ, chữ đệm và tên khai sinh').waitFor();
    await row.getByText('Còn hiệu lực').waitFor();
    await expectNoSeriousA11yViolations(page);

    await page.getByRole('button', { name: 'Thu hồi sự đồng ý cho: Đăng ký khai sinh' }).click();
    await row.getByText('Đã thu hồi').waitFor();
    expect(await page.getByRole('button', { name: /Thu hồi sự đồng ý/ }).count()).toBe(0);

    await page.evaluate("window.localStorage.setItem('sc.lang', 'en')");
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'My data' }).waitFor();
    await page
      .getByRole('row', { name: /Birth registration/ })
      .getByText('Revoked')
      .waitFor();
    await expectNoSeriousA11yViolations(page);
    await close();
  });

  it('asks anonymous visitors to sign in', async () => {
    const { page, close } = await suite.page();
    await page.goto('/du-lieu-cua-toi');
    await page.getByText('Cần đăng nhập').waitFor();
    await close();
  });
});
