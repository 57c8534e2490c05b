import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform } from '../../server/app.ts';
import { anonymous, systemActor } from '../../server/platform/auth/principal.ts';
import { loadConfig } from '../../server/platform/config.ts';
import { cliEnvironment, smartcity } from '../support/cli.ts';

/**
 * The `smartcity` command against a real database: embedded PGlite in a data directory, or a
 * fresh PostgreSQL database when this suite runs on PostgreSQL.
 */
let dataDir: string;
let env: Record<string, string>;
let cli: Awaited<ReturnType<typeof cliEnvironment>>;

beforeAll(async () => {
  cli = await cliEnvironment('cli');
  ({ dataDir, env } = cli);
});
afterAll(async () => {
  await cli?.dispose();
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

// Each command starts the platform in its own process: slow on a busy 2-core machine.
describe('smartcity command', { timeout: 120_000 }, () => {
  it('lists its commands', async () => {
    const help = await smartcity(['--help'], env);
    expect(help.code).toBe(0);
    for (const command of ['start', 'migrate', 'seed-demo', 'audit', 'officials', 'clients', 'data']) {
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

  it('uploads a CSV to a dataset with progress; a bad file is refused with its report and nothing kept', async () => {
    const dataset = await withPlatform(async (platform) => {
      await platform.prepare({ demo: false });
      return platform.data.portal.create(systemActor('test'), {
        name: 'cli-upload-test',
        titleVi: 'Tải lên bằng dòng lệnh (thử nghiệm)',
        descriptionVi: 'Bộ dữ liệu thử nghiệm của lệnh smartcity data upload.',
        organizationId: 'so-y-te',
      });
    });
    const rows = Array.from({ length: 2500 }, (_, i) => `${i + 1},Phường số ${i + 1},${(i * 7) % 100}`);
    const good = path.join(dataDir, 'good.csv');
    const bad = path.join(dataDir, 'bad.csv');
    const schema = path.join(dataDir, 'schema.json');
    await writeFile(good, `ma,ten,so\n${rows.join('\n')}\n`);
    await writeFile(bad, 'ma,ten,so\n1,Phường A,10\n2,Phường B,mười\n');
    await writeFile(
      schema,
      JSON.stringify({
        fields: [
          { name: 'ma', type: 'integer' },
          { name: 'ten', type: 'string' },
          { name: 'so', type: 'integer' },
        ],
        primaryKey: ['ma'],
      }),
    );

    const uploaded = await smartcity(['data', 'upload', 'cli-upload-test', good, '--schema', schema], env);
    expect(uploaded.code, uploaded.stderr).toBe(0);
    expect(uploaded.stdout).toMatch(/Đã tải lên \/ uploaded: [0-9a-f-]{36} \(CSV, 2500 dòng \/ rows\)/);
    expect(uploaded.stderr).toMatch(/dòng \/ rows · \d+\.\d MB/);
    const resourceId = /uploaded: ([0-9a-f-]{36})/.exec(uploaded.stdout)![1]!;

    const refused = await smartcity(['data', 'upload', 'cli-upload-test', bad, '--schema', schema], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('nothing was kept');
    expect(refused.stderr).toMatch(/dòng \/ row 3 "so"/);

    await withPlatform(async (platform) => {
      const shown = await platform.data.portal.show(anonymous, dataset.name);
      expect(shown.resources.map((r: { id: string }) => r.id)).toEqual([resourceId]);
      const found = await platform.data.datastore.search({ resourceId, q: 'phuong so 2499' });
      expect(found.records.map((r) => r.ma)).toEqual([2499]);
    });
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
