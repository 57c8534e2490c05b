import { readFileSync, statSync } from 'node:fs';

/** Time as the platform sees it; tests substitute a fixed or stepping clock. */
export type Clock = { now(): Date; today(): string };

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => isoDateInHanoi(new Date()),
};

/** The calendar date in Hanoi (UTC+7, no daylight saving) for an instant. */
export function isoDateInHanoi(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The system clock shifted by the milliseconds written in `file` (missing or empty file: no shift),
 * re-read when the file changes. For browser tests and training environments that must walk a
 * legal deadline through days in minutes; configuration refuses it in production.
 */
export function offsetFileClock(file: string): Clock & { offsetMs(): number } {
  let seen = -1;
  let offset = 0;
  const offsetMs = () => {
    let modified = 0;
    try {
      modified = statSync(file).mtimeMs;
    } catch {
      return 0;
    }
    if (modified !== seen) {
      const text = readFileSync(file, 'utf8').trim();
      const value = Number(text);
      offset = text === '' || !Number.isFinite(value) ? 0 : Math.trunc(value);
      seen = modified;
    }
    return offset;
  };
  const now = () => new Date(Date.now() + offsetMs());
  return { now, today: () => isoDateInHanoi(now()), offsetMs };
}
