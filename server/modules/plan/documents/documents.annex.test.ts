import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody, type OfficialSession, signInOfficial } from '../../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { PLAN_239 } from '../index.ts';

/**
 * The plan's annex round trip for the plan owner: download targets and tasks, change some, add
 * some, with one task led by a unit that no longer existed when it starts — the dry run names
 * it, the commit saves nothing; fixed, everything is saved at once (importing the real annex
 * may confirm targets as `official`).
 */
let t: TestPlatform;
let owner: OfficialSession;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TARGETS = 'Chỉ tiêu (Targets)';
const TASKS = 'Nhiệm vụ (Tasks)';

// biome-ignore lint/suspicious/noExplicitAny: assertions read whatever JSON the API answers.
type Json = any;

beforeAll(async () => {
  t = await createTestPlatform({ demo: true, demoPopulation: 300 });
  owner = await signInOfficial(t, 'kehoach.sokhcn');
});
afterAll(() => t?.close());

async function download(session: OfficialSession) {
  const response = await session.request({ url: `/api/plan/plans/${PLAN_239}/annex-template.xlsx` });
  expect(response.statusCode, response.body).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  return workbook;
}

async function upload(session: OfficialSession, workbook: ExcelJS.Workbook, dryRun: boolean) {
  const body = multipartBody({
    filename: 'phu-luc.xlsx',
    contentType: XLSX,
    bytes: Buffer.from(await workbook.xlsx.writeBuffer()),
  });
  const response = await session.request({
    method: 'POST',
    url: `/api/plan/plans/${PLAN_239}/annex-import?dryRun=${dryRun}`,
    payload: body.payload,
    headers: body.headers,
  });
  return { status: response.statusCode, body: response.json() as Json };
}

/** Column numbers by the English half of each header. */
function columns(sheet: ExcelJS.Worksheet): Record<string, number> {
  const out: Record<string, number> = {};
  sheet.getRow(1).eachCell((cell, number) => {
    out[String(cell.value).split('\n')[1]!] = number;
  });
  return out;
}

const rowOf = (sheet: ExcelJS.Worksheet, code: string) => {
  for (let row = 2; row <= sheet.rowCount; row++) if (sheet.getRow(row).getCell(1).value === code) return row;
  throw new Error(`no ${code}`);
};
const firstBlank = (sheet: ExcelJS.Worksheet) => {
  for (let row = 2; row <= sheet.rowCount; row++) if (sheet.getRow(row).getCell(1).value === null) return row;
  throw new Error('no blank row');
};

const targetRow = (code: string) =>
  sql<{
    confidence: string;
    milestones: Json;
  }>`select confidence, milestones from plan.targets where plan_id = ${PLAN_239} and code = ${code}`
    .execute(t.platform.context.database.db)
    .then((r) => r.rows[0] ?? null);
const taskRow = (code: string) =>
  sql<{
    id: string;
    lead_agency_id: string;
  }>`select id, lead_agency_id from plan.tasks where plan_id = ${PLAN_239} and code = ${code}`
    .execute(t.platform.context.database.db)
    .then((r) => r.rows[0] ?? null);

describe('the annex import', () => {
  it('is for the plan owner only', async () => {
    const reporter = await signInOfficial(t, 'motcua.hoankiem');
    expect(
      (await reporter.request({ url: `/api/plan/plans/${PLAN_239}/annex-template.xlsx` })).statusCode,
    ).toBe(403);
    expect(
      (await t.server.inject({ url: `/api/plan/plans/${PLAN_239}/annex-template.xlsx` })).statusCode,
    ).toBe(401);
  });

  it('dry-runs, refuses a bad row without saving anything, then saves targets and tasks at once', async () => {
    const workbook = await download(owner);
    const targets = workbook.getWorksheet(TARGETS)!;
    const tasks = workbook.getWorksheet(TASKS)!;
    const tc = columns(targets);
    const kc = columns(tasks);
    expect(Object.keys(tc)).toEqual(
      expect.arrayContaining([
        'Target code',
        'Confidence',
        'Target 2025 (blank: unknown)',
        'Target 2030 (blank: unknown)',
      ]),
    );
    const g16 = rowOf(targets, 'G16');
    expect(targets.getRow(g16).getCell(tc.Confidence!).value).toBe('Tạm lấy từ văn bản khác của Hà Nội');
    expect(targets.getRow(g16).getCell(tc['Target 2025 (blank: unknown)']!).value).toBe(60);

    // Confirm G16 from the plan text, with its 2030 value; add a target and two tasks.
    targets.getRow(g16).getCell(tc.Confidence!).value = 'Chính thức (đã xác nhận)';
    targets.getRow(g16).getCell(tc['Target 2030 (blank: unknown)']!).value = 75;
    const fresh = targets.getRow(firstBlank(targets));
    const newTarget: Record<string, ExcelJS.CellValue> = {
      'Target code': 'G99',
      Pillar: 'government',
      'Label (Vietnamese)': 'Tỷ lệ thủ tục có biểu mẫu điện tử điền sẵn',
      'Label (English)': 'Procedures with pre-filled e-forms',
      Unit: '%',
      Direction: 'Càng cao càng tốt (≥)',
      'Target 2025 (blank: unknown)': 50,
      Confidence: 'Chưa rõ giá trị',
      'Lead agency id': 'so-kh-cn',
    };
    for (const [name, value] of Object.entries(newTarget)) fresh.getCell(tc[name]!).value = value;
    const addTask = (code: string, lead: string, start: string) => {
      const row = tasks.getRow(firstBlank(tasks));
      const values: Record<string, ExcelJS.CellValue> = {
        'Task code': code,
        'Title (Vietnamese)': `Nhiệm vụ nhập từ phụ lục ${code}`,
        'Title (English)': `Task imported from the annex ${code}`,
        Pillar: 'government',
        'Lead agency id': lead,
        'Coordinating agency ids (comma-separated)': 'so-y-te, vp-ubnd',
        'Start (YYYY-MM-DD)': start,
        'Deadline (YYYY-MM-DD)': '2027-06-30',
        'Linked target codes (comma-separated)': 'G99, G16',
      };
      for (const [name, value] of Object.entries(values)) row.getCell(kc[name]!).value = value;
      return row.number;
    };
    addTask('NV-99', 'so-kh-cn', '2025-02-01');
    // A district that was dissolved on 1 Jul 2025 cannot lead a task starting in 2026.
    const bad = addTask('NV-98', 'dist-001', '2026-01-01');

    const dry = await upload(owner, workbook, true);
    expect(dry.status).toBe(200);
    expect(dry.body.valid).toBe(false);
    expect(dry.body.rows).toEqual([
      {
        sheet: TASKS,
        row: bad,
        errors: [
          {
            column: 'Mã cơ quan chủ trì / Lead agency id',
            vi: 'Đơn vị "dist-001" không tồn tại vào ngày bắt đầu 2026-01-01.',
            en: 'Unit "dist-001" did not exist on the start date 2026-01-01.',
          },
        ],
      },
    ]);
    const refused = await upload(owner, workbook, false);
    expect(refused.status).toBe(422);
    expect(refused.body.report.rows).toEqual(dry.body.rows);
    expect(await targetRow('G99')).toBeNull();
    expect((await targetRow('G16'))!.confidence).toBe('hanoi');
    expect(await taskRow('NV-99')).toBeNull();

    tasks.getRow(bad).getCell(kc['Lead agency id']!).value = 'comm-00070';
    const fixed = await upload(owner, workbook, true);
    expect(fixed.body).toMatchObject({ valid: true, summary: { targets: 2, tasks: 2 } });
    const saved = await upload(owner, workbook, false);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ saved: true, summary: { targets: 2, tasks: 2 } });

    const g16After = (await targetRow('G16'))!;
    expect(g16After.confidence).toBe('official');
    const milestones =
      typeof g16After.milestones === 'string' ? JSON.parse(g16After.milestones) : g16After.milestones;
    expect(milestones).toEqual(expect.arrayContaining([{ year: 2030, value: 75 }]));
    const overview = await t.platform.plan.overview(PLAN_239);
    expect(overview.targets.find((target) => target.code === 'G99')).toMatchObject({
      labelVi: 'Tỷ lệ thủ tục có biểu mẫu điện tử điền sẵn',
      unit: '%',
      confidence: 'unknown',
    });
    const task = await t.platform.plan.task({ kind: 'anonymous' }, (await taskRow('NV-98'))!.id);
    expect(task.leadAgency.id).toBe('comm-00070');
    expect(task.coordinatingAgencies.map((a) => a.id).sort()).toEqual(['so-y-te', 'vp-ubnd']);
    expect([...task.targetCodes].sort()).toEqual(['G16', 'G99']);
    const audit = await sql<{
      details: Json;
    }>`select details from platform.audit_log where action = 'plan.target.update' order by seq desc limit 1`.execute(
      t.platform.context.database.db,
    );
    expect(audit.rows[0]!.details).toMatchObject({
      confidence: { from: 'hanoi', to: 'official' },
      provenance: { kind: 'imported', fileId: saved.body.fileId, sheet: TARGETS, row: g16 },
    });

    // Downloaded again and uploaded untouched, the annex changes nothing.
    const again = await upload(owner, await download(owner), true);
    expect(again.body).toMatchObject({ valid: true, summary: { targets: 0, tasks: 0 } });
  });
});
