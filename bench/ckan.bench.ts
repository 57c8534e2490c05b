import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { createPlatform } from '../server/app.ts';
import { searchTextOf, tsqueryOf } from '../server/modules/data/portal/portal.service.ts';
import { createPortalStore, type SearchRequest } from '../server/modules/data/portal/portal.store.ts';
import { licences, themeCodes } from '../server/modules/data/portal/vocabularies.ts';
import { loadConfig } from '../server/platform/config.ts';
import { load, ratio, rawLoad, scratchDatabase, writeResult } from './support.ts';

/**
 * CKAN's `package_search` over 10,000 generated datasets (plus the platform's own), through the
 * real HTTP API, against two baselines measured in the same run: a bare Fastify route (the cost of
 * HTTP alone) and the portal's search statement run directly (the cost of the database alone).
 * PostgreSQL when DATABASE_URL is set (a scratch database, dropped afterwards), else PGlite.
 */
const DATASETS = 10_000;
const CONNECTIONS = 10;
const BATCH = 500;

const WORDS = [
  'giao thông',
  'xe buýt',
  'môi trường',
  'không khí',
  'giáo dục',
  'trường học',
  'y tế',
  'bệnh viện',
  'dân số',
  'đất đai',
  'quy hoạch',
  'ngân sách',
  'thuế',
  'doanh nghiệp',
  'du lịch',
  'văn hóa',
  'nước sạch',
  'chiếu sáng',
  'cây xanh',
  'rác thải',
  'Hà Nội',
  'phường',
  'xã',
  'điện',
  'nông nghiệp',
  'an ninh',
];
const FORMATS = ['CSV', 'JSON', 'GEOJSON', 'XLSX'];

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function ckanBenchmark(options: { seconds: number }) {
  const bare = Fastify();
  bare.get('/bare', async () => ({ success: true, result: { count: 0, results: [] } }));
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/bare`;

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-bench-ckan-'));
  const scratch = process.env.DATABASE_URL
    ? await scratchDatabase(process.env.DATABASE_URL, 'sc_bench_ckan')
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
  let server: Awaited<ReturnType<typeof platform.createServer>> | null = null;
  try {
    await platform.prepare();

    // ——— 10,000 generated datasets with keywords, themes and resources, in batches ———
    const loadStarted = performance.now();
    const store = createPortalStore(database);
    const agencies = (await platform.org.units({})).map((u) => ({
      id: u.id,
      name: `${u.nameVi} ${u.nameEn}`,
    }));
    const next = random(10_000);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const now = new Date();
    for (let start = 0; start < DATASETS; start += BATCH) {
      const datasets: Record<string, unknown>[] = [];
      const tags: { dataset_id: string; tag: string }[] = [];
      const groups: { dataset_id: string; group_code: string }[] = [];
      const resources: Record<string, unknown>[] = [];
      for (let i = start; i < Math.min(DATASETS, start + BATCH); i++) {
        const id = randomUUID();
        const agency = pick(agencies);
        const keywords = [...new Set([pick(WORDS), pick(WORDS), pick(WORDS)])];
        const themes = [...new Set([pick(themeCodes), pick(themeCodes)])];
        const row = {
          name: `bench-${String(i).padStart(5, '0')}`,
          title_vi: `Dữ liệu ${keywords.join(', ')} số ${i}`,
          title_en: `Benchmark dataset ${i}`,
          description_vi: `Bộ dữ liệu tổng hợp để đo hiệu năng về ${keywords.join(' và ')} của ${agency.name}.`,
          description_en: 'Synthetic dataset for the benchmark.',
          keywords,
        };
        const text = searchTextOf({ ...row, organization: agency.name });
        datasets.push({
          id,
          ...row,
          organization_id: agency.id,
          contact_name: null,
          contact_email: null,
          keywords: JSON.stringify(keywords),
          themes: JSON.stringify(themes),
          license_id: pick(licences).id,
          temporal_start: null,
          temporal_end: null,
          spatial_unit_ids: '[]',
          frequency: 'ANNUAL',
          issued: now,
          modified: now,
          private: next() < 0.05,
          demo: true,
          state: 'active',
          version: 1,
          search_text: text,
          search_vector: sql`to_tsvector('simple', ${text})`,
          managed_by: 'bench',
          created_at: now,
          created_by: 'bench',
          metadata_modified: new Date(now.getTime() - Math.floor(next() * 1e9)),
        });
        for (const tag of keywords) tags.push({ dataset_id: id, tag });
        for (const group_code of themes) groups.push({ dataset_id: id, group_code });
        for (let r = 0; r < 1 + Math.floor(next() * 2); r++)
          resources.push({
            id: randomUUID(),
            dataset_id: id,
            position: r,
            name: `Tài nguyên ${r + 1}`,
            format: pick(FORMATS),
            kind: 'link',
            source_url: `https://example.org/${i}/${r}`,
            refresh: 'none',
            state: 'active',
            created_at: now,
            modified_at: now,
          });
      }
      await store.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('data.portal_datasets')
          .values(datasets as never)
          .execute();
        await trx.insertInto('data.portal_dataset_tags').values(tags).execute();
        await trx.insertInto('data.portal_dataset_groups').values(groups).execute();
        await trx
          .insertInto('data.portal_resources')
          .values(resources as never)
          .execute();
      });
    }
    for (const table of [
      'portal_datasets',
      'portal_dataset_tags',
      'portal_dataset_groups',
      'portal_resources',
    ])
      await database.executeSql(`vacuum analyze data.${table}`);
    const total = Number(
      (
        (await database.executeSql('select count(*)::int as n from data.portal_datasets')).rows[0] as {
          n: number;
        }
      ).n,
    );
    const loadSeconds = Math.round((performance.now() - loadStarted) / 100) / 10;

    server = await platform.createServer();
    await server.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(server.server.address() as { port: number }).port}/api/3/action/package_search`;
    const facets = encodeURIComponent(
      JSON.stringify(['organization', 'groups', 'tags', 'res_format', 'license_id']),
    );
    const allFacets = [
      'organization',
      'groups',
      'tags',
      'res_format',
      'license_id',
    ] as SearchRequest['facets'];
    const cases: { name: string; url: string; request: SearchRequest }[] = [
      {
        name: 'text "giao thong" + 5 facets, 10 rows',
        url: `${base}?q=giao%20thong&facet.field=${facets}&rows=10`,
        request: {
          tsquery: tsqueryOf('giao thong'),
          clauses: [],
          privateOf: [],
          sort: [
            { field: 'score', direction: 'desc' },
            { field: 'modified', direction: 'desc' },
          ],
          start: 0,
          rows: 10,
          facets: allFacets,
          facetLimit: 50,
          facetMinCount: 1,
        },
      },
      {
        name: 'fq organization + group, 5 facets, 10 rows',
        url: `${base}?fq=${encodeURIComponent('organization:so-y-te +groups:heal')}&facet.field=${facets}&rows=10`,
        request: {
          tsquery: null,
          clauses: [
            { field: 'organization', values: ['so-y-te'], negate: false },
            { field: 'groups', values: ['heal'], negate: false },
          ],
          privateOf: [],
          sort: [
            { field: 'score', direction: 'desc' },
            { field: 'modified', direction: 'desc' },
          ],
          start: 0,
          rows: 10,
          facets: allFacets,
          facetLimit: 50,
          facetMinCount: 1,
        },
      },
      {
        name: 'everything, newest first, 10 rows, no facets',
        url: `${base}?sort=${encodeURIComponent('metadata_modified desc')}&rows=10`,
        request: {
          tsquery: null,
          clauses: [],
          privateOf: [],
          sort: [{ field: 'modified', direction: 'desc' }],
          start: 0,
          rows: 10,
          facets: [],
          facetLimit: 50,
          facetMinCount: 1,
        },
      },
    ];

    const bareRun = await load(bareUrl, { seconds: options.seconds, connections: CONNECTIONS });
    const runs = [];
    for (const benchCase of cases) {
      const check = await fetch(benchCase.url);
      const body = (await check.json()) as { success: boolean; result: { count: number } };
      if (check.status !== 200 || !body.success) throw new Error(`${benchCase.name}: ${check.status}`);
      for (let i = 0; i < 20; i++) await store.search(benchCase.request);
      await load(benchCase.url, { seconds: 2, connections: CONNECTIONS });
      const rawSql = await rawLoad(() => store.search(benchCase.request), options.seconds, CONNECTIONS);
      const api = await load(benchCase.url, { seconds: options.seconds, connections: CONNECTIONS });
      runs.push({
        case: benchCase.name,
        matched: body.result.count,
        api,
        rawSearchSql: rawSql,
        apiToRawSql: {
          p99: ratio(api.latencyMs.p99, rawSql.latencyMs.p99),
          throughput: ratio(api.requestsPerSecond, rawSql.requestsPerSecond),
        },
        apiToBare: {
          p99: ratio(api.latencyMs.p99, bareRun.latencyMs.p99),
          throughput: ratio(api.requestsPerSecond, bareRun.requestsPerSecond),
        },
      });
    }
    const result = {
      benchmark: 'ckan-package-search',
      database: database.kind,
      datasets: total,
      loadSeconds,
      connections: CONNECTIONS,
      bare: bareRun,
      runs,
    };
    const ms = (r: { latencyMs: { p50: number; p99: number }; requestsPerSecond: number }) =>
      `p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ${r.requestsPerSecond} req/s`;
    const lines = [
      `${database.kind}: ${total.toLocaleString('en')} datasets (${DATASETS.toLocaleString('en')} generated in ${loadSeconds} s), ${CONNECTIONS} connections`,
      `  bare Fastify route: ${ms(bareRun)}`,
    ];
    for (const run of runs)
      lines.push(
        `  package_search, ${run.case} (${run.matched} matched): API ${ms(run.api)} (non-2xx ${run.api.non2xx}) | raw search SQL ${ms(run.rawSearchSql)} | API÷SQL p99 ${run.apiToRawSql.p99}×`,
      );
    console.log(lines.join('\n'));
    return result;
  } finally {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server?.close();
    await platform.close();
    await bare.close();
    await scratch?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function main(seconds = 10) {
  const result = await ckanBenchmark({ seconds });
  console.log(`→ ${await writeResult('ckan', result)}`);
}
