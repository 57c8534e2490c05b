import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../test/support/platform.ts';
import { systemActor } from '../../platform/auth/principal.ts';
import { REMINDER_JOB } from './index.ts';
import { createPlanHarness, movableClock, type PlanHarness } from './plan.test-support.ts';

let h: PlanHarness;
const PLAN = '/api/plan/plans/kh-239-2023';
const people: Record<string, string> = {};
let cycleId: string;

const runJob = async (at: string) => {
  h.clock.set(at);
  await h.t.platform.context.jobs.runNow(REMINDER_JOB, {});
};
const inbox = (who: string) =>
  h.t.platform.context.notify.inbox({ kind: 'official', id: people[who]! }, { limit: 50 });

beforeAll(async () => {
  const clock = movableClock('2026-11-26T03:00:00Z');
  h = await createPlanHarness(await createTestPlatform({ clock }), clock);
  const org = h.t.platform.org;
  const actor = systemActor('test:officials');
  const add = async (
    key: string,
    unitId: string,
    role: 'agency_reporter' | 'agency_reviewer',
    email: string | null,
  ) => {
    people[key] = (
      await org.createOfficial(actor, { fullName: key, email, memberships: [{ unitId, role }] })
    ).id;
  };
  await add('yte1', 'so-y-te', 'agency_reporter', 'baocao1.yte@example.org');
  await add('yte2', 'so-y-te', 'agency_reporter', null);
  await add('yteReviewer', 'so-y-te', 'agency_reviewer', 'duyet.yte@example.org');
  await add('xd', 'so-xay-dung', 'agency_reporter', 'baocao.xd@example.org');
  // A reporter held at the city reaches every agency, but reminders go to each agency's own.
  await add('city', 'hanoi', 'agency_reporter', 'baocao.thanhpho@example.org');
  await h.as('owner', {
    method: 'POST',
    url: `${PLAN}/tasks`,
    payload: {
      code: 'R-1',
      titleVi: 'Nhiệm vụ',
      titleEn: 'Task',
      pillar: 'government',
      leadAgencyId: 'so-xay-dung',
      startOn: '2026-01-01',
      deadline: '2027-12-31',
    },
  });
  const cycle = await h.as('owner', {
    method: 'POST',
    url: `${PLAN}/cycles`,
    payload: { period: '2026Q4', dueOn: '2026-12-05' },
  });
  cycleId = cycle.json().id;
});
afterAll(async () => {
  await h?.close();
});

describe('plan.reminders (daily job)', () => {
  it('sends nothing well before the due date', async () => {
    await runJob('2026-11-26T00:30:00Z');
    expect(await inbox('yte1')).toEqual([]);
  });

  it('reminds each agency’s reporters three days before the due date, once, in the app and by e-mail', async () => {
    await runJob('2026-12-02T00:30:00Z');
    const [first] = await inbox('yte1');
    expect(first).toMatchObject({
      topic: 'plan.reminder',
      link: `/console/bao-cao/${cycleId}/so-y-te`,
    });
    expect(first!.subject_vi).toContain('Sắp đến hạn báo cáo Quý 4/2026');
    expect(first!.body_en).toContain('Department of Health');
    expect(await inbox('yte2')).toHaveLength(1);
    expect(await inbox('xd')).toHaveLength(1);
    expect(await inbox('yteReviewer')).toEqual([]);
    expect(await inbox('city')).toEqual([]);
    // No SMTP in the test: the e-mail waits in the local outbox the console shows.
    const outbox = await h.t.platform.context.notify.outbox(50);
    expect(outbox.map((m) => m.to_address).sort()).toEqual([
      'baocao.xd@example.org',
      'baocao1.yte@example.org',
    ]);
    expect(outbox.every((m) => m.status === 'local')).toBe(true);

    await runJob('2026-12-02T09:00:00Z');
    await runJob('2026-12-04T00:30:00Z');
    expect(await inbox('yte1')).toHaveLength(1);
  });

  it('reminds daily after the due date while not submitted', async () => {
    const submitted = await h.as('reporterXd', {
      method: 'POST',
      url: `/api/plan/cycles/${cycleId}/agencies/so-xay-dung/submit`,
      payload: {},
    });
    expect(submitted.statusCode).toBe(200);
    await runJob('2026-12-06T00:30:00Z');
    await runJob('2026-12-06T10:00:00Z');
    const notes = await inbox('yte1');
    expect(notes).toHaveLength(2);
    expect(notes[0]!.subject_en).toBe('Report for Q4 2026 overdue (due 5 Dec 2026)');
    expect(await inbox('xd')).toHaveLength(1);
    await runJob('2026-12-07T00:30:00Z');
    expect(await inbox('yte1')).toHaveLength(3);
    const audit = await h.t.platform.context.database.db
      .selectFrom('platform.audit_log')
      .select(['details', 'agency_id'])
      .where('action', '=', 'plan.reminder.send')
      .where('agency_id', '=', 'so-y-te')
      .execute();
    expect(audit.map((a: { details: { kind: string } }) => a.details.kind)).toEqual([
      'before_due',
      'overdue',
      'overdue',
    ]);
  });

  it('stops once the cycle is closed', async () => {
    await h.as('owner', {
      method: 'PATCH',
      url: `/api/plan/cycles/${cycleId}`,
      payload: { status: 'closed' },
    });
    await runJob('2026-12-08T00:30:00Z');
    expect(await inbox('yte1')).toHaveLength(3);
  });
});
