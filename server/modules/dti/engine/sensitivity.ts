import { competitionRanks, normalise, rankUnits } from './rank.ts';
import { applies, scoreUnit, subIndexShare } from './score.ts';
import type { Framework, Inputs, Normalisation, RankInterval, UnitRef } from './types.ts';

export type SensitivityOptions = {
  /** Number of random weight sets (e.g. 1,000). */
  perturbations: number;
  /** Relative spread: each weight is multiplied by a uniform factor in [1 − spread, 1 + spread]. */
  spread: number;
  /** PRNG seed: the same seed gives the same intervals. */
  seed: number;
  /** Rescale each group's indices across units before weighting (base run included). */
  normalisation?: Normalisation;
  /** Also multiply each sub-index's max points by its own factor in [1 − spread, 1 + spread]. */
  perturbMaxPoints?: boolean;
};

export type SensitivityResult = {
  /** Sorted by base rank, then unit id. */
  units: (RankInterval & { unitId: string; index: number })[];
  perturbations: number;
  spread: number;
  seed: number;
  normalisation: Normalisation | null;
};

/** mulberry32: a tiny, fast, seedable PRNG — Math.random cannot be seeded, and results must repeat. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Per unit and group, the applicable sub-indices' earned shares and max points (precomputed once). */
type Prepared = { shares: Float64Array; maxes: Float64Array; subSlot: Int32Array }[][];

function prepare(
  framework: Framework,
  units: readonly UnitRef[],
  inputsByUnit: Readonly<Record<string, Inputs>>,
) {
  const subSlots = new Map<string, number>();
  for (const g of framework.groups)
    for (const m of g.indices)
      for (const s of m.subIndices) if (!subSlots.has(s.code)) subSlots.set(s.code, subSlots.size);
  const prepared: Prepared = units.map((unit) => {
    const inputs = inputsByUnit[unit.id] ?? {};
    return framework.groups.map((g) => {
      const subs = g.indices.flatMap((m) => m.subIndices).filter((s) => applies(s, unit));
      return {
        shares: Float64Array.from(subs.map((s) => subIndexShare(s, inputs))),
        maxes: Float64Array.from(subs.map((s) => s.maxPoints)),
        subSlot: Int32Array.from(subs.map((s) => subSlots.get(s.code) ?? 0)),
      };
    });
  });
  return { prepared, subCount: subSlots.size };
}

/** Group indices [unit][group] (NaN = nothing applicable), optionally with scaled max points. */
function groupIndices(prepared: Prepared, scale: Float64Array | null): Float64Array[] {
  return prepared.map((groups) =>
    Float64Array.from(groups, ({ shares, maxes, subSlot }) => {
      let points = 0;
      let max = 0;
      for (let i = 0; i < shares.length; i++) {
        const m = (maxes[i] ?? 0) * (scale ? (scale[subSlot[i] ?? 0] ?? 1) : 1);
        points += (shares[i] ?? 0) * m;
        max += m;
      }
      return max > 0 ? points / max : Number.NaN;
    }),
  );
}

/** Rescales each group's column across the units it applies to; NaN (not applicable) stays NaN. */
function normaliseColumns(matrix: Float64Array[], groups: number, method: Normalisation | undefined) {
  if (!method) return matrix;
  const out = matrix.map((row) => Float64Array.from(row));
  for (let g = 0; g < groups; g++) {
    const rows = out.map((row, u) => ({ u, v: row[g] ?? Number.NaN })).filter((x) => !Number.isNaN(x.v));
    const scaled = normalise(
      rows.map((x) => x.v),
      method,
    );
    rows.forEach((x, i) => {
      const row = out[x.u];
      if (row) row[g] = scaled[i] ?? 0;
    });
  }
  return out;
}

function overall(matrix: Float64Array[], weights: Float64Array, into: Float64Array) {
  for (let u = 0; u < matrix.length; u++) {
    const row = matrix[u] as Float64Array;
    let sum = 0;
    let wsum = 0;
    for (let g = 0; g < row.length; g++) {
      const x = row[g] ?? Number.NaN;
      if (Number.isNaN(x)) continue;
      const w = weights[g] ?? 0;
      sum += w * x;
      wsum += w;
    }
    into[u] = wsum > 0 ? sum / wsum : 0;
  }
  return into;
}

/**
 * Rank intervals under random perturbation of the group weights (and optionally the sub-index max
 * points). Units' sub-index shares are computed once; each perturbation is then a weighted sum over
 * groups and a sort. `rank` is the base (unperturbed) competition rank; minRank/maxRank span the
 * base and every perturbation (so they always contain `rank`); p5/p95 are nearest-rank percentiles
 * over the perturbations only.
 */
export function sensitivity(
  framework: Framework,
  units: readonly UnitRef[],
  inputsByUnit: Readonly<Record<string, Inputs>>,
  options: SensitivityOptions,
): SensitivityResult {
  const n = units.length;
  const groupCount = framework.groups.length;
  const { prepared, subCount } = prepare(framework, units, inputsByUnit);
  const baseWeights = Float64Array.from(framework.groups, (g) => Math.max(0, g.weight));
  const random = seededRandom(options.seed);
  const factor = () => Math.max(0, 1 + options.spread * (2 * random() - 1));

  const baseMatrix = normaliseColumns(groupIndices(prepared, null), groupCount, options.normalisation);
  const baseIndex = overall(baseMatrix, baseWeights, new Float64Array(n));
  const baseRanks = competitionRanks(baseIndex);

  const runs = Math.max(0, Math.floor(options.perturbations));
  const histogram = Array.from({ length: n }, () => new Int32Array(n + 1));
  const minRank = Int32Array.from(baseRanks);
  const maxRank = Int32Array.from(baseRanks);
  const weights = new Float64Array(groupCount);
  const scale = options.perturbMaxPoints ? new Float64Array(subCount) : null;
  const index = new Float64Array(n);
  for (let run = 0; run < runs; run++) {
    for (let g = 0; g < groupCount; g++) weights[g] = (baseWeights[g] ?? 0) * factor();
    let matrix = baseMatrix;
    if (scale) {
      for (let i = 0; i < subCount; i++) scale[i] = factor();
      matrix = normaliseColumns(groupIndices(prepared, scale), groupCount, options.normalisation);
    }
    const ranks = competitionRanks(overall(matrix, weights, index));
    for (let u = 0; u < n; u++) {
      const r = ranks[u] ?? 0;
      const counts = histogram[u] as Int32Array;
      counts[r] = (counts[r] ?? 0) + 1;
      if (r < (minRank[u] ?? r)) minRank[u] = r;
      if (r > (maxRank[u] ?? r)) maxRank[u] = r;
    }
  }

  const percentile = (counts: Int32Array, p: number, fallback: number) => {
    if (runs === 0) return fallback;
    const wanted = Math.max(1, Math.ceil(p * runs));
    let seen = 0;
    for (let r = 1; r < counts.length; r++) {
      seen += counts[r] ?? 0;
      if (seen >= wanted) return r;
    }
    return fallback;
  };
  const result = units.map((unit, u) => {
    const rank = baseRanks[u] ?? 0;
    const counts = histogram[u] as Int32Array;
    return {
      unitId: unit.id,
      index: baseIndex[u] ?? 0,
      rank,
      minRank: minRank[u] ?? rank,
      maxRank: maxRank[u] ?? rank,
      p5: percentile(counts, 0.05, rank),
      p95: percentile(counts, 0.95, rank),
    };
  });
  result.sort((a, b) => a.rank - b.rank || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
  return {
    units: result,
    perturbations: runs,
    spread: options.spread,
    seed: options.seed,
    normalisation: options.normalisation ?? null,
  };
}

export type WhatIfResult = {
  before: { index: number; rank: number };
  after: { index: number; rank: number };
};

/** Re-scores one unit with `changes` applied to its inputs and reports its index and rank before and after. */
export function whatIf(
  framework: Framework,
  units: readonly UnitRef[],
  inputsByUnit: Readonly<Record<string, Inputs>>,
  unitId: string,
  changes: Partial<Inputs>,
): WhatIfResult {
  const unit = units.find((u) => u.id === unitId);
  if (!unit) throw new Error(`Unknown unit ${unitId}`);
  const scores = units.map((u) => scoreUnit(framework, u, inputsByUnit[u.id] ?? {}));
  const before = rankUnits(scores).find((r) => r.unitId === unitId);
  const changed: Inputs = { ...(inputsByUnit[unitId] ?? {}) };
  for (const [code, value] of Object.entries(changes)) if (value !== undefined) changed[code] = value;
  const after = scoreUnit(framework, unit, changed);
  const afterRank = rankUnits(scores.map((s) => (s.unitId === unitId ? after : s))).find(
    (r) => r.unitId === unitId,
  );
  return {
    before: { index: before?.index ?? 0, rank: before?.rank ?? 0 },
    after: { index: after.index, rank: afterRank?.rank ?? 0 },
  };
}
