import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbInputs, arbUnit, testFramework } from './engine.test-support.ts';
import { rankUnits } from './rank.ts';
import { scoreUnit } from './score.ts';
import { sensitivity, whatIf } from './sensitivity.ts';
import type { Inputs, UnitRef } from './types.ts';

const arbPopulation = fc
  .integer({ min: 2, max: 12 })
  .chain((n) =>
    fc.tuple(
      fc.tuple(...Array.from({ length: n }, (_, i) => arbUnit(`u${String(i).padStart(2, '0')}`))),
      fc.array(arbInputs, { minLength: n, maxLength: n }),
    ),
  )
  .map(([units, inputs]) => ({
    units: units as UnitRef[],
    inputsByUnit: Object.fromEntries(units.map((u, i) => [u.id, inputs[i] ?? {}])) as Record<string, Inputs>,
  }));

describe('sensitivity', () => {
  it('is deterministic per seed and its intervals contain the base rank', () => {
    fc.assert(
      fc.property(
        arbPopulation,
        fc.integer(),
        fc.constantFrom(undefined, 'minmax' as const, 'zscore' as const, 'target' as const),
        fc.boolean(),
        ({ units, inputsByUnit }, seed, normalisation, perturbMaxPoints) => {
          const options = { perturbations: 50, spread: 0.3, seed, normalisation, perturbMaxPoints };
          const a = sensitivity(testFramework, units, inputsByUnit, options);
          expect(sensitivity(testFramework, units, inputsByUnit, options)).toEqual(a);
          for (const u of a.units) {
            expect(u.minRank).toBeLessThanOrEqual(u.rank);
            expect(u.rank).toBeLessThanOrEqual(u.maxRank);
            expect(u.minRank).toBeLessThanOrEqual(u.p5);
            expect(u.p5).toBeLessThanOrEqual(u.p95);
            expect(u.p95).toBeLessThanOrEqual(u.maxRank);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('without normalisation, its base ranks are those of scoreUnit and rankUnits', () => {
    fc.assert(
      fc.property(arbPopulation, ({ units, inputsByUnit }) => {
        const result = sensitivity(testFramework, units, inputsByUnit, {
          perturbations: 0,
          spread: 0.2,
          seed: 1,
        });
        const ranked = rankUnits(units.map((u) => scoreUnit(testFramework, u, inputsByUnit[u.id] ?? {})));
        expect(result.units.map((u) => [u.unitId, u.rank])).toEqual(ranked.map((r) => [r.unitId, r.rank]));
        for (const u of result.units)
          expect(u.index).toBeCloseTo(ranked.find((r) => r.unitId === u.unitId)?.index ?? -1, 12);
      }),
      { numRuns: 40 },
    );
  });

  it('gives point intervals when nothing is perturbed, wider ones when weights move', () => {
    const units: UnitRef[] = [
      { id: 'a', kind: 'department', tags: [] },
      { id: 'b', kind: 'department', tags: [] },
    ];
    // a is strong on G1, b on G2: close enough that ±50% weights can swap them.
    const inputsByUnit: Record<string, Inputs> = {
      a: { s_bool: true, s_ratio: 0.8, s_thr: 95, s_dept: true },
      b: { s_bool: true, s_app: 10, a: 2, s_thr: 0, s_dept: true },
    };
    const still = sensitivity(testFramework, units, inputsByUnit, { perturbations: 100, spread: 0, seed: 7 });
    for (const u of still.units)
      expect([u.minRank, u.maxRank, u.p5, u.p95]).toEqual([u.rank, u.rank, u.rank, u.rank]);
    const moved = sensitivity(testFramework, units, inputsByUnit, {
      perturbations: 200,
      spread: 0.9,
      seed: 7,
    });
    expect(moved.units.some((u) => u.maxRank > u.minRank)).toBe(true);
  });
});

describe('whatIf', () => {
  const units: UnitRef[] = [
    { id: 'a', kind: 'commune', tags: [] },
    { id: 'b', kind: 'commune', tags: [] },
    { id: 'c', kind: 'commune', tags: [] },
  ];
  const inputsByUnit: Record<string, Inputs> = {
    a: { s_bool: true, s_ratio: 0.8, s_thr: 95, s_app: 10, a: 2 },
    b: { s_bool: true, s_ratio: 0.4, s_thr: 60 },
    c: { s_bool: false },
  };

  it('moves the unit’s index and rank when a value changes', () => {
    const result = whatIf(testFramework, units, inputsByUnit, 'c', {
      s_bool: true,
      s_ratio: 0.8,
      s_thr: 95,
      s_app: 8,
    });
    expect(result.before).toEqual({ index: 0, rank: 3 });
    expect(result.after.rank).toBe(2);
    expect(result.after.index).toBeGreaterThan(0.5);
  });

  it('never lowers the index or worsens the rank when an input is raised', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('a', 'b', 'c'),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (unitId, share) => {
          const before = inputsByUnit[unitId]?.s_ratio;
          const current = typeof before === 'number' ? before : 0;
          const r = whatIf(testFramework, units, inputsByUnit, unitId, { s_ratio: Math.max(current, share) });
          expect(r.after.index).toBeGreaterThanOrEqual(r.before.index);
          expect(r.after.rank).toBeLessThanOrEqual(r.before.rank);
        },
      ),
    );
  });

  it('refuses an unknown unit', () => {
    expect(() => whatIf(testFramework, units, inputsByUnit, 'zz', {})).toThrow();
  });
});
