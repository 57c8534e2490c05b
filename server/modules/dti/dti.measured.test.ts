import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { PLAN_239 } from '../plan/index.ts';
import { dtiRoutes } from './dti.routes.ts';
import { createDtiHarness, type DtiHarness, dtiPrincipals } from './dti.test-support.ts';
import { planCompletion } from './measured.service.ts';

let t: TestPlatform;
let h: DtiHarness;
let cycleId: string;
let lateTaskId: string;
const council = { principal: dtiPrincipals.council!, requestId: null, ip: null };
// A fixed day, so that which tasks are due does not depend on when the test runs.
const clock = { now: () => new Date('2026-11-26T03:00:00Z'), today: () => '2026-11-26' };
const year = 2026;

const task = (code: string, deadline: string, status: 'done' | 'in_progress') => ({
  code,
  titleVi: `Nhiệm vụ thử ${code}`,
  titleEn: `Test task ${code}`,
  pillar: 'government',
  leadAgencyId: 'so-y-te',
  coordinatingAgencyIds: [],
  startOn: `${year}-01-01`,
  deadline,
  deliverableVi: null,
  deliverableEn: null,
  targetCodes: [],
  status,
  progress: status === 'done' ? 100 : 50,
});

const planEntry = async () => {
  const entries = (
    await h.as('appraiser', { method: 'GET', url: `/api/dti/cycles/${cycleId}/units/so-y-te/entries` })
  ).json();
  return entries.find((e: { code: string }) => e.code === '9.1');
};

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  h = await createDtiHarness(dtiRoutes(t.platform.dti));
  // This year's tasks of so-y-te: one done, one due in the future (not counted yet).
  const plan = t.platform.plan;
  await plan.createTask(council, PLAN_239, task('DTI-A', `${year}-01-15`, 'done'));
  const created = await plan.createTask(council, PLAN_239, task('DTI-B', '2026-12-20', 'in_progress'));
  lateTaskId = typeof created === 'string' ? created : created.id;
  // This year's department framework: the 2025 reference copied forward.
  const [dept] = (
    await h.as(null, { method: 'GET', url: '/api/dti/frameworks?year=2025&unitSet=departments' })
  ).json();
  const copy = await h.as('council', {
    method: 'POST',
    url: `/api/dti/frameworks/${dept.id}/copy`,
    payload: { year },
  });
  const opened = await h.as('council', {
    method: 'POST',
    url: '/api/dti/cycles',
    payload: { frameworkId: copy.json().id, units: [{ unitId: 'so-y-te' }, { unitId: 'so-xay-dung' }] },
  });
  expect(opened.statusCode).toBe(201);
  cycleId = opened.json().id;
});
afterAll(async () => {
  await h?.close();
  await t?.close();
});

describe('measured sub-indices', () => {
  it('counts done tasks against tasks due or done in the year', () => {
    const tasks = [
      { code: 'a', deadline: '2026-03-01', status: 'done' },
      { code: 'b', deadline: '2026-05-01', status: 'overdue' },
      { code: 'c', deadline: '2026-12-01', status: 'in_progress' },
      { code: 'd', deadline: '2025-05-01', status: 'done' },
      { code: 'e', deadline: '2026-04-01', status: 'cancelled' },
    ];
    expect(planCompletion(tasks, 2026, '2026-11-27')).toEqual({ done: 1, counted: 2, share: 0.5 });
    expect(planCompletion([], 2026, '2026-11-27').share).toBeNull();
  });

  it('fills plan completion when the cycle opens, with provenance', async () => {
    const entry = await planEntry();
    expect(entry).toMatchObject({
      value: 1,
      status: 'accepted',
      provenance: { kind: 'measured', indicatorCode: 'DTI_PLAN_TASKS_ON_TIME' },
    });
    expect(entry.provenance.detail).toContain('1/1');
  });

  it('a task marked late lowers the agency’s plan completion after recomputation', async () => {
    await t.platform.plan.updateTask(council, lateTaskId, { deadline: `${year}-01-20` });
    expect((await planEntry()).value).toBe(1);
    expect(
      (await h.as('reporterYte', { method: 'POST', url: `/api/dti/cycles/${cycleId}/recompute` })).statusCode,
    ).toBe(403);
    const recomputed = await h.as('appraiser', {
      method: 'POST',
      url: `/api/dti/cycles/${cycleId}/recompute`,
    });
    expect(recomputed.statusCode).toBe(200);
    const entry = await planEntry();
    expect(entry.value).toBe(0.5);
    expect(entry.provenance.detail).toContain('1/2');
  });

  it('units cannot overwrite a measured item', async () => {
    const res = await h.as('reporterYte', {
      method: 'PUT',
      url: `/api/dti/cycles/${cycleId}/units/so-y-te/entries/9.1`,
      payload: { value: 1 },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toBeTruthy();
  });
});
