import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createPlatform } from '../server/app.ts';
import { monthPartition } from '../server/modules/urban/ingest/partitions.ts';
import type { TermMap } from '../server/modules/urban/ngsi/context.ts';
import { parseQ } from '../server/modules/urban/ngsi/q.ts';
import { parseGeoQuery, querySql } from '../server/modules/urban/ngsi/query.ts';
import { createTemporalStore } from '../server/modules/urban/ngsi/temporal.store.ts';
import { expandTerm } from '../server/modules/urban/terms.ts';
import { loadConfig } from '../server/platform/config.ts';
import { load, ratio, rawLoad, scratchDatabase, writeResult } from './support.ts';

/**
 * Reads of the smart-urban API on PostgreSQL (docs/smart-urban.md, "Benchmarks"), each through HTTP
 * (autocannon in a child process; 1 and 10 connections) against baselines measured in the same run:
 *  - latest state: `GET /ngsi-ld/v1/entities` by type + `q` + `near` over 10,000 entities of the
 *    queried type (and 10,000 of another), against the bare route `GET /api/health` and the query's
 *    own SQL run directly (goal p99 < 50 ms);
 *  - temporal: hourly avg/min/max of one day of one entity (2 attributes) through
 *    `GET /ngsi-ld/v1/temporal/entities/{id}?options=aggregatedValues…`, over 30 days of minute data
 *    of 20 entities (loaded with COPY), against the store's SQL and a minimal SQL (goal p99 < 50 ms).
 * Synthetic data, labelled simulated. PostgreSQL only (DATABASE_URL; a scratch database, dropped after).
 */
/** Concurrent clients: one (a user's latency) and ten closed loops (near saturation on 2 cores). */
const LEVELS = [1, 10];
const CONNECTIONS = Math.max(...LEVELS);
const QUERY_ENTITIES = 10_000;
const TEMPORAL_ENTITIES = 20;
const DAYS = 30;
const GOAL_MS = 50;
const terms = { context: [], expand: expandTerm, compact: (iri: string) => iri } as TermMap;

type Latency = { latencyMs: { p50: number; p99: number }; requestsPerSecond: number };
const show = (name: string, r: Latency) =>
  `  ${name}: p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ${r.requestsPerSecond} req/s`;
const loadAverage = () => os.loadavg().map((n) => Math.round(n * 100) / 100);

async function withServer<T>(
  prefix: string,
  run: (s: { platform: Awaited<ReturnType<typeof createPlatform>>; base: string; url: string }) => Promise<T>,
): Promise<T | null> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    console.log('skipped: this benchmark needs PostgreSQL (DATABASE_URL)');
    return null;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), `smartcity-bench-${prefix}-`));
  const scratch = await scratchDatabase(adminUrl, `sc_bench_${prefix.replace('-', '_')}`);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: scratch.url,
    DATABASE_POOL_SIZE: String(CONNECTIONS),
    DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    PORT: '0',
    INGEST_ENABLED: 'false',
  });
  const platform = await createPlatform(config);
  let server: Awaited<ReturnType<typeof platform.createServer>> | null = null;
  try {
    await platform.prepare();
    server = await platform.createServer();
    await server.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
    return await run({ platform, base, url: scratch.url });
  } finally {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server?.close();
    await platform.close();
    await scratch.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Warm-up, then the measured run of one URL. */
async function measure(url: string, seconds: number, connections: number) {
  await load(url, { seconds: 2, connections });
  return load(url, { seconds, connections });
}

/** Closed loops on the database directly, warm-up first. */
async function measureRaw(run: () => Promise<unknown>, seconds: number, connections: number) {
  await rawLoad(run, 2, connections);
  return rawLoad(run, seconds, connections);
}

export async function entityQueryBenchmark(options: { seconds: number }) {
  return withServer('urban_query', async ({ platform, base, url }) => {
    const db = platform.context.database.db;
    // 10,000 flood sensors and 10,000 air-quality stations scattered over Hanoi (seeded, repeatable).
    for (const [type, attr] of [
      ['FloodMonitoring', 'currentLevel'],
      ['AirQualityObserved', 'pm25'],
    ] as const) {
      await sql`select setseed(0.42)`.execute(db);
      await sql`
        insert into urban.entities (id, type, attrs, location, lon, lat, simulated, created_at, modified_at)
        select 'urn:ngsi-ld:' || ${type} || ':bench-' || i, ${expandTerm(type)},
          jsonb_build_object(${expandTerm(attr)}::text, jsonb_build_object('type', 'Property',
            'value', round((random() * 2)::numeric, 3), 'observedAt', '2026-11-20T10:00:00.000Z')),
          jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(p.lon, p.lat)),
          p.lon, p.lat, true, now(), now()
        from generate_series(1, ${QUERY_ENTITIES}::int) i
        -- i in the lateral keeps it correlated: evaluated once per row, not once for all.
        cross join lateral (select round((105.70 + random() * 0.25 + 0 * i)::numeric, 6)::float8 as lon,
          round((20.90 + random() * 0.20)::numeric, 6)::float8 as lat) p`.execute(db);
    }
    await sql`analyze urban.entities`.execute(db);

    const params = {
      type: 'FloodMonitoring',
      q: 'currentLevel>1.0',
      georel: 'near;maxDistance==2000',
      geometry: 'Point',
      coordinates: '[105.85,21.03]',
      limit: '100',
    };
    const queryUrl = `${base}/ngsi-ld/v1/entities?${new URLSearchParams(params)}`;
    const sample = await fetch(queryUrl);
    const found = ((await sample.json()) as unknown[]).length;
    if (sample.status !== 200 || found === 0)
      throw new Error(`the query answered ${sample.status}, ${found}`);

    // The same condition as the API builds it, run directly (kysely compiles, pg runs).
    const condition = querySql({
      selectors: [{ types: [expandTerm('FloodMonitoring')], ids: null, idPattern: null }],
      attrs: null,
      q: parseQ(params.q, expandTerm),
      geo: parseGeoQuery(params, terms),
    });
    const compiled = sql`select * from urban.entities where ${condition} order by id limit 100`.compile(db);
    const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
    try {
      const levels = [];
      for (const connections of LEVELS) {
        const bare = await measure(`${base}/api/health`, options.seconds, connections);
        const api = await measure(queryUrl, options.seconds, connections);
        const raw = await measureRaw(
          () => pool.query(compiled.sql, compiled.parameters as unknown[]),
          options.seconds,
          connections,
        );
        levels.push({
          connections,
          bareRoute: bare,
          api,
          rawSql: raw,
          ratios: {
            // autocannon counts whole milliseconds: a bare route under 1 ms has no ratio.
            p99ToBareRoute: bare.latencyMs.p99 > 0 ? ratio(api.latencyMs.p99, bare.latencyMs.p99) : null,
            p99ToRawSql: ratio(api.latencyMs.p99, raw.latencyMs.p99),
            throughputToRawSql: ratio(api.requestsPerSecond, raw.requestsPerSecond),
          },
          goal: api.latencyMs.p99 < GOAL_MS && api.non2xx === 0 ? 'met' : 'NOT met',
          loadAverage: loadAverage(),
        });
      }
      const plan = await pool.query(`explain ${compiled.sql}`, compiled.parameters as unknown[]);
      const result = {
        benchmark: 'urban-query',
        database: 'postgres',
        note: 'Dữ liệu mô phỏng / simulated entities',
        entities: { queriedType: QUERY_ENTITIES, otherType: QUERY_ENTITIES },
        query: params,
        matched: found,
        levels,
        plan: plan.rows.map((row) => row['QUERY PLAN']),
      };
      console.log(
        `postgres: GET /ngsi-ld/v1/entities?${new URLSearchParams(params)} over ${QUERY_ENTITIES.toLocaleString('en')} entities of the type (+ ${QUERY_ENTITIES.toLocaleString('en')} of another), ${found} returned`,
      );
      for (const level of levels)
        console.log(
          [
            ` ${level.connections} connection(s), load average ${level.loadAverage.join(', ')} on ${os.cpus().length} cores`,
            show('bare route GET /api/health', level.bareRoute),
            `${show('NGSI-LD query', level.api)}, non-2xx ${level.api.non2xx} → ${level.ratios.p99ToBareRoute === null ? 'bare route p99 < 1 ms' : `p99 ${level.ratios.p99ToBareRoute}× bare route`}, ${level.ratios.p99ToRawSql}× raw SQL (goal p99 < ${GOAL_MS} ms: ${level.goal})`,
            show('raw SQL (the same condition, pg directly)', level.rawSql),
          ].join('\n'),
        );
      return result;
    } finally {
      await pool.end();
    }
  });
}

/**
 * COPY text rows: minute readings of `currentLevel` and `precipitation` of every entity, in time
 * order across entities as ingestion stores them (so a day of one entity is spread over the heap).
 */
function* minuteRows(entityIds: string[], fromMs: number, minutes: number) {
  const level = expandTerm('currentLevel');
  const rain = expandTerm('precipitation');
  const received = new Date(fromMs + minutes * 60_000).toISOString();
  for (let m = 0; m < minutes; m++) {
    const at = new Date(fromMs + m * 60_000).toISOString();
    let chunk = '';
    for (const [e, id] of entityIds.entries()) {
      const wave = Math.sin((m + e * 37) / 180);
      chunk += `${id}\t${level}\t${at}\t${(0.5 + 0.4 * wave).toFixed(3)}\t\\N\t${received}\n`;
      chunk += `${id}\t${rain}\t${at}\t${Math.max(0, 20 * wave).toFixed(2)}\t\\N\t${received}\n`;
    }
    yield chunk;
  }
}

export async function temporalBenchmark(options: { seconds: number }) {
  return withServer('urban_temporal', async ({ platform, base, url }) => {
    const db = platform.context.database.db;
    const day = 86_400_000;
    const toMs = Math.floor(Date.now() / day) * day;
    const fromMs = toMs - DAYS * day;
    // Monthly partitions for every month of the window (the daily job makes only this and the next).
    for (let at = new Date(fromMs); at.getTime() < toMs + 31 * day; ) {
      const partition = monthPartition(at.getUTCFullYear(), at.getUTCMonth() + 1);
      await platform.context.database.runScript(
        `create table if not exists ${partition.name} partition of urban.readings for values from ('${partition.from}') to ('${partition.to}')`,
      );
      at = new Date(partition.to);
    }
    const ids = Array.from(
      { length: TEMPORAL_ENTITIES },
      (_, i) => `urn:ngsi-ld:FloodMonitoring:bench-${String(i).padStart(2, '0')}`,
    );
    const last = new Date(toMs - 60_000).toISOString();
    for (const id of ids) {
      const attrs = Object.fromEntries(
        ['currentLevel', 'precipitation'].map((name) => [
          expandTerm(name),
          { type: 'Property', value: 0, observedAt: last },
        ]),
      );
      await sql`
        insert into urban.entities (id, type, attrs, simulated, created_at, modified_at)
        values (${id}, ${expandTerm('FloodMonitoring')}, ${JSON.stringify(attrs)}::jsonb, true, now(), now())`.execute(
        db,
      );
    }
    const minutes = DAYS * 1440;
    const rows = ids.length * minutes * 2;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const copyStarted = performance.now();
    await pipeline(
      Readable.from(minuteRows(ids, fromMs, minutes)),
      client.query(
        copyFrom('copy urban.readings (entity_id, attr, observed_at, num, value, received_at) from stdin'),
      ),
    );
    const copySeconds = (performance.now() - copyStarted) / 1000;
    await client.query('analyze urban.readings');
    await client.end();

    const entity = ids[7]!;
    const dayFrom = new Date(toMs - 15 * day);
    const dayTo = new Date(toMs - 14 * day);
    const params = {
      options: 'aggregatedValues',
      aggrMethods: 'avg,min,max',
      aggrPeriodDuration: 'PT1H',
      timerel: 'between',
      timeAt: dayFrom.toISOString(),
      endTimeAt: dayTo.toISOString(),
    };
    const apiUrl = `${base}/ngsi-ld/v1/temporal/entities/${encodeURIComponent(entity)}?${new URLSearchParams(params)}`;
    const sample = await fetch(apiUrl);
    const body = (await sample.json()) as Record<string, { avg?: unknown[] }>;
    const buckets = Math.min(body.currentLevel?.avg?.length ?? 0, body.precipitation?.avg?.length ?? 0);
    if (sample.status !== 200 || buckets !== 24)
      throw new Error(`the temporal query answered ${sample.status} with ${buckets} buckets`);

    const store = createTemporalStore(db);
    const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
    const minimal = `
      select attr, date_bin('3600 seconds'::interval, observed_at, $2::timestamptz) as bucket,
        avg(num), min(num), max(num)
      from urban.readings
      where entity_id = $1 and attr = any($4::text[]) and observed_at >= $2 and observed_at < $3
      group by 1, 2 order by 1, 2`;
    const attrs = [expandTerm('currentLevel'), expandTerm('precipitation')];
    try {
      const levels = [];
      for (const connections of LEVELS) {
        const api = await measure(apiUrl, options.seconds, connections);
        const storeSql = await measureRaw(
          () => store.aggregates([entity], null, { from: dayFrom, to: dayTo }, 3600, dayFrom),
          options.seconds,
          connections,
        );
        const raw = await measureRaw(
          () => pool.query(minimal, [entity, dayFrom, dayTo, attrs]),
          options.seconds,
          connections,
        );
        levels.push({
          connections,
          api,
          storeSql,
          minimalSql: raw,
          ratios: {
            p99ToMinimalSql: ratio(api.latencyMs.p99, raw.latencyMs.p99),
            p99ToStoreSql: ratio(api.latencyMs.p99, storeSql.latencyMs.p99),
            throughputToMinimalSql: ratio(api.requestsPerSecond, raw.requestsPerSecond),
          },
          goal: api.latencyMs.p99 < GOAL_MS && api.non2xx === 0 ? 'met' : 'NOT met',
          loadAverage: loadAverage(),
        });
      }
      const result = {
        benchmark: 'urban-temporal',
        database: 'postgres',
        note: 'Dữ liệu mô phỏng / simulated readings',
        data: { entities: ids.length, attributesPerEntity: 2, days: DAYS, everyMinutes: 1, rows },
        copy: { seconds: Math.round(copySeconds * 10) / 10, rowsPerSecond: Math.round(rows / copySeconds) },
        query: { entity, ...params },
        levels,
      };
      console.log(
        `postgres: hourly avg/min/max of one day of ${entity} (2 attributes) over ${DAYS} days of minute data of ${ids.length} entities (${rows.toLocaleString('en')} readings, COPY ${result.copy.seconds} s)`,
      );
      for (const level of levels)
        console.log(
          [
            ` ${level.connections} connection(s), load average ${level.loadAverage.join(', ')} on ${os.cpus().length} cores`,
            `${show('temporal API', level.api)}, non-2xx ${level.api.non2xx} → p99 ${level.ratios.p99ToMinimalSql}× minimal SQL (goal p99 < ${GOAL_MS} ms: ${level.goal})`,
            show("the store's aggregate SQL (Kysely, in process)", level.storeSql),
            show('minimal SQL (avg, min, max by entity, attributes, day; pg directly)', level.minimalSql),
          ].join('\n'),
        );
      return result;
    } finally {
      await pool.end();
    }
  });
}

export async function queryMain(seconds = 10) {
  const result = await entityQueryBenchmark({ seconds });
  if (result) console.log(`→ ${await writeResult('urban-query', result)}`);
}

export async function temporalMain(seconds = 10) {
  const result = await temporalBenchmark({ seconds });
  if (result) console.log(`→ ${await writeResult('urban-temporal', result)}`);
}
