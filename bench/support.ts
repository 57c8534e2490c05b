import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * Shared pieces of the benchmarks: load generation in a separate process (so the load generator
 * does not share the event loop of the server it measures) and result files.
 */
const run = promisify(execFile);
const require = createRequire(import.meta.url);
const autocannonBin = path.join(path.dirname(require.resolve('autocannon/package.json')), 'autocannon.js');

export type LoadResult = {
  url: string;
  requestsPerSecond: number;
  latencyMs: { p50: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  errors: number;
};

export async function load(
  url: string,
  options: { seconds?: number; connections?: number } = {},
): Promise<LoadResult> {
  const { stdout } = await run(
    process.execPath,
    [
      autocannonBin,
      '--json',
      '-d',
      String(options.seconds ?? 10),
      '-c',
      String(options.connections ?? 20),
      url,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const report = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p97_5: number; p99: number; max: number };
    non2xx: number;
    errors: number;
  };
  return {
    url,
    requestsPerSecond: Math.round(report.requests.average),
    latencyMs: {
      p50: report.latency.p50,
      p97_5: report.latency.p97_5,
      p99: report.latency.p99,
      max: report.latency.max,
    },
    non2xx: report.non2xx,
    errors: report.errors,
  };
}

export const ratio = (value: number, baseline: number) => Math.round((value / baseline) * 1000) / 1000;

export async function writeResult(name: string, result: unknown): Promise<string> {
  const dir = path.resolve('bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** A fresh PostgreSQL database for one benchmark run, created from `adminUrl` and dropped after. */
export async function scratchDatabase(adminUrl: string, prefix: string) {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
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

/** Closed-loop clients running one statement for `seconds`: latency percentiles and throughput. */
export async function rawLoad(run: () => Promise<unknown>, seconds: number, connections: number) {
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
