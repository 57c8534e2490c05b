import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbInputs, arbUnit, testFramework } from './engine.test-support.ts';
import { normalise } from './rank.ts';
import { scoreUnit } from './score.ts';
import type { Framework, InputValue, UnitRef } from './types.ts';
import { validateFramework } from './validate.ts';

const dept: UnitRef = { id: 'd1', kind: 'department', tags: ['digital-economy'] };
const commune: UnitRef = { id: 'c1', kind: 'commune', tags: [] };
const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

describe('scoreUnit', () => {
  it('scores each rule kind', () => {
    const s = scoreUnit(testFramework, dept, {
      s_bool: true,
      s_ratio: { numerator: 2, denominator: 5 },
      s_thr: 60,
      s_app: 12,
      a: 1,
      b: 0,
      s_de: 0.5,
      s_dept: null,
    });
    expect(s.subIndices).toEqual({
      s_bool: 2,
      s_ratio: 1.5,
      s_thr: 3,
      s_app: 10,
      s_formula: 2,
      s_de: 3,
      s_dept: 0,
    });
    expect(s.groups.G1).toMatchObject({ points: 6.5, max: 10, index: 0.65 });
    expect(s.groups.G2).toMatchObject({ points: 12, max: 14 });
    expect(s.mainIndices.M4).toMatchObject({ points: 3, max: 7 });
    // (2 × 0.65 + 12/14 + 3/7) / 4
    expect(s.index).toBeCloseTo((2 * 0.65 + 12 / 14 + 3 / 7) / 4, 12);
  });

  it('marks sub-indices that do not apply as null and drops an empty group from the weighting', () => {
    const s = scoreUnit(testFramework, commune, { s_bool: true, s_ratio: 0.8, s_thr: 95, s_app: 10, a: 2 });
    expect(s.subIndices.s_de).toBeNull();
    expect(s.subIndices.s_dept).toBeNull();
    expect(s.groups.G3).toMatchObject({ points: 0, max: 0, index: null, contribution: 0 });
    expect(s.index).toBe(1);
  });

  it('gives 0 for values not provided, unlike not applicable', () => {
    const withNull = scoreUnit(testFramework, dept, { s_de: null });
    expect(withNull.subIndices.s_de).toBe(0);
    expect(withNull.groups.G3?.max).toBe(7);
  });

  it('is bounded: points within 0..max, indices within 0..1', () => {
    fc.assert(
      fc.property(arbUnit('u'), arbInputs, (unit, inputs) => {
        const s = scoreUnit(testFramework, unit, inputs);
        expect(s.index).toBeGreaterThanOrEqual(0);
        expect(s.index).toBeLessThanOrEqual(1);
        for (const g of testFramework.groups)
          for (const m of g.indices)
            for (const sub of m.subIndices) {
              const p = s.subIndices[sub.code];
              if (p === null || p === undefined) continue;
              expect(p).toBeGreaterThanOrEqual(0);
              expect(p).toBeLessThanOrEqual(sub.maxPoints);
            }
        for (const part of [...Object.values(s.groups), ...Object.values(s.mainIndices)]) {
          if (part.index === null) continue;
          expect(part.index).toBeGreaterThanOrEqual(0);
          expect(part.index).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('totals equal the sum of their weighted parts', () => {
    fc.assert(
      fc.property(arbUnit('u'), arbInputs, (unit, inputs) => {
        const s = scoreUnit(testFramework, unit, inputs);
        const applicable = testFramework.groups.filter((g) => s.groups[g.code]?.index !== null);
        const weightSum = applicable.reduce((a, g) => a + g.weight, 0);
        let overall = 0;
        for (const g of testFramework.groups) {
          const gs = s.groups[g.code];
          if (!gs) throw new Error('missing group');
          const mainPoints = g.indices.reduce((a, m) => a + (s.mainIndices[m.code]?.points ?? 0), 0);
          expect(close(gs.points, mainPoints)).toBe(true);
          for (const m of g.indices) {
            const subPoints = m.subIndices.reduce((a, sub) => a + (s.subIndices[sub.code] ?? 0), 0);
            expect(close(s.mainIndices[m.code]?.points ?? Number.NaN, subPoints)).toBe(true);
          }
          if (gs.index !== null) {
            expect(close(gs.contribution, (g.weight / weightSum) * gs.index)).toBe(true);
            overall += gs.contribution;
          }
        }
        expect(close(s.index, overall)).toBe(true);
      }),
    );
  });

  const raise = (value: InputValue | undefined, by: number): InputValue => {
    if (value === null || value === undefined) return Math.max(by, 0);
    if (typeof value === 'boolean') return true;
    if (typeof value === 'number') return value + by;
    return { numerator: value.numerator + Math.ceil(by * 10), denominator: value.denominator };
  };

  it('is monotone: raising any one input never lowers any score', () => {
    const keys = ['s_bool', 's_ratio', 's_thr', 's_app', 'a', 'b', 's_de', 's_dept'];
    fc.assert(
      fc.property(
        arbUnit('u'),
        arbInputs,
        fc.constantFrom(...keys),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (unit, inputs, key, by) => {
          const before = scoreUnit(testFramework, unit, inputs);
          const after = scoreUnit(testFramework, unit, { ...inputs, [key]: raise(inputs[key], by) });
          expect(after.index).toBeGreaterThanOrEqual(before.index - 1e-12);
          for (const [code, g] of Object.entries(after.groups))
            expect(g.points).toBeGreaterThanOrEqual((before.groups[code]?.points ?? 0) - 1e-12);
        },
      ),
    );
  });

  it('does not penalise a unit for a sub-index that does not apply to it', () => {
    // The same framework without the digital-economy sub-index scores a unit without that duty identically.
    const withoutDe: Framework = structuredClone(testFramework);
    const m4 = withoutDe.groups[2]?.indices[0];
    if (m4) m4.subIndices = m4.subIndices.filter((s) => s.code !== 's_de');
    fc.assert(
      fc.property(arbUnit('u'), arbInputs, (unit, inputs) => {
        const noDuty = { ...unit, tags: unit.tags.filter((t) => t !== 'digital-economy') };
        const a = scoreUnit(testFramework, noDuty, inputs);
        const b = scoreUnit(withoutDe, noDuty, inputs);
        expect(a.subIndices.s_de).toBeNull();
        expect(a.index).toBe(b.index);
        expect(a.groups).toEqual(b.groups);
      }),
    );
  });
});

describe('validateFramework', () => {
  it('accepts the test framework', () => {
    expect(validateFramework(testFramework)).toEqual([]);
  });

  it('reports each kind of problem in Vietnamese and English', () => {
    const bad: Framework = structuredClone(testFramework);
    const [g1, g2, g3] = bad.groups;
    if (!g1 || !g2 || !g3) throw new Error('fixture');
    g1.weight = -1;
    g2.code = 'G1';
    const [m1, m2] = g1.indices;
    const s0 = m1?.subIndices[0];
    const s1 = m1?.subIndices[1];
    const thr = m2?.subIndices[0];
    const formula = g2.indices[0]?.subIndices[1];
    if (!s0 || !s1 || !thr || !formula) throw new Error('fixture');
    s0.maxPoints = 0;
    s0.evidence = { required: true, fields: [] };
    s1.rule = { kind: 'ratio', target: 0 };
    thr.rule = {
      kind: 'thresholds',
      steps: [
        { min: 50, points: 3 },
        { min: 10, points: 9 },
      ],
    };
    formula.rule = { kind: 'formula', expression: 'a + c.constructor', inputs: ['a', '__proto__'] };
    const codes = validateFramework(bad).map((p) => p.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'negative-weight',
        'duplicate-code',
        'max-points',
        'evidence-fields',
        'ratio-target',
        'thresholds-order',
        'thresholds-points',
        'formula-input-name',
        'formula',
      ]),
    );
    for (const p of validateFramework(bad)) expect(p.vi && p.en && p.path).toBeTruthy();
  });

  it('refuses a formula reading an undeclared input, a reserved code and weights summing to 0', () => {
    const bad: Framework = structuredClone(testFramework);
    for (const g of bad.groups) g.weight = 0;
    const formula = bad.groups[1]?.indices[0]?.subIndices[1];
    if (formula) formula.rule = { kind: 'formula', expression: 'a + s_bool', inputs: ['a'] };
    const m1 = bad.groups[0]?.indices[0];
    if (m1) m1.code = '__proto__';
    const codes = validateFramework(bad).map((p) => p.code);
    expect(codes).toContain('reserved-code');
    expect(codes).toContain('weights-sum');
    expect(codes).toContain('formula');
  });
});

describe('normalise', () => {
  it('rescales by min-max, z-score and distance to target', () => {
    expect(normalise([1, 2, 3], 'minmax')).toEqual([0, 0.5, 1]);
    expect(normalise([2, 2], 'minmax')).toEqual([0, 0]);
    const z = normalise([1, 2, 3], 'zscore');
    expect(z[1]).toBe(0);
    expect(z[2]).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(normalise([0.2, 0.4, 0.9], 'target', 0.5)).toEqual([0.4, 0.8, 1]);
    expect(normalise([1, 4], 'target')).toEqual([0.25, 1]);
    expect(normalise([], 'zscore')).toEqual([]);
  });

  it('keeps the order of the values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom('minmax' as const, 'zscore' as const, 'target' as const),
        (values, method) => {
          const out = normalise(values, method);
          for (let i = 0; i < values.length; i++)
            for (let j = 0; j < values.length; j++)
              if ((values[i] ?? 0) < (values[j] ?? 0)) expect(out[i]).toBeLessThanOrEqual(out[j] ?? 0);
        },
      ),
    );
  });
});
