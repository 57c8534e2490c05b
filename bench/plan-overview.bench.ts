import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { createPlatform } from '../server/app.ts';
import { createMetricsStore, type NewObservationRow } from '../server/modules/metrics/metrics.store.ts';
import { rollupReadQuery } from '../server/modules/metrics/rollups.store.ts';
import { createPlanModule } from '../server/modules/plan/index.ts';
import { lastEndedPeriod } from '../server/modules/plan/plan.views.ts';
import { needsFirstObservation } from '../server/modules/plan/status.ts';
import { acrValues, CITY_UNIT_ID, type Principal } from '../server/platform/auth/principal.ts';
import { loadConfig } from '../server/platform/config.ts';
import { createHttpServer } from '../server/platform/http/server.ts';
import { createJobs } from '../server/platform/jobs.ts';
import { type PeriodType, parsePeriod, previousPeriod } from '../server/platform/period.ts';
import { load, ratio, rawLoad, scratchDatabase, writeResult } from './support.ts';

/**
 * The plan overview API (`GET /api/plan/plans/kh-239-2023/overview`) over ~700,000 approved
 * observations — 48 targets × 12 periods × 1,200 agency rows (the real departments, districts and
 * wards, current and historic, padded with synthetic units) — against two raw-SQL baselines run in
 * the same process, at the same concurrency (through `pg` on PostgreSQL; PGlite's own query call
 * in embedded mode):
 *  - the aggregate over the raw observations that answers the overview's question (the statement
 *    the plan module ran per request before metrics kept rollups; JIT off, as it ran);
 *  - the read of metrics' rollups that the overview now makes (`metrics.rollup`, one statement).
 * The observations are loaded through the metrics store's one writer, which keeps the rollups.
 * PostgreSQL when DATABASE_URL is set (in a scratch database that is dropped afterwards), else
 * PGlite. Goal: p99 under 100 ms at 10 concurrent clients, and within 2× of raw SQL.
 */
const AGENCY_ROWS = 1200;
const PERIODS = 12;
const CONNECTIONS = 10;
const EVALUATED = '2025Q4';

/**
 * The baseline aggregate over raw observations: for each indicator its latest (or first) approved
 * period up to a bound, the city value of that period, or else the agencies' values aggregated.
 */
function rawAggregateStatement(requests: { code: string; upTo: string }[], which: 'latest' | 'first') {
  const wanted = sql.join(requests.map((r) => sql`(${r.code}::text, ${r.upTo}::text)`));
  const order = which === 'latest' ? sql`desc` : sql`asc`;
  return sql`
with wanted (code, up_to) as (values ${wanted})
select w.code, p.period, c.*, a.*
from wanted w
cross join lateral (
  select o.period from metrics.observations o
  where o.indicator_code = w.code and o.status = 'approved' and o.period <= w.up_to
  order by o.period ${order} limit 1
) p
left join lateral (
  select o.value as city_value, o.example as city_example, o.demo as city_demo, o.updated_at as city_updated,
         o.provenance ->> 'kind' as city_kind
  from metrics.observations o
  where o.indicator_code = w.code and o.period = p.period and o.agency_id = ${CITY_UNIT_ID}
    and o.status = 'approved' and o.value is not null
) c on true
cross join lateral (
  select count(*) as agencies, avg(o.value) as mean, sum(o.value) as total,
         sum(o.numerator) filter (where o.denominator is not null) as num,
         sum(o.denominator) filter (where o.numerator is not null) as den,
         bool_or(o.example) as agency_example, bool_or(o.demo) as agency_demo,
         max(o.updated_at) as agency_updated,
         bit_or(case o.provenance ->> 'kind' when 'manual' then 1 when 'imported' then 2
                  when 'computed' then 4 when 'seed' then 8 else 16 end) as kinds
  from metrics.observations o
  where c.city_value is null
    and o.indicator_code = w.code and o.period = p.period and o.status = 'approved'
    and o.agency_id <> ${CITY_UNIT_ID}
) a`;
}

const benchOfficial: Principal = {
  kind: 'official',
  accountId: 'bench',
  officialId: 'bench',
  sessionId: 'bench',
  username: 'bench',
  fullName: 'Benchmark',
  acr: acrValues.officialMfa,
  memberships: [{ unitId: 'so-y-te', role: 'case_officer' }],
};

/** The last `count` periods of a type up to the evaluated period. */
function periodsUpTo(type: PeriodType, count: number): string[] {
  let period = lastEndedPeriod(type, parsePeriod(EVALUATED));
  const ids: string[] = [];
  while (ids.length < count) {
    ids.unshift(period.id);
    period = previousPeriod(period);
  }
  return ids;
}

export async function planOverviewBenchmark(options: { seconds: number }) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-bench-plan-'));
  const scratch = process.env.DATABASE_URL
    ? await scratchDatabase(process.env.DATABASE_URL, 'sc_bench_plan')
    : null;
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: scratch?.url,
    DATABASE_POOL_SIZE: String(CONNECTIONS),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    PORT: '0',
  });
  const platform = await createPlatform(config);
  const { database } = platform.context;
  let server: Awaited<ReturnType<typeof createHttpServer>> | null = null;
  let pool: pg.Pool | null = null;
  try {
    await platform.prepare();

    // ——— Data: 48 indicators × 12 periods × 1,200 agency rows, through the metrics store's one writer
    // (which keeps the rollups), one statement and transaction per indicator and period ———
    const indicators = (await platform.metrics.indicators()).filter((i) => i.code.startsWith('KH239.'));
    const realUnits = [
      ...(await platform.org.units({ at: '2025-02-28' })),
      ...(await platform.org.units({ at: '2026-01-01' })),
    ]
      .map((u) => u.id)
      .filter((id, i, all) => id !== CITY_UNIT_ID && all.indexOf(id) === i);
    const agencies = [
      ...realUnits,
      ...Array.from(
        { length: AGENCY_ROWS - realUnits.length },
        (_, i) => `bench-unit-${String(i + 1).padStart(4, '0')}`,
      ),
    ];
    const loadStarted = performance.now();
    const store = createMetricsStore(database);
    const at = new Date();
    const provenance = {
      kind: 'seed' as const,
      note: 'Dữ liệu tổng hợp để đo hiệu năng / synthetic benchmark data',
      at: at.toISOString(),
    };
    const tenth = (value: number) => Math.round(value * 10) / 10;
    for (const indicator of indicators) {
      for (const period of periodsUpTo(indicator.periodType, PERIODS)) {
        const rows: NewObservationRow[] = agencies.map((agencyId) => {
          const value = tenth(20 + Math.random() * 80);
          // Ratio indicators carry their figures (value = numerator ÷ denominator × 100).
          const denominator = indicator.aggregation === 'ratio' ? 1000 : null;
          return {
            id: randomUUID(),
            indicator_code: indicator.code,
            period,
            agency_id: agencyId,
            value,
            numerator: denominator === null ? null : value * 10,
            denominator,
            status: 'approved',
            comment: null,
            provenance,
            example: false,
            demo: true,
            updated_at: at,
          };
        });
        await store.db.transaction().execute((trx) => store.saveObservations(trx, rows));
      }
    }
    await database.executeSql('vacuum analyze metrics.observations');
    await database.executeSql('vacuum analyze metrics.rollups');
    const rows = Number(
      (
        (await database.executeSql('select count(*)::int as n from metrics.observations')).rows[0] as {
          n: number;
        }
      ).n,
    );
    const loadSeconds = Math.round((performance.now() - loadStarted) / 100) / 10;

    // ——— The API: the plan module's routes, with a signed-in official standing in for sign-on ———
    const module = createPlanModule(
      { ...platform.context, jobs: createJobs(database, platform.context.log) },
      { org: platform.org, metrics: platform.metrics },
    );
    server = await createHttpServer({
      logLevel: 'warn',
      trustProxy: false,
      publicUrl: 'http://localhost',
      version: 'bench',
      resolvePrincipal: async () => benchOfficial,
    });
    await server.register(module.routes!);
    await server.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(server.server.address() as { port: number }).port}/api/plan/plans/kh-239-2023/overview?period=${EVALUATED}`;
    const check = await fetch(url);
    const overview = (await check.json()) as {
      targets: {
        indicatorCode: string;
        direction: 'at_least' | 'at_most';
        milestones: { year: number; value: number | null }[];
        computedStatus: string;
        latest: unknown;
      }[];
      totals: Record<string, number>;
    };
    if (check.status !== 200 || overview.targets.length !== 48)
      throw new Error(`overview answered ${check.status}`);

    // ——— Baseline 1: the aggregate over the raw observations that answers the same question ———
    const evaluated = parsePeriod(EVALUATED);
    const indicatorOf = new Map(indicators.map((i) => [i.code, i]));
    const upToOf = (code: string) => lastEndedPeriod(indicatorOf.get(code)!.periodType, evaluated).id;
    const latestStatement = rawAggregateStatement(
      indicators.map((i) => ({ code: i.code, upTo: upToOf(i.code) })),
      'latest',
    ).compile(database.db);
    // The first values, for the targets whose status depends on them (no baseline, first leg, not achieved).
    const needingFirst = overview.targets.filter(
      (t) =>
        t.latest !== null &&
        t.computedStatus !== 'achieved' &&
        needsFirstObservation(
          {
            direction: t.direction,
            baseline: null,
            milestones: t.milestones,
            path: { kind: 'linear', steps: [] },
            thresholds: { onTrack: 0.95, atRisk: 0.8 },
          },
          evaluated,
        ),
    );
    const firstStatement = rawAggregateStatement(
      needingFirst.map((t) => ({ code: t.indicatorCode, upTo: upToOf(t.indicatorCode) })),
      'first',
    ).compile(database.db);
    const aggregateStatements =
      needingFirst.length > 0 ? [latestStatement, firstStatement] : [latestStatement];

    // ——— Baseline 2: the read of metrics' rollups the overview makes (the same statement, same requests) ———
    const rollupStatement = rollupReadQuery(
      overview.targets.flatMap((t) => [
        { code: t.indicatorCode, upTo: upToOf(t.indicatorCode), pick: 'latest' as const },
        { code: t.indicatorCode, upTo: upToOf(t.indicatorCode), pick: 'first' as const },
      ]),
    ).compile(database.db);

    type Compiled = { sql: string; parameters: readonly unknown[] };
    let query: (statement: Compiled) => Promise<{ rows: unknown[] }>;
    if (scratch) {
      // JIT off for the raw aggregate, as the plan module ran it (it costs more than the statement).
      pool = new pg.Pool({ connectionString: scratch.url, max: CONNECTIONS, options: '-c jit=off' });
      const client = pool;
      query = (statement) => client.query(statement.sql, statement.parameters as unknown[]);
    } else {
      const pglite = database.pglite!;
      query = (statement) => pglite.query(statement.sql, statement.parameters as unknown[]);
    }
    const rawAggregate = async () => {
      for (const statement of aggregateStatements) await query(statement);
    };
    const rollupRead = () => query(rollupStatement);

    // ——— The API's latest values equal the raw aggregate's (the rollups answer the same question) ———
    const expectedLatest = new Map(
      ((await query(latestStatement)).rows as Record<string, unknown>[]).map((row) => {
        const aggregation = indicatorOf.get(row.code as string)!.aggregation;
        const n = (key: string) => (row[key] === null ? null : Number(row[key]));
        const den = n('den');
        const value =
          n('city_value') ??
          (aggregation === 'sum'
            ? n('total')
            : aggregation === 'ratio'
              ? den && den > 0
                ? (n('num')! / den) * (indicatorOf.get(row.code as string)!.unit === '%' ? 100 : 1)
                : null
              : n('mean'));
        return [row.code as string, value];
      }),
    );
    let agreeing = 0;
    for (const target of overview.targets) {
      const shown = (target.latest as { value: number } | null)?.value ?? null;
      const expected = expectedLatest.get(target.indicatorCode) ?? null;
      const same =
        shown === null || expected === null
          ? shown === expected
          : Math.abs(shown - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
      if (!same) throw new Error(`${target.indicatorCode}: overview ${shown}, raw aggregate ${expected}`);
      agreeing++;
    }

    const measure = async (connections: number) => {
      for (let i = 0; i < 10; i++) await rawAggregate();
      for (let i = 0; i < 10; i++) await rollupRead();
      await load(url, { seconds: 2, connections });
      const aggregateSql = await rawLoad(rawAggregate, options.seconds, connections);
      const rollupSql = await rawLoad(rollupRead, options.seconds, connections);
      const api = await load(url, { seconds: options.seconds, connections });
      const against = (baseline: Awaited<ReturnType<typeof rawLoad>>) => ({
        p50: ratio(api.latencyMs.p50, baseline.latencyMs.p50),
        p99: ratio(api.latencyMs.p99, baseline.latencyMs.p99),
        throughput: ratio(api.requestsPerSecond, baseline.requestsPerSecond),
        within2x: api.latencyMs.p99 <= 2 * baseline.latencyMs.p99,
      });
      return {
        connections,
        rawAggregateSql: aggregateSql,
        rawRollupReadSql: rollupSql,
        api,
        apiToRawAggregate: against(aggregateSql),
        apiToRawRollupRead: against(rollupSql),
        p99Under100ms: api.latencyMs.p99 < 100,
      };
    };
    const runs = [await measure(1), await measure(CONNECTIONS)];

    const result = {
      benchmark: 'plan-overview',
      database: database.kind,
      observations: rows,
      rollups: Number(
        (
          (await database.executeSql('select count(*)::int as n from metrics.rollups')).rows[0] as {
            n: number;
          }
        ).n,
      ),
      shape: {
        targets: indicators.length,
        periods: PERIODS,
        agencyRows: agencies.length,
        realUnits: realUnits.length,
      },
      loadSeconds,
      evaluatedPeriod: EVALUATED,
      statuses: overview.totals,
      latestValuesAgreeingWithRawAggregate: agreeing,
      firstValuesNeeded: needingFirst.length,
      runs,
    };
    const ms = (run: { latencyMs: { p50: number; p99: number }; requestsPerSecond: number }) =>
      `p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms, ${run.requestsPerSecond} req/s`;
    const lines = [
      `${database.kind}: ${rows.toLocaleString('en')} observations (${result.rollups} rollups) loaded in ${loadSeconds} s (${indicators.length} targets × ${PERIODS} periods × ${agencies.length} agency rows, ${realUnits.length} of them real units); ${agreeing} latest values agree with the raw aggregate`,
    ];
    for (const run of runs) {
      lines.push(
        `  ${run.connections} connection(s): overview API ${ms(run.api)} (non-2xx ${run.api.non2xx}) | raw aggregate SQL ${ms(run.rawAggregateSql)} | raw rollup read SQL ${ms(run.rawRollupReadSql)}`,
        `    API÷raw aggregate p50 ${run.apiToRawAggregate.p50}×, p99 ${run.apiToRawAggregate.p99}× (≤2×: ${run.apiToRawAggregate.within2x ? 'met' : 'NOT met'}) | API÷raw rollup read p50 ${run.apiToRawRollupRead.p50}×, p99 ${run.apiToRawRollupRead.p99}× (≤2×: ${run.apiToRawRollupRead.within2x ? 'met' : 'NOT met'}) | p99<100 ms: ${run.p99Under100ms ? 'met' : 'NOT met'}`,
      );
    }
    console.log(lines.join('\n'));
    return result;
  } finally {
    await pool?.end();
    // autocannon's last requests may still be in flight when it exits: let them finish first.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server?.close();
    await platform.close();
    await scratch?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function main(seconds = 10) {
  const result = await planOverviewBenchmark({ seconds });
  console.log(`→ ${await writeResult('plan-overview', result)}`);
}
