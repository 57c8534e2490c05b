import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { Actor, Principal } from '../../platform/auth/principal.ts';
import { computedSources } from './plan.reference.ts';
import { createPlanHarness, movableClock, official, type PlanHarness } from './plan.test-support.ts';

/**
 * Targets the platform measures from the dossiers filed on it (services/dossiers/kpi.ts) and, for
 * G04, from its procedure catalogue (services/procedures/kpi.ts): bound, shown as measured, and
 * given their values by recompute, never by an agency.
 */
let t: TestPlatform;
let h: PlanHarness;
const PLAN = '/api/plan/plans/kh-239-2023';
const DOSSIER_SOURCES = {
  G03: 'services.dossiers_fully_online_share',
  G20: 'services.results_on_time_electronic_share',
  G21: 'services.dossiers_received_online_share',
  G27: 'services.satisfaction_share',
};
/** Counts services (procedures), not dossiers: the dossier source `dossiers_prefilled_share` stays unbound. */
const G04_SOURCE = 'services.online_procedures_prefilled_share';

const as = (principal: Principal): Actor => ({ principal, requestId: null, ip: null });

beforeAll(async () => {
  const clock = movableClock('2026-11-26T03:00:00Z');
  t = await createTestPlatform({ clock });
  h = await createPlanHarness(t, clock);
}, 180_000);
afterAll(async () => {
  await h?.close();
});

describe('targets measured from dossiers', () => {
  it('binds G03, G20, G21 and G27 to the dossier sources and G04 to the procedures one, and says so', async () => {
    const overview = (await h.as('caseOfficer', { url: `${PLAN}/overview?period=2026Q4` })).json();
    const byCode = new Map(overview.targets.map((target: { code: string }) => [target.code, target]));
    for (const [code, source] of Object.entries(DOSSIER_SOURCES)) {
      const target = byCode.get(code) as { measuredBy: { source: string; note: { vi: string } } };
      expect(target.measuredBy.source, code).toBe(source);
      expect(target.measuredBy.note.vi, code).toMatch(/Đo tự động/);
      expect((await h.t.platform.metrics.indicator(`KH239.${code}`))!.computedSource, code).toBe(source);
    }
    // G04 counts procedures whose form can be pre-filled, not the dossiers that were.
    expect((byCode.get('G04') as { measuredBy: { source: string } }).measuredBy.source).toBe(G04_SOURCE);
    expect((await h.t.platform.metrics.indicator('KH239.G04'))!.computedSource).toBe(G04_SOURCE);
    const g04 = h.t.platform.metrics.sources().find((s) => s.name === G04_SOURCE)!;
    expect(g04.description.en).toMatch(/not whether the service was redesigned/);
    expect(g04.description.en).toMatch(/registry keeps no history/);
    expect(Object.values(computedSources)).not.toContain('services.dossiers_prefilled_share');
    // Each source says it covers only this platform's dossiers.
    const sources = h.t.platform.metrics.sources();
    for (const source of Object.values(DOSSIER_SOURCES)) {
      const described = sources.find((s) => s.name === source)!;
      expect(described.description.en, source).toMatch(/this platform/);
      expect(described.description.vi, source).toMatch(/nền tảng này/);
    }
  });

  it('takes G21 from the dossiers on recompute, with the computed provenance', async () => {
    const { process } = t.platform.services.dossiers;
    const officer = as(official('hoso.xd', [{ unitId: 'so-xay-dung', role: 'case_officer' }]));
    for (const [name, personalId] of [
      ['Người Thứ Nhất', '001090000101'],
      ['Người Thứ Hai', '001090000102'],
    ] as const) {
      await process.counterIntake(officer, {
        procedureCode: 'cap-nuoc-sach-sinh-hoat',
        agencyId: 'so-xay-dung',
        personalId,
        applicantName: name,
        answers: {
          fullName: name,
          personalId,
          dateOfBirth: '1990-01-01',
          phone: '0911111111',
          installAddress: { detail: 'Số 2 phố Hàng Bài', communeCode: '00070', provinceCode: '01' },
          tenure: 'owner',
          householdSize: 3,
        },
      });
    }
    const result = await h.t.platform.metrics.recompute({ source: DOSSIER_SOURCES.G21, periods: ['2026Q4'] });
    expect(result.failed).toEqual([]);
    expect(result.written).toBe(1);

    const detail = (await h.as('caseOfficer', { url: `${PLAN}/targets/G21?period=2026Q4` })).json();
    expect(detail.measuredBy).toMatchObject({ source: DOSSIER_SOURCES.G21, demo: false });
    expect(detail.measuredBy.query).toMatch(/from services\.dossiers/);
    const observation = detail.observations.find((o: { period: string }) => o.period === '2026Q4');
    // Two dossiers at the counter, none online: 0 of 2.
    expect(observation).toMatchObject({
      agencyId: 'hanoi',
      value: 0,
      numerator: 0,
      denominator: 2,
      status: 'approved',
      example: false,
      provenance: { kind: 'computed', source: DOSSIER_SOURCES.G21 },
    });
    expect(detail.series.at(-1)).toMatchObject({ period: '2026Q4', value: 0, provenanceKind: 'computed' });
  });

  it('takes G04 from the procedure catalogue on recompute, labelled demo while the simulated registry pre-fills', async () => {
    const result = await h.t.platform.metrics.recompute({ source: G04_SOURCE, periods: ['2026Q4'] });
    expect(result.failed).toEqual([]);
    const detail = (await h.as('caseOfficer', { url: `${PLAN}/targets/G04?period=2026Q4` })).json();
    expect(detail.measuredBy).toMatchObject({ source: G04_SOURCE, demo: true });
    expect(detail.measuredBy.query).toMatch(/from services\.procedures/);
    const published = (await t.platform.services.procedures.list({ limit: 10_000 })).items.length;
    const observation = detail.observations.find((o: { period: string }) => o.period === '2026Q4');
    // Every seeded form binds items of the population registry (person.fullName at least).
    expect(observation).toMatchObject({
      agencyId: 'hanoi',
      value: 100,
      numerator: published,
      denominator: published,
      status: 'approved',
      provenance: { kind: 'computed', source: G04_SOURCE },
    });
  });

  it('refuses a hand-entered value for a measured target', async () => {
    const response = await h.as('owner', {
      method: 'POST',
      url: `${PLAN}/cycles`,
      payload: { period: '2026Q4', dueOn: '2027-01-15' },
    });
    expect(response.statusCode).toBe(201);
    const codes = response.json().obligations.map((o: { targetCode: string | null }) => o.targetCode);
    for (const code of [...Object.keys(DOSSIER_SOURCES), 'G04']) expect(codes, code).not.toContain(code);
    expect(codes).toContain('G07');
    const entered = await h.t.platform.metrics
      .saveObservation(as(official('owner', [{ unitId: 'hanoi', role: 'plan_owner' }])), {
        indicatorCode: 'KH239.G21',
        period: '2026Q4',
        agencyId: 'hanoi',
        value: 90,
      })
      .then(
        () => null,
        (error: Error) => error.message,
      );
    expect(entered).toMatch(/measured by the platform/);
  });
});
