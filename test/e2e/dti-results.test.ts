import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { signInAsOfficial } from './support/sign-in.ts';
import { useBrowserSuite } from './support/suite.ts';

// biome-ignore lint/suspicious/noExplicitAny: the test reads whatever JSON the API answers.
type Json = any;
const evidence = [{ documentNumber: '12/QĐ-SYT', title: 'Quyết định ban hành kế hoạch', date: '2025-02-01' }];

/** The signed-in official's API calls, with the CSRF token the web app would send. */
async function officialApi(page: Page) {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'sc_csrf')?.value ?? '';
  return async (method: 'GET' | 'POST' | 'PUT', path: string, data?: object): Promise<Json> => {
    const response = await page.request.fetch(path, { method, headers: { 'x-csrf-token': csrf }, data });
    const body = await response.json();
    expect(response.ok(), `${method} ${path}: ${JSON.stringify(body)}`).toBe(true);
    return body;
  };
}

describe('digital-transformation index results', () => {
  const suite = useBrowserSuite();

  it('shows officials the unpublished ranking with what-if; the public sees it, map, radar and trend, once published', async () => {
    const signedIn = async (username: string) => {
      const opened = await suite.page();
      await signInAsOfficial(opened.page, username, '/console');
      return { ...opened, call: await officialApi(opened.page) };
    };
    const council = await signedIn('kehoach.sokhcn');
    const appraiser = await signedIn('thamdinh.hanoi');
    const reporters: Record<string, Awaited<ReturnType<typeof signedIn>>> = {
      'so-y-te': await signedIn('baocao.soyte'),
      'comm-00070': await signedIn('motcua.hoankiem'),
    };
    /** Open (council) → claims with evidence, submit (reporters) → accept (appraiser) → finalise (council). */
    const runCycle = async (frameworkId: string, claims: Record<string, string[]>) => {
      const cycle = await council.call('POST', '/api/dti/cycles', {
        frameworkId,
        units: Object.keys(claims).map((unitId) => ({ unitId })),
      });
      for (const [unitId, codes] of Object.entries(claims)) {
        const reporter = reporters[unitId]!;
        for (const code of codes)
          await reporter.call('PUT', `/api/dti/cycles/${cycle.id}/units/${unitId}/entries/${code}`, {
            value: true,
            evidence,
          });
        await reporter.call('POST', `/api/dti/cycles/${cycle.id}/units/${unitId}/submit`);
        for (const code of codes)
          await appraiser.call('POST', `/api/dti/cycles/${cycle.id}/units/${unitId}/entries/${code}/review`, {
            decision: 'accept',
          });
      }
      await council.call('POST', `/api/dti/cycles/${cycle.id}/finalise`);
      return cycle.id as string;
    };

    // Last year (a copy of the 2025 department framework), published: the ward ahead.
    const [framework] = await council.call('GET', '/api/dti/frameworks?year=2025&unitSet=departments');
    const lastYear = await council.call('POST', `/api/dti/frameworks/${framework.id}/copy`, { year: 2024 });
    const previous = await runCycle(lastYear.id, { 'so-y-te': ['1.1'], 'comm-00070': ['1.1', '1.2'] });
    // This year: the department overtakes the ward; not published yet.
    const cycle = {
      id: await runCycle(framework.id, { 'so-y-te': ['1.1', '1.2', '2.1'], 'comm-00070': ['1.1'] }),
    };
    for (const reporter of Object.values(reporters)) await reporter.close();

    const official = appraiser.page;
    await official.goto(`/console/chi-so-cds/ket-qua/${cycle.id}`);
    await official.getByRole('heading', { level: 1, name: 'Kết quả chỉ số chuyển đổi số' }).waitFor();
    await official.getByTestId('dti-ranking').waitFor();
    expect(await official.getByTestId('dti-not-published').textContent()).toContain(
      'Chưa công bố / Not published',
    );
    expect(await official.getByTestId('dti-placeholder').textContent()).toContain(
      'Trọng số tạm đặt, chưa chính thức / Placeholder weights, not official',
    );
    const rows = official.getByTestId('dti-ranking').locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().getAttribute('data-unit-id')).toBe('so-y-te');
    expect(await rows.first().getByTestId('dti-index').textContent()).toMatch(/^0,\d{3}$/);
    // What-if: the ward meeting one more item raises its index, its rank cannot fall.
    await official.getByRole('combobox', { name: 'Đơn vị', exact: true }).selectOption('comm-00070');
    await official.getByRole('combobox', { name: 'Chỉ số thành phần' }).selectOption('1.2');
    await official.getByRole('button', { name: 'Tính thử' }).click();
    const whatIf = official.getByTestId('dti-what-if');
    await whatIf.waitFor();
    const [before, after] = await whatIf.locator('tbody tr').all();
    const indexOf = async (row: typeof before) =>
      Number(((await row!.locator('td').first().textContent()) ?? '').replace(',', '.'));
    expect(await indexOf(after)).toBeGreaterThan(await indexOf(before));
    // Rank intervals contain each rank.
    await official.getByTestId('dti-sensitivity').waitFor();
    expect(await official.getByTestId('dti-sensitivity').locator('tbody tr').count()).toBe(2);
    await expectNoSeriousA11yViolations(official);
    await appraiser.close();

    // Before publication the public page does not list the cycle: it shows nothing.
    const visitor = await suite.page();
    const page = visitor.page;
    await page.goto('/chi-so-chuyen-doi-so');
    await page.getByRole('heading', { level: 1, name: 'Chỉ số chuyển đổi số' }).waitFor();
    await page.getByTestId('dti-none').waitFor();
    expect(await page.getByTestId('dti-ranking').count()).toBe(0);

    await council.call('POST', `/api/dti/cycles/${previous}/publish`);
    await page.reload();
    await page.getByTestId('dti-ranking').waitFor();
    expect(await page.getByTestId('dti-cycle').textContent()).toContain('2024');
    expect(await page.getByLabel('Năm', { exact: true }).locator('option').allTextContents()).toEqual([
      '2024',
    ]);

    await council.call('POST', `/api/dti/cycles/${cycle.id}/publish`);
    await council.close();

    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Chỉ số chuyển đổi số' })
      .click();
    const ranking = page.getByTestId('dti-ranking');
    await ranking.waitFor();
    expect(await page.getByTestId('dti-cycle').textContent()).toContain('2025');
    expect(await page.getByTestId('dti-not-published').count()).toBe(0);
    await page.getByTestId('dti-placeholder').waitFor();
    expect(await ranking.getByRole('rowheader').allTextContents()).toEqual([
      expect.stringContaining('Sở Y tế'),
      expect.stringContaining('Phường Hoàn Kiếm'),
    ]);
    // Change on last year, with arrows and words.
    expect(await ranking.locator('tr[data-unit-id="so-y-te"]').textContent()).toContain('▲ tăng 1 hạng');
    expect(await ranking.locator('tr[data-unit-id="comm-00070"]').textContent()).toContain('▼ giảm 1 hạng');
    // Searching without accents.
    await page.getByLabel('Tìm theo tên đơn vị', { exact: false }).fill('hoan kiem');
    await expect.poll(() => ranking.locator('tbody tr').count()).toBe(1);
    // The ward on the map has a colour; a commune without a result is grey.
    const ward = page.locator('[data-testid="dti-map"] path[data-unit-id="comm-00070"]');
    await ward.waitFor();
    await expect.poll(() => ward.getAttribute('data-index')).not.toBe('');
    expect(await ward.getAttribute('fill')).not.toBe('#ced4da');
    expect(await page.locator('[data-testid="dti-map"] path[fill="#ced4da"]').count()).toBeGreaterThan(100);
    // The ward's main indices as a radar (bars when fewer than three apply), the same numbers as a table.
    await ranking.getByRole('button', { name: 'Xem chi tiết Phường Hoàn Kiếm' }).click();
    const detail = page.getByTestId('dti-unit-detail');
    await detail.getByRole('heading', { name: 'Chi tiết đơn vị: Phường Hoàn Kiếm' }).waitFor();
    expect(await detail.getByRole('img', { name: 'Biểu đồ chỉ số chính của Phường Hoàn Kiếm' }).count()).toBe(
      1,
    );
    expect(await detail.getByTestId('dti-radar-table').locator('tbody tr').count()).toBeGreaterThan(0);
    // Its trend: rank 1 last year, 2 this year.
    const trend = detail.getByTestId('dti-trend-table').locator('tbody tr');
    await expect.poll(() => trend.count()).toBe(2);
    expect(await trend.allTextContents()).toEqual([
      expect.stringMatching(/^20240,\d{3}1$/),
      expect.stringMatching(/^20250,\d{3}2$/),
    ]);
    await detail.getByRole('img', { name: /Biểu đồ chỉ số và thứ hạng/ }).waitFor();
    await page.getByTestId('dti-sensitivity').waitFor();
    await expectNoSeriousA11yViolations(page);
    expect(await page.getByRole('link', { name: 'Bảng xếp hạng (XLSX)' }).getAttribute('href')).toBe(
      `/api/dti/public/cycles/${cycle.id}/results.xlsx`,
    );
    // Choosing last year opens its own address.
    await page.getByLabel('Năm', { exact: true }).selectOption('2024');
    await page.waitForURL(`**/chi-so-chuyen-doi-so/${previous}`);
    await expect.poll(() => page.getByTestId('dti-cycle').textContent()).toContain('2024');
    await visitor.close();
  });
});
