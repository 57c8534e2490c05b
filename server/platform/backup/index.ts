/** Backup and restore of the whole platform, both modes (docs/operations.md, "Backup and restore"). */
export { createBackup } from './backup.ts';
export { measureDatabase } from './checksum.ts';
export { BackupError } from './errors.ts';
export { restoreBackup } from './restore.ts';
