import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { type Actor, acrValues, systemActor } from '../../../platform/auth/principal.ts';
import { periodContaining } from '../../../platform/period.ts';
import { PLAN_239 } from '../index.ts';

/**
 * The public status exports: anyone may download them; they hold approved data only, every
 * target's confidence, a note where no target value is known, and example data flagged. CSV is
 * UTF-8 with a BOM and cannot smuggle formulas into a spreadsheet.
 */
let t: TestPlatform;
let currentPeriod: string;

const owner: Actor = {
  principal: {
    kind: 'official',
    accountId: 'acct-owner',
    officialId: 'official-owner',
    sessionId: 'session-owner',
    username: 'owner',
    fullName: 'Owner',
    acr: acrValues.officialMfa,
    memberships: [{ unitId: 'so-kh-cn', role: 'plan_owner' }],
  },
  requestId: null,
  ip: null,
};

beforeAll(async () => {
  t = await createTestPlatform({ demo: true, demoPopulation: 300 });
  currentPeriod = periodContaining('quarter', t.platform.context.clock.today()).id;
  // A draft city-level value in the current quarter, with a figure found nowhere else: it must not leak.
  const g16 = (await t.platform.plan.overview(PLAN_239)).targets.find((target) => target.code === 'G16')!;
  await t.platform.metrics.saveObservation(systemActor('test:draft'), {
    indicatorCode: g16.indicatorCode,
    period: currentPeriod,
    agencyId: 'hanoi',
    value: 12.3456,
  });
  // A task whose title would be a formula in a spreadsheet.
  await t.platform.plan.createTask(owner, PLAN_239, {
    code: 'XSS-1',
    titleVi: '=HYPERLINK("http://evil.example","bấm vào")',
    titleEn: '+cmd|calc',
    pillar: 'government',
    leadAgencyId: 'so-kh-cn',
    coordinatingAgencyIds: [],
    startOn: '2025-01-01',
    deadline: '2026-12-31',
    deliverableVi: null,
    deliverableEn: null,
    targetCodes: [],
    status: 'not_started',
    progress: 0,
  });
});
afterAll(() => t?.close());

/** Minimal RFC 4180 parser (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += char;
  }
  return rows;
}

async function csv(url: string) {
  const response = await t.server.inject({ url });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
  const bytes = response.rawPayload;
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i] ?? ''])));
}

describe('status.csv', () => {
  it('lists every target with its confidence, example flags and approved values only', async () => {
    const rows = await csv(`/api/plan/plans/${PLAN_239}/status.csv?period=${currentPeriod}`);
    const overview = await t.platform.plan.overview(PLAN_239, currentPeriod);
    expect(rows.map((r) => r.code).sort()).toEqual(overview.targets.map((target) => target.code).sort());
    for (const row of rows) {
      expect(row.confidence).toMatch(/^(seed|hanoi|national_proxy|unknown|official)$/);
      expect(row.confidence_label).toContain(' / ');
    }
    const g16 = rows.find((r) => r.code === 'G16')!;
    expect(g16).toMatchObject({
      label_vi: 'Hồ sơ công việc cấp xã xử lý trên môi trường mạng',
      confidence: 'hanoi',
      confidence_label: 'Tạm lấy từ văn bản khác của Hà Nội / Placeholder from another Hanoi document',
      target_2025: '60',
      target_2030: '70',
      target_note: '',
    });
    // The draft is not in the export: the latest value is an approved one from an earlier period.
    expect(g16.latest_value).not.toBe('12.3456');
    expect(g16.latest_period).not.toBe(currentPeriod);
    expect(rows.some((r) => r.latest_value === '12.3456')).toBe(false);
    // Demo values are example data, and say so.
    const flagged = rows.filter((r) => r.example === 'true');
    expect(flagged.length).toBeGreaterThan(0);
    for (const row of flagged) expect(row.data_label).toContain('Ví dụ minh họa / Example');
    // Targets without a known value say so.
    const g17 = rows.find((r) => r.code === 'G17')!;
    expect(g17.target_2030).toBe('');
    expect(g17.target_note).toBe('Chưa có giá trị mục tiêu / No target value known');
  });

  it('neutralises formulas in text cells', async () => {
    const response = await t.server.inject({ url: `/api/plan/plans/${PLAN_239}/status.csv?table=tasks` });
    expect(response.statusCode).toBe(200);
    const text = response.rawPayload.subarray(3).toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""bấm vào"")"`);
    expect(text).toContain("'+cmd|calc");
    expect(text).not.toMatch(/(^|,)[=+@]/m);
    const rows = parseCsv(text);
    const header = rows[0]!;
    const example = rows.find((row) => row[header.indexOf('code')] === 'VD-01')!;
    expect(example[header.indexOf('example')]).toBe('true');
    expect(example[header.indexOf('data_label')]).toBe('Ví dụ minh họa / Example');
  });

  it('answers 404 for an unknown plan and 400 for a bad period, never a 500', async () => {
    expect((await t.server.inject({ url: '/api/plan/plans/khong-co/status.csv' })).statusCode).toBe(404);
    expect(
      (await t.server.inject({ url: `/api/plan/plans/${PLAN_239}/status.csv?period=2025Q9` })).statusCode,
    ).toBe(400);
    expect((await t.server.inject({ url: `/api/plan/plans/${PLAN_239}/status.xlsx?x=1` })).statusCode).toBe(
      400,
    );
  });
});

describe('status.xlsx', () => {
  it('holds notes, targets with confidence and tasks with example flags', async () => {
    const response = await t.server.inject({ url: `/api/plan/plans/${PLAN_239}/status.xlsx` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Ghi chú (Notes)',
      'Chỉ tiêu (Targets)',
      'Nhiệm vụ (Tasks)',
    ]);
    const notes = workbook.getWorksheet('Ghi chú (Notes)')!;
    const noteText = [...Array(notes.rowCount)]
      .map((_, i) => String(notes.getRow(i + 1).getCell(1).value))
      .join('\n');
    expect(noteText).toContain('Chỉ hiển thị số liệu đã được phê duyệt');
    expect(noteText).toContain('Ví dụ minh họa');
    const targets = workbook.getWorksheet('Chỉ tiêu (Targets)')!;
    const header = (targets.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header).toContain('Độ tin cậy\nConfidence');
    expect(header).toContain('Ví dụ minh họa\nExample');
    const confidenceColumn = header.indexOf('Độ tin cậy\nConfidence') + 1;
    for (let row = 2; row <= targets.rowCount; row++)
      expect(String(targets.getRow(row).getCell(confidenceColumn).value)).toContain(' / ');
    const tasks = workbook.getWorksheet('Nhiệm vụ (Tasks)')!;
    const taskHeader = (tasks.getRow(1).values as unknown[]).slice(1).map(String);
    const exampleColumn = taskHeader.indexOf('Ví dụ minh họa\nExample') + 1;
    const codeColumn = taskHeader.indexOf('Mã nhiệm vụ\nTask code') + 1;
    const rows = [...Array(tasks.rowCount - 1)].map((_, i) => tasks.getRow(i + 2));
    expect(rows.find((row) => row.getCell(codeColumn).value === 'VD-01')!.getCell(exampleColumn).value).toBe(
      true,
    );
    expect(rows.find((row) => row.getCell(codeColumn).value === 'XSS-1')!.getCell(exampleColumn).value).toBe(
      false,
    );
  });
});
