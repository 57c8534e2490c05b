import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { searchAudit } from '../../platform/audit/audit.ts';
import {
  type Actor,
  acrValues,
  anonymous,
  type Principal,
  systemActor,
} from '../../platform/auth/principal.ts';
import type { ComputedValue } from '../../platform/kpi.ts';
import type { Indicator, MetricsService } from './index.ts';
import type { MetricsServiceExtras } from './metrics.service.ts';

/** The metrics service as the plan module uses it: indicators, saving, locks, status moves, recompute. */
let t: TestPlatform;
let metrics: MetricsService;

const official = (username: string, memberships: { unitId: string; role: string }[]): Principal => ({
  kind: 'official',
  accountId: `acct-${username}`,
  officialId: `official-${username}`,
  sessionId: 'session',
  username,
  fullName: `Cán bộ ${username}`,
  acr: acrValues.officialMfa,
  memberships: memberships as never,
});
const as = (principal: Principal): Actor => ({ principal, requestId: 'test', ip: '127.0.0.1' });
const owner = as(official('owner', [{ unitId: 'hanoi', role: 'plan_owner' }]));
/** plan_owner held at one agency (org grants it only at the city): it does not reach the city's register. */
const ownerAtAgency = as(official('owner-khcn', [{ unitId: 'so-kh-cn', role: 'plan_owner' }]));
const reporterA = as(official('reporter-a', [{ unitId: 'so-y-te', role: 'agency_reporter' }]));
const reviewerA = as(official('reviewer-a', [{ unitId: 'so-y-te', role: 'agency_reviewer' }]));
const system = systemActor('test:metrics');

const indicator = (code: string, changes: Partial<Indicator> = {}) => ({
  code,
  nameVi: `Chỉ tiêu ${code}`,
  nameEn: `Indicator ${code}`,
  descriptionVi: null,
  descriptionEn: null,
  unit: '%',
  direction: 'at_least' as const,
  aggregation: 'last' as const,
  periodType: 'quarter' as const,
  decimals: 1,
  computedSource: null,
  ...changes,
});

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? String(error),
  );

/** A fixed day (Hanoi), the current quarter 2026Q4 and the previous 2026Q3; each reading a second later. */
let tick = 0;
const clock = { now: () => new Date(Date.UTC(2026, 10, 20, 3, 0, tick++)), today: () => '2026-11-20' };

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  metrics = t.platform.metrics;
});
afterAll(() => t?.close());

describe('indicators', () => {
  it('are created by plan owners only, validated, and audited once however often they are loaded', async () => {
    expect(await codeOf(metrics.upsertIndicator(reporterA, indicator('T01')))).toBe('forbidden');
    expect(await codeOf(metrics.upsertIndicator(ownerAtAgency, indicator('T01')))).toBe('forbidden');
    const withExtras = metrics as MetricsService & MetricsServiceExtras;
    expect(await codeOf(withExtras.recomputeFor(ownerAtAgency, {}))).toBe('forbidden');
    expect(await codeOf(metrics.upsertIndicator(owner, indicator('T01', { decimals: 9 })))).toBe(
      'validation_failed',
    );
    expect(await codeOf(metrics.upsertIndicator(owner, indicator('T01', { computedSource: 'nope.x' })))).toBe(
      'not_found',
    );
    expect(
      await codeOf(
        metrics.upsertIndicator(
          owner,
          indicator('T01', { computedSource: 'identity.citizens_unified_sign_in_share', unit: 'count' }),
        ),
      ),
    ).toBe('validation_failed');
    const created = await metrics.upsertIndicator(owner, indicator('T01', { nameVi: '  Tỷ lệ thử  ' }));
    expect(created).toMatchObject({ code: 'T01', nameVi: 'Tỷ lệ thử', example: false });
    await metrics.upsertIndicator(owner, indicator('T01', { nameVi: 'Tỷ lệ thử' }));
    expect(await metrics.indicator('T01')).toEqual(created);
    expect(await metrics.indicator('missing')).toBeNull();
    const entries = await searchAudit(t.platform.context.database, {
      objectType: 'metrics.indicator',
      objectId: 'T01',
      limit: 10,
    });
    expect(entries.map((entry) => entry.action)).toEqual(['metrics.indicator.create']);
  });

  it('keep their unit, aggregation and period type once they have observations', async () => {
    await metrics.upsertIndicator(owner, indicator('T02'));
    await metrics.saveObservation(owner, {
      indicatorCode: 'T02',
      period: '2026Q1',
      agencyId: 'hanoi',
      value: 40,
    });
    expect(await codeOf(metrics.upsertIndicator(owner, indicator('T02', { periodType: 'month' })))).toBe(
      'conflict',
    );
    const renamed = await metrics.upsertIndicator(owner, indicator('T02', { nameEn: 'Renamed' }));
    expect(renamed.nameEn).toBe('Renamed');
  });
});

describe('saving observations', () => {
  beforeAll(async () => {
    await metrics.upsertIndicator(owner, indicator('S01', { aggregation: 'ratio' }));
    await metrics.upsertIndicator(
      owner,
      indicator('S02', { unit: 'count', aggregation: 'sum', decimals: 0 }),
    );
  });

  it('saves a reporter’s value for their own agency as a draft with manual provenance', async () => {
    const saved = await metrics.saveObservation(reporterA, {
      indicatorCode: 'S01',
      period: '2026Q2',
      agencyId: 'so-y-te',
      value: null,
      numerator: 3,
      denominator: 12,
      comment: '  Theo báo cáo quý  ',
    });
    expect(saved).toMatchObject({
      status: 'draft',
      value: 25,
      numerator: 3,
      denominator: 12,
      comment: 'Theo báo cáo quý',
      provenance: { kind: 'manual', by: { accountId: 'acct-reporter-a', name: 'Cán bộ reporter-a' } },
      evidence: [],
    });
  });

  it('refuses other agencies, unknown agencies, wrong periods and values out of range', async () => {
    const base = { indicatorCode: 'S02', period: '2026Q2', agencyId: 'so-y-te', value: 3 };
    expect(await codeOf(metrics.saveObservation(reporterA, { ...base, agencyId: 'so-xay-dung' }))).toBe(
      'forbidden',
    );
    expect(await codeOf(metrics.saveObservation(reviewerA, base))).toBe('forbidden');
    expect(await codeOf(metrics.saveObservation(owner, { ...base, agencyId: 'khong-co-don-vi' }))).toBe(
      'not_found',
    );
    expect(await codeOf(metrics.saveObservation(reporterA, { ...base, period: '202604' }))).toBe(
      'validation_failed',
    );
    expect(await codeOf(metrics.saveObservation(reporterA, { ...base, period: '2099Q1' }))).toBe(
      'unprocessable',
    );
    expect(await codeOf(metrics.saveObservation(reporterA, { ...base, value: 2.5 }))).toBe(
      'validation_failed',
    );
    expect(await codeOf(metrics.saveObservation(reporterA, { ...base, indicatorCode: 'NONE' }))).toBe(
      'not_found',
    );
    expect(
      await codeOf(
        metrics.saveObservation(reporterA, {
          ...base,
          provenance: { kind: 'computed', source: 'x.y', query: 'select 1', at: '' },
        }),
      ),
    ).toBe('unprocessable');
  });

  it('locks a submitted value, reopens a returned one as a draft, and refuses edits once approved', async () => {
    const key = { agencyId: 'so-y-te', period: '2026Q2', indicatorCodes: ['S02'] };
    const save = (value: number) =>
      metrics.saveObservation(reporterA, {
        indicatorCode: 'S02',
        period: '2026Q2',
        agencyId: 'so-y-te',
        value,
      });
    await save(5);
    const db = t.platform.context.database.db;
    expect(await db.transaction().execute((trx) => metrics.setStatus(trx, reporterA, key, 'submitted'))).toBe(
      1,
    );
    await expect(save(6)).rejects.toMatchObject({ code: 'conflict', status: 409 });
    // Nothing to move twice.
    expect(await db.transaction().execute((trx) => metrics.setStatus(trx, reporterA, key, 'submitted'))).toBe(
      0,
    );
    await db
      .transaction()
      .execute((trx) => metrics.setStatus(trx, reviewerA, key, 'returned', 'Thiếu minh chứng'));
    const again = await save(7);
    expect(again).toMatchObject({ status: 'draft', value: 7 });
    // A draft cannot be approved by a person without being submitted.
    await expect(
      db.transaction().execute((trx) => metrics.setStatus(trx, reviewerA, key, 'approved')),
    ).rejects.toMatchObject({ code: 'conflict' });
    await db.transaction().execute((trx) => metrics.setStatus(trx, reporterA, key, 'submitted'));
    await db.transaction().execute((trx) => metrics.setStatus(trx, reviewerA, key, 'approved'));
    await expect(save(8)).rejects.toMatchObject({
      code: 'conflict',
      detail: { vi: 'Kỳ báo cáo đã được phê duyệt và khóa.' },
    });
    const returned = await searchAudit(t.platform.context.database, {
      action: 'metrics.observation.status',
      limit: 10,
    });
    expect(returned.some((entry) => entry.details.reason === 'Thiếu minh chứng')).toBe(true);
    // The plan owner reopens: back to draft, editable again.
    await db.transaction().execute((trx) => metrics.setStatus(trx, owner, key, 'draft', 'Sửa số liệu'));
    expect((await save(9)).value).toBe(9);
  });

  it('joins the caller’s transaction, rolling back with it', async () => {
    const db = t.platform.context.database.db;
    await expect(
      db.transaction().execute(async (trx) => {
        await metrics.saveObservation(
          system,
          { indicatorCode: 'S02', period: '2026Q1', agencyId: 'so-y-te', value: 1, example: true },
          trx,
        );
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(
      await metrics.observations(as(official('o', [{ unitId: 'hanoi', role: 'plan_owner' }])).principal, {
        indicatorCodes: ['S02'],
        periods: ['2026Q1'],
      }),
    ).toEqual([]);
    const seeded = await db
      .transaction()
      .execute((trx) =>
        metrics.saveObservation(
          system,
          { indicatorCode: 'S02', period: '2026Q1', agencyId: 'so-y-te', value: 1, example: true },
          trx,
        ),
      );
    expect(seeded).toMatchObject({ example: true, provenance: { kind: 'seed', note: 'test:metrics' } });
  });

  it('shows drafts only to the agency’s reporters and reviewers and to plan owners', async () => {
    const filter = { indicatorCodes: ['S01', 'S02'], periods: ['2026Q2'] };
    const statuses = async (principal: Principal) =>
      (await metrics.observations(principal, filter)).map((o) => `${o.indicatorCode}:${o.status}`).sort();
    expect(await statuses(anonymous)).toEqual([]);
    expect(await statuses(reporterA.principal)).toEqual(['S01:draft', 'S02:draft']);
    expect(await statuses(reviewerA.principal)).toEqual(['S01:draft', 'S02:draft']);
    expect(await statuses(official('b', [{ unitId: 'so-xay-dung', role: 'agency_reporter' }]))).toEqual([]);
    expect(await statuses(owner.principal)).toEqual(['S01:draft', 'S02:draft']);
    const key = { agencyId: 'so-y-te', period: '2026Q2', indicatorCodes: ['S01'] };
    const db = t.platform.context.database.db;
    await db.transaction().execute((trx) => metrics.setStatus(trx, system, key, 'approved'));
    expect(await statuses(anonymous)).toEqual(['S01:approved']);
    expect(await metrics.observations(anonymous, { ...filter, statuses: ['draft'] })).toEqual([]);
    expect(await metrics.observations(owner.principal, { indicatorCodes: [] })).toEqual([]);
  });
});

describe('computed sources', () => {
  let reading: ComputedValue | Error = {
    value: 10,
    numerator: 1,
    denominator: 10,
    query: 'select 1',
    demo: true,
  };
  const calls: { period: string; agencyId: string | null }[] = [];

  beforeAll(async () => {
    metrics.registerSource({
      name: 'test.share',
      label: { vi: 'Tỷ lệ thử', en: 'Test share' },
      description: { vi: 'Dùng cho kiểm thử', en: 'For tests' },
      unit: '%',
      scope: 'city',
      async compute(period, agencyId) {
        calls.push({ period: period.id, agencyId });
        if (reading instanceof Error) throw reading;
        return { ...reading, query: `${reading.query} -- ${period.id}` };
      },
    });
    await metrics.upsertIndicator(
      owner,
      indicator('C01', { computedSource: 'test.share', aggregation: 'ratio' }),
    );
  });

  it('refuses registering a name twice or a name without its module', () => {
    const source = { ...metrics.sources()[0]!, compute: async () => reading as ComputedValue };
    expect(() => metrics.registerSource({ ...source, name: 'test.share', unit: '%' })).toThrow(/twice/);
    expect(() => metrics.registerSource({ ...source, name: 'share', unit: '%' })).toThrow(/module/);
  });

  it('stores approved values with the query as provenance, for the current and previous period', async () => {
    const result = await metrics.recompute({ source: 'test.share' });
    expect(result).toEqual({ written: 2, unchanged: 0, failed: [] });
    expect(calls.map((call) => call.period)).toEqual(['2026Q3', '2026Q4']);
    expect(calls.every((call) => call.agencyId === null)).toBe(true);
    const [observation] = await metrics.observations(anonymous, {
      indicatorCodes: ['C01'],
      periods: ['2026Q4'],
    });
    expect(observation).toMatchObject({
      agencyId: 'hanoi',
      status: 'approved',
      value: 10,
      numerator: 1,
      denominator: 10,
      demo: true,
      provenance: { kind: 'computed', source: 'test.share', query: 'select 1 -- 2026Q4' },
    });
    const source = metrics.sources().find((s) => s.name === 'test.share');
    expect(source?.lastRun).toMatchObject({
      periods: ['2026Q3', '2026Q4'],
      written: 2,
      query: 'select 1 -- 2026Q4',
    });
  });

  it('does not rewrite unchanged values, and rewrites changed ones', async () => {
    const before = (
      await metrics.observations(anonymous, { indicatorCodes: ['C01'], periods: ['2026Q4'] })
    )[0]!;
    expect(await metrics.recompute({ source: 'test.share' })).toEqual({
      written: 0,
      unchanged: 2,
      failed: [],
    });
    const same = (
      await metrics.observations(anonymous, { indicatorCodes: ['C01'], periods: ['2026Q4'] })
    )[0]!;
    expect(same.updatedAt).toBe(before.updatedAt);
    reading = { value: 20, numerator: 2, denominator: 10, query: 'select 2', demo: false };
    expect(await metrics.recompute({ source: 'test.share', periods: ['2026Q4'] })).toEqual({
      written: 1,
      unchanged: 0,
      failed: [],
    });
    const changed = (
      await metrics.observations(anonymous, { indicatorCodes: ['C01'], periods: ['2026Q4'] })
    )[0]!;
    expect(changed).toMatchObject({ value: 20, demo: false, provenance: { query: 'select 2 -- 2026Q4' } });
    expect(changed.id).toBe(before.id);
  });

  it('runs as the hourly job', async () => {
    expect(t.platform.context.jobs.names).toContain('metrics.recompute');
    reading = { value: 30, numerator: 3, denominator: 10, query: 'select 4', demo: false };
    await t.platform.context.jobs.runNow('metrics.recompute', {});
    const [latest] = await metrics.observations(anonymous, { indicatorCodes: ['C01'], periods: ['2026Q4'] });
    expect(latest).toMatchObject({ value: 30, provenance: { query: 'select 4 -- 2026Q4' } });
  });

  it('keeps people from entering values the platform measures', async () => {
    const error = await metrics
      .saveObservation(owner, { indicatorCode: 'C01', period: '2026Q2', agencyId: 'hanoi', value: 50 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unprocessable', status: 422 });
    expect((error as Error).message).toMatch(/measured by the platform/);
  });

  it('reports a failing source without stopping, and checks its values like anyone’s', async () => {
    const computeEntries = async () =>
      (await searchAudit(t.platform.context.database, { action: 'metrics.observation.compute', limit: 500 }))
        .length;
    const entriesBefore = await computeEntries();
    reading = new Error('bảng chưa sẵn sàng');
    const failed = await metrics.recompute({ source: 'test.share', periods: ['2026Q3'] });
    expect(failed).toEqual({
      written: 0,
      unchanged: 0,
      failed: [{ source: 'test.share', error: 'C01 2026Q3 hanoi: bảng chưa sẵn sàng' }],
    });
    reading = { value: 150, numerator: 15, denominator: 10, query: 'select 3', demo: false };
    expect((await metrics.recompute({ source: 'test.share', periods: ['2026Q3'] })).failed).toHaveLength(1);
    expect((await metrics.recompute({ source: 'test.share', periods: ['202601'] })).failed[0]?.error).toMatch(
      /no quarter period/,
    );
    expect(await codeOf(metrics.recompute({ source: 'test.missing' }))).toBe('not_found');
    expect(await codeOf(metrics.recompute({ periods: ['2026Q9'] }))).toBe('validation_failed');
    // Failures write nothing: no new computed observation was audited.
    expect(await computeEntries()).toBe(entriesBefore);
  });
});
