import type { Bilingual } from '../../../platform/errors.ts';
import { badRequestData, notSupported } from './errors.ts';
import type { TimeWindow } from './temporal.store.ts';

/**
 * Query parameters of the temporal API (ETSI GS CIM 009, 6.18.3.2 and 4.11): time relation,
 * lastN, aggregation methods and periods. Parsed here so that bad input never reaches SQL.
 */
export const AGGREGATION_METHODS = [
  'totalCount',
  'distinctCount',
  'sum',
  'avg',
  'min',
  'max',
  'stddev',
  'sumsq',
] as const;
export type AggregationMethod = (typeof AGGREGATION_METHODS)[number];

const bad = (detail: Bilingual) => badRequestData(detail);

function instant(name: string, value: string): Date {
  // ISO 8601 date-time with a zone; Date.parse alone accepts too much ("1", "May 5").
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const date = new Date(value);
  if (!ok || Number.isNaN(date.getTime()))
    throw bad({
      vi: `${name} phải là thời điểm ISO 8601 có múi giờ, ví dụ 2025-07-01T00:00:00Z.`,
      en: `${name} must be an ISO 8601 date-time with a zone, e.g. 2025-07-01T00:00:00Z.`,
    });
  return date;
}

/** timerel before (< timeAt), after (≥ timeAt) or between (timeAt ≤ t < endTimeAt); none: all time. */
export function parseTimeWindow(query: {
  timerel?: string;
  timeAt?: string;
  endTimeAt?: string;
  timeproperty?: string;
}): TimeWindow {
  if (query.timeproperty !== undefined && query.timeproperty !== 'observedAt')
    throw notSupported({
      vi: 'Chỉ hỗ trợ timeproperty=observedAt (thời điểm quan trắc).',
      en: 'Only timeproperty=observedAt is supported.',
    });
  const { timerel } = query;
  if (timerel === undefined) {
    if (query.timeAt !== undefined || query.endTimeAt !== undefined)
      throw bad({ vi: 'timeAt cần đi kèm timerel.', en: 'timeAt needs timerel.' });
    return { from: null, to: null };
  }
  if (query.timeAt === undefined)
    throw bad({ vi: 'timerel cần tham số timeAt.', en: 'timerel needs timeAt.' });
  const timeAt = instant('timeAt', query.timeAt);
  if (timerel === 'before') return { from: null, to: timeAt };
  if (timerel === 'after') return { from: timeAt, to: null };
  if (timerel === 'between') {
    if (query.endTimeAt === undefined)
      throw bad({ vi: 'timerel=between cần endTimeAt.', en: 'timerel=between needs endTimeAt.' });
    const end = instant('endTimeAt', query.endTimeAt);
    if (end <= timeAt) throw bad({ vi: 'endTimeAt phải sau timeAt.', en: 'endTimeAt must be after timeAt.' });
    return { from: timeAt, to: end };
  }
  throw bad({
    vi: 'timerel phải là before, after hoặc between.',
    en: 'timerel must be before, after or between.',
  });
}

/**
 * An ISO 8601 duration of fixed length (weeks, days, hours, minutes, seconds) in seconds. Months and
 * years have no fixed length and date_bin cannot bucket by them, so they are refused plainly.
 */
export function parseDurationSeconds(value: string): number {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(
    value,
  );
  if (!match || value === 'P' || value.endsWith('T'))
    throw bad({
      vi: `aggrPeriodDuration "${value}" không phải khoảng thời gian ISO 8601 (ví dụ PT1H, P1D).`,
      en: `aggrPeriodDuration "${value}" is not an ISO 8601 duration (e.g. PT1H, P1D).`,
    });
  const [, years, months, weeks, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  if ((years ?? 0) > 0 || (months ?? 0) > 0)
    throw notSupported({
      vi: 'Chưa hỗ trợ aggrPeriodDuration theo tháng hoặc năm; hãy dùng tuần, ngày, giờ (ví dụ P30D).',
      en: 'aggrPeriodDuration in months or years is not supported; use weeks, days or hours (e.g. P30D).',
    });
  const total =
    (weeks ?? 0) * 604_800 +
    (days ?? 0) * 86_400 +
    (hours ?? 0) * 3_600 +
    (minutes ?? 0) * 60 +
    (seconds ?? 0);
  if (total < 1 || total > 366 * 86_400)
    throw bad({
      vi: 'aggrPeriodDuration phải từ 1 giây đến 366 ngày.',
      en: 'aggrPeriodDuration must be between 1 second and 366 days.',
    });
  return total;
}

export function parseAggrMethods(value: string | undefined): AggregationMethod[] {
  if (value === undefined)
    throw bad({
      vi: 'options=aggregatedValues cần aggrMethods.',
      en: 'options=aggregatedValues needs aggrMethods.',
    });
  const methods = value.split(',').map((method) => method.trim());
  for (const method of methods)
    if (!(AGGREGATION_METHODS as readonly string[]).includes(method))
      throw bad({
        vi: `Phương thức tổng hợp không hợp lệ: ${method} (hỗ trợ ${AGGREGATION_METHODS.join(', ')}).`,
        en: `Unknown aggregation method: ${method} (supported: ${AGGREGATION_METHODS.join(', ')}).`,
      });
  return [...new Set(methods)] as AggregationMethod[];
}

/** A positive integer parameter within bounds. */
export function boundedInt(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < min || number > max)
    throw bad({
      vi: `${name} phải là số nguyên từ ${min} đến ${max}.`,
      en: `${name} must be an integer from ${min} to ${max}.`,
    });
  return number;
}

/** Comma-separated list parameter (type, id, attrs): trimmed, no empty item. */
export function listParam(name: string, value: string | undefined): string[] | null {
  if (value === undefined) return null;
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '') || items.length > 100)
    throw bad({
      vi: `${name} phải là danh sách cách nhau bởi dấu phẩy (tối đa 100 mục).`,
      en: `${name} must be a comma-separated list (at most 100 items).`,
    });
  return items;
}
