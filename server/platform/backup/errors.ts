/** A backup or restore that cannot go on; the CLI prints both languages and exits with 1. */
export class BackupError extends Error {
  constructor(
    readonly vi: string,
    readonly en: string,
  ) {
    super(`${vi}\n${en}`);
    this.name = 'BackupError';
  }
}
