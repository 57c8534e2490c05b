import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { createPlatform } from '../server/app.ts';
import { loadConfig } from '../server/platform/config.ts';
import { load, ratio, writeResult } from './support.ts';

/**
 * Requests per second of `/api/health` and of a database-backed endpoint (the agencies valid on a
 * date), against a bare Fastify route measured in the same run on the same machine.
 */
export async function httpBenchmark(options: { seconds: number }) {
  const bare = Fastify();
  bare.get('/bare', async () => ({ status: 'ok' }));
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/bare`;

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-bench-'));
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    PORT: '0',
  });
  const platform = await createPlatform(config);
  await platform.prepare();
  const server = await platform.createServer();
  await server.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;

  try {
    const baseline = await load(bareUrl, options);
    const health = await load(`${base}/api/health`, options);
    const units = await load(`${base}/api/org/units?at=2026-01-01&kind=ward`, options);
    const result = {
      benchmark: 'http',
      database: platform.context.database.kind,
      baseline,
      health: { ...health, ratioToBare: ratio(health.requestsPerSecond, baseline.requestsPerSecond) },
      databaseBacked: { ...units, ratioToBare: ratio(units.requestsPerSecond, baseline.requestsPerSecond) },
    };
    console.log(
      [
        `bare Fastify route:        ${baseline.requestsPerSecond} req/s (p99 ${baseline.latencyMs.p99} ms)`,
        `/api/health:               ${health.requestsPerSecond} req/s (p99 ${health.latencyMs.p99} ms) = ${result.health.ratioToBare}× bare`,
        `/api/org/units (database): ${units.requestsPerSecond} req/s (p99 ${units.latencyMs.p99} ms) = ${result.databaseBacked.ratioToBare}× bare`,
      ].join('\n'),
    );
    return result;
  } finally {
    await server.close();
    await platform.close();
    await bare.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function main(seconds = 10) {
  const result = await httpBenchmark({ seconds });
  console.log(`→ ${await writeResult('http', result)}`);
}
