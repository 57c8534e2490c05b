import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../../../test/support/pdf.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { dtiRoutes } from './dti.routes.ts';
import { createDtiHarness, type DtiHarness } from './dti.test-support.ts';
import { REPORT_SENSITIVITY, resultsReport } from './results.pdf.ts';

/**
 * The Vietnamese PDF report of a cycle's results: what it says (title, diacritics, placeholder
 * weights, draft mark until publication, the sensitivity run), who may fetch it, and that the
 * ranking table of all 126 communes and wards breaks across pages with its header repeated.
 */
let t: TestPlatform;
let h: DtiHarness;
let cycleId: string;
const evidence = [{ documentNumber: '1/QĐ', title: 'Quyết định', date: '2025-02-01' }];
const claims: Record<string, { who: string; codes: string[] }> = {
  'so-y-te': { who: 'reporterYte', codes: ['1.1', '1.2', '2.1'] },
  'so-xay-dung': { who: 'reporterXd', codes: ['1.1'] },
};
const TITLE = 'Báo cáo kết quả đánh giá Chỉ số chuyển đổi số năm 2025';
const squash = (text: string) => text.replace(/\s+/g, ' ');

async function pdfOf(who: string | null, url: string) {
  const res = await h.as(who, { method: 'GET', url });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return readPdf(res.rawPayload);
}

beforeAll(async () => {
  t = await createTestPlatform();
  h = await createDtiHarness(dtiRoutes(t.platform.dti));
  const [dept] = (
    await h.as(null, { method: 'GET', url: '/api/dti/frameworks?year=2025&unitSet=departments' })
  ).json();
  const opened = await h.as('council', {
    method: 'POST',
    url: '/api/dti/cycles',
    payload: { frameworkId: dept.id, units: Object.keys(claims).map((unitId) => ({ unitId })) },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  cycleId = opened.json().id;
  for (const [unit, { who, codes }] of Object.entries(claims)) {
    for (const code of codes)
      await h.as(who, {
        method: 'PUT',
        url: `/api/dti/cycles/${cycleId}/units/${unit}/entries/${code}`,
        payload: { value: true, evidence },
      });
    await h.as(who, { method: 'POST', url: `/api/dti/cycles/${cycleId}/units/${unit}/submit` });
    for (const code of codes)
      await h.as('appraiser', {
        method: 'POST',
        url: `/api/dti/cycles/${cycleId}/units/${unit}/entries/${code}/review`,
        payload: { decision: 'accept' },
      });
  }
  const finalised = await h.as('council', { method: 'POST', url: `/api/dti/cycles/${cycleId}/finalise` });
  expect(finalised.statusCode).toBe(200);
});
afterAll(async () => {
  await h?.close();
  await t?.close();
});

describe('dti results report (PDF)', () => {
  it('before publication: council and appraisers only, marked as a draft', async () => {
    const url = `/api/dti/cycles/${cycleId}/report.pdf`;
    expect((await h.as('reporterYte', { method: 'GET', url })).statusCode).toBe(403);
    expect((await h.as(null, { method: 'GET', url })).statusCode).toBe(401);
    expect(
      (await h.as(null, { method: 'GET', url: `/api/dti/public/cycles/${cycleId}/report.pdf` })).statusCode,
    ).toBe(404);

    const text = squash((await pdfOf('appraiser', url)).text);
    expect(text).toContain(TITLE);
    expect(text).toContain('BẢN NHÁP / DRAFT');
    expect(text).toContain('Trọng số tạm đặt, chưa chính thức');
    // Names from the unit register, diacritics intact in the text layer.
    expect(text).toContain('Sở Y tế');
    expect(text).toContain('Sở Xây dựng');
    expect(text).toMatch(/Trạng thái \/ Status: Đã chốt, chưa công bố/);
    // The sensitivity run the intervals come from is stated.
    expect(text).toContain('±20 %');
    expect(text).toContain('200 lần thử');
    expect(text).toContain('Trang / Page 1/');
  });

  it('after publication: everyone, without the draft mark, Sở Y tế ranked first', async () => {
    const published = await h.as('council', { method: 'POST', url: `/api/dti/cycles/${cycleId}/publish` });
    expect(published.statusCode).toBe(200);
    const pdf = await pdfOf(null, `/api/dti/public/cycles/${cycleId}/report.pdf`);
    const text = squash(pdf.text);
    expect(text).toContain(TITLE);
    expect(text).toContain('Đã công bố / Published');
    expect(text).not.toContain('BẢN NHÁP');
    expect(text).toContain('Trọng số tạm đặt, chưa chính thức');
    // First row of the ranking: rank 1, the unit, its peer group and peer rank.
    expect(text).toContain('Rank change 1 Sở Y tế Sở, ngành 1 ');
    // Reporters may read published results through the officials' route too.
    expect(
      (await h.as('reporterYte', { method: 'GET', url: `/api/dti/cycles/${cycleId}/report.pdf` })).statusCode,
    ).toBe(200);
  });

  it('a malformed cycle id is a 400 problem', async () => {
    for (const url of ['/api/dti/cycles/nope/report.pdf', '/api/dti/public/cycles/nope/report.pdf']) {
      const res = await h.as('council', { method: 'GET', url });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].vi).toBeTruthy();
    }
  });

  it('breaks the ranking of 126 communes and wards across pages, repeating the header', async () => {
    const [communes] = (
      await h.as(null, { method: 'GET', url: '/api/dti/frameworks?year=2025&unitSet=communes' })
    ).json();
    const opened = await h.as('council', {
      method: 'POST',
      url: '/api/dti/cycles',
      payload: { frameworkId: communes.id },
    });
    expect(opened.statusCode).toBe(201);
    const id: string = opened.json().id;
    const results = (await h.as('council', { method: 'GET', url: `/api/dti/cycles/${id}/results` })).json();
    expect(results.units).toHaveLength(126);

    const bytes = (await h.as('council', { method: 'GET', url: `/api/dti/cycles/${id}/report.pdf` }))
      .rawPayload;
    const pages = await readPages(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(pages.at(-1)).toContain(`Trang / Page ${pages.length}/${pages.length}`);
    const names = (results.units as { unitNameVi: string }[]).map((u) => u.unitNameVi);
    const header = 'Thay đổi hạng / Rank change';
    const ranking = pages.filter((page) => page.includes(header));
    // 126 rows do not fit on one page: the table continues on the following ones, header first.
    expect(ranking.length).toBeGreaterThanOrEqual(3);
    for (const page of ranking.slice(1)) {
      const before = page.slice(0, page.indexOf(header));
      expect(names.filter((name) => before.includes(name))).toEqual([]);
    }
    const all = pages.join(' ');
    for (const name of names) expect(all).toContain(name);
  });
});

describe('rank stability section', () => {
  it('lists only the units whose 5–95 % rank interval is wide, widest first', async () => {
    const unit = (n: number) => ({
      unitId: `u${n}`,
      unitNameVi: `Phường Thử ${n}`,
      unitNameEn: `Test ward ${n}`,
      peerGroup: 'communes',
      index: 1 - n / 20,
      rank: n,
      peerRank: n,
      groups: { I: 1 - n / 20 },
      mainIndices: { '1': 1 - n / 20 },
      change: null,
    });
    const units = Array.from({ length: 12 }, (_, i) => unit(i + 1));
    // 12 units: wide means the interval spans at least 2 places.
    const interval = (n: number, p5: number, p95: number) => ({
      unitId: `u${n}`,
      index: 1 - n / 20,
      rank: n,
      minRank: p5,
      maxRank: p95,
      p5,
      p95,
    });
    const bytes = await resultsReport({
      results: {
        cycleId: '00000000-0000-4000-8000-000000000000',
        year: 2026,
        frameworkCode: 'hanoi-commune',
        status: 'published',
        weightsArePlaceholders: false,
        previousCycleId: null,
        groups: [{ code: 'I', nameVi: 'Nhóm nền tảng', nameEn: 'Foundation', weight: 1 }],
        mainIndices: [{ code: '1', groupCode: 'I', nameVi: 'Hạ tầng', nameEn: 'Infrastructure' }],
        units,
      },
      stability: {
        weightsArePlaceholders: false,
        ...REPORT_SENSITIVITY,
        normalisation: null,
        units: units.map((u) =>
          u.rank === 4
            ? interval(4, 3, 5)
            : u.rank === 7
              ? interval(7, 3, 10)
              : interval(u.rank, u.rank, u.rank + 1),
        ),
      },
      generatedAt: new Date('2026-03-01T02:00:00Z'),
    });
    const text = squash((await readPdf(bytes)).text);
    expect(text).not.toContain('Trọng số tạm đặt');
    expect(text).toContain('Ngày lập / Generated: 01/03/2026 09:00');
    const section = text.slice(text.indexOf('4. Độ ổn định'));
    expect(section).toContain('Phường Thử 7 7 3–10 3–10 Phường Thử 4 4 3–5 3–5');
    expect(section).not.toContain('Phường Thử 5 ');
  });
});

/** One squashed string per page: split on the page-number footer the writer puts on every page. */
async function readPages(bytes: Buffer): Promise<string[]> {
  const text = squash((await readPdf(bytes)).text);
  const pages: string[] = [];
  let rest = text;
  for (let i = 1; ; i++) {
    const match = rest.match(new RegExp(`Trang / Page ${i}/\\d+`));
    if (!match || match.index === undefined) break;
    const end = match.index + match[0].length;
    pages.push(rest.slice(0, end));
    rest = rest.slice(end);
  }
  return pages;
}
