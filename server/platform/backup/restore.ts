import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AppConfig } from '../config.ts';
import { type Manifest, readArchive } from './archive.ts';
import { fileStamp, modeOf } from './backup.ts';
import { compareStates, type DatabaseState } from './checksum.ts';
import { isEmptyDir, loadEmbedded, swapInto } from './embedded.ts';
import { BackupError } from './errors.ts';
import { assertNotInUse } from './in-use.ts';
import { presentLocalState, restoreLocalState } from './local-state.ts';
import { restorePostgres } from './postgres.ts';

export type RestoreOptions = {
  config: AppConfig;
  archive: string;
  /** Overwrite a target that already holds data (the embedded one is kept aside, not deleted). */
  force: boolean;
  /** Version of the platform doing the restore, compared with the archive's. */
  version: string;
  pgBin?: string | null;
};

export type RestoreResult = { manifest: Manifest; kept: string[]; warnings: string[] };

const newer = (a: string, b: string) => {
  const parts = (v: string) => v.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
};

function verify(manifest: Manifest, state: DatabaseState, where: string) {
  const problems = compareStates(manifest, state);
  if (!problems.length) return;
  const list = problems
    .slice(0, 20)
    .map((problem) => `  - ${problem}`)
    .join('\n');
  const more = problems.length > 20 ? `\n  … (+${problems.length - 20})` : '';
  throw new BackupError(
    `KHÔI PHỤC KHÔNG KHỚP với bản sao lưu (${problems.length} khác biệt); ${where}:\n${list}${more}`,
    `THE RESTORE DOES NOT MATCH the archive (${problems.length} differences); ${where}:\n${list}${more}`,
  );
}

const occupied = (paths: string[]) =>
  new BackupError(
    `Nơi khôi phục đã có dữ liệu: ${paths.join(', ')}. Không ghi đè nếu không có --force.`,
    `The restore target already holds data: ${paths.join(', ')}. It is not overwritten without --force.`,
  );

/**
 * Restores an archive made by `createBackup` into the configured target (DATA_DIR's PGlite
 * directory, or DATABASE_URL), then measures the result and fails loudly when any table, sequence
 * or stored file differs from the manifest. A damaged archive is refused before anything changes.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const { config } = options;
  const mode = modeOf(config);
  const work = await mkdtemp(path.join(os.tmpdir(), 'smartcity-restore-'));
  try {
    const manifest = await readArchive(path.resolve(options.archive), work);
    if (manifest.mode !== mode)
      throw new BackupError(
        `Bản sao lưu thuộc chế độ ${manifest.mode === 'embedded' ? 'nhúng' : 'PostgreSQL'}, nền tảng đang cấu hình chế độ ${mode === 'embedded' ? 'nhúng' : 'PostgreSQL'} (DATABASE_URL).`,
        `The archive is of the ${manifest.mode} mode; the platform is configured for the ${mode} mode (DATABASE_URL).`,
      );
    const warnings = newer(manifest.platformVersion, options.version)
      ? [
          `Bản sao lưu do phiên bản ${manifest.platformVersion} tạo, mới hơn phiên bản này (${options.version}); hãy cài phiên bản ≥ ${manifest.platformVersion} trước khi chạy. / The archive was made by version ${manifest.platformVersion}, newer than this one (${options.version}); install ≥ ${manifest.platformVersion} before starting the platform.`,
        ]
      : [];
    const dump = path.join(work, manifest.database.entry);
    const stamp = fileStamp(new Date());
    const kept: string[] = [];
    const local = await presentLocalState(config.dataDir);
    if (config.database.kind === 'pglite') {
      const target = config.database.dataDir ?? '';
      await assertNotInUse(target);
      const present = [...((await isEmptyDir(target)) ? [] : [target]), ...local];
      if (present.length && !options.force) throw occupied(present);
      // Loaded and checked beside the target; the target changes only once the copy is verified.
      const staging = `${target}.restoring-${stamp}`;
      try {
        verify(manifest, await loadEmbedded(dump, staging), 'nothing was changed / không có gì thay đổi');
      } catch (error) {
        await rm(staging, { recursive: true, force: true });
        throw error;
      }
      const replaced = await swapInto(staging, target, stamp);
      if (replaced) kept.push(replaced);
    } else {
      if (local.length && !options.force) throw occupied(local);
      const state = await restorePostgres(config.database.url, dump, {
        force: options.force,
        tools: { binDir: options.pgBin ?? null },
        workDir: work,
      });
      verify(
        manifest,
        state,
        'do not start the platform on this database; restore another archive / đừng chạy nền tảng trên cơ sở dữ liệu này; hãy khôi phục từ bản sao lưu khác',
      );
    }
    kept.push(...(await restoreLocalState(work, config.dataDir, stamp)));
    return { manifest, kept, warnings };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
