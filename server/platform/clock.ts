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
