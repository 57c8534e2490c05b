import { describe, expect, it } from 'vitest';
import { DEMO_RESULT_ID } from '../../server/modules/services/results/index.ts';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { signInAsOfficial } from './support/sign-in.ts';
import { useBrowserSuite } from './support/suite.ts';

describe('Public verification of a signed result (/verify/{id})', () => {
  const suite = useBrowserSuite();

  it('shows a valid result, accepts the issued PDF and refuses a tampered copy', async () => {
    // The issued PDF, as an official of the issuing agency downloads it.
    const officer = await suite.page();
    await signInAsOfficial(officer.page, 'hoso.soyte', '/console');
    const download = await officer.page.request.get(`/api/results/${DEMO_RESULT_ID}/pdf`);
    expect(download.status()).toBe(200);
    const pdf = Buffer.from(await download.body());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await officer.close();

    const { page, close } = await suite.page();
    await page.goto(`/verify/${DEMO_RESULT_ID}`);
    await page
      .getByRole('heading', { level: 1, name: 'Xác minh kết quả giải quyết thủ tục hành chính' })
      .waitFor();
    const details = page.getByRole('region', { name: 'Thông tin kết quả' });
    await details.getByText('Còn hiệu lực').waitFor();
    await details
      .getByRole('row', { name: /Cơ quan cấp/ })
      .getByText(/Sở Y tế/)
      .waitFor();
    await details
      .getByRole('row', { name: /Cấp cho/ })
      .getByText('Trần V. Demo')
      .waitFor();
    await details.getByText('…001').waitFor();
    await page.getByText('CA THỬ NGHIỆM (DEMO)', { exact: false }).waitFor();
    expect(await page.getByText('079199000001').count()).toBe(0);
    await expectNoSeriousA11yViolations(page);

    const input = page.locator('input[type="file"]');
    await input.setInputFiles({ name: 'ket-qua.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    await page.getByText('Tệp trùng khớp với bản đã cấp và chữ ký số hợp lệ.').waitFor();

    const tampered = Buffer.from(pdf);
    const at = pdf.indexOf('stream', 200) + 20;
    tampered[at] = tampered[at]! ^ 0x01;
    await input.setInputFiles({ name: 'ban-sua.pdf', mimeType: 'application/pdf', buffer: tampered });
    await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    const verdict = page.getByTestId('check-result');
    await verdict.getByText('Tệp KHÔNG phải bản hợp lệ của kết quả này').waitFor();
    await verdict
      .getByText('Nội dung tệp đã bị thay đổi sau khi ký: mã băm không khớp với chữ ký.')
      .waitFor();
    await verdict.getByText('Tệp không trùng khớp với bản đã cấp: mã băm SHA-256 khác.').waitFor();
    await expectNoSeriousA11yViolations(page);

    await page.evaluate("window.localStorage.setItem('sc.lang', 'en')");
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Verify an administrative result' }).waitFor();
    await page.getByRole('region', { name: 'Result details' }).getByText('Valid', { exact: true }).waitFor();
    await page.getByText('not a real certificate authority', { exact: false }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await close();
  });
});
