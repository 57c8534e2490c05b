import { makePeriod, type PeriodType, tryParsePeriod } from '../../platform/period.ts';
import { type Direction, milestoneDeadline, type ObservedValue } from './status.ts';

/**
 * Forecast (pure): a least-squares line through the observations (period number → value), the
 * value it projects for the last period of the milestone year with an 80% prediction interval
 * (Student's t; none with fewer than 3 observations), and the change per period still needed,
 * from the latest value, to meet the milestone.
 */
export type Forecast = {
  method: 'linear_least_squares';
  points: number;
  atPeriod: string;
  atDate: string;
  projected: number;
  low: number | null;
  high: number | null;
  runRateNeeded: number | null;
  slopePerPeriod: number;
  milestoneYear: number;
};

const perYear: Record<PeriodType, number> = { year: 1, half: 2, quarter: 4, month: 12 };

/** Consecutive periods of one type are consecutive integers. */
export const periodNumber = (type: PeriodType, year: number, index: number) =>
  year * perYear[type] + index - 1;

export type Line = {
  slope: number;
  intercept: number;
  residualSd: number | null;
  n: number;
  meanX: number;
  sxx: number;
};

export function fitLine(xs: number[], ys: number[]): Line | null {
  const n = xs.length;
  if (n < 2) return null;
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - meanX) ** 2;
    sxy += (xs[i]! - meanX) * (ys[i]! - meanY);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i]! - (intercept + slope * xs[i]!)) ** 2;
  return { slope, intercept, residualSd: n > 2 ? Math.sqrt(sse / (n - 2)) : null, n, meanX, sxx };
}

// ——— Student's t quantile (regularised incomplete beta, Numerical Recipes' continued fraction) ———

function logGamma(x: number): number {
  const c = [
    76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2,
    -0.5395239384953e-5,
  ];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let series = 1.000000000190015;
  for (const coefficient of c) series += coefficient / ++y;
  return -tmp + Math.log((Math.sqrt(2 * Math.PI) * series) / x);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-12) break;
  }
  return h;
}

function regularisedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * regularisedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The t value below which a share `p` (0.5 < p < 1) of the distribution lies. */
export function studentTQuantile(p: number, df: number): number {
  let low = 0;
  let high = 1000;
  for (let i = 0; i < 200; i++) {
    const middle = (low + high) / 2;
    if (studentTCdf(middle, df) < p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

export type ForecastInput = {
  observations: ObservedValue[];
  milestones: { year: number; value: number | null }[];
  direction: Direction;
  today: string;
};

/** The milestone the forecast aims at: the next one with a value, else the last with a value, else the next year. */
function aimedMilestone(milestones: ForecastInput['milestones'], today: string) {
  const sorted = milestones.slice().sort((a, b) => a.year - b.year);
  const valued = sorted.filter((m) => m.value !== null);
  return (
    valued.find((m) => milestoneDeadline(m.year) >= today) ??
    valued.at(-1) ??
    sorted.find((m) => milestoneDeadline(m.year) >= today) ??
    sorted.at(-1) ??
    null
  );
}

export function forecast(input: ForecastInput): Forecast | null {
  const parsed = input.observations
    .map((o) => ({ period: tryParsePeriod(o.period), value: o.value }))
    .filter((o) => o.period !== null && Number.isFinite(o.value));
  if (parsed.length < 2) return null;
  // One period type per series: the type of most observations.
  const type = mostCommon(parsed.map((o) => o.period!.type));
  const points = parsed
    .filter((o) => o.period!.type === type)
    .map((o) => ({ x: periodNumber(type, o.period!.year, o.period!.index), value: o.value }))
    .sort((a, b) => a.x - b.x);
  const milestone = aimedMilestone(input.milestones, input.today);
  if (!milestone) return null;
  const line = fitLine(
    points.map((p) => p.x),
    points.map((p) => p.value),
  );
  if (!line) return null;
  const target = makePeriod(type, milestone.year, perYear[type]);
  const x0 = periodNumber(type, target.year, target.index);
  const projected = line.intercept + line.slope * x0;
  let low: number | null = null;
  let high: number | null = null;
  if (line.residualSd !== null) {
    const t = studentTQuantile(0.9, line.n - 2);
    const half = t * line.residualSd * Math.sqrt(1 + 1 / line.n + (x0 - line.meanX) ** 2 / line.sxx);
    low = projected - half;
    high = projected + half;
  }
  const latest = points.at(-1)!;
  let runRateNeeded: number | null = null;
  if (milestone.value !== null) {
    const remaining = x0 - latest.x;
    const gap = milestone.value - latest.value;
    const met = input.direction === 'at_least' ? gap <= 0 : gap >= 0;
    runRateNeeded = met ? 0 : remaining > 0 ? gap / remaining : null;
  }
  return {
    method: 'linear_least_squares',
    points: points.length,
    atPeriod: target.id,
    atDate: milestoneDeadline(milestone.year),
    projected,
    low,
    high,
    runRateNeeded,
    slopePerPeriod: line.slope,
    milestoneYear: milestone.year,
  };
}

function mostCommon<T>(values: T[]): T {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}
