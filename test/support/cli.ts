import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase, testEngine } from './database.ts';

const run = promisify(execFile);
const bin = path.resolve('bin/smartcity.js');

/** Runs the `smartcity` command as a user would, returning its output and exit code. */
export async function smartcity(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failure.code === 'number' ? failure.code : 1,
      stdout: failure.stdout ?? '',
      stderr: failure.stderr ?? '',
    };
  }
}

/**
 * Where a CLI test's commands run: a data directory and, on the PostgreSQL project, an empty database
 * of its own (the commands migrate it). `env` is for `smartcity`; `dispose` removes both.
 */
export async function cliEnvironment(name: string, extra: Record<string, string> = {}) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `smartcity-${name}-`));
  const env: Record<string, string> = { DATA_DIR: dataDir, DEMO_DATA: 'false', ...extra };
  let postgres: TestDatabase | null = null;
  if (testEngine() === 'postgres') {
    postgres = await createTestDatabase();
    await postgres.database.close();
    env.DATABASE_URL = postgres.url!;
  }
  return {
    dataDir,
    env,
    async dispose() {
      await postgres?.dispose().catch(() => {});
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
