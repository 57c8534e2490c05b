import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../test/support/platform.ts';
import { createPlanHarness, movableClock, type PlanHarness } from './plan.test-support.ts';

let h: PlanHarness;
const PLAN = '/api/plan/plans/kh-239-2023';

beforeAll(async () => {
  const clock = movableClock('2026-11-26T03:00:00Z');
  h = await createPlanHarness(await createTestPlatform({ clock, demo: true }), clock);
}, 300_000);
afterAll(async () => {
  await h?.close();
});

describe('demo data (examples, clearly labelled)', () => {
  it('has thirty example tasks over real agencies, districts and merged departments among them', async () => {
    const { total, tasks } = (await h.as('caseOfficer', { url: `${PLAN}/tasks?limit=100` })).json();
    expect(total).toBe(30);
    for (const task of tasks) {
      expect(task.example).toBe(true);
      expect(task.titleVi.startsWith('[Ví dụ] ')).toBe(true);
      expect(task.titleEn.startsWith('[Example] ')).toBe(true);
    }
    const leads = new Map(tasks.map((t: { code: string; leadAgency: unknown }) => [t.code, t.leadAgency]));
    expect(leads.get('VD-11')).toMatchObject({ id: 'dist-001', kind: 'district', current: false });
    expect(leads.get('VD-04')).toMatchObject({
      id: 'so-tt-tt',
      current: false,
      successors: [{ id: 'so-kh-cn' }, { id: 'so-vh-tt' }],
    });
    expect(tasks.filter((t: { overdue: boolean }) => t.overdue).length).toBeGreaterThan(3);
    expect((await h.as('caseOfficer', { url: `${PLAN}/tasks?example=false` })).json().total).toBe(0);
  });

  it('has example observations from 2023 on, approved, with a seed provenance saying they are not real', async () => {
    const g08 = (await h.as('caseOfficer', { url: `${PLAN}/targets/G08` })).json();
    expect(g08.series[0]).toMatchObject({
      period: '2023Q1',
      example: true,
      provenanceKind: 'seed',
      source: 'city',
    });
    expect(g08.series.at(-1).period).toBe('2026Q3');
    expect(g08.observations[0].provenance.note).toContain('Example, not real data');
    const g16 = (await h.as('caseOfficer', { url: `${PLAN}/targets/G16?period=2024Q4` })).json();
    const units = g16.observations
      .filter((o: { period: string }) => o.period === '2024Q4')
      .map((o: { agencyId: string }) => o.agencyId);
    expect(units).toEqual(expect.arrayContaining(['dist-001', 'dist-269', 'hanoi']));
    const overview = (await h.as('caseOfficer', { url: `${PLAN}/overview` })).json();
    expect(overview.period).toBe('2026Q3');
    const rated = overview.targets.filter((t: { status: string }) => t.status !== 'no_data');
    expect(rated.length).toBeGreaterThan(30);
    // Every value shown is either a labelled example or measured by the platform itself (computed).
    const unlabelled = rated.filter(
      (t: { latest: { example: boolean; provenanceKind: string } | null }) =>
        t.latest?.example === false && t.latest.provenanceKind !== 'computed',
    );
    expect(unlabelled).toEqual([]);
  });

  it('has one closed, approved cycle and one open cycle for the current quarter', async () => {
    const cycles = (await h.as('caseOfficer', { url: `${PLAN}/cycles` })).json();
    expect(cycles.map((c: { period: string; status: string }) => [c.period, c.status])).toEqual([
      ['2026Q4', 'open'],
      ['2026Q3', 'closed'],
    ]);
    expect(cycles[1].counts).toMatchObject({ approved: 4 });
    expect(cycles.every((c: { example: boolean }) => c.example)).toBe(true);
    const completion = (
      await h.as('caseOfficer', { url: `/api/plan/cycles/${cycles[0].id}/completion` })
    ).json();
    expect(completion.rows.map((r: { agency: { id: string } }) => r.agency.id).sort()).toEqual([
      'comm-00070',
      'so-kh-cn',
      'so-xay-dung',
      'so-y-te',
    ]);
    const worklist = (
      await h.as('reporterYte', { url: `/api/plan/cycles/${cycles[0].id}/agencies/so-y-te/worklist` })
    ).json();
    expect(worklist).toMatchObject({ editable: true, submission: { state: 'draft' } });
    expect(worklist.targets[0]).toMatchObject({
      code: 'S03',
      observation: { status: 'draft', example: true },
    });
    expect(worklist.targets[0].previous).toMatchObject({ period: '2026Q3' });
  });

  it('seeds again without adding anything', async () => {
    expect(await h.t.platform.plan.seedDemo()).toEqual({ tasks: 0, observations: 0, cycles: 0 });
  });
});
