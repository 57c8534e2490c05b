import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../server/platform/db/database.ts';

/**
 * A fresh database for one test file: in-memory PGlite by default, or a new PostgreSQL database
 * created from TEST_DATABASE_URL when the test project runs on PostgreSQL (TEST_DB_ENGINE=postgres).
 * Empty, or with `prepared` a copy of the run's migrated database with reference data
 * (test/support/template.global.ts) when there is one. Dropped again by `dispose`.
 */
export type TestDatabase = { database: Database; url: string | null; dispose(): Promise<void> };

export const testEngine = (): 'pglite' | 'postgres' =>
  process.env.TEST_DB_ENGINE === 'postgres' ? 'postgres' : 'pglite';

export async function createTestDatabase(options: { prepared?: boolean } = {}): Promise<TestDatabase> {
  if (testEngine() === 'pglite') {
    const template = options.prepared ? inject('pgliteTemplate') : undefined;
    const database = await openDatabase({
      kind: 'pglite',
      dataDir: null,
      ...(template ? { loadDataDir: new Blob([await readFile(template)]) } : {}),
    });
    return { database, url: null, dispose: () => database.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DB_ENGINE=postgres needs TEST_DATABASE_URL');
  const name = `sc_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const template = options.prepared ? inject('postgresTemplate') : undefined;
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 5 });
  return {
    database,
    url: url.toString(),
    dispose: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
