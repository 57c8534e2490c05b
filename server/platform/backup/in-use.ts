import { existsSync } from 'node:fs';
import { readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { BackupError } from './errors.ts';

/**
 * Processes other than this one with a file open under `directory` (Linux, from /proc; elsewhere
 * null: unknown). An open PGlite keeps its WAL segment and catalog files open, so a running
 * platform shows up here; a platform stopped abruptly does not.
 */
async function processesUsing(directory: string): Promise<number[] | null> {
  if (!existsSync('/proc/self/fd')) return null;
  const prefix = `${path.resolve(directory)}${path.sep}`;
  const users: number[] = [];
  for (const name of await readdir('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (target.startsWith(prefix)) {
        users.push(pid);
        break;
      }
    }
  }
  return users;
}

/**
 * PGlite opens a data directory without any lock: a second process writing it would corrupt it.
 * PGlite writes `postmaster.pid` while open and removes it on close; with it present, refuse when
 * another process has the directory open (or when that cannot be checked).
 */
export async function assertNotInUse(pgliteDir: string): Promise<void> {
  if (!existsSync(path.join(pgliteDir, 'postmaster.pid'))) return;
  const users = await processesUsing(pgliteDir);
  if (users && users.length === 0) return; // left behind by a platform that stopped abruptly
  const who = users ? ` (pid ${users.join(', ')})` : '';
  throw new BackupError(
    `Nền tảng đang chạy trên ${pgliteDir}${who}. Hãy dừng nền tảng (Ctrl-C hoặc systemctl stop) rồi chạy lại lệnh.`,
    `The platform is running on ${pgliteDir}${who}. Stop it (Ctrl-C or systemctl stop) and run the command again.`,
  );
}
