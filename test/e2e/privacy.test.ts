import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { signInAsCitizen } from './support/sign-in.ts';
import { useBrowserSuite } from './support/suite.ts';

describe('"My data": download my data and request deletion', () => {
  const suite = useBrowserSuite();

  it('downloads the JSON copy, then deletes the open draft and explains what is kept', async () => {
    const { page, context, close } = await suite.page();
    const fullName = await signInAsCitizen(page, { returnTo: '/du-lieu-cua-toi', level: 2 });
    const csrf = (await context.cookies()).find((cookie) => cookie.name === 'sc_csrf')?.value ?? '';
    // An application started and left as a draft, as the procedure screens do through the API.
    const started = await page.request.post('/api/services/drafts', {
      headers: { 'x-csrf-token': csrf },
      data: { procedureCode: 'cap-nuoc-sach-sinh-hoat', fresh: true },
    });
    expect(started.status()).toBe(200);
    const draftId = (await started.json()).id as string;
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Tải dữ liệu của tôi' }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải dữ liệu của tôi (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^du-lieu-ca-nhan-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(data.format).toBe('hanoi-smartcity/personal-data-export');
    expect(data.subject.fullName).toBe(fullName);
    expect(data.services.drafts.map((draft: { id: string }) => draft.id)).toContain(draftId);
    await expect(
      page.getByRole('link', { name: 'Tải dữ liệu của tôi (PDF)' }).getAttribute('href'),
    ).resolves.toBe('/api/me/data-export.pdf');
    await expectNoSeriousA11yViolations(page);

    await page.getByRole('button', { name: 'Yêu cầu xoá dữ liệu' }).click();
    const dialog = page.getByRole('dialog', { name: 'Xác nhận yêu cầu xoá dữ liệu' });
    await dialog.getByText('Không thể hoàn tác').waitFor();
    await expectNoSeriousA11yViolations(page);
    await dialog.getByRole('button', { name: 'Xoá dữ liệu' }).click();

    const outcome = page.getByRole('article', { name: /^Kết quả yêu cầu ngày/ });
    await outcome.getByText(/^Bản nháp hồ sơ chưa nộp/).waitFor();
    await outcome.getByText(/^Hồ sơ đã nộp/).waitFor();
    await outcome
      .getByText(/Nghị định 13\/2023\/NĐ-CP, Điều 16 khoản 2/)
      .first()
      .waitFor();
    const drafts = await (await page.request.get('/api/services/drafts')).json();
    expect(drafts.items).toEqual([]);
    await expectNoSeriousA11yViolations(page);
    await close();
  });
});
