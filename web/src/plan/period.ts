/**
 * Reporting period ids as the server writes them (server/platform/period.ts): `2025` (year),
 * `2025S2` (half), `2025Q3` (quarter), `202509` (month). The web app only reads and labels them.
 */
export const PERIOD_PATTERN = /^(\d{4})(?:S([12])|Q([1-4])|(0[1-9]|1[0-2]))?$/;

export type PeriodParts = {
  type: 'year' | 'half' | 'quarter' | 'month';
  year: number;
  index: number;
  /** The last calendar day of the period, YYYY-MM-DD. */
  lastDay: string;
};

const pad = (value: number) => String(value).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function parsePeriodId(id: string): PeriodParts | null {
  const match = PERIOD_PATTERN.exec(id);
  if (!match) return null;
  const year = Number(match[1]);
  if (match[2])
    return {
      type: 'half',
      year,
      index: Number(match[2]),
      lastDay: lastDayOfMonth(year, Number(match[2]) * 6),
    };
  if (match[3]) {
    const index = Number(match[3]);
    return { type: 'quarter', year, index, lastDay: lastDayOfMonth(year, index * 3) };
  }
  if (match[4]) {
    const index = Number(match[4]);
    return { type: 'month', year, index, lastDay: lastDayOfMonth(year, index) };
  }
  return { type: 'year', year, index: 1, lastDay: `${year}-12-31` };
}

export const isPeriodId = (value: unknown): value is string =>
  typeof value === 'string' && PERIOD_PATTERN.test(value);
