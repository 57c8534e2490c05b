import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { searchAudit } from '../../platform/audit/audit.ts';
import type { Actor, Principal } from '../../platform/auth/principal.ts';
import { PLAN_239 } from './index.ts';
import type { PlanTrx } from './plan.tables.ts';
import { movableClock, official, principals } from './plan.test-support.ts';

/**
 * The plan service's writes as the imports use them: `createTarget`, and target and task writes
 * joined to the caller's transaction (`{ trx, provenance }`: all saved, or nothing); task reports
 * by the agency a cycle gave the task to (the successor of an ended lead unit) and by plan owners.
 */
let t: TestPlatform;
const as = (principal: Principal): Actor => ({ principal, requestId: 'test', ip: '127.0.0.1' });
const owner = as(principals.owner!);
const reporterHk = as(principals.reporterHoanKiem!);
const reporterYte = as(principals.reporterYte!);
const reviewerHk = as(official('reviewer.hk', [{ unitId: 'comm-00070', role: 'agency_reviewer' }]));
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? String(error),
  );

const newTarget = (code: string) => ({
  code,
  pillar: 'government',
  labelVi: `Chỉ tiêu thử ${code}`,
  labelEn: `Test target ${code}`,
  unit: '%',
  direction: 'at_least' as const,
  confidence: 'unknown',
  baseline: null,
  milestones: [{ year: 2025, value: 50 }],
  leadAgencyId: 'so-kh-cn',
  sourceDocument: null,
});
const newTask = (code: string, changes: Record<string, unknown> = {}) => ({
  code,
  titleVi: `Nhiệm vụ thử ${code}`,
  titleEn: `Test task ${code}`,
  pillar: 'government',
  leadAgencyId: 'so-kh-cn',
  coordinatingAgencyIds: [],
  startOn: '2026-01-01',
  deadline: '2027-06-30',
  deliverableVi: null,
  deliverableEn: null,
  targetCodes: [],
  status: 'not_started' as const,
  progress: 0,
  ...changes,
});

beforeAll(async () => {
  t = await createTestPlatform({ clock: movableClock('2026-11-26T03:00:00Z') });
});
afterAll(() => t?.close());

describe('createTarget', () => {
  it('adds a target with its indicator for plan owners, audited, and refuses what is wrong', async () => {
    const plan = t.platform.plan;
    expect(await codeOf(plan.createTarget(reporterYte, PLAN_239, newTarget('G98')))).toBe('forbidden');
    expect(await codeOf(plan.createTarget(owner, PLAN_239, newTarget('g98')))).toBe('validation_failed');
    expect(await codeOf(plan.createTarget(owner, PLAN_239, newTarget('G05')))).toBe('conflict');
    expect(
      await codeOf(plan.createTarget(owner, PLAN_239, { ...newTarget('G98'), pillar: 'no-such-pillar' })),
    ).toBe('validation_failed');
    expect(
      await codeOf(plan.createTarget(owner, PLAN_239, { ...newTarget('G98'), leadAgencyId: 'no-such-unit' })),
    ).toBe('not_found');

    const created = await plan.createTarget(owner, PLAN_239, newTarget('G98'));
    expect(created).toMatchObject({
      code: 'G98',
      indicatorCode: 'KH239.G98',
      unit: '%',
      confidence: 'unknown',
      leadAgency: { id: 'so-kh-cn' },
    });
    expect(await t.platform.metrics.indicator('KH239.G98')).toMatchObject({
      aggregation: 'average',
      periodType: 'quarter',
    });
    const [entry] = await searchAudit(t.platform.context.database, {
      action: 'plan.target.create',
      objectId: `${PLAN_239}/G98`,
      limit: 5,
    });
    expect(entry).toBeDefined();
  });
});

describe('writes inside the caller’s transaction', () => {
  const provenance = { kind: 'imported', fileId: 'f-1', filename: 'phu-luc.xlsx', sheet: 'S', row: 7 };
  const write = async (trx: PlanTrx) => {
    const plan = t.platform.plan;
    await plan.createTarget(owner, PLAN_239, newTarget('G97'), { trx, provenance });
    await plan.updateTarget(
      owner,
      PLAN_239,
      'G16',
      { confidence: 'official', pillar: 'government' },
      {
        trx,
        provenance,
      },
    );
    // The task links the target created a moment ago, in the same transaction.
    const id = await plan.createTask(owner, PLAN_239, newTask('NV-97', { targetCodes: ['G97'] }), {
      trx,
      provenance,
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await plan.updateTask(owner, id, { progress: 10, status: 'in_progress' }, { trx, provenance });
    return id;
  };

  it('save nothing when the caller gives up, and everything, audited with the provenance, when it commits', async () => {
    const plan = t.platform.plan;
    const db = t.platform.context.database.db;
    class GiveUp extends Error {}
    await expect(
      db.transaction().execute(async (trx) => {
        await write(trx);
        throw new GiveUp();
      }),
    ).rejects.toBeInstanceOf(GiveUp);
    expect(await codeOf(plan.target(principals.owner!, PLAN_239, 'G97'))).toBe('not_found');
    expect((await plan.target(principals.owner!, PLAN_239, 'G16')).confidence).not.toBe('official');
    expect((await plan.tasks(principals.owner!, PLAN_239, { q: 'NV-97', limit: 5, offset: 0 })).total).toBe(
      0,
    );

    const id = await db.transaction().execute(write);
    expect(await plan.target(principals.owner!, PLAN_239, 'G97')).toMatchObject({ code: 'G97' });
    expect((await plan.target(principals.owner!, PLAN_239, 'G16')).confidence).toBe('official');
    expect(await plan.task(principals.owner!, id)).toMatchObject({
      code: 'NV-97',
      targetCodes: ['G97'],
      progress: 10,
      status: 'in_progress',
    });
    for (const [action, objectId] of [
      ['plan.target.create', `${PLAN_239}/G97`],
      ['plan.target.update', `${PLAN_239}/G16`],
      ['plan.task.create', id],
      ['plan.task.update', id],
    ]) {
      const [entry] = await searchAudit(t.platform.context.database, { action, objectId, limit: 1 });
      expect(entry?.details, action).toMatchObject({ provenance });
    }
  });

  it('refuse as they do outside one: a non-owner, a taken code', async () => {
    const db = t.platform.context.database.db;
    expect(
      await codeOf(
        db
          .transaction()
          .execute((trx) => t.platform.plan.createTarget(reporterYte, PLAN_239, newTarget('G96'), { trx })),
      ),
    ).toBe('forbidden');
    expect(
      await codeOf(
        db
          .transaction()
          .execute((trx) => t.platform.plan.createTask(owner, PLAN_239, newTask('NV-97'), { trx })),
      ),
    ).toBe('conflict');
  });
});

describe('task reports of a task the cycle gave to another agency', () => {
  it('are the successor’s: its reporters and plan owners write them under its lock, and its approval applies them', async () => {
    const plan = t.platform.plan;
    // A task of Quận Hoàn Kiếm (dist-002, dissolved on 1 Jul 2025), now reported by Phường Hoàn Kiếm.
    const task = await plan.createTask(
      owner,
      PLAN_239,
      newTask('NV-95', { leadAgencyId: 'dist-002', startOn: '2024-01-01', deadline: '2027-12-31' }),
    );
    const cycle = await plan.openCycle(owner, PLAN_239, {
      period: '2026Q4',
      dueOn: '2027-01-15',
      generate: false,
    });
    await plan.editObligations(owner, cycle.id, {
      add: [{ agencyId: 'comm-00070', taskId: task.id }],
      remove: [],
    });
    const report = { narrative: 'Đã chuyển giao hồ sơ cho phường.', progress: 40, blockers: null };

    // The lead unit has no reporters left, and an agency without the obligation may not report it.
    expect(await codeOf(plan.saveTaskReport(reporterHk, task.id, '2026Q4', report))).toBe('forbidden');
    expect(
      await codeOf(plan.saveTaskReport(reporterYte, task.id, '2026Q4', report, { agencyId: 'so-y-te' })),
    ).toBe('unprocessable');
    expect(
      await codeOf(plan.saveTaskReport(reporterYte, task.id, '2026Q4', report, { agencyId: 'comm-00070' })),
    ).toBe('forbidden');

    const saved = await plan.saveTaskReport(reporterHk, task.id, '2026Q4', report, {
      agencyId: 'comm-00070',
    });
    expect(saved).toMatchObject({ agencyId: 'comm-00070', progress: 40, state: 'draft' });
    const byOwner = await plan.saveTaskReport(
      owner,
      task.id,
      '2026Q4',
      { ...report, progress: 45 },
      { agencyId: 'comm-00070' },
    );
    expect(byOwner).toMatchObject({ agencyId: 'comm-00070', progress: 45 });

    await plan.submit(reporterHk, cycle.id, 'comm-00070');
    expect(
      await codeOf(plan.saveTaskReport(reporterHk, task.id, '2026Q4', report, { agencyId: 'comm-00070' })),
    ).toBe('conflict');
    await plan.approve(reviewerHk, cycle.id, 'comm-00070');
    expect(await plan.task(principals.owner!, task.id)).toMatchObject({
      progress: 45,
      status: 'in_progress',
    });
  });
});
