import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { type Actor, acrValues, type Principal, systemActor } from '../../platform/auth/principal.ts';
import type {
  Indicator,
  MetricsService,
  Observation,
  ObservationStatus,
  RollupPoint,
  RollupRequest,
} from './index.ts';
import { createMetricsStore } from './metrics.store.ts';
import { metricsRollups } from './migrations/0002_rollups.ts';

/**
 * The rollups metrics keeps (`metrics.rollups`) against the aggregate computed here, in plain
 * code, from the raw observations: after random sequences of saves (manual, imported, seed),
 * submissions, approvals, returns, reopenings and recomputes, every rollup read — latest, first
 * and every period, at every bound — equals it; and the migration's back-fill rebuilds the same
 * table. Concurrent approvals of one indicator and period by different agencies lose nothing.
 */
let t: TestPlatform;
let metrics: MetricsService;

const official = (username: string, unitId: string, role: string): Principal => ({
  kind: 'official',
  accountId: `acct-${username}`,
  officialId: `official-${username}`,
  sessionId: 'session',
  username,
  fullName: `Cán bộ ${username}`,
  acr: acrValues.officialMfa,
  memberships: [{ unitId, role }] as never,
});
const as = (principal: Principal): Actor => ({ principal, requestId: 'test', ip: '127.0.0.1' });
const owner = as(official('owner', 'hanoi', 'plan_owner'));
/** Reports for every agency (a role held at the city reaches them all). */
const reporter = as(official('reporter', 'hanoi', 'agency_reporter'));
const system = systemActor('test:rollups');

const CITY = 'hanoi';
const AGENCIES = [CITY, 'so-y-te', 'so-xay-dung', 'comm-00070'];
const PERIODS = ['2026Q1', '2026Q2', '2026Q3'];
const BOUNDS = ['2025Q4', ...PERIODS];

const indicator = (code: string, changes: Partial<Indicator>) => ({
  code,
  nameVi: `Chỉ tiêu ${code}`,
  nameEn: `Indicator ${code}`,
  descriptionVi: null,
  descriptionEn: null,
  unit: '%',
  direction: 'at_least' as const,
  aggregation: 'average' as const,
  periodType: 'quarter' as const,
  decimals: 1,
  computedSource: null,
  ...changes,
});

const INDICATORS = [
  indicator('RS', { unit: 'count', aggregation: 'sum', decimals: 0 }),
  indicator('RA', { aggregation: 'average' }),
  indicator('RL', { unit: 'điểm', aggregation: 'last' }),
  indicator('RP', { aggregation: 'ratio' }),
  indicator('RX', { unit: 'ratio', aggregation: 'ratio', decimals: 3 }),
  indicator('RC', { computedSource: 'test.rollup_city' }),
  indicator('RG', { computedSource: 'test.rollup_agency' }),
];
const ENTERED = INDICATORS.filter((i) => !i.computedSource).map((i) => i.code);

/** What the sources answer on their next run. */
let computed: { value: number | null; demo: boolean } = { value: 50, demo: false };

let tick = 0;
const clock = { now: () => new Date(Date.UTC(2026, 10, 20, 3, 0, 0, tick++)), today: () => '2026-11-20' };

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  metrics = t.platform.metrics;
  for (const [name, scope] of [
    ['test.rollup_city', 'city'],
    ['test.rollup_agency', 'agency'],
  ] as const) {
    metrics.registerSource({
      name,
      label: { vi: 'Nguồn thử', en: 'Test source' },
      description: { vi: 'Dùng cho kiểm thử', en: 'For tests' },
      unit: '%',
      scope,
      agencies: async () => ['so-y-te', 'comm-00070'],
      async compute(period, agencyId) {
        return { ...computed, query: `select ${computed.value} -- ${period.id} ${agencyId ?? CITY}` };
      },
    });
  }
  for (const definition of INDICATORS) await metrics.upsertIndicator(owner, definition);
});
afterAll(() => t?.close());

// ——— The reference: the rule of docs/plan-monitoring.md applied to the raw approved observations ———

function expectedPoint(
  definition: Pick<Indicator, 'code' | 'aggregation' | 'unit'>,
  period: string,
  rows: Observation[],
): RollupPoint {
  const city = rows.find((o) => o.agencyId === CITY && o.value !== null);
  if (city) {
    const computedCity = city.provenance.kind === 'computed' ? city.provenance : null;
    return {
      indicatorCode: definition.code,
      period,
      value: city.value,
      source: 'city',
      agencies: 0,
      provenanceKind: city.provenance.kind,
      example: city.example,
      demo: city.demo,
      updatedAt: city.updatedAt,
      computedQuery: computedCity?.query ?? null,
      computedAt: computedCity?.at ?? null,
    };
  }
  const agencies = rows.filter((o) => o.agencyId !== CITY);
  const valued = agencies.flatMap((o) => (o.value === null ? [] : [o.value]));
  const sum = valued.reduce((total, value) => total + value, 0);
  let value: number | null;
  if (definition.aggregation === 'ratio') {
    const pairs = agencies.filter((o) => o.numerator !== null && o.denominator !== null);
    const denominator = pairs.reduce((total, o) => total + o.denominator!, 0);
    const numerator = pairs.reduce((total, o) => total + o.numerator!, 0);
    value =
      pairs.length > 0 && denominator > 0
        ? (numerator / denominator) * (definition.unit === '%' ? 100 : 1)
        : null;
  } else if (valued.length === 0) value = null;
  else value = definition.aggregation === 'sum' ? sum : sum / valued.length;
  const kinds = [...new Set(agencies.map((o) => o.provenance.kind))];
  const latest = agencies.map((o) => o.updatedAt).sort();
  return {
    indicatorCode: definition.code,
    period,
    value,
    source: 'aggregate',
    agencies: agencies.length,
    provenanceKind: kinds.length === 1 ? kinds[0]! : 'mixed',
    example: agencies.some((o) => o.example),
    demo: agencies.some((o) => o.demo),
    updatedAt: latest.at(-1) ?? new Date(0).toISOString(),
    computedQuery: null,
    computedAt: null,
  };
}

async function compareWithRawObservations() {
  const approved = await metrics.observations(owner.principal, {
    indicatorCodes: INDICATORS.map((i) => i.code),
    statuses: ['approved'],
    limit: 5000,
  });
  const requests: RollupRequest[] = INDICATORS.flatMap((definition) => [
    { indicatorCode: definition.code, pick: 'all' as const },
    ...BOUNDS.flatMap((upTo) => [
      { indicatorCode: definition.code, upTo, pick: 'latest' as const },
      { indicatorCode: definition.code, upTo, pick: 'first' as const },
    ]),
  ]);
  const expected = requests.map((request) => {
    const definition = INDICATORS.find((i) => i.code === request.indicatorCode)!;
    const periods = [
      ...new Set(
        approved.filter((o) => o.indicatorCode === definition.code).map((observation) => observation.period),
      ),
    ]
      .filter((period) => request.upTo === undefined || period <= request.upTo)
      .sort();
    const chosen =
      request.pick === 'all' ? periods : request.pick === 'first' ? periods.slice(0, 1) : periods.slice(-1);
    return chosen.map((period) =>
      expectedPoint(
        definition,
        period,
        approved.filter((o) => o.indicatorCode === definition.code && o.period === period),
      ),
    );
  });
  expect(await metrics.rollup(requests)).toEqual(expected);
}

// ——— Random histories, through the service as the plan module and the sources drive it ———

const figureArb = fc.record({
  value: fc.integer({ min: 0, max: 100 }),
  denominator: fc.integer({ min: 1, max: 100 }),
  blank: fc.integer({ min: 0, max: 99 }).map((n) => n < 15),
});
const operationArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('save' as const),
      code: fc.constantFrom(...ENTERED),
      period: fc.constantFrom(...PERIODS),
      agencyId: fc.constantFrom(...AGENCIES),
      figure: figureArb,
      by: fc.constantFrom('manual', 'imported', 'seed'),
      example: fc.boolean(),
      demo: fc.boolean(),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('move' as const),
      codes: fc.subarray(ENTERED, { minLength: 1 }),
      period: fc.constantFrom(...PERIODS),
      agencyId: fc.constantFrom(...AGENCIES),
      to: fc.constantFrom<ObservationStatus>('submitted', 'approved', 'approved', 'returned', 'draft'),
      asSystem: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('recompute' as const),
      source: fc.constantFrom('test.rollup_city', 'test.rollup_agency'),
      period: fc.constantFrom(...PERIODS),
      value: fc.option(fc.integer({ min: 0, max: 100 }), { freq: 6 }),
      demo: fc.boolean(),
    }),
  },
);
type Operation = typeof operationArb extends fc.Arbitrary<infer T> ? T : never;

/** How the histories went (so that a passing property is known to have done something). */
const done = { saved: 0, moved: 0, recomputed: 0, refused: 0 };

/** Refusals the rules make (locked values, moves out of order) are part of a history; anything else is not. */
const refusedOnly = (error: { code?: string }) => {
  if (error.code !== 'conflict') throw error;
  done.refused++;
  return null;
};

async function apply(operation: Operation) {
  if (operation.kind === 'save') {
    const definition = INDICATORS.find((i) => i.code === operation.code)!;
    const { value, denominator, blank } = operation.figure;
    const figures =
      definition.aggregation === 'ratio'
        ? blank
          ? { value: null, numerator: null, denominator: null }
          : {
              value: null,
              numerator: definition.unit === '%' ? Math.min(value, denominator) : value,
              denominator,
            }
        : { value: blank ? null : value };
    const actor = operation.by === 'seed' ? system : reporter;
    const provenance =
      operation.by === 'imported'
        ? {
            provenance: {
              kind: 'imported' as const,
              by: { accountId: 'acct-reporter', name: 'Cán bộ reporter' },
              at: clock.now().toISOString(),
              fileId: '00000000-0000-4000-8000-000000000001',
              filename: 'bao-cao.xlsx',
              sheet: 'Chỉ tiêu (Targets)',
              row: 2,
            },
          }
        : {};
    await metrics
      .saveObservation(actor, {
        indicatorCode: operation.code,
        period: operation.period,
        agencyId: operation.agencyId,
        ...figures,
        ...provenance,
        example: operation.example,
        demo: operation.demo,
      })
      .then(() => done.saved++, refusedOnly);
  } else if (operation.kind === 'move') {
    await t.platform.context.database.db
      .transaction()
      .execute((trx) =>
        metrics.setStatus(
          trx,
          operation.asSystem ? system : owner,
          { agencyId: operation.agencyId, period: operation.period, indicatorCodes: operation.codes },
          operation.to,
        ),
      )
      .then((moved) => {
        done.moved += moved;
      }, refusedOnly);
  } else {
    computed = { value: operation.value, demo: operation.demo };
    const result = await metrics.recompute({ source: operation.source, periods: [operation.period] });
    expect(result.failed).toEqual([]);
    done.recomputed += result.written;
  }
}

describe('the rollups', () => {
  it('equal the aggregate of the raw approved observations after any history of saves and moves', async () => {
    // A known history first: one period approved from manual, imported and seed values, and a
    // computed city value beside them (so every kind of value is covered whatever comes next).
    const known: Operation[] = [
      ...(['manual', 'imported', 'seed'] as const).map((by, i) => ({
        kind: 'save' as const,
        code: 'RA',
        period: '2026Q1',
        agencyId: AGENCIES[i + 1]!,
        figure: { value: 40 + i, denominator: 1, blank: false },
        by,
        example: i === 0,
        demo: false,
      })),
      ...AGENCIES.slice(1).map((agencyId) => ({
        kind: 'move' as const,
        codes: ['RA'],
        period: '2026Q1',
        agencyId,
        to: 'approved' as const,
        asSystem: true,
      })),
      { kind: 'recompute', source: 'test.rollup_city', period: '2026Q1', value: 61, demo: true },
    ];
    for (const operation of known) await apply(operation);
    await compareWithRawObservations();
    const [mixed] = await metrics.rollup([{ indicatorCode: 'RA', upTo: '2026Q1' }]);
    expect(mixed).toEqual([
      expect.objectContaining({ value: 41, agencies: 3, provenanceKind: 'mixed', example: true }),
    ]);
    // Every kind of value is approved: the comparisons are not over empty or uniform tables.
    const kinds = await sql<{ n: number }>`
      select count(distinct provenance ->> 'kind')::int as n from metrics.observations
      where status = 'approved' and indicator_code in ('RS', 'RA', 'RL', 'RP', 'RX', 'RC', 'RG')`.execute(
      t.platform.context.database.db,
    );
    expect(kinds.rows[0]!.n).toBe(4);

    await fc.assert(
      fc.asyncProperty(
        fc.array(operationArb, { minLength: 10, maxLength: 40, size: 'max' }),
        async (operations) => {
          for (const operation of operations) await apply(operation);
          await compareWithRawObservations();
        },
      ),
      { numRuns: 15 },
    );
    expect(done.saved).toBeGreaterThan(50);
    expect(done.moved).toBeGreaterThan(30);
    expect(done.recomputed).toBeGreaterThan(3);
    expect(done.refused).toBeGreaterThan(5);
  });

  it('are what the migration back-fills from the observations', async () => {
    const db = t.platform.context.database.db;
    const snapshot = () => sql`select * from metrics.rollups order by indicator_code, period`.execute(db);
    const kept = (await snapshot()).rows;
    expect(kept.length).toBeGreaterThan(5);
    const backfill = metricsRollups.sql.slice(metricsRollups.sql.indexOf('insert into metrics.rollups'));
    class Rollback extends Error {}
    let rebuilt: unknown[] = [];
    await db
      .transaction()
      .execute(async (trx) => {
        await sql`delete from metrics.rollups`.execute(trx);
        await sql.raw(backfill).execute(trx);
        rebuilt = (await sql`select * from metrics.rollups order by indicator_code, period`.execute(trx))
          .rows;
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    // Sums kept step by step and sums recomputed at once may differ in the last bits of a double.
    const rounded = (rows: unknown[]) =>
      rows.map((row) =>
        Object.fromEntries(
          Object.entries(row as Record<string, unknown>).map(([key, value]) => [
            key,
            typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(12)) : value,
          ]),
        ),
      );
    expect(rounded(rebuilt)).toEqual(rounded(kept));
    expect((await snapshot()).rows).toEqual(kept);
  });

  it('lose no agency when several approve the same indicator and period at once', async () => {
    await metrics.upsertIndicator(owner, indicator('RZ', { unit: 'count', aggregation: 'sum', decimals: 0 }));
    // Straight through the store's writer, as loads do: audited service writes queue on the audit
    // chain anyway, so only the rollup's own lock keeps these apart. On PostgreSQL they overlap.
    const store = createMetricsStore(t.platform.context.database);
    const agencies = Array.from({ length: 8 }, (_, i) => `test-unit-${i + 1}`);
    await Promise.all(
      agencies.map((agencyId, i) =>
        store.db.transaction().execute(async (trx) => {
          await store.saveObservations(trx, [
            {
              id: randomUUID(),
              indicator_code: 'RZ',
              period: '2026Q3',
              agency_id: agencyId,
              value: i + 1,
              numerator: null,
              denominator: null,
              status: 'approved',
              comment: null,
              provenance: { kind: 'seed', note: 'test', at: clock.now().toISOString() },
              example: false,
              demo: false,
              updated_at: clock.now(),
            },
          ]);
          // Stay open a moment, as a real load would, so that the others overlap this one.
          await sql`select pg_sleep(0.05)`.execute(trx);
        }),
      ),
    );
    const [points] = await metrics.rollup([{ indicatorCode: 'RZ', upTo: '2026Q3' }]);
    expect(points).toEqual([
      expect.objectContaining({ period: '2026Q3', value: 36, agencies: 8, source: 'aggregate' }),
    ]);
  });
});
