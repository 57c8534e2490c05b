import { type Period, tryParsePeriod } from '../../platform/period.ts';

/**
 * Status by rule (pure): where a target stands in a period, from the expected path between its
 * start (the baseline, else the first observation) and its milestones, and the observed value.
 *
 * - `achieved` once the observed value meets the milestone of the current leg;
 * - otherwise the ratio r = actual progress ÷ expected progress, both measured from the start in
 *   the target's direction: r ≥ onTrack → `on_track`, r ≥ atRisk → `at_risk`, else `off_track`
 *   (when no progress is expected yet, r is 1 if the value is on or beyond the path, else 0);
 * - `no_data` without an observation at or before the period, or without a milestone value.
 *
 * `at_most` is `at_least` mirrored: negating every value and flipping the direction gives the
 * same status (property-tested).
 */
export type Direction = 'at_least' | 'at_most';
export type Status = 'achieved' | 'on_track' | 'at_risk' | 'off_track' | 'no_data';
export type Evaluation = 'achieved' | 'partly_achieved' | 'not_achieved' | 'no_data';

export type TargetRule = {
  direction: Direction;
  baseline: { value: number; year: number } | null;
  milestones: { year: number; value: number | null }[];
  path: { kind: 'linear' | 'stepped'; steps: { period: string; value: number }[] };
  thresholds: { onTrack: number; atRisk: number };
};

export type ObservedValue = { period: string; value: number };

export const DEFAULT_THRESHOLDS = { onTrack: 0.95, atRisk: 0.8 } as const;

const DAY = 86_400_000;
/** Days since the epoch of an ISO date (UTC midnight). */
export const dayNumber = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY;

/** A period's value stands at the end of the period (its exclusive end date). */
export const periodTime = (period: Period) => dayNumber(period.end);
/** A milestone of year Y is due at the end of Y. */
export const milestoneTime = (year: number) => dayNumber(`${year + 1}-01-01`);
export const milestoneDeadline = (year: number) => `${year}-12-31`;

type Point = { time: number; value: number };

function observedPoints(observations: ObservedValue[]): (Point & { period: string })[] {
  const points: (Point & { period: string })[] = [];
  for (const observation of observations) {
    const period = tryParsePeriod(observation.period);
    if (period && Number.isFinite(observation.value))
      points.push({ period: observation.period, time: periodTime(period), value: observation.value });
  }
  return points.sort((a, b) => a.time - b.time);
}

const valuedMilestones = (rule: TargetRule) =>
  rule.milestones
    .filter((m): m is { year: number; value: number } => m.value !== null && Number.isFinite(m.value))
    .sort((a, b) => a.year - b.year)
    .map((m) => ({ year: m.year, time: milestoneTime(m.year), value: m.value }));

/**
 * The leg of the path that holds `time`: from the previous milestone (or the start) to the first
 * milestone due at or after `time` (or the last milestone once all are due).
 */
export function legAt(rule: TargetRule, start: Point | null, time: number) {
  const milestones = valuedMilestones(rule);
  if (milestones.length === 0) return null;
  const index = milestones.findIndex((m) => m.time >= time);
  const at = index === -1 ? milestones.length - 1 : index;
  const milestone = milestones[at]!;
  const from = at > 0 ? { time: milestones[at - 1]!.time, value: milestones[at - 1]!.value } : start;
  return from ? { from, milestone } : null;
}

/**
 * Does the status for `period` depend on the first observation? Only without a baseline, and only
 * in the first leg (later legs start at the previous milestone).
 */
export function needsFirstObservation(rule: TargetRule, period: Period): boolean {
  if (rule.baseline) return false;
  const milestones = valuedMilestones(rule);
  if (milestones.length === 0) return false;
  const time = periodTime(period);
  const index = milestones.findIndex((m) => m.time >= time);
  return index === 0 || (index === -1 && milestones.length === 1);
}

/** The start of the path: the baseline (at the end of its year), else the first observation. */
export function startPoint(rule: TargetRule, observations: ObservedValue[]): Point | null {
  if (rule.baseline) return { time: milestoneTime(rule.baseline.year), value: rule.baseline.value };
  const first = observedPoints(observations)[0];
  return first ? { time: first.time, value: first.value } : null;
}

/** The expected value at `time` on the path (linear, or stepped when steps are defined). */
export function expectedAt(rule: TargetRule, start: Point | null, time: number): number | null {
  const leg = legAt(rule, start, time);
  if (!leg) return null;
  const { from, milestone } = leg;
  if (time >= milestone.time) return milestone.value;
  if (time <= from.time) return from.value;
  if (rule.path.kind === 'stepped' && rule.path.steps.length > 0) {
    let value = from.value;
    for (const step of rule.path.steps
      .map((s) => ({ period: tryParsePeriod(s.period), value: s.value }))
      .filter((s) => s.period !== null)
      .sort((a, b) => periodTime(a.period!) - periodTime(b.period!))) {
      const stepTime = periodTime(step.period!);
      if (stepTime > from.time && stepTime <= time) value = step.value;
    }
    return value;
  }
  return from.value + ((milestone.value - from.value) * (time - from.time)) / (milestone.time - from.time);
}

const sign = (direction: Direction) => (direction === 'at_least' ? 1 : -1);
const meets = (direction: Direction, value: number, goal: number) => sign(direction) * (value - goal) >= 0;

/** Actual progress ÷ expected progress from the start, in the target's direction. */
export function progressRatio(direction: Direction, start: number, expected: number, observed: number) {
  const d = sign(direction);
  const required = d * (expected - start);
  if (required <= 0) return d * (observed - expected) >= 0 ? 1 : 0;
  return (d * (observed - start)) / required;
}

const byThresholds = (ratio: number, thresholds: TargetRule['thresholds']): Status =>
  ratio >= thresholds.onTrack ? 'on_track' : ratio >= thresholds.atRisk ? 'at_risk' : 'off_track';

export type StatusResult = {
  status: Status;
  expected: number | null;
  observed: number | null;
  /** The period of the observation used (the latest at or before the evaluated period). */
  observedPeriod: string | null;
  milestoneYear: number | null;
};

/** The status of a target for `period`, from every observation known (later ones are ignored). */
export function targetStatus(rule: TargetRule, observations: ObservedValue[], period: Period): StatusResult {
  const time = periodTime(period);
  const start = startPoint(rule, observations);
  const expected = expectedAt(rule, start, time);
  const latest = observedPoints(observations)
    .filter((p) => p.time <= time)
    .at(-1);
  const leg = legAt(rule, start, time);
  const result = {
    expected,
    observed: latest?.value ?? null,
    observedPeriod: latest?.period ?? null,
    milestoneYear: leg?.milestone.year ?? valuedMilestones(rule).at(-1)?.year ?? null,
  };
  if (!latest || !leg || expected === null) return { status: 'no_data', ...result };
  if (meets(rule.direction, latest.value, leg.milestone.value)) return { status: 'achieved', ...result };
  const ratio = progressRatio(rule.direction, leg.from.value, expected, latest.value);
  return { status: byThresholds(ratio, rule.thresholds), ...result };
}

/**
 * The evaluation of each milestone: from the latest observation within the milestone year.
 * `achieved` when met, `partly_achieved` when progress from the start reached `atRisk` of the
 * way, else `not_achieved`; `final` once the deadline has passed (`today` after it).
 */
export function finalEvaluations(rule: TargetRule, observations: ObservedValue[], today: string) {
  const points = observedPoints(observations);
  const start = startPoint(rule, observations);
  return rule.milestones
    .slice()
    .sort((a, b) => a.year - b.year)
    .map((milestone) => {
      const deadline = milestoneDeadline(milestone.year);
      const final = today > deadline;
      const latest = points.filter((p) => p.time <= milestoneTime(milestone.year)).at(-1);
      const base = { year: milestone.year, deadline, milestone: milestone.value, final };
      if (milestone.value === null || !latest) {
        return { ...base, value: latest?.value ?? null, evaluation: 'no_data' as Evaluation };
      }
      const leg = legAt(rule, start, milestoneTime(milestone.year));
      let evaluation: Evaluation;
      if (meets(rule.direction, latest.value, milestone.value)) evaluation = 'achieved';
      else {
        const from = leg?.from.value ?? latest.value;
        const ratio = progressRatio(rule.direction, from, milestone.value, latest.value);
        evaluation = ratio >= rule.thresholds.atRisk ? 'partly_achieved' : 'not_achieved';
      }
      return { ...base, value: latest.value, evaluation };
    });
}
