import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Level } from 'level';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPlatform } from '../../server/app.ts';
import { systemActor } from '../../server/platform/auth/principal.ts';
import { readArchive, writeArchive } from '../../server/platform/backup/archive.ts';
import type { DatabaseState } from '../../server/platform/backup/checksum.ts';
import { BackupError, measureDatabase, restoreBackup } from '../../server/platform/backup/index.ts';
import { loadConfig } from '../../server/platform/config.ts';
import { type Database, openDatabase } from '../../server/platform/db/database.ts';
import { createFileStore } from '../../server/platform/files.ts';
import { platformVersion } from '../../server/version.ts';
import { smartcity } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase, testEngine } from '../support/database.ts';

/**
 * `smartcity backup` / `restore` round trips on the engine this project runs: the embedded PGlite
 * data directory, or a throwaway PostgreSQL database (never the shared one). Every table's
 * checksum, every sequence and every stored file must come back equal.
 */
const engine = testEngine();
const cleanups: (() => Promise<void>)[] = [];

type Target = { env: Record<string, string>; dataDir: string; open(): Promise<Database> };

async function tempDir(prefix: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh, empty place to restore into: a new DATA_DIR, and on PostgreSQL a new database. */
async function emptyTarget(prepared = false): Promise<Target & { testDatabase?: TestDatabase }> {
  const dataDir = await tempDir('smartcity-restore-target-');
  if (engine === 'pglite') {
    const dir = path.join(dataDir, 'pglite');
    if (prepared) {
      const template = new Blob([await readFile(inject('pgliteTemplate'))]);
      await (await openDatabase({ kind: 'pglite', dataDir: dir, loadDataDir: template })).close();
    }
    return {
      env: { DATA_DIR: dataDir },
      dataDir,
      open: () => openDatabase({ kind: 'pglite', dataDir: dir }),
    };
  }
  const testDatabase = await createTestDatabase({ prepared });
  await testDatabase.database.close();
  cleanups.push(() => testDatabase.dispose().catch(() => {}));
  const url = testDatabase.url!;
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url },
    dataDir,
    testDatabase,
    open: () => openDatabase({ kind: 'postgres', url, poolSize: 4 }),
  };
}

/** The checksums of a target, measured independently of the restore that produced it. */
async function measure(target: Target): Promise<DatabaseState> {
  if (engine === 'pglite') {
    const database = await target.open();
    const pglite = database.pglite!;
    await pglite.exec('begin');
    try {
      return await measureDatabase({
        query: async (text, values) => (await pglite.query<Record<string, unknown>>(text, values)).rows,
      });
    } finally {
      await pglite.exec('rollback');
      await database.close();
    }
  }
  const client = new pg.Client({ connectionString: target.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query('begin');
    return await measureDatabase({ query: async (text, values) => (await client.query(text, values)).rows });
  } finally {
    await client.end();
  }
}

const configOf = (target: Target) => loadConfig({ ...target.env, LOG_LEVEL: 'silent' });

let source: Target;
let archive: string;
let pdf: Buffer;
let officialId: string;
let chunkedId: string;
let pdfId: string;

beforeAll(async () => {
  source = await emptyTarget(true);
  const database = await source.open();
  const platform = await createPlatform(
    loadConfig({ ...source.env, LOG_LEVEL: 'silent', DEMO_DATA: 'true', DEMO_POPULATION: '50' }),
    { database },
  );
  try {
    await platform.prepare({ demo: true, measure: false });
    const actor = systemActor('test:backup');
    pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('biên bản sao lưu '.repeat(200))]);
    pdfId = (
      await platform.context.files.save(database.db, {
        filename: 'bien-ban.pdf',
        bytes: pdf,
        purpose: 'test',
        policy: { kinds: ['pdf'], maxBytes: 1_000_000 },
        actor,
      })
    ).id;
    // Over 1 MiB, so the chunked store holds it in two chunks.
    const csv = `ma,ten\n${Array.from({ length: 60_000 }, (_, i) => `${i},Phường ${i}`).join('\n')}\n`;
    chunkedId = (
      await platform.context.files.saveStream({
        filename: 'du-lieu.csv',
        source: [Buffer.from(csv)],
        purpose: 'test',
        policy: { kinds: ['csv'], maxBytes: 10_000_000 },
        actor,
      })
    ).id;
    officialId = (
      await platform.org.createOfficial(actor, {
        fullName: 'Cán bộ Sao Lưu',
        email: null,
        memberships: [{ unitId: 'so-y-te', role: 'agency_reporter' }],
      })
    ).id;
  } finally {
    await platform.close();
  }
  // The queue an earlier embedded MQTT broker left in DATA_DIR: local state outside the database.
  const queue = new Level<string, string>(path.join(source.dataDir, 'mqtt-broker'));
  await queue.put('queued-reading', '{"temperature":31.5}');
  await queue.close();
  archive = path.join(await tempDir('smartcity-archives-'), 'backup.tar');
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe(`backup and restore (${engine})`, { timeout: 120_000 }, () => {
  let restored: Target;

  it('backs up with the CLI and restores into a fresh target: every table, sequence and file equal', async () => {
    const made = await smartcity(['backup', '--output', archive], source.env);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('backed up');

    restored = await emptyTarget();
    const back = await smartcity(['restore', archive], restored.env);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain('restored and verified');

    const [before, after] = [await measure(source), await measure(restored)];
    expect(before.tables.length).toBeGreaterThan(50);
    expect(before.files.map((f) => f.id)).toEqual(expect.arrayContaining([pdfId, chunkedId]));
    expect(after.tables).toEqual(before.tables);
    expect(after.sequences).toEqual(before.sequences);
    expect(after.files).toEqual(before.files);
    expect(after.migrations).toEqual(before.migrations);

    // Through the platform's own services on the restored copy.
    const database = await restored.open();
    try {
      const files = createFileStore(database);
      expect((await files.content(pdfId))?.content.equals(pdf)).toBe(true);
      const stream = await files.openStream(chunkedId);
      const chunks: Buffer[] = [];
      for await (const chunk of stream!.stream) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).toString('utf8')).toContain('59999,Phường 59999');
      const official = await database.db
        .selectFrom('org.officials')
        .select('full_name')
        .where('id', '=', officialId)
        .executeTakeFirst();
      expect(official?.full_name).toBe('Cán bộ Sao Lưu');
    } finally {
      await database.close();
    }
    const queue = new Level<string, string>(path.join(restored.dataDir, 'mqtt-broker'));
    expect(await queue.get('queued-reading')).toBe('{"temperature":31.5}');
    await queue.close();
  });

  it('refuses a damaged archive and changes nothing', async () => {
    const bytes = await readFile(archive);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    const damaged = `${archive}.damaged.tar`;
    await writeFile(damaged, bytes);
    const target = await emptyTarget();
    const refused = await restoreBackup({
      config: configOf(target),
      archive: damaged,
      force: true,
      version: platformVersion,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BackupError);
    expect((refused as BackupError).en).toMatch(/damaged/);
    await expectEmpty(target);
  });

  it('fails loudly when the restored data differs from the manifest', async () => {
    const dir = await tempDir('smartcity-tampered-');
    const manifest = await readArchive(archive, dir);
    const units = manifest.tables.find((t) => t.table === 'org.units')!;
    units.md5 = '0'.repeat(32);
    const tampered = `${archive}.tampered.tar`;
    await writeArchive(
      tampered,
      manifest,
      new Map(manifest.entries.map((e) => [e.path, path.join(dir, e.path)])),
    );
    const target = await emptyTarget();
    const refused = await restoreBackup({
      config: configOf(target),
      archive: tampered,
      force: false,
      version: platformVersion,
    }).catch((error: unknown) => error);
    expect((refused as BackupError).en).toMatch(/DOES NOT MATCH.*\n.*org\.units/);
    // Embedded: checked beside the target, so the target was never touched.
    if (engine === 'pglite') await expectEmpty(target);
  });

  it('refuses a target holding data without --force; with --force replaces it and verifies', async () => {
    const target = await emptyTarget(true);
    const refused = await restoreBackup({
      config: configOf(target),
      archive,
      force: false,
      version: platformVersion,
    }).catch((error: unknown) => error);
    expect((refused as BackupError).en).toMatch(/not (be )?overwritten without --force|not empty/);

    const result = await restoreBackup({
      config: configOf(target),
      archive,
      force: true,
      version: platformVersion,
    });
    expect((await measure(target)).tables).toEqual(result.manifest.tables);
    if (engine === 'pglite') {
      expect(result.kept).toHaveLength(1);
      expect(existsSync(result.kept[0]!)).toBe(true);
    }
  });
});

describe(`restore refuses while the platform may be running (${engine})`, { timeout: 60_000 }, () => {
  it.runIf(engine === 'pglite')('refuses a data directory another process has open', async () => {
    const target = await emptyTarget(true);
    const pgliteDir = path.join(target.dataDir, 'pglite');
    // Another process with the database open, as a running platform has it.
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { PGlite } from '@electric-sql/pglite'; const db = new PGlite({ dataDir: process.argv[1] }); await db.waitReady; console.log('ready'); setInterval(() => {}, 1000);",
        pgliteDir,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (data: Buffer) => data.toString().includes('ready') && resolve());
        holder.once('exit', () => reject(new Error('the holder process ended')));
      });
      const refused = await restoreBackup({
        config: configOf(target),
        archive,
        force: true,
        version: platformVersion,
      }).catch((error: unknown) => error);
      expect((refused as BackupError).en).toContain(
        `The platform is running on ${pgliteDir} (pid ${holder.pid})`,
      );
    } finally {
      holder.kill();
    }
  });

  it.runIf(engine === 'postgres')('refuses a database other sessions are connected to', async () => {
    const target = await emptyTarget();
    const other = new pg.Client({
      connectionString: target.env.DATABASE_URL,
      application_name: 'smartcity-web',
    });
    await other.connect();
    try {
      const refused = await restoreBackup({
        config: configOf(target),
        archive,
        force: true,
        version: platformVersion,
      }).catch((error: unknown) => error);
      expect((refused as BackupError).en).toContain(
        '1 other sessions are connected to the database (smartcity-web)',
      );
    } finally {
      await other.end();
    }
    await expectEmpty(target);
  });
});

async function expectEmpty(target: Target) {
  if (engine === 'pglite') {
    expect(existsSync(path.join(target.dataDir, 'pglite'))).toBe(false);
    return;
  }
  const client = new pg.Client({ connectionString: target.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'`,
    );
    expect(rows[0].n).toBe(0);
  } finally {
    await client.end();
  }
}
