import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfficialSession, signInOfficial } from '../../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { demoOfficials } from '../../../demo/officials.ts';
import { PLAN_239 } from '../index.ts';
import { REPORT_BOOK_JOB } from './index.ts';

/**
 * The report book: a real PDF whose text layer reads back in Vietnamese with its diacritics,
 * drawn only with the embedded Noto Sans (no standard font, no missing glyph); who may read it;
 * and the job that stores it and tells the plan owners, queued when a cycle closes.
 */
let t: TestPlatform;
let owner: OfficialSession;
let closedCycleId: string;
let openCycleId: string;

beforeAll(async () => {
  t = await createTestPlatform({ demo: true, demoPopulation: 300 });
  const cycles = await t.platform.plan.cycles(PLAN_239);
  closedCycleId = cycles.find((cycle) => cycle.status === 'closed')!.id;
  openCycleId = cycles.find((cycle) => cycle.status === 'open')!.id;
  owner = await signInOfficial(t, 'kehoach.sokhcn');
});
afterAll(() => t?.close());

/** The text of every page, as a PDF reader extracts it (pdf.js), one string per page. */
async function pdfText(bytes: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    verbosity: 0,
  }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(
      content.items.map((item) => ('str' in item ? `${item.str}${item.hasEOL ? '\n' : ''}` : '')).join(''),
    );
  }
  await document.destroy();
  return pages;
}

/** The fonts a PDF declares, from its font dictionaries. */
function declaredFonts(bytes: Buffer): { baseFonts: string[]; embedded: number } {
  const text = bytes.toString('latin1');
  return {
    baseFonts: [...new Set([...text.matchAll(/\/BaseFont\s*\/([^\s/>]+)/g)].map((m) => m[1]!))],
    embedded: [...text.matchAll(/\/FontFile2\s/g)].length,
  };
}

const squash = (text: string) => text.replace(/\s+/g, ' ');

describe('the report book', () => {
  it('is a Vietnamese PDF drawn with the embedded font, with every section and the labels', async () => {
    const response = await owner.request({ url: `/api/plan/cycles/${closedCycleId}/report.pdf` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="so-bao-cao-kh-239-2023-\d{4}Q\d\.pdf"/,
    );
    const bytes = response.rawPayload;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toContain('%%EOF');

    const fonts = declaredFonts(bytes);
    // Only subsets of the embedded Noto Sans; never a standard font that lacks Vietnamese letters.
    expect(fonts.baseFonts.length).toBeGreaterThan(0);
    for (const name of fonts.baseFonts) expect(name).toMatch(/^[A-Z]{6}\+NotoSans-(Regular|Bold)$/);
    expect(fonts.embedded).toBe(fonts.baseFonts.length);

    const pages = await pdfText(bytes);
    expect(pages.length).toBeGreaterThan(5);
    const all = squash(pages.join('\n'));
    // A character the font has no glyph for is drawn as .notdef, which reads back as U+0000.
    expect(all).not.toContain('\u0000');
    expect(all).not.toContain('\uFFFD');
    for (const expected of [
      'SỔ BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH',
      'Cách đọc sổ này',
      'Tổng hợp theo trụ cột',
      'Hồ sơ công việc cấp xã xử lý trên môi trường mạng',
      'Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến',
      'Tạm lấy từ văn bản khác của Hà Nội',
      'Chưa có giá trị mục tiêu',
      'Ví dụ minh họa',
      'Nhiệm vụ / Tasks',
      'Tình hình nộp báo cáo của các đơn vị',
      'Phường Hoàn Kiếm',
      'Thực tế / Observed',
      'Lộ trình kỳ vọng / Expected path',
    ])
      expect(all, expected).toContain(expected);
    // The cover says how example data and placeholder targets are marked.
    expect(squash(pages[0]!)).toContain('Số liệu và nhiệm vụ ví dụ được đánh dấu "Ví dụ minh họa"');
    expect(squash(pages[0]!)).toContain('là chỉ tiêu tạm, chưa chính thức');
  });

  it('is for plan owners and reviewers only', async () => {
    const reviewer = await signInOfficial(t, 'duyet.soyte');
    expect((await reviewer.request({ url: `/api/plan/cycles/${closedCycleId}/report.pdf` })).statusCode).toBe(
      200,
    );
    const reporter = await signInOfficial(t, 'baocao.soyte');
    expect((await reporter.request({ url: `/api/plan/cycles/${closedCycleId}/report.pdf` })).statusCode).toBe(
      403,
    );
    expect((await t.server.inject({ url: `/api/plan/cycles/${closedCycleId}/report.pdf` })).statusCode).toBe(
      401,
    );
    expect(
      (await owner.request({ url: '/api/plan/cycles/00000000-0000-4000-8000-000000000000/report.pdf' }))
        .statusCode,
    ).toBe(404);
  });

  it('is stored by the job, which tells the plan owners', async () => {
    const db = t.platform.context.database.db;
    await t.platform.context.jobs.runNow(REPORT_BOOK_JOB, { cycleId: closedCycleId });
    const stored = await sql<{ id: string; media_type: string; content: Buffer; filename: string }>`
      select id, media_type, content, filename from platform.files where purpose = ${REPORT_BOOK_JOB}`.execute(
      db,
    );
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.media_type).toBe('application/pdf');
    expect(Buffer.from(stored.rows[0]!.content).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = squash((await pdfText(Buffer.from(stored.rows[0]!.content))).join('\n'));
    expect(text).toContain('SỔ BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH');

    const planOwner = await sql<{ id: string }>`
      select o.id from org.officials o join org.memberships m on m.official_id = o.id
      where m.role = 'plan_owner'`.execute(db);
    expect(planOwner.rows.length).toBeGreaterThan(0);
    for (const { id } of planOwner.rows) {
      const inbox = await t.platform.context.notify.inbox({ kind: 'official', id }, { limit: 10 });
      expect(inbox.find((n) => n.topic === REPORT_BOOK_JOB)?.subject_vi).toMatch(
        /^Sổ báo cáo KH .* đã sẵn sàng$|^Sổ báo cáo .* đã sẵn sàng$/,
      );
    }
    expect(demoOfficials.some((o) => o.roles.includes('plan_owner'))).toBe(true);
  });

  it('is queued when the plan owner closes a cycle', async () => {
    const jobs = t.platform.context.jobs;
    const queued: { name: string; data: object }[] = [];
    const send = jobs.send;
    jobs.send = async (name, data) => {
      queued.push({ name, data });
      return 'job-id';
    };
    try {
      const ownerPrincipal = {
        kind: 'official' as const,
        accountId: 'a',
        officialId: 'o',
        sessionId: 's',
        username: 'owner',
        fullName: 'Owner',
        acr: 'urn:hanoi:acr:official:mfa' as const,
        memberships: [{ unitId: 'so-kh-cn', role: 'plan_owner' as const }],
      };
      await t.platform.plan.updateCycle(
        { principal: ownerPrincipal, requestId: null, ip: null },
        openCycleId,
        {
          status: 'closed',
        },
      );
    } finally {
      jobs.send = send;
    }
    expect(queued).toEqual([{ name: REPORT_BOOK_JOB, data: { cycleId: openCycleId } }]);
  });
});
