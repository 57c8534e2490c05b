import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makePeriod, parsePeriod } from '../../platform/period.ts';
import {
  DEFAULT_THRESHOLDS,
  expectedAt,
  finalEvaluations,
  milestoneTime,
  needsFirstObservation,
  type ObservedValue,
  periodTime,
  type Status,
  type TargetRule,
  targetStatus,
} from './status.ts';

const rule = (overrides: Partial<TargetRule> = {}): TargetRule => ({
  direction: 'at_least',
  baseline: { value: 40, year: 2022 },
  milestones: [{ year: 2025, value: 100 }],
  path: { kind: 'linear', steps: [] },
  thresholds: { ...DEFAULT_THRESHOLDS },
  ...overrides,
});

const quarter = (year: number, index: number) => makePeriod('quarter', year, index);

describe('expected path', () => {
  it('runs linearly from the baseline (end of its year) to the milestone (end of its year)', () => {
    const r = rule();
    const start = { time: milestoneTime(2022), value: 40 };
    expect(expectedAt(r, start, milestoneTime(2022))).toBe(40);
    expect(expectedAt(r, start, milestoneTime(2025))).toBe(100);
    const middle = (milestoneTime(2022) + milestoneTime(2025)) / 2;
    expect(expectedAt(r, start, middle)).toBeCloseTo(70, 10);
    // After the last milestone the path stays at it.
    expect(expectedAt(r, start, milestoneTime(2027))).toBe(100);
  });

  it('follows the steps when the path is stepped', () => {
    const r = rule({
      path: {
        kind: 'stepped',
        steps: [
          { period: '2023', value: 50 },
          { period: '2024', value: 80 },
        ],
      },
    });
    const start = { time: milestoneTime(2022), value: 40 };
    expect(expectedAt(r, start, periodTime(quarter(2023, 2)))).toBe(40);
    expect(expectedAt(r, start, periodTime(parsePeriod('2023')))).toBe(50);
    expect(expectedAt(r, start, periodTime(quarter(2024, 3)))).toBe(50);
    expect(expectedAt(r, start, periodTime(parsePeriod('2024')))).toBe(80);
    expect(expectedAt(r, start, milestoneTime(2025))).toBe(100);
  });

  it('continues from one milestone to the next (2025 → 2030)', () => {
    const r = rule({
      milestones: [
        { year: 2025, value: 100 },
        { year: 2030, value: 200 },
      ],
    });
    const start = { time: milestoneTime(2022), value: 40 };
    const middle = (milestoneTime(2025) + milestoneTime(2030)) / 2;
    expect(expectedAt(r, start, middle)).toBeCloseTo(150, 10);
  });
});

describe('targetStatus', () => {
  const at2024Q4 = quarter(2024, 4); // two thirds of the way: expected 80
  it('rates by the share of expected progress made', () => {
    const status = (value: number) => targetStatus(rule(), [{ period: '2024Q4', value }], at2024Q4);
    expect(status(80).expected).toBeCloseTo(80, 1); // by days: 2024 is a leap year
    expect(status(80).status).toBe('on_track');
    expect(status(78.5).status).toBe('on_track'); // 38.5 of 40 = 0.9625
    expect(status(75).status).toBe('at_risk'); // 35 of 40 = 0.875
    expect(status(60).status).toBe('off_track'); // 20 of 40
    expect(status(100).status).toBe('achieved');
  });

  it('uses the latest observation at or before the period, never a later one', () => {
    const observations = [
      { period: '2023Q4', value: 60 },
      { period: '2025Q1', value: 100 },
    ];
    const result = targetStatus(rule(), observations, at2024Q4);
    expect(result.observedPeriod).toBe('2023Q4');
    expect(result.status).toBe('off_track'); // 20 of 40 expected
  });

  it('has no data without a milestone value or without observations', () => {
    expect(targetStatus(rule(), [], at2024Q4).status).toBe('no_data');
    const unknown = rule({ milestones: [{ year: 2025, value: null }] });
    expect(targetStatus(unknown, [{ period: '2024Q4', value: 90 }], at2024Q4).status).toBe('no_data');
  });

  it('respects the thresholds the plan owner sets', () => {
    const strict = rule({ thresholds: { onTrack: 1, atRisk: 0.99 } });
    expect(targetStatus(strict, [{ period: '2024Q4', value: 79 }], at2024Q4).status).toBe('off_track');
  });

  it('rates an at-most target (a rank to bring down) the mirrored way', () => {
    const rank = rule({
      direction: 'at_most',
      baseline: { value: 24, year: 2022 },
      milestones: [{ year: 2025, value: 5 }],
    });
    expect(targetStatus(rank, [{ period: '2023', value: 6 }], parsePeriod('2023')).status).toBe('on_track');
    expect(targetStatus(rank, [{ period: '2024', value: 1 }], parsePeriod('2024')).status).toBe('achieved');
    expect(targetStatus(rank, [{ period: '2024', value: 20 }], parsePeriod('2024')).status).toBe('off_track');
  });

  it('takes the first observation as the start when there is no baseline', () => {
    const noBaseline = rule({ baseline: null });
    const observations = [
      { period: '2023Q1', value: 50 },
      { period: '2024Q4', value: 55 },
    ];
    expect(targetStatus(noBaseline, observations.slice(0, 1), quarter(2023, 1)).status).toBe('on_track');
    expect(targetStatus(noBaseline, observations, at2024Q4).status).toBe('off_track');
  });
});

describe('finalEvaluations', () => {
  it('reads achieved, partly achieved or not achieved after the deadline', () => {
    const evaluate = (value: number) =>
      finalEvaluations(rule(), [{ period: '2025Q4', value }], '2026-02-01')[0]!;
    expect(evaluate(100)).toMatchObject({ evaluation: 'achieved', final: true, value: 100 });
    expect(evaluate(90).evaluation).toBe('partly_achieved'); // 50 of 60 = 0.83
    expect(evaluate(70).evaluation).toBe('not_achieved');
    expect(finalEvaluations(rule(), [], '2026-02-01')[0]!.evaluation).toBe('no_data');
    expect(finalEvaluations(rule(), [{ period: '2025Q4', value: 100 }], '2025-06-01')[0]!.final).toBe(false);
  });

  it('ignores observations after the milestone year', () => {
    const result = finalEvaluations(rule(), [{ period: '2026Q1', value: 100 }], '2026-06-01')[0]!;
    expect(result.evaluation).toBe('no_data');
  });
});

// ——— Properties the issue requires ———

const rank: Record<Status, number> = { no_data: -1, off_track: 0, at_risk: 1, on_track: 2, achieved: 3 };
const value = fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true });
const quarterPeriod = fc
  .tuple(fc.integer({ min: 2023, max: 2031 }), fc.integer({ min: 1, max: 4 }))
  .map(([year, index]) => quarter(year, index));
const thresholds = fc
  .tuple(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true }))
  .map(([a, b]) => ({ onTrack: Math.max(a, b), atRisk: Math.min(a, b) }));
const ruleArbitrary = fc.record({
  direction: fc.constantFrom<TargetRule['direction']>('at_least', 'at_most'),
  baseline: fc.option(fc.record({ value, year: fc.integer({ min: 2018, max: 2024 }) }), { nil: null }),
  milestones: fc.uniqueArray(
    fc.record({ year: fc.integer({ min: 2024, max: 2032 }), value: fc.option(value, { nil: null }) }),
    {
      minLength: 1,
      maxLength: 3,
      selector: (m) => m.year,
    },
  ),
  path: fc.oneof(
    fc.constant<TargetRule['path']>({ kind: 'linear', steps: [] }),
    fc.record({
      kind: fc.constant('stepped' as const),
      steps: fc.array(fc.record({ period: quarterPeriod.map((p) => p.id), value }), { maxLength: 4 }),
    }),
  ),
  thresholds,
});
const observationsArbitrary = fc.array(fc.record({ period: quarterPeriod.map((p) => p.id), value }), {
  maxLength: 8,
});

const mirror = (r: TargetRule): TargetRule => ({
  ...r,
  direction: r.direction === 'at_least' ? 'at_most' : 'at_least',
  baseline: r.baseline && { ...r.baseline, value: -r.baseline.value },
  milestones: r.milestones.map((m) => ({ ...m, value: m.value === null ? null : -m.value })),
  path: { ...r.path, steps: r.path.steps.map((s) => ({ ...s, value: -s.value })) },
});
const mirrorObservations = (observations: ObservedValue[]) =>
  observations.map((o) => ({ ...o, value: -o.value }));

describe('status engine properties', () => {
  it('direction symmetry: mirroring every value and the direction keeps the status', () => {
    fc.assert(
      fc.property(ruleArbitrary, observationsArbitrary, quarterPeriod, (r, observations, period) => {
        const original = targetStatus(r, observations, period);
        const mirrored = targetStatus(mirror(r), mirrorObservations(observations), period);
        expect(mirrored.status).toBe(original.status);
      }),
      { numRuns: 2000 },
    );
  });

  it('monotone in the observed value: a better value never rates worse', () => {
    fc.assert(
      fc.property(
        ruleArbitrary,
        observationsArbitrary,
        quarterPeriod,
        value,
        value,
        (r, earlier, period, a, b) => {
          const history = earlier.filter((o) => o.period < period.id);
          const [low, high] = a <= b ? [a, b] : [b, a];
          const [worse, better] = r.direction === 'at_least' ? [low, high] : [high, low];
          const status = (v: number) =>
            targetStatus(r, [...history, { period: period.id, value: v }], period).status;
          expect(rank[status(better)]).toBeGreaterThanOrEqual(rank[status(worse)]);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('no data when there are no observations', () => {
    fc.assert(
      fc.property(ruleArbitrary, quarterPeriod, (r, period) => {
        expect(targetStatus(r, [], period).status).toBe('no_data');
        // Observations only after the period count as none.
        const later = [{ period: `${period.year + 5}Q1`, value: 1 }];
        expect(targetStatus(r, later, period).status).toBe('no_data');
      }),
      { numRuns: 1000 },
    );
  });

  it('achieved once the milestone is met', () => {
    fc.assert(
      fc.property(
        ruleArbitrary,
        observationsArbitrary,
        quarterPeriod,
        value,
        fc.double({ min: 0, max: 500, noNaN: true }),
        (r, earlier, period, goal, margin) => {
          const single: TargetRule = { ...r, milestones: [{ year: r.milestones[0]!.year, value: goal }] };
          const met = single.direction === 'at_least' ? goal + margin : goal - margin;
          const history = earlier.filter((o) => o.period < period.id);
          const result = targetStatus(single, [...history, { period: period.id, value: met }], period);
          expect(result.status).toBe('achieved');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('the first observation matters only where needsFirstObservation says so', () => {
    fc.assert(
      fc.property(ruleArbitrary, observationsArbitrary, quarterPeriod, (r, observations, period) => {
        const upTo = observations
          .map((o, index) => ({ ...o, index, time: periodTime(parsePeriod(o.period)) }))
          .filter((o) => o.time <= periodTime(period))
          .sort((a, b) => a.time - b.time || a.index - b.index);
        const latest = upTo.at(-1);
        fc.pre(latest !== undefined);
        const all = targetStatus(r, observations, period).status;
        const latestOnly = targetStatus(r, [{ period: latest!.period, value: latest!.value }], period).status;
        if (!needsFirstObservation(r, period) || latestOnly === 'achieved') expect(all).toBe(latestOnly);
      }),
      { numRuns: 2000 },
    );
  });

  it('always answers one of the five statuses, whatever the input', () => {
    fc.assert(
      fc.property(ruleArbitrary, observationsArbitrary, quarterPeriod, (r, observations, period) => {
        expect(rank[targetStatus(r, observations, period).status]).toBeDefined();
      }),
    );
  });
});
