import {
  type Framework,
  type Inputs,
  type Rule,
  rankUnits,
  type SensitivityOptions,
  type SubIndex,
  scoreUnit,
  seededRandom,
  sensitivity,
  type UnitRef,
} from '../server/modules/dti/engine/index.ts';
import { ratio, writeResult } from './support.ts';

/**
 * DTI rank intervals (the scoring engine, no database): 143 synthetic units — 17 departments on a
 * 34-sub-index / 9-group framework and 126 communes on a 47-sub-index / 8-group one (the shapes of
 * Decision 5279/QĐ-UBND; points and inputs are synthetic) — each set ranked with 1,000 random
 * ±20% perturbations of the group weights, against a plain scoring pass (scoreUnit + rankUnits of
 * all 143 units) measured in the same run. Also with sub-index max points perturbed and with
 * z-score normalisation. Goal: the 1,000 perturbations under 2 s.
 */
const PERTURBATIONS = 1000;
const SPREAD = 0.2;

function framework(
  unitSet: 'departments' | 'communes',
  groupSizes: number[],
  random: () => number,
): Framework {
  const kinds: Rule[] = [
    { kind: 'boolean' },
    { kind: 'ratio', target: 0.9 },
    {
      kind: 'thresholds',
      steps: [
        { min: 0, points: 2 },
        { min: 50, points: 6 },
        { min: 80, points: 10 },
      ],
    },
    { kind: 'formula', expression: 'min(1, x_a / 2 + if(x_b >= 0.5, 0.5, x_b))', inputs: ['x_a', 'x_b'] },
    { kind: 'appraiser' },
  ];
  let n = 0;
  return {
    year: 2025,
    unitSet,
    version: 'bench',
    weightsArePlaceholders: true,
    groups: groupSizes.map((size, g) => ({
      code: `G${g + 1}`,
      nameVi: `Nhóm ${g + 1}`,
      nameEn: `Group ${g + 1}`,
      weight: 1 + Math.round(random() * 4),
      indices: [
        {
          code: `G${g + 1}.M1`,
          nameVi: `Chỉ số ${g + 1}`,
          nameEn: `Index ${g + 1}`,
          subIndices: Array.from({ length: size }, (): SubIndex => {
            n++;
            const rule = kinds[n % kinds.length] ?? { kind: 'boolean' };
            return {
              code: `S${n}`,
              nameVi: `Chỉ số thành phần ${n}`,
              nameEn: `Sub-index ${n}`,
              maxPoints: rule.kind === 'thresholds' ? 10 : 5 + Math.round(random() * 15),
              rule,
              source: rule.kind === 'appraiser' ? 'appraiser' : 'self',
              // The departments' digital-economy group applies only to those with DE duties.
              ...(unitSet === 'departments' && g === 6 ? { appliesTo: { tags: ['digital-economy'] } } : {}),
              evidence: { required: true, fields: ['number', 'date', 'file'] },
            };
          }),
        },
      ],
    })),
  };
}

function inputsFor(f: Framework, random: () => number): Inputs {
  const inputs: Inputs = { x_a: random() * 2, x_b: random() };
  for (const g of f.groups)
    for (const m of g.indices)
      for (const s of m.subIndices) {
        if (random() < 0.05) inputs[s.code] = null;
        else if (s.rule.kind === 'boolean') inputs[s.code] = random() < 0.7;
        else if (s.rule.kind === 'ratio')
          inputs[s.code] = { numerator: Math.floor(random() * 100), denominator: 100 };
        else if (s.rule.kind === 'thresholds') inputs[s.code] = random() * 100;
        else inputs[s.code] = random() * s.maxPoints;
      }
  return inputs;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const time = (fn: () => void, repeat: number) => {
  const runs: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    fn();
    runs.push(performance.now() - started);
  }
  return Math.round(median(runs) * 100) / 100;
};

export async function main() {
  const random = seededRandom(239);
  const sets = [
    {
      framework: framework('departments', [3, 4, 2, 3, 5, 11, 1, 3, 2], random),
      units: Array.from(
        { length: 17 },
        (_, i): UnitRef => ({
          id: `so-${i + 1}`,
          kind: 'department',
          tags: i < 8 ? ['digital-economy'] : [],
        }),
      ),
    },
    {
      framework: framework('communes', [5, 3, 5, 6, 4, 10, 6, 8], random),
      units: Array.from(
        { length: 126 },
        (_, i): UnitRef => ({ id: `xa-${i + 1}`, kind: i < 51 ? 'ward' : 'commune', tags: [] }),
      ),
    },
  ].map((set) => ({
    ...set,
    inputsByUnit: Object.fromEntries(set.units.map((u) => [u.id, inputsFor(set.framework, random)])),
  }));

  const plain = () => {
    for (const set of sets)
      rankUnits(set.units.map((u) => scoreUnit(set.framework, u, set.inputsByUnit[u.id] ?? {})));
  };
  const intervals = (extra: Partial<SensitivityOptions>) => () => {
    for (const set of sets)
      sensitivity(set.framework, set.units, set.inputsByUnit, {
        perturbations: PERTURBATIONS,
        spread: SPREAD,
        seed: 5279,
        ...extra,
      });
  };
  // Warm up the JIT so neither side pays for compilation.
  for (let i = 0; i < 3; i++) {
    plain();
    intervals({})();
  }
  const plainMs = time(plain, 21);
  const weightsMs = time(intervals({}), 7);
  const maxPointsMs = time(intervals({ perturbMaxPoints: true }), 5);
  const zscoreMs = time(intervals({ normalisation: 'zscore' }), 5);

  const sample = sensitivity(
    sets[1]?.framework as Framework,
    sets[1]?.units ?? [],
    sets[1]?.inputsByUnit ?? {},
    {
      perturbations: PERTURBATIONS,
      spread: SPREAD,
      seed: 5279,
    },
  );
  const widths = sample.units.map((u) => u.maxRank - u.minRank);
  const result = {
    benchmark: 'dti',
    units: 143,
    perturbations: PERTURBATIONS,
    spread: SPREAD,
    plainScoringMs: plainMs,
    rankIntervalsWeightsMs: weightsMs,
    rankIntervalsWeightsAndMaxPointsMs: maxPointsMs,
    rankIntervalsZscoreMs: zscoreMs,
    weightsToPlain: ratio(weightsMs, plainMs),
    maxPointsToPlain: ratio(maxPointsMs, plainMs),
    zscoreToPlain: ratio(zscoreMs, plainMs),
    communesMedianIntervalWidth: median(widths),
    goals: { rankIntervalsMs: 2000 },
  };
  console.log(
    [
      `plain scoring pass (score + rank, 143 units):           ${plainMs} ms`,
      `rank intervals, 1,000 × ±20% group weights:             ${weightsMs} ms (${result.weightsToPlain}× plain; goal < 2 s)`,
      `  … also perturbing every sub-index's max points:       ${maxPointsMs} ms (${result.maxPointsToPlain}× plain)`,
      `  … with z-score normalisation of group indices:        ${zscoreMs} ms (${result.zscoreToPlain}× plain)`,
      `median rank-interval width, 126 communes:               ${result.communesMedianIntervalWidth} places`,
    ].join('\n'),
  );
  console.log(`→ ${await writeResult('dti', result)}`);
}
