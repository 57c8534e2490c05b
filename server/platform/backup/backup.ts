import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AppConfig } from '../config.ts';
import { describeFile, type Manifest, writeArchive } from './archive.ts';
import { dumpEmbedded } from './embedded.ts';
import { BackupError } from './errors.ts';
import { collectLocalState } from './local-state.ts';
import { dumpPostgres } from './postgres.ts';

export type BackupOptions = {
  config: AppConfig;
  /** Platform version recorded in the manifest. */
  version: string;
  /** Archive to write; default `smartcity-backup-<mode>-<time>.tar` in the current directory. */
  output?: string;
  /** Directory of pg_dump / pg_restore when they are not the ones on PATH. */
  pgBin?: string | null;
};

export type BackupResult = { file: string; bytes: number; manifest: Manifest };

export const modeOf = (config: AppConfig) => (config.database.kind === 'pglite' ? 'embedded' : 'postgres');

/** `20261127-081500`: a time for file names, in UTC. */
export const fileStamp = (date: Date) =>
  date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/**
 * One archive with everything needed to bring the platform back: the database (PGlite's data
 * directory or a pg_dump), DATA_DIR's other local state, and a manifest with the platform version,
 * the applied migrations, every table's row count and checksum and every stored file's SHA-256.
 */
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const { config } = options;
  const mode = modeOf(config);
  const createdAt = new Date();
  const file = path.resolve(options.output ?? `smartcity-backup-${mode}-${fileStamp(createdAt)}.tar`);
  if (existsSync(file))
    throw new BackupError(
      `Tệp ${file} đã có; không ghi đè.`,
      `${file} already exists; it is not overwritten.`,
    );
  const work = await mkdtemp(path.join(os.tmpdir(), 'smartcity-backup-'));
  try {
    const entry = mode === 'embedded' ? 'database/pglite-datadir.tar.gz' : 'database/postgres.dump';
    const dumpFile = path.join(work, path.basename(entry));
    const dumped =
      config.database.kind === 'pglite'
        ? await dumpEmbedded(config.database.dataDir ?? '', dumpFile)
        : await dumpPostgres(config.database.url, dumpFile, { binDir: options.pgBin ?? null });
    const local = await collectLocalState(config.dataDir);
    const manifest: Manifest = {
      format: 'smartcity-backup',
      formatVersion: 1,
      platformVersion: options.version,
      createdAt: createdAt.toISOString(),
      mode,
      database: { entry, tool: dumped.tool, serverVersion: dumped.state.serverVersion },
      migrations: dumped.state.migrations,
      tables: dumped.state.tables,
      sequences: dumped.state.sequences,
      files: dumped.state.files,
      entries: [await describeFile(entry, dumpFile), ...local.entries],
    };
    await writeArchive(file, manifest, new Map([[entry, dumpFile], ...local.sources]));
    return { file, bytes: (await stat(file)).size, manifest };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
