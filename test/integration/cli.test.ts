import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform } from '../../server/app.ts';
import { systemActor } from '../../server/platform/auth/principal.ts';
import { loadConfig } from '../../server/platform/config.ts';
import { smartcity } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase, testEngine } from '../support/database.ts';

/**
 * The `smartcity` command against a real database: embedded PGlite in a data directory, or a
 * fresh PostgreSQL database when this suite runs on PostgreSQL.
 */
let dataDir: string;
let env: Record<string, string>;
let postgres: TestDatabase | null = null;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-cli-'));
  env = { DATA_DIR: dataDir, DEMO_DATA: 'false' };
  if (testEngine() === 'postgres') {
    postgres = await createTestDatabase();
    await postgres.database.close();
    env.DATABASE_URL = postgres.url!;
  }
});
afterAll(async () => {
  await postgres?.dispose().catch(() => {});
  await rm(dataDir, { recursive: true, force: true });
});

async function withPlatform<T>(
  fn: (platform: Awaited<ReturnType<typeof createPlatform>>) => Promise<T>,
): Promise<T> {
  const platform = await createPlatform(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
  try {
    return await fn(platform);
  } finally {
    await platform.close();
  }
}

describe('smartcity command', () => {
  it('lists its commands', async () => {
    const help = await smartcity(['--help'], env);
    expect(help.code).toBe(0);
    for (const command of ['start', 'migrate', 'seed-demo', 'audit', 'officials', 'clients']) {
      expect(help.stdout).toContain(command);
    }
  });

  it('stops with a message naming an invalid variable', async () => {
    const result = await smartcity(['migrate'], { ...env, PORT: 'not-a-port' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PORT');
  });

  it('migrates, then has nothing left to apply', async () => {
    const first = await smartcity(['migrate'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('org/0001_units');
    const second = await smartcity(['migrate'], env);
    expect(second.stdout).toContain('nothing to apply');
  });

  it('names the audit entry altered behind the application’s back', async () => {
    const created = await smartcity(
      ['officials', 'add', '--name', 'Nguyễn Văn Kiểm', '--unit', 'so-y-te', '--role', 'agency_reporter'],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    await withPlatform(async (platform) => {
      const db = platform.context.database.db;
      await db.transaction().execute((trx) =>
        platform.context.audit.record(trx, {
          actor: systemActor('test'),
          action: 'test.second',
          objectType: 'test',
          objectId: '2',
        }),
      );
    });
    const intact = await smartcity(['audit', 'verify'], env);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/OK: \d+/);

    await withPlatform(async (platform) => {
      const db = platform.context.database.db;
      const { rows } = await sql<{
        seq: number;
      }>`select seq from platform.audit_log where action = 'test.second'`.execute(db);
      await sql`alter table platform.audit_log disable trigger audit_log_append_only`.execute(db);
      await sql`update platform.audit_log set details = '{"tampered":true}'::jsonb where seq = ${rows[0]!.seq}`.execute(
        db,
      );
      await sql`alter table platform.audit_log enable trigger audit_log_append_only`.execute(db);
    });
    const broken = await smartcity(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    const { rows } = await withPlatform((platform) =>
      sql<{ seq: number }>`select seq from platform.audit_log where action = 'test.second'`.execute(
        platform.context.database.db,
      ),
    );
    expect(broken.stderr).toContain(`seq ${rows[0]!.seq}`);
  });
});
