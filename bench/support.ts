import { execFile, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

/**
 * A load generator in a child process (a TypeScript module loaded through tsx), so its CPU is not
 * the server's: `ask` sends one task over IPC and resolves with the module's answer (one at a time).
 * The module answers with `serveTasks`.
 */
export function childLoad<Task, Answer>(module: URL) {
  const child = fork(fileURLToPath(module), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let pending: { resolve: (answer: Answer) => void; reject: (error: Error) => void } | null = null;
  child.on('message', (message: { answer?: Answer; error?: string }) => {
    const waiting = pending;
    pending = null;
    if (message.error !== undefined) waiting?.reject(new Error(`load generator: ${message.error}`));
    else waiting?.resolve(message.answer as Answer);
  });
  child.on('exit', (code, signal) => {
    pending?.reject(new Error(`load generator exited (${signal ?? code})`));
    pending = null;
  });
  return {
    ask(task: Task) {
      if (pending) throw new Error('load generator: one task at a time');
      return new Promise<Answer>((resolve, reject) => {
        pending = { resolve, reject };
        child.send(task as object);
      });
    },
    close() {
      if (child.connected) child.disconnect();
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}

/** The child's side of `childLoad`: answers each task in turn, exits when the parent lets go. */
export function serveTasks<Task, Answer>(handle: (task: Task) => Promise<Answer>) {
  process.on('message', (task: Task) => {
    handle(task).then(
      (answer) => process.send?.({ answer }),
      (error: Error) => process.send?.({ error: error.stack ?? error.message }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

/** Machine CPU times (all cores), to compare two snapshots with `busyShare`. */
export const cpuTimes = () =>
  os.cpus().reduce(
    (sum, cpu) => {
      const t = cpu.times;
      sum.busy += t.user + t.nice + t.sys + t.irq;
      sum.total += t.user + t.nice + t.sys + t.irq + t.idle;
      return sum;
    },
    { busy: 0, total: 0 },
  );

/** Machine CPU busy share (all cores) since `before`. */
export const busyShare = (before: ReturnType<typeof cpuTimes>) => {
  const now = cpuTimes();
  return Math.round(((now.busy - before.busy) / Math.max(1, now.total - before.total)) * 100) / 100;
};
