import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform } from '../../server/app.ts';
import { systemActor } from '../../server/platform/auth/principal.ts';
import { loadConfig } from '../../server/platform/config.ts';
import { APPEND_ONLY_TABLES } from '../../server/platform/db/roles.ts';
import { cliEnvironment, smartcity } from '../support/cli.ts';
import { testEngine } from '../support/database.ts';

/**
 * MIGRATE_ON_START=false (both engines), and on PostgreSQL the two roles of `smartcity db roles`:
 * the migration role migrates, the application role serves without DDL rights and cannot UPDATE,
 * DELETE or TRUNCATE the append-only logs.
 */
describe('MIGRATE_ON_START=false', { timeout: 180_000 }, () => {
  let env: Record<string, string>;
  let cli: Awaited<ReturnType<typeof cliEnvironment>>;

  beforeAll(async () => {
    cli = await cliEnvironment('nomigrate', { LOG_LEVEL: 'silent', MQTT_EMBEDDED_PORT: '0' });
    ({ env } = cli);
  });
  afterAll(async () => {
    await cli?.dispose();
  });

  it('start refuses to serve an unmigrated database, in Vietnamese and English, and exits', async () => {
    const result = await smartcity(['start', '--no-build'], { ...env, MIGRATE_ON_START: 'false', PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cơ sở dữ liệu chưa được migration');
    expect(result.stderr).toContain('The database is not migrated');
    expect(result.stderr).toContain('platform (not migrated)');
  });

  it('serves once `smartcity migrate` has run, and names a pending job queue otherwise', async () => {
    const migrated = await smartcity(['migrate'], env);
    expect(migrated.code, migrated.stderr).toBe(0);
    const platform = await createPlatform(loadConfig({ ...env, MIGRATE_ON_START: 'false' }));
    try {
      const prepared = await platform.prepare({ measure: false });
      expect(prepared.migrations.applied).toEqual([]);
      expect(prepared.migrations.alreadyApplied).toBeGreaterThan(10);
    } finally {
      await platform.close();
    }
    // A job only defined with SMTP configured has no queue yet: creating it would be DDL.
    const withMail = await createPlatform(
      loadConfig({ ...env, MIGRATE_ON_START: 'false', SMTP_URL: 'smtp://127.0.0.1:2525' }),
    );
    try {
      await expect(withMail.prepare({ measure: false })).rejects.toThrow(/pgboss\/queue platform\.mail/);
    } finally {
      await withMail.close();
    }
  });
});

describe.runIf(testEngine() === 'postgres')(
  'PostgreSQL migration and application roles',
  {
    timeout: 240_000,
  },
  () => {
    const adminUrl = process.env.TEST_DATABASE_URL ?? '';
    const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const names = { database: `sc_roles_${suffix}`, owner: `sc_owner_${suffix}`, app: `sc_app_${suffix}` };
    let dataDir: string;
    const urlAs = (role: string | null) => {
      const url = new URL(adminUrl);
      url.pathname = `/${names.database}`;
      if (role) {
        url.username = role;
        url.password = `pw_${suffix}`;
      }
      return url.toString();
    };
    const admin = async (text: string) => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(text);
      } finally {
        await client.end();
      }
    };

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-roles-'));
      await admin(`create database ${names.database}`);
    });
    afterAll(async () => {
      await admin(`drop database if exists ${names.database} with (force)`);
      await admin(`drop role if exists ${names.app}`);
      await admin(`drop role if exists ${names.owner}`);
      await rm(dataDir, { recursive: true, force: true });
    });

    it('migrates as the owner, serves as the app role, and the app role cannot alter the logs', async () => {
      const env = { DATA_DIR: dataDir, DEMO_DATA: 'false', LOG_LEVEL: 'silent', MQTT_EMBEDDED_PORT: '0' };
      const roleArgs = ['--owner', names.owner, '--app', names.app];
      // 1. The administrator creates the roles and gives the database to the migration role.
      const created = await smartcity(['db', 'roles', ...roleArgs, '--part', 'admin', '--apply'], {
        ...env,
        DATABASE_URL: urlAs(null),
      });
      expect(created.code, created.stderr).toBe(0);
      await admin(`alter role ${names.owner} password 'pw_${suffix}'`);
      await admin(`alter role ${names.app} password 'pw_${suffix}'`);

      // 2. The migration role migrates (schemas, tables, pg-boss and its queues), then grants.
      const migrated = await smartcity(['migrate'], { ...env, DATABASE_URL: urlAs(names.owner) });
      expect(migrated.code, migrated.stderr).toBe(0);
      const granted = await smartcity(['db', 'roles', ...roleArgs, '--part', 'grants', '--apply'], {
        ...env,
        DATABASE_URL: urlAs(names.owner),
      });
      expect(granted.code, granted.stderr).toBe(0);

      // 3. The application role starts without migrating: reference data, the HTTP server, the jobs.
      const platform = await createPlatform(
        loadConfig({ ...env, DATABASE_URL: urlAs(names.app), MIGRATE_ON_START: 'false' }),
      );
      try {
        await platform.prepare();
        const server = await platform.createServer();
        await platform.startJobs();
        const health = await server.inject({ method: 'GET', url: '/api/ready' });
        expect(health.statusCode, health.body).toBe(200);
        // A real audited write: the official and its audit row, in one transaction, as the app role.
        const before = await platform.context.audit.verify();
        const { id } = await platform.org.createOfficial(systemActor('test:roles'), {
          fullName: 'Lê Văn Vai Trò',
          email: null,
          memberships: [{ unitId: 'hanoi', role: 'auditor' }],
        });
        // The DataStore creates a table per loaded file: the one CREATE the app role holds.
        const actor = systemActor('test:roles');
        const dataset = await platform.data.portal.create(actor, {
          name: 'roles-upload-test',
          titleVi: 'Tải lên bằng vai trò ứng dụng (thử nghiệm)',
          descriptionVi: 'Bộ dữ liệu thử nghiệm quyền của vai trò ứng dụng.',
          organizationId: 'so-y-te',
        });
        const uploaded = await platform.data.portal.addUpload(actor, dataset.name, {
          filename: 'phuong.csv',
          source: Readable.from([Buffer.from('ma,ten\n1,Phường A\n2,Phường B\n')]),
          schema: null,
        });
        expect(uploaded.resource.rows).toBe(2);
        const after = await platform.context.audit.verify();
        expect(after.ok).toBe(true);
        expect(after.entries).toBeGreaterThan(before.entries);
        await server.close();
        expect(id).toBeTruthy();
      } finally {
        await platform.close();
      }

      // 4. As the app role, the logs refuse UPDATE, DELETE and TRUNCATE by privilege (not only by trigger).
      const app = new pg.Client({ connectionString: urlAs(names.app) });
      await app.connect();
      try {
        const logs = await app.query<{ relation: string }>(
          `select distinct c.oid::regclass::text as relation from pg_trigger g join pg_class c on c.oid = g.tgrelid
         where g.tgname like '%\\_append\\_only' order by 1`,
        );
        expect(logs.rows.map((row) => row.relation).sort()).toEqual([...APPEND_ONLY_TABLES].sort());
        for (const table of APPEND_ONLY_TABLES) {
          const bare = table.split('.')[1];
          for (const statement of [
            `update ${table} set at = at`,
            `delete from ${table}`,
            `truncate ${table}`,
          ]) {
            await expect(app.query(statement), statement).rejects.toThrow(
              new RegExp(`permission denied for table ${bare}`),
            );
          }
          // Reading still works.
          await app.query(`select count(*) from ${table}`);
        }
        const audited = await app.query<{ n: string }>('select count(*) as n from platform.audit_log');
        expect(Number(audited.rows[0]!.n)).toBeGreaterThan(0);
        // No DDL, and no faking migrations.
        await expect(app.query('create table platform.intruder (id int)')).rejects.toThrow(
          /permission denied for schema platform/,
        );
        await expect(
          app.query(`insert into platform.schema_migrations (module, name, checksum) values ('x', 'y', 'z')`),
        ).rejects.toThrow(/permission denied for table schema_migrations/);
        // Other tables stay writable.
        const updated = await app.query(`update org.officials set full_name = full_name where false`);
        expect(updated.rowCount).toBe(0);
      } finally {
        await app.end();
      }
    });
  },
);
