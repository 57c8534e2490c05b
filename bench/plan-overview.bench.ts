import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createPlatform } from '../server/app.ts';
import { createPlanModule } from '../server/modules/plan/index.ts';
import { lastEndedPeriod } from '../server/modules/plan/plan.views.ts';
import { rollupQuery } from '../server/modules/plan/rollup.store.ts';
import { needsFirstObservation } from '../server/modules/plan/status.ts';
import { acrValues, type Principal } from '../server/platform/auth/principal.ts';
import { loadConfig } from '../server/platform/config.ts';
import { createHttpServer } from '../server/platform/http/server.ts';
import { createJobs } from '../server/platform/jobs.ts';
import { type PeriodType, parsePeriod, previousPeriod } from '../server/platform/period.ts';
import { load, ratio, writeResult } from './support.ts';

/**
 * The plan overview API (`GET /api/plan/plans/kh-239-2023/overview`) over ~700,000 approved
 * observations — 48 targets × 12 periods × 1,200 agency rows (the real departments, districts and
 * wards, current and historic, padded with synthetic units) — against the same aggregate statement
 * run as raw SQL (through `pg` on PostgreSQL; PGlite's own query call in embedded mode) in the same
 * run, at the same concurrency. PostgreSQL when DATABASE_URL is set (in a scratch database that is
 * dropped afterwards), else PGlite. Goal: p99 under 100 ms and within 2× of raw SQL. Measured with
 * one client and with ten, first with metrics' indexes as they are, then with the covering index
 * the plan module proposes to metrics (applied to the scratch database only).
 */
const AGENCY_ROWS = 1200;
const PERIODS = 12;
const CONNECTIONS = 10;
const EVALUATED = '2025Q4';

/** What the plan module asks the metrics module to add (see rollup.store.ts): the overview's aggregate reads only this index. */
const PROPOSED_INDEX = `create index observations_rollup on metrics.observations (indicator_code, period)
  include (agency_id, value, numerator, denominator, example, demo, updated_at, provenance)
  where status = 'approved'`;

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

async function scratchDatabase(adminUrl: string) {
  const name = `sc_bench_plan_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

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

/** Closed-loop clients running one statement for `seconds`: latency percentiles and throughput. */
async function rawLoad(run: () => Promise<unknown>, seconds: number, connections: number) {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await run();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  return {
    requestsPerSecond: Math.round(latencies.length / elapsed),
    latencyMs: { p50: at(0.5), p97_5: at(0.975), p99: at(0.99), max: at(1) },
    requests: latencies.length,
  };
}

export async function planOverviewBenchmark(options: { seconds: number }) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-bench-plan-'));
  const scratch = process.env.DATABASE_URL ? await scratchDatabase(process.env.DATABASE_URL) : null;
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

    // ——— Data: 48 indicators × 12 periods × 1,200 agency rows, in one INSERT … SELECT per indicator ———
    const indicators = (await platform.metrics.indicators()).filter((i) => i.code.startsWith('KH239.'));
    const realUnits = [
      ...(await platform.org.units({ at: '2025-02-28' })),
      ...(await platform.org.units({ at: '2026-01-01' })),
    ]
      .map((u) => u.id)
      .filter((id, i, all) => id !== 'hanoi' && all.indexOf(id) === i);
    const agencies = [
      ...realUnits,
      ...Array.from(
        { length: AGENCY_ROWS - realUnits.length },
        (_, i) => `bench-unit-${String(i + 1).padStart(4, '0')}`,
      ),
    ];
    const loadStarted = performance.now();
    const provenance = JSON.stringify({
      kind: 'seed',
      note: 'Dữ liệu tổng hợp để đo hiệu năng / synthetic benchmark data',
      at: new Date().toISOString(),
    });
    for (const indicator of indicators) {
      const periods = periodsUpTo(indicator.periodType, PERIODS);
      await database.executeSql(
        `insert into metrics.observations
           (id, indicator_code, period, agency_id, value, status, provenance, example, demo, updated_at)
         select gen_random_uuid(), $1, p.period, a.id, round((20 + random() * 80)::numeric, 1)::float8,
                'approved', $2::jsonb, false, true, now()
         from unnest($3::text[]) as p(period) cross join unnest($4::text[]) as a(id)`,
        [indicator.code, provenance, periods, agencies],
      );
    }
    await database.executeSql('vacuum analyze metrics.observations');
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

    // ——— The same aggregate statements the overview runs, as raw SQL (JIT off, as the module runs them) ———
    const evaluated = parsePeriod(EVALUATED);
    const requestOf = (code: string) => {
      const i = indicators.find((indicator) => indicator.code === code)!;
      return {
        code,
        aggregation: i.aggregation,
        unit: i.unit,
        upTo: lastEndedPeriod(i.periodType, evaluated).id,
      };
    };
    const latestStatement = rollupQuery(
      indicators.map((i) => requestOf(i.code)),
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
    const firstStatement = rollupQuery(
      needingFirst.map((t) => requestOf(t.indicatorCode)),
      'first',
    ).compile(database.db);
    const statements = needingFirst.length > 0 ? [latestStatement, firstStatement] : [latestStatement];
    let raw: () => Promise<unknown>;
    if (scratch) {
      pool = new pg.Pool({ connectionString: scratch.url, max: CONNECTIONS, options: '-c jit=off' });
      const client = pool;
      raw = async () => {
        for (const statement of statements)
          await client.query(statement.sql, statement.parameters as unknown[]);
      };
    } else {
      const pglite = database.pglite!;
      raw = async () => {
        for (const statement of statements)
          await pglite.query(statement.sql, statement.parameters as unknown[]);
      };
    }

    const measure = async (connections: number) => {
      for (let i = 0; i < 10; i++) await raw();
      await load(url, { seconds: 2, connections });
      const rawSql = await rawLoad(raw, options.seconds, connections);
      const api = await load(url, { seconds: options.seconds, connections });
      return {
        connections,
        rawSql,
        api,
        p50RatioToRaw: ratio(api.latencyMs.p50, rawSql.latencyMs.p50),
        p99RatioToRaw: ratio(api.latencyMs.p99, rawSql.latencyMs.p99),
        throughputRatioToRaw: ratio(api.requestsPerSecond, rawSql.requestsPerSecond),
        goal: {
          p99Under100ms: api.latencyMs.p99 < 100,
          within2xOfRawSql: api.latencyMs.p99 <= 2 * rawSql.latencyMs.p99,
        },
      };
    };
    const runs: { variant: string; runs: Awaited<ReturnType<typeof measure>>[] }[] = [];
    runs.push({
      variant: "metrics' indexes as they are",
      runs: [await measure(1), await measure(CONNECTIONS)],
    });
    // The covering index proposed to the metrics module (docs/plan-monitoring.md): applied to the
    // scratch database only, to show what it buys. Not part of any migration yet.
    await database.executeSql(PROPOSED_INDEX);
    await database.executeSql('vacuum analyze metrics.observations');
    runs.push({
      variant: 'with the proposed metrics.observations_rollup index',
      runs: [await measure(1), await measure(CONNECTIONS)],
    });

    const result = {
      benchmark: 'plan-overview',
      database: database.kind,
      observations: rows,
      shape: {
        targets: indicators.length,
        periods: PERIODS,
        agencyRows: agencies.length,
        realUnits: realUnits.length,
      },
      loadSeconds,
      evaluatedPeriod: EVALUATED,
      statuses: overview.totals,
      firstValuesNeeded: needingFirst.length,
      proposedIndex: PROPOSED_INDEX,
      variants: runs,
    };
    const lines = [
      `${database.kind}: ${rows.toLocaleString('en')} observations loaded in ${loadSeconds} s (${indicators.length} targets × ${PERIODS} periods × ${agencies.length} agency rows, ${realUnits.length} of them real units)`,
    ];
    for (const variant of runs) {
      lines.push(`— ${variant.variant}`);
      for (const run of variant.runs) {
        lines.push(
          `  ${run.connections} connection(s): raw SQL p50 ${run.rawSql.latencyMs.p50} ms, p99 ${run.rawSql.latencyMs.p99} ms, ${run.rawSql.requestsPerSecond} req/s | overview API p50 ${run.api.latencyMs.p50} ms, p99 ${run.api.latencyMs.p99} ms, ${run.api.requestsPerSecond} req/s (non-2xx ${run.api.non2xx}) | API÷raw p50 ${run.p50RatioToRaw}×, p99 ${run.p99RatioToRaw}× | p99<100 ms: ${run.goal.p99Under100ms ? 'met' : 'NOT met'}, ≤2× raw: ${run.goal.within2xOfRawSql ? 'met' : 'NOT met'}`,
        );
      }
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
