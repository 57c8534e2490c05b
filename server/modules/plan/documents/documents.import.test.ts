import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody, type OfficialSession, signInOfficial } from '../../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { PLAN_239 } from '../index.ts';

/**
 * The XLSX round trip of an agency's report, through the HTTP API as a signed-in demo reporter:
 * download the template, fill it with one bad row, upload — the dry run names sheet, row and
 * column and the commit saves nothing — fix the row, upload: everything is saved at once, with
 * `imported` provenance. Plus the refusals: other agencies, anonymous callers, locked periods,
 * files made for another cycle, edited key columns.
 */
let t: TestPlatform;
let reporter: OfficialSession;
let otherReporter: OfficialSession;
let openCycleId: string;
let closedCycleId: string;
let period: string;
const AGENCY = 'comm-00070';
const TARGETS = 'Chỉ tiêu (Targets)';
const TASKS = 'Nhiệm vụ (Tasks)';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// biome-ignore lint/suspicious/noExplicitAny: assertions read whatever JSON the API answers.
type Json = any;

beforeAll(async () => {
  t = await createTestPlatform({ demo: true, demoPopulation: 300 });
  const cycles = await t.platform.plan.cycles(PLAN_239);
  const open = cycles.find((cycle) => cycle.status === 'open')!;
  openCycleId = open.id;
  period = open.period;
  closedCycleId = cycles.find((cycle) => cycle.status === 'closed')!.id;
  reporter = await signInOfficial(t, 'motcua.hoankiem');
  otherReporter = await signInOfficial(t, 'baocao.soxd');
});
afterAll(() => t?.close());

const templateUrl = (cycleId: string, agencyId = AGENCY) =>
  `/api/plan/cycles/${cycleId}/agencies/${agencyId}/template.xlsx`;
const importUrl = (cycleId: string, dryRun: boolean, agencyId = AGENCY) =>
  `/api/plan/cycles/${cycleId}/agencies/${agencyId}/import?dryRun=${dryRun}`;

async function download(session: OfficialSession, cycleId = openCycleId) {
  const response = await session.request({ url: templateUrl(cycleId) });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toContain(XLSX);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  return workbook;
}

async function upload(
  session: OfficialSession,
  workbook: ExcelJS.Workbook,
  dryRun: boolean,
  cycleId = openCycleId,
) {
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  const body = multipartBody({ filename: 'báo-cáo-phường.xlsx', contentType: XLSX, bytes });
  const response = await session.request({
    method: 'POST',
    url: importUrl(cycleId, dryRun),
    payload: body.payload,
    headers: body.headers,
  });
  return { status: response.statusCode, body: response.json() as Json };
}

/** The row of a code in a template sheet. */
function rowOf(sheet: ExcelJS.Worksheet, code: string): number {
  for (let row = 2; row <= sheet.rowCount; row++) if (sheet.getRow(row).getCell(1).value === code) return row;
  throw new Error(`no row for ${code}`);
}

const importedRows = async () =>
  (
    await sql<{
      n: number;
    }>`select count(*)::int as n from platform.files where purpose = 'plan.import'`.execute(
      t.platform.context.database.db,
    )
  ).rows[0]!.n;

async function observationsOfAgency() {
  const owner = { kind: 'official', memberships: [{ unitId: 'hanoi', role: 'plan_owner' }] } as never;
  return t.platform.metrics.observations(owner, { agencyIds: [AGENCY], periods: [period] });
}

async function taskReport(code: string) {
  const { tasks } = await t.platform.plan.tasks({ kind: 'anonymous' }, PLAN_239, {
    q: code,
    limit: 10,
    offset: 0,
  });
  const task = tasks.find((candidate) => candidate.code === code)!;
  return sql<{
    progress: number;
    narrative: string;
  }>`select progress, narrative from plan.task_reports where task_id = ${task.id} and period = ${period}`
    .execute(t.platform.context.database.db)
    .then((result) => result.rows[0] ?? null);
}

describe('the agency template', () => {
  it('is pre-filled with the agency’s obligations, locked where it must be, with dropdowns and hidden metadata', async () => {
    const workbook = await download(reporter);
    const targets = workbook.getWorksheet(TARGETS)!;
    const tasks = workbook.getWorksheet(TASKS)!;
    expect(targets.getRow(1).getCell(1).value).toBe('Mã chỉ tiêu\nTarget code');
    const codes = [...Array(targets.rowCount - 1)].map((_, i) => targets.getRow(i + 2).getCell(1).value);
    expect(codes.sort()).toEqual(['G16', 'G19']);
    const g16 = targets.getRow(rowOf(targets, 'G16'));
    expect(g16.getCell(2).value).toBe('Hồ sơ công việc cấp xã xử lý trên môi trường mạng');
    expect(g16.getCell(4).value).toBe(period);
    // The confidence badge and the milestones travel with the target.
    expect(g16.getCell(5).value).toBe(
      'Tạm lấy từ văn bản khác của Hà Nội / Placeholder from another Hanoi document',
    );
    expect(String(g16.getCell(6).value)).toContain('2025: 60');
    // Excel locks cells by default: only the input cells carry `locked: false`.
    expect(g16.getCell(1).protection?.locked ?? true).toBe(true);
    expect(g16.getCell(8).protection?.locked).toBe(false);
    expect(g16.getCell(8).dataValidation?.type).toBe('decimal');
    const taskRow = tasks.getRow(rowOf(tasks, 'VD-15'));
    expect(taskRow.getCell(6).dataValidation).toMatchObject({ type: 'whole', formulae: [0, 100] });
    expect(taskRow.getCell(7).dataValidation?.type).toBe('list');
    const lists = workbook.getWorksheet('_lists')!;
    expect([1, 2, 3].map((row) => lists.getRow(row).getCell(1).value)).toEqual([
      'Chưa bắt đầu',
      'Đang thực hiện',
      'Hoàn thành',
    ]);
    // Sheet protection without a password.
    expect((targets as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
    const meta = workbook.getWorksheet('_meta')!;
    expect(meta.state).toBe('veryHidden');
    const entries = Object.fromEntries(
      [...Array(meta.rowCount - 1)].map((_, i) => [
        meta.getRow(i + 2).getCell(1).value,
        meta.getRow(i + 2).getCell(2).value,
      ]),
    );
    expect(entries).toMatchObject({ cycleId: openCycleId, agencyId: AGENCY, templateVersion: '1', period });
    expect(entries.generatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe('the XLSX round trip', () => {
  it('names the bad row in a dry run, saves nothing on commit, then saves everything once fixed', async () => {
    const filesBefore = await importedRows();
    const workbook = await download(reporter);
    const targets = workbook.getWorksheet(TARGETS)!;
    const tasks = workbook.getWorksheet(TASKS)!;
    const g16 = rowOf(targets, 'G16');
    const g19 = rowOf(targets, 'G19');
    targets.getRow(g16).getCell(8).value = 64.5;
    targets.getRow(g16).getCell(11).value = 'Số liệu từ hệ thống một cửa của phường';
    targets.getRow(g19).getCell(8).value = 'khoảng 90'; // the bad row
    const task = rowOf(tasks, 'VD-15');
    tasks.getRow(task).getCell(6).value = 80;
    tasks.getRow(task).getCell(7).value = 'Đang thực hiện';
    tasks.getRow(task).getCell(8).value = 'Đã tiếp nhận trực tuyến 80% hồ sơ của quý.';

    const dry = await upload(reporter, workbook, true);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ valid: false, saved: false, dryRun: true, fileErrors: [] });
    expect(dry.body.rows).toEqual([
      {
        sheet: TARGETS,
        row: g19,
        errors: [
          expect.objectContaining({
            column: 'Giá trị báo cáo / Value to report',
            vi: expect.stringContaining('"khoảng 90" không phải là số'),
            en: expect.stringContaining('is not a number'),
          }),
        ],
      },
    ]);

    const refused = await upload(reporter, workbook, false);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('unprocessable');
    expect(refused.body.report.rows).toEqual(dry.body.rows);
    expect(refused.body.report.saved).toBe(false);
    // Nothing saved: no value of the agency for the period, no task report, no stored upload.
    expect((await observationsOfAgency()).filter((o) => o.provenance.kind === 'imported')).toEqual([]);
    expect(await taskReport('VD-15')).toBeNull();
    expect(await importedRows()).toBe(filesBefore);

    targets.getRow(g19).getCell(8).value = 90;
    const fixedDry = await upload(reporter, workbook, true);
    expect(fixedDry.body).toMatchObject({ valid: true, rows: [], summary: { targets: 2, tasks: 1 } });
    expect(await importedRows()).toBe(filesBefore);

    const saved = await upload(reporter, workbook, false);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ valid: true, saved: true, summary: { targets: 2, tasks: 1 } });
    expect(saved.body.fileId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await importedRows()).toBe(filesBefore + 1);

    const observations = await observationsOfAgency();
    for (const [code, row, value] of [
      ['G16', g16, 64.5],
      ['G19', g19, 90],
    ] as const) {
      const observation = observations.find(
        (o) => o.provenance.kind === 'imported' && o.provenance.row === row,
      );
      expect(observation, code).toBeDefined();
      expect(observation!.value).toBe(value);
      expect(observation!.status).toBe('draft');
      expect(observation!.provenance).toMatchObject({
        kind: 'imported',
        fileId: saved.body.fileId,
        filename: 'báo-cáo-phường.xlsx',
        sheet: TARGETS,
        row,
        by: { name: 'Mai Thị Hồng Nhung' },
      });
    }
    expect(await taskReport('VD-15')).toEqual({
      progress: 80,
      narrative: 'Đã tiếp nhận trực tuyến 80% hồ sơ của quý.',
    });
    const audit = await sql<{
      details: Json;
    }>`select details from platform.audit_log where action = 'plan.task_report.save' order by seq desc limit 1`.execute(
      t.platform.context.database.db,
    );
    expect(audit.rows[0]!.details.provenance).toMatchObject({
      kind: 'imported',
      fileId: saved.body.fileId,
      sheet: TASKS,
      row: task,
    });

    // The next template shows what was entered, and an untouched re-upload changes nothing.
    const again = await download(reporter);
    const againDry = await upload(reporter, again, true);
    expect(againDry.body).toMatchObject({ valid: true, summary: { targets: 0, tasks: 0, unchanged: 3 } });
  });
});

describe('refusals', () => {
  it('refuses other agencies’ reporters and anonymous callers', async () => {
    const foreign = await otherReporter.request({ url: templateUrl(openCycleId) });
    expect(foreign.statusCode).toBe(403);
    const workbook = await download(reporter);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const body = multipartBody({ filename: 'x.xlsx', contentType: XLSX, bytes });
    const foreignUpload = await otherReporter.request({
      method: 'POST',
      url: importUrl(openCycleId, true),
      payload: body.payload,
      headers: body.headers,
    });
    expect(foreignUpload.statusCode).toBe(403);
    const anonymous = await t.server.inject({ url: templateUrl(openCycleId) });
    expect(anonymous.statusCode).toBe(401);
    const anonymousUpload = await t.server.inject({
      method: 'POST',
      url: importUrl(openCycleId, true),
      payload: body.payload,
      headers: { ...body.headers, authorization: 'Bearer none-such-token-000' },
    });
    expect(anonymousUpload.statusCode).toBe(401);
  });

  it('answers file and row errors, never a 500, for wrong files, locked periods and edited key columns', async () => {
    const workbook = await download(reporter);
    const targets = workbook.getWorksheet(TARGETS)!;
    const g16 = rowOf(targets, 'G16');
    targets.getRow(g16).getCell(2).value = 'Tên khác';
    targets.getRow(g16).getCell(8).value = 101;
    const edited = await upload(reporter, workbook, true);
    expect(edited.body.valid).toBe(false);
    expect(edited.body.rows[0]).toMatchObject({ sheet: TARGETS, row: g16 });
    expect(edited.body.rows[0].errors.map((e: Json) => e.column)).toEqual([
      'Tên chỉ tiêu / Target (Vietnamese)',
    ]);
    expect(edited.body.rows[0].errors[0].vi).toContain('Cột khóa đã bị sửa');

    // The open cycle's file uploaded to the approved (closed) one: wrong cycle, and locked.
    const wrongCycle = await upload(reporter, await download(reporter), true, closedCycleId);
    expect(wrongCycle.status).toBe(200);
    expect(wrongCycle.body.valid).toBe(false);
    const messages = wrongCycle.body.fileErrors.map((e: Json) => e.en).join(' ');
    expect(messages).toContain('Reporting cycle');
    const lockedCommit = await upload(
      reporter,
      await download(reporter, closedCycleId),
      false,
      closedCycleId,
    );
    expect(lockedCommit.status).toBe(422);
    expect(lockedCommit.body.report.fileErrors.map((e: Json) => e.vi).join(' ')).toMatch(
      /đã đóng|phê duyệt và khóa/,
    );

    const notXlsx = multipartBody({
      filename: 'a.xlsx',
      contentType: XLSX,
      bytes: Buffer.from('not a workbook'),
    });
    const refused = await reporter.request({
      method: 'POST',
      url: importUrl(openCycleId, true),
      payload: notXlsx.payload,
      headers: notXlsx.headers,
    });
    expect(refused.statusCode).toBe(415);
    const broken = multipartBody({
      filename: 'a.xlsx',
      contentType: XLSX,
      bytes: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('xl/ broken zip')]),
    });
    const unreadable = await reporter.request({
      method: 'POST',
      url: importUrl(openCycleId, true),
      payload: broken.payload,
      headers: broken.headers,
    });
    expect(unreadable.statusCode).toBe(200);
    expect(unreadable.json().fileErrors[0].en).toContain('could not be read');
  });
});
