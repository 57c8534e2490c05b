import { AppError } from './errors.ts';

/**
 * Reporting periods with compact ids: `2025` (year), `2025S2` (half), `2025Q3` (quarter),
 * `202509` (month). Dates are calendar dates in Hanoi; `end` is exclusive.
 */
export type PeriodType = 'year' | 'half' | 'quarter' | 'month';

export type Period = {
  id: string;
  type: PeriodType;
  year: number;
  /** 1-based position within the year (always 1 for a year). */
  index: number;
  start: string;
  end: string;
};

export const periodTypes: PeriodType[] = ['year', 'half', 'quarter', 'month'];
const perYear: Record<PeriodType, number> = { year: 1, half: 2, quarter: 4, month: 12 };
const monthsPer: Record<PeriodType, number> = { year: 12, half: 6, quarter: 3, month: 1 };

export const PERIOD_PATTERN = /^(\d{4})(?:S([12])|Q([1-4])|(0[1-9]|1[0-2]))?$/;

const isoDate = (year: number, month: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;

export function makePeriod(type: PeriodType, year: number, index: number): Period {
  if (!Number.isInteger(year) || year < 1900 || year > 2200 || index < 1 || index > perYear[type]) {
    throw new RangeError(`No ${type} ${index} in ${year}`);
  }
  const firstMonth = (index - 1) * monthsPer[type] + 1;
  const nextMonth = firstMonth + monthsPer[type];
  const id =
    type === 'year'
      ? String(year)
      : type === 'half'
        ? `${year}S${index}`
        : type === 'quarter'
          ? `${year}Q${index}`
          : `${year}${String(index).padStart(2, '0')}`;
  return {
    id,
    type,
    year,
    index,
    start: isoDate(year, firstMonth),
    end: nextMonth > 12 ? isoDate(year + 1, 1) : isoDate(year, nextMonth),
  };
}

/** Parses a period id; `null` for anything that is not one. */
export function tryParsePeriod(id: string): Period | null {
  const match = PERIOD_PATTERN.exec(id);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 1900 || year > 2200) return null;
  if (match[2]) return makePeriod('half', year, Number(match[2]));
  if (match[3]) return makePeriod('quarter', year, Number(match[3]));
  if (match[4]) return makePeriod('month', year, Number(match[4]));
  return makePeriod('year', year, 1);
}

export function parsePeriod(id: string): Period {
  const period = tryParsePeriod(id);
  if (!period) {
    throw new AppError('validation_failed', {
      vi: `Kỳ "${id}" không hợp lệ (ví dụ: 2025, 2025S2, 2025Q3, 202509).`,
      en: `"${id}" is not a period (e.g. 2025, 2025S2, 2025Q3, 202509).`,
    });
  }
  return period;
}

/** The period of `type` that contains the date (YYYY-MM-DD). */
export function periodContaining(type: PeriodType, date: string): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return makePeriod(type, year, Math.floor((month - 1) / monthsPer[type]) + 1);
}

export function nextPeriod(period: Period): Period {
  return period.index < perYear[period.type]
    ? makePeriod(period.type, period.year, period.index + 1)
    : makePeriod(period.type, period.year + 1, 1);
}

export function previousPeriod(period: Period): Period {
  return period.index > 1
    ? makePeriod(period.type, period.year, period.index - 1)
    : makePeriod(period.type, period.year - 1, perYear[period.type]);
}

/** Every period of `type` from the one containing `from` to the one containing `to`, inclusive. */
export function periodsBetween(type: PeriodType, from: string, to: string): Period[] {
  const periods: Period[] = [];
  let current = periodContaining(type, from);
  const last = periodContaining(type, to);
  while (current.start <= last.start) {
    periods.push(current);
    current = nextPeriod(current);
  }
  return periods;
}

/** Does `outer` contain `inner` (e.g. 2025 contains 2025Q3)? */
export const periodContains = (outer: Period, inner: Period) =>
  outer.start <= inner.start && inner.end <= outer.end;

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** How people say a period: "Quý 3/2025" / "Q3 2025", "6 tháng cuối năm 2025" / "H2 2025", … */
export function periodLabel(id: string): { vi: string; en: string } {
  const period = parsePeriod(id);
  switch (period.type) {
    case 'year':
      return { vi: `Năm ${period.year}`, en: String(period.year) };
    case 'half':
      return {
        vi: `6 tháng ${period.index === 1 ? 'đầu' : 'cuối'} năm ${period.year}`,
        en: `H${period.index} ${period.year}`,
      };
    case 'quarter':
      return { vi: `Quý ${period.index}/${period.year}`, en: `Q${period.index} ${period.year}` };
    case 'month':
      return {
        vi: `Tháng ${period.index}/${period.year}`,
        en: `${MONTHS_EN[period.index - 1]} ${period.year}`,
      };
  }
}

/** A calendar date (YYYY-MM-DD) as people write it: "28/11/2026" / "28 Nov 2026". */
export function dateLabel(isoDate: string): { vi: string; en: string } {
  const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  return {
    vi: `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`,
    en: `${day} ${MONTHS_EN[month - 1]!.slice(0, 3)} ${year}`,
  };
}
