import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { z } from 'zod';
import { BackupError } from './errors.ts';

/**
 * The backup archive: one tar file holding `manifest.json` first, then the database dump
 * (`database/…`) and the other local state (`local/…`). The manifest records each entry's size
 * and SHA-256, so a damaged archive is refused before anything is restored.
 */
const MANIFEST = 'manifest.json';

const manifestSchema = z.object({
  format: z.literal('smartcity-backup'),
  formatVersion: z.literal(1),
  platformVersion: z.string(),
  createdAt: z.string(),
  mode: z.enum(['embedded', 'postgres']),
  database: z.object({ entry: z.string(), tool: z.string(), serverVersion: z.string() }),
  migrations: z.array(z.object({ module: z.string(), name: z.string(), checksum: z.string() })),
  tables: z.array(z.object({ table: z.string(), rows: z.number().int(), md5: z.string() })),
  sequences: z.array(z.object({ sequence: z.string(), lastValue: z.string().nullable() })),
  files: z.array(
    z.object({
      store: z.enum(['files', 'chunked']),
      id: z.string(),
      filename: z.string(),
      sizeBytes: z.number().int(),
      sha256: z.string(),
    }),
  ),
  entries: z.array(z.object({ path: z.string(), bytes: z.number().int(), sha256: z.string() })),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ArchiveEntry = Manifest['entries'][number];

// Entry names are checked before anything is written: no absolute paths, no way out of the directory.
const SAFE_ENTRY = /^(database\/[a-z0-9.-]+|local\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*)$/;
const safeEntry = (name: string) => SAFE_ENTRY.test(name) && !name.split('/').includes('..');

export async function describeFile(entryPath: string, file: string): Promise<ArchiveEntry> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { path: entryPath, bytes, sha256: hash.digest('hex') };
}

/**
 * Writes the archive to `<output>.partial`, then renames it: an archive under its final name is
 * always complete. `sources` maps each manifest entry to the file holding its bytes.
 */
export async function writeArchive(
  output: string,
  manifest: Manifest,
  sources: Map<string, string>,
): Promise<void> {
  const partial = `${output}.partial`;
  await mkdir(path.dirname(output), { recursive: true });
  const pack = tar.pack();
  const written = pipeline(pack, createWriteStream(partial));
  try {
    const json = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await new Promise<void>((resolve, reject) =>
      pack.entry({ name: MANIFEST, size: json.length }, json, (error) => (error ? reject(error) : resolve())),
    );
    for (const entry of manifest.entries) {
      const source = sources.get(entry.path);
      if (!source) throw new Error(`no source for archive entry ${entry.path}`);
      const sink = pack.entry({ name: entry.path, size: (await stat(source)).size });
      await pipeline(createReadStream(source), sink);
    }
    pack.finalize();
    await written;
    await rename(partial, output);
  } catch (error) {
    pack.destroy();
    await written.catch(() => {});
    await rm(partial, { force: true });
    throw error;
  }
}

const damaged = (detail: string) =>
  new BackupError(
    `Tệp sao lưu bị hỏng hoặc không phải bản sao lưu của nền tảng (${detail}); không khôi phục gì.`,
    `The backup archive is damaged or not a platform backup (${detail}); nothing was restored.`,
  );

/**
 * Reads the archive into `directory` (one file per entry) and checks every entry against the
 * manifest: same set of entries, same sizes, same SHA-256. Anything else is refused.
 */
export async function readArchive(archive: string, directory: string): Promise<Manifest> {
  let manifest: Manifest | null = null;
  const seen = new Map<string, ArchiveEntry>();
  const extract = tar.extract();
  const reading = (async () => {
    for await (const entry of extract) {
      const name = entry.header.name;
      if (name === MANIFEST && !manifest && seen.size === 0) {
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        let parsed: unknown;
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          throw damaged('manifest.json is not JSON');
        }
        const checked = manifestSchema.safeParse(parsed);
        if (!checked.success) throw damaged(`manifest.json: ${checked.error.issues[0]?.message}`);
        manifest = checked.data;
        continue;
      }
      if (!manifest) throw damaged('manifest.json is not the first entry');
      if (!safeEntry(name) || seen.has(name) || entry.header.type !== 'file')
        throw damaged(`unexpected entry ${JSON.stringify(name)}`);
      const target = path.join(directory, name);
      await mkdir(path.dirname(target), { recursive: true });
      const hash = createHash('sha256');
      let bytes = 0;
      const out = createWriteStream(target);
      for await (const chunk of entry) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
      seen.set(name, { path: name, bytes, sha256: hash.digest('hex') });
    }
  })().catch((error: unknown) => {
    // Stop reading the rest of a refused archive.
    extract.destroy();
    throw error;
  });
  try {
    await Promise.all([pipeline(createReadStream(archive), extract), reading]);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new BackupError(`Không có tệp ${archive}.`, `There is no file ${archive}.`);
    throw damaged((error as Error).message);
  }
  const found = manifest as Manifest | null;
  if (!found) throw damaged('no manifest.json');
  for (const expected of found.entries) {
    const actual = seen.get(expected.path);
    if (!actual) throw damaged(`${expected.path} is missing`);
    if (actual.bytes !== expected.bytes || actual.sha256 !== expected.sha256)
      throw damaged(`${expected.path}: SHA-256 ${actual.sha256} ≠ ${expected.sha256} in the manifest`);
    seen.delete(expected.path);
  }
  if (seen.size) throw damaged(`${[...seen.keys()].join(', ')} not in the manifest`);
  if (!safeEntry(found.database.entry) || !found.entries.some((e) => e.path === found.database.entry))
    throw damaged('the database entry is missing');
  return found;
}
