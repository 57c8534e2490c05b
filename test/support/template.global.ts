import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createPlatform } from '../../server/app.ts';
import { loadConfig } from '../../server/platform/config.ts';
import { openDatabase } from '../../server/platform/db/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PGlite `dumpDataDir` archive of a migrated database with reference data. */
    pgliteTemplate: string;
    /** A PostgreSQL database in the same state, to copy with `create database … template …`. */
    postgresTemplate: string;
  }
}

/**
 * Migrating every module and loading the reference data takes seconds; each test file used to do
 * it again. Done once here per run and engine, each test file starts from a copy (an archive for
 * PGlite, a template database for PostgreSQL). No computed KPIs are in the copy: each test's own
 * `prepare()` measures them with its own clock, as before.
 */
export default async function setup(project: TestProject) {
  const engine = project.config.env?.TEST_DB_ENGINE === 'postgres' ? 'postgres' : 'pglite';
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-template-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO_DATA: 'false', PORT: '3999' });

  if (engine === 'pglite') {
    const database = await openDatabase({ kind: 'pglite', dataDir: null });
    const platform = await createPlatform(config, { database });
    await platform.prepare({ measure: false });
    const archive = path.join(dataDir, 'template.tar');
    await writeFile(archive, Buffer.from(await (await database.pglite!.dumpDataDir('none')).arrayBuffer()));
    await platform.close();
    project.provide('pgliteTemplate', archive);
    return async () => rm(dataDir, { recursive: true, force: true });
  }

  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('the postgres test project needs TEST_DATABASE_URL');
  const name = `sc_template_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
  const platform = await createPlatform(config, { database });
  await platform.prepare({ measure: false });
  await platform.close();
  project.provide('postgresTemplate', name);
  return async () => {
    await admin(`drop database if exists ${name} with (force)`);
    await rm(dataDir, { recursive: true, force: true });
  };
}
