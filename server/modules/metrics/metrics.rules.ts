import { CITY_UNIT_ID, holdsRole, type Principal } from '../../platform/auth/principal.ts';
import { AppError, type ProblemField, validationFailed } from '../../platform/errors.ts';
import { type Period, periodTypes, tryParsePeriod } from '../../platform/period.ts';
import {
  aggregations,
  directions,
  type Indicator,
  type IndicatorInput,
  type ObservationStatus,
} from './metrics.types.ts';

/**
 * The metrics module's rules as pure functions: what a valid indicator and value are, which status
 * changes are allowed, who sees drafts, and how values of several agencies or periods combine.
 */
export const INDICATOR_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const AGENCY_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const MAX_DECIMALS = 6;

/**
 * Units with a range: `%` is a share (0–100); counts are whole and not negative; ratios and
 * durations are not negative. Any other unit (e.g. `%/năm` for a growth rate, `triệu đồng`) takes
 * any finite number — an indicator that may exceed 100 % says so by its unit.
 */
const unitRanges: Record<string, { min?: number; max?: number; integer?: boolean; label: string }> = {
  '%': { min: 0, max: 100, label: '0–100' },
  count: { min: 0, integer: true, label: '≥ 0, số nguyên / whole number' },
  ratio: { min: 0, label: '≥ 0' },
  minutes: { min: 0, label: '≥ 0' },
  hours: { min: 0, label: '≥ 0' },
  days: { min: 0, label: '≥ 0' },
};

const field = (path: string, vi: string, en: string): ProblemField => ({ path, message: { vi, en } });

/** Checks and normalises an indicator definition (trimmed text, null for empty descriptions). */
export function validIndicator(input: IndicatorInput): Indicator {
  const fields: ProblemField[] = [];
  const text = (value: string | null | undefined) => {
    const trimmed = value?.normalize('NFC').trim() ?? '';
    return trimmed === '' ? null : trimmed;
  };
  const indicator: Indicator = {
    code: input.code,
    nameVi: text(input.nameVi) ?? '',
    nameEn: text(input.nameEn) ?? '',
    descriptionVi: text(input.descriptionVi),
    descriptionEn: text(input.descriptionEn),
    unit: text(input.unit) ?? '',
    direction: input.direction,
    aggregation: input.aggregation,
    periodType: input.periodType,
    decimals: input.decimals,
    computedSource: text(input.computedSource),
    example: input.example ?? false,
  };
  if (!INDICATOR_CODE.test(indicator.code))
    fields.push(field('code', 'chữ, số, . _ - (tối đa 64 ký tự)', 'letters, digits, . _ - (up to 64)'));
  if (!indicator.nameVi || indicator.nameVi.length > 300)
    fields.push(field('nameVi', 'bắt buộc, tối đa 300 ký tự', 'required, up to 300 characters'));
  if (!indicator.nameEn || indicator.nameEn.length > 300)
    fields.push(field('nameEn', 'bắt buộc, tối đa 300 ký tự', 'required, up to 300 characters'));
  for (const key of ['descriptionVi', 'descriptionEn'] as const)
    if ((indicator[key]?.length ?? 0) > 4000)
      fields.push(field(key, 'tối đa 4000 ký tự', 'up to 4000 characters'));
  if (!indicator.unit || indicator.unit.length > 40)
    fields.push(field('unit', 'bắt buộc, tối đa 40 ký tự', 'required, up to 40 characters'));
  if (!directions.includes(indicator.direction))
    fields.push(field('direction', 'at_least hoặc at_most', 'at_least or at_most'));
  if (!aggregations.includes(indicator.aggregation))
    fields.push(field('aggregation', 'sum, average, last hoặc ratio', 'sum, average, last or ratio'));
  if (!periodTypes.includes(indicator.periodType))
    fields.push(field('periodType', 'year, half, quarter hoặc month', 'year, half, quarter or month'));
  if (!Number.isInteger(indicator.decimals) || indicator.decimals < 0 || indicator.decimals > MAX_DECIMALS)
    fields.push(field('decimals', `số nguyên 0–${MAX_DECIMALS}`, `a whole number 0–${MAX_DECIMALS}`));
  if (indicator.aggregation === 'ratio' && unitRanges[indicator.unit]?.integer)
    fields.push(field('unit', 'chỉ tiêu tỷ lệ không đo bằng số đếm', 'a ratio indicator is not a count'));
  if (fields.length > 0) throw validationFailed(fields);
  return indicator;
}

/** The period of an observation: well formed, of the indicator's period type, already begun. */
export function validPeriod(indicator: Indicator, periodId: string, today: string): Period {
  const period = tryParsePeriod(periodId);
  if (!period)
    throw validationFailed([
      field(
        'period',
        'kỳ không hợp lệ (2025, 2025S2, 2025Q3, 202509)',
        'not a period (2025, 2025S2, 2025Q3, 202509)',
      ),
    ]);
  if (period.type !== indicator.periodType)
    throw validationFailed([
      field(
        'period',
        `chỉ tiêu ${indicator.code} báo cáo theo kỳ ${periodNames[indicator.periodType].vi}`,
        `indicator ${indicator.code} is reported per ${periodNames[indicator.periodType].en}`,
      ),
    ]);
  if (period.start > today)
    throw new AppError('unprocessable', {
      vi: `Kỳ ${period.id} chưa bắt đầu; chưa thể báo cáo số liệu.`,
      en: `Period ${period.id} has not begun; no value can be reported yet.`,
    });
  return period;
}

const periodNames = {
  year: { vi: 'năm', en: 'year' },
  half: { vi: '6 tháng', en: 'half-year' },
  quarter: { vi: 'quý', en: 'quarter' },
  month: { vi: 'tháng', en: 'month' },
};

export type Figures = { value: number | null; numerator: number | null; denominator: number | null };

/**
 * The value of an observation for its indicator: a ratio indicator takes numerator and denominator
 * and its value follows from them (× 100 for `%`); any other takes a value only. The value must
 * lie in the unit's range.
 */
export function validFigures(
  indicator: Indicator,
  input: { value: number | null; numerator?: number | null; denominator?: number | null },
): Figures {
  const numerator = input.numerator ?? null;
  const denominator = input.denominator ?? null;
  const fields: ProblemField[] = [];
  for (const [key, number] of Object.entries({ value: input.value, numerator, denominator }))
    if (number !== null && !Number.isFinite(number))
      fields.push(field(key, 'phải là một số', 'must be a number'));
  if (fields.length > 0) throw validationFailed(fields);

  let value = input.value;
  if (indicator.aggregation === 'ratio') {
    if ((numerator === null) !== (denominator === null) || (numerator === null && value !== null)) {
      throw validationFailed([
        field(
          numerator === null ? 'numerator' : 'denominator',
          'chỉ tiêu tỷ lệ cần cả tử số và mẫu số',
          'a ratio indicator needs both numerator and denominator',
        ),
      ]);
    }
    if (numerator !== null && denominator !== null) {
      if (numerator < 0) fields.push(field('numerator', 'không được âm', 'must not be negative'));
      if (denominator <= 0) fields.push(field('denominator', 'phải lớn hơn 0', 'must be greater than 0'));
      if (fields.length > 0) throw validationFailed(fields);
      const derived = (numerator / denominator) * (indicator.unit === '%' ? 100 : 1);
      const tolerance = 0.5 * 10 ** -indicator.decimals;
      if (value !== null && Math.abs(value - derived) > tolerance) {
        throw validationFailed([
          field(
            'value',
            `không khớp tử số/mẫu số (${derived.toFixed(indicator.decimals)})`,
            `does not match numerator/denominator (${derived.toFixed(indicator.decimals)})`,
          ),
        ]);
      }
      value = derived;
    }
  } else if (numerator !== null || denominator !== null) {
    throw validationFailed([
      field(
        numerator !== null ? 'numerator' : 'denominator',
        'chỉ dùng cho chỉ tiêu tỷ lệ',
        'only for ratio indicators',
      ),
    ]);
  }
  const range = unitRanges[indicator.unit];
  if (value !== null && range) {
    const outside =
      (range.min !== undefined && value < range.min) ||
      (range.max !== undefined && value > range.max) ||
      (range.integer && !Number.isInteger(value));
    if (outside)
      throw validationFailed([
        field(
          'value',
          `ngoài miền giá trị của đơn vị ${indicator.unit}: ${range.label}`,
          `outside the range of unit ${indicator.unit}: ${range.label}`,
        ),
      ]);
  }
  return { value, numerator, denominator };
}

/** Observations a person may still change; submitted and approved ones are locked. */
export const isLocked = (status: ObservationStatus) => status === 'submitted' || status === 'approved';

export function lockedError(status: ObservationStatus): AppError {
  return status === 'approved'
    ? new AppError('conflict', {
        vi: 'Kỳ báo cáo đã được phê duyệt và khóa.',
        en: 'The reporting period has been approved and is locked.',
      })
    : new AppError('conflict', {
        vi: 'Số liệu đã nộp, đang chờ duyệt; không thể sửa.',
        en: 'The value has been submitted and awaits review; it cannot be changed.',
      });
}

/** Allowed status changes (the plan module drives them); approval straight from a draft is for system loads. */
const transitions: Record<
  ObservationStatus,
  { from: ObservationStatus[]; systemFrom?: ObservationStatus[] }
> = {
  submitted: { from: ['draft', 'returned'] },
  approved: { from: ['submitted'], systemFrom: ['draft', 'returned'] },
  returned: { from: ['submitted'] },
  draft: { from: ['submitted', 'approved', 'returned'] },
};

export function mayMove(from: ObservationStatus, to: ObservationStatus, system: boolean): boolean {
  const rule = transitions[to];
  return rule.from.includes(from) || (system && (rule.systemFrom ?? []).includes(from));
}

/**
 * May the principal enter values for the agency? Its reporters, and plan owners — `plan_owner`
 * for that agency, the same `holdsRole` rule as the plan module's. The role is city-wide (org
 * grants it only at `hanoi`), so a plan owner reaches every agency.
 */
export function mayReport(principal: Principal, agencyId: string): boolean {
  return holdsRole(principal, 'plan_owner', agencyId) || holdsRole(principal, 'agency_reporter', agencyId);
}

/** Whose unapproved values the principal may read: 'all', or a list of agencies (possibly empty). */
export function draftScope(principal: Principal): 'all' | string[] {
  if (principal.kind !== 'official') return [];
  // Reporters, reviewers and plan owners, each for the agencies where they hold the role (the city: all).
  const agencies = principal.memberships
    .filter((m) => m.role === 'agency_reporter' || m.role === 'agency_reviewer' || m.role === 'plan_owner')
    .map((m) => m.unitId);
  return agencies.includes(CITY_UNIT_ID) ? 'all' : [...new Set(agencies)];
}

export const mayRead = (principal: Principal, observation: { status: string; agencyId: string }) => {
  if (observation.status === 'approved') return true;
  const scope = draftScope(principal);
  return scope === 'all' || scope.includes(observation.agencyId);
};

/**
 * Combines values of one indicator (several agencies of one period, or several periods) by its
 * aggregation: sum, average, the latest period's value (`last`), or Σ numerators ÷ Σ denominators
 * (`ratio`, × 100 for `%`). Items without a value are left out; null when nothing is left.
 */
export function aggregate(
  indicator: Pick<Indicator, 'aggregation' | 'unit'>,
  items: { period: string; value: number | null; numerator?: number | null; denominator?: number | null }[],
): number | null {
  if (indicator.aggregation === 'ratio') {
    const counted = items.filter((item) => item.numerator != null && item.denominator != null);
    const denominator = counted.reduce((sum, item) => sum + item.denominator!, 0);
    if (denominator <= 0) return null;
    const numerator = counted.reduce((sum, item) => sum + item.numerator!, 0);
    return (numerator / denominator) * (indicator.unit === '%' ? 100 : 1);
  }
  const valued = items.filter((item): item is typeof item & { value: number } => item.value !== null);
  if (valued.length === 0) return null;
  if (indicator.aggregation === 'last') {
    const start = (id: string) => tryParsePeriod(id)?.start ?? '';
    return valued.reduce((latest, item) => (start(item.period) > start(latest.period) ? item : latest)).value;
  }
  const sum = valued.reduce((total, item) => total + item.value, 0);
  return indicator.aggregation === 'sum' ? sum : sum / valued.length;
}
