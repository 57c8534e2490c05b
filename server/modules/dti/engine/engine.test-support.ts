import fc from 'fast-check';
import type { Framework, Inputs, SubIndex, UnitRef } from './types.ts';

/** A small framework using every rule kind and both kinds of `appliesTo`, for the engine's tests. */
const sub = (
  code: string,
  maxPoints: number,
  rule: SubIndex['rule'],
  extra: Partial<SubIndex> = {},
): SubIndex => ({
  code,
  nameVi: `Chỉ số ${code}`,
  nameEn: `Index ${code}`,
  maxPoints,
  rule,
  source: 'self',
  evidence: { required: false, fields: [] },
  ...extra,
});

export const testFramework: Framework = {
  year: 2025,
  unitSet: 'departments',
  version: 'test-1',
  weightsArePlaceholders: true,
  groups: [
    {
      code: 'G1',
      nameVi: 'Nền tảng',
      nameEn: 'Foundation',
      weight: 2,
      indices: [
        {
          code: 'M1',
          nameVi: 'Nhận thức',
          nameEn: 'Awareness',
          subIndices: [
            sub('s_bool', 2, { kind: 'boolean' }),
            sub('s_ratio', 3, { kind: 'ratio', target: 0.8 }),
          ],
        },
        {
          code: 'M2',
          nameVi: 'Hạ tầng',
          nameEn: 'Infrastructure',
          subIndices: [
            sub('s_thr', 5, {
              kind: 'thresholds',
              steps: [
                { min: 0, points: 1 },
                { min: 50, points: 3 },
                { min: 90, points: 5 },
              ],
            }),
          ],
        },
      ],
    },
    {
      code: 'G2',
      nameVi: 'Hoạt động',
      nameEn: 'Activity',
      weight: 1,
      indices: [
        {
          code: 'M3',
          nameVi: 'Chính quyền số',
          nameEn: 'Digital government',
          subIndices: [
            sub('s_app', 10, { kind: 'appraiser' }, { source: 'appraiser' }),
            sub('s_formula', 4, { kind: 'formula', expression: 'min(1, a / 2 + b / 4)', inputs: ['a', 'b'] }),
          ],
        },
      ],
    },
    {
      code: 'G3',
      nameVi: 'Kinh tế số',
      nameEn: 'Digital economy',
      weight: 1,
      indices: [
        {
          code: 'M4',
          nameVi: 'Hoạt động kinh tế số',
          nameEn: 'Digital-economy activity',
          subIndices: [
            sub('s_de', 6, { kind: 'ratio' }, { appliesTo: { tags: ['digital-economy'] } }),
            sub('s_dept', 1, { kind: 'boolean' }, { appliesTo: { unitKinds: ['department'] } }),
          ],
        },
      ],
    },
  ],
};

const ratioValue = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.record({ numerator: fc.integer({ min: 0, max: 100 }), denominator: fc.integer({ min: 0, max: 100 }) }),
  fc.constant(null),
);

/** Arbitrary inputs for testFramework (any may be missing or null). */
export const arbInputs: fc.Arbitrary<Inputs> = fc.record(
  {
    s_bool: fc.oneof(fc.boolean(), fc.constant(null)),
    s_ratio: ratioValue,
    s_thr: fc.oneof(fc.integer({ min: -10, max: 120 }), fc.constant(null)),
    s_app: fc.oneof(fc.double({ min: -2, max: 12, noNaN: true }), fc.constant(null)),
    a: fc.oneof(fc.double({ min: 0, max: 3, noNaN: true }), fc.constant(null)),
    b: fc.oneof(fc.double({ min: 0, max: 3, noNaN: true }), fc.constant(null)),
    s_de: ratioValue,
    s_dept: fc.oneof(fc.boolean(), fc.constant(null)),
  },
  { requiredKeys: [] },
);

export const arbUnit = (id: string): fc.Arbitrary<UnitRef> =>
  fc.record({
    id: fc.constant(id),
    kind: fc.constantFrom('department', 'commune'),
    tags: fc.subarray(['digital-economy', 'urban']),
  });
