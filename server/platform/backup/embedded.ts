import { existsSync, openAsBlob } from 'node:fs';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { openDatabase } from '../db/database.ts';
import { type DatabaseState, measureDatabase, type Session } from './checksum.ts';
import { BackupError } from './errors.ts';
import { assertNotInUse } from './in-use.ts';

/**
 * The embedded database (PGlite) is backed up with PGlite's own facility: `dumpDataDir` writes the
 * data directory as a gzipped tarball, and `loadDataDir` starts a new data directory from one.
 * The platform must be stopped: PGlite is opened by one process at a time.
 */

type PGliteHandle = NonNullable<Awaited<ReturnType<typeof openDatabase>>['pglite']>;

export const isEmptyDir = async (directory: string) =>
  !existsSync(directory) || (await readdir(directory)).length === 0;

async function measure(pglite: PGliteHandle): Promise<DatabaseState> {
  const session: Session = {
    query: async (text, values) => (await pglite.query(text, values)).rows as never,
  };
  await pglite.exec('begin isolation level repeatable read read only');
  try {
    return await measureDatabase(session);
  } finally {
    await pglite.exec('rollback');
  }
}

/** Measures the database and writes its dump to `dumpFile`. */
export async function dumpEmbedded(
  pgliteDir: string,
  dumpFile: string,
): Promise<{ state: DatabaseState; tool: string }> {
  if (await isEmptyDir(pgliteDir))
    throw new BackupError(
      `Không có cơ sở dữ liệu nhúng tại ${pgliteDir} (kiểm tra DATA_DIR).`,
      `There is no embedded database at ${pgliteDir} (check DATA_DIR).`,
    );
  await assertNotInUse(pgliteDir);
  const database = await openDatabase({ kind: 'pglite', dataDir: pgliteDir });
  try {
    const pglite = database.pglite!;
    const state = await measure(pglite);
    const dump = await pglite.dumpDataDir('gzip');
    await writeFile(dumpFile, Buffer.from(await dump.arrayBuffer()));
    return { state, tool: 'PGlite dumpDataDir (gzip)' };
  } finally {
    await database.close();
  }
}

/**
 * Loads the dump into `stagingDir` (a new data directory next to the target) and measures it
 * there; the caller swaps it into place only when the measurement matches the manifest.
 */
export async function loadEmbedded(dumpFile: string, stagingDir: string): Promise<DatabaseState> {
  await rm(stagingDir, { recursive: true, force: true });
  const database = await openDatabase({
    kind: 'pglite',
    dataDir: stagingDir,
    loadDataDir: await openAsBlob(dumpFile),
  });
  try {
    return await measure(database.pglite!);
  } finally {
    await database.close();
  }
}

/**
 * Puts the verified staging directory in place of the target. A replaced target is kept beside
 * it (`<dir>.replaced-<time>`) rather than deleted, for the operator to remove once satisfied.
 */
export async function swapInto(stagingDir: string, target: string, stamp: string): Promise<string | null> {
  let kept: string | null = null;
  if (existsSync(target)) {
    kept = `${target}.replaced-${stamp}`;
    await rename(target, kept);
  }
  await rename(stagingDir, target);
  return kept;
}
