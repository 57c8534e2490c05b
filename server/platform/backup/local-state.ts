import { existsSync } from 'node:fs';
import { cp, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { type ArchiveEntry, describeFile } from './archive.ts';
import { isEmptyDir } from './embedded.ts';

/**
 * State the platform keeps in DATA_DIR outside the database, in both modes. Today only the queue
 * an earlier embedded MQTT broker left in LevelDB (`mqtt-broker/`; drained into the database at
 * the next start, see server/modules/urban/ingest/broker.ts). Everything else — stored files,
 * secrets, jobs — lives in the database.
 */
const LOCAL_STATE = ['mqtt-broker'];

async function filesUnder(root: string, relative: string): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const child = path.posix.join(relative, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(root, child)));
    else if (entry.isFile()) files.push(child);
  }
  return files;
}

/** The local files to archive, as manifest entries (`local/<path>`) and where each one is read from. */
export async function collectLocalState(
  dataDir: string,
): Promise<{ entries: ArchiveEntry[]; sources: Map<string, string> }> {
  const entries: ArchiveEntry[] = [];
  const sources = new Map<string, string>();
  for (const name of LOCAL_STATE) {
    if (!existsSync(path.join(dataDir, name))) continue;
    for (const file of await filesUnder(dataDir, name)) {
      const entryPath = `local/${file}`;
      const source = path.join(dataDir, file);
      entries.push(await describeFile(entryPath, source));
      sources.set(entryPath, source);
    }
  }
  return { entries, sources };
}

/** Local state already in the target DATA_DIR (a restore over it needs --force). */
export async function presentLocalState(dataDir: string): Promise<string[]> {
  const present: string[] = [];
  for (const name of LOCAL_STATE)
    if (!(await isEmptyDir(path.join(dataDir, name)))) present.push(path.join(dataDir, name));
  return present;
}

/**
 * Copies the archive's local state (already extracted and checked in `extracted`) into DATA_DIR.
 * What was there before is kept beside it as `<name>.replaced-<stamp>`.
 */
export async function restoreLocalState(
  extracted: string,
  dataDir: string,
  stamp: string,
): Promise<string[]> {
  const kept: string[] = [];
  for (const name of LOCAL_STATE) {
    const target = path.join(dataDir, name);
    const source = path.join(extracted, 'local', name);
    if (existsSync(target)) {
      await rename(target, `${target}.replaced-${stamp}`);
      kept.push(`${target}.replaced-${stamp}`);
    }
    if (existsSync(source)) await cp(source, target, { recursive: true });
  }
  return kept;
}
