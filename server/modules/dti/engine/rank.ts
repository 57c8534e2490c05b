import type { Normalisation, RankedUnit } from './types.ts';

/**
 * Indices are compared after rounding to 1e-9, so two units whose scores differ only by
 * floating-point noise (0.1 + 0.2 vs 0.3) tie instead of being split arbitrarily.
 */
export const TIE_EPSILON_DIGITS = 9;
const SCALE = 10 ** TIE_EPSILON_DIGITS;
const key = (x: number) => Math.round(x * SCALE) / SCALE;

/**
 * Rescales values across units. 'minmax': (v − min)/(max − min), all 0 when every value is equal;
 * 'zscore': (v − mean)/sd (population sd), all 0 when sd is 0; 'target': distance to target as
 * min(1, max(0, v / target)), target defaulting to the largest value (all 0 when target ≤ 0).
 */
export function normalise(values: readonly number[], method: Normalisation, target?: number): number[] {
  if (values.length === 0) return [];
  if (method === 'minmax') {
    const min = Math.min(...values);
    const range = Math.max(...values) - min;
    return values.map((v) => (range > 0 ? (v - min) / range : 0));
  }
  if (method === 'zscore') {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    return values.map((v) => (sd > 0 ? (v - mean) / sd : 0));
  }
  const t = target ?? Math.max(...values);
  return values.map((v) => (t > 0 ? Math.min(1, Math.max(0, v / t)) : 0));
}

/**
 * Competition ranks ("1,2,2,4") of `indices` (higher is better): rank = 1 + the number of strictly
 * better values. Returned in the input order.
 */
export function competitionRanks(indices: ArrayLike<number>): number[] {
  const n = indices.length;
  const keys = Array.from({ length: n }, (_, i) => key(indices[i] ?? 0));
  const order = keys.map((_, i) => i).sort((a, b) => (keys[b] ?? 0) - (keys[a] ?? 0));
  const ranks = new Array<number>(n);
  for (let pos = 0; pos < n; pos++) {
    const i = order[pos] ?? 0;
    const prev = pos > 0 ? (order[pos - 1] ?? 0) : -1;
    ranks[i] = prev >= 0 && keys[prev] === keys[i] ? (ranks[prev] ?? pos + 1) : pos + 1;
  }
  return ranks;
}

/**
 * Ranks units overall and, with `peerGroup`, within their peer groups (competition ranking). The
 * result is sorted for display by index descending, then unit id ascending — so tied units always
 * appear in the same order.
 */
export function rankUnits(
  scores: readonly { unitId: string; index: number }[],
  options: { peerGroup?: (unitId: string) => string } = {},
): RankedUnit[] {
  const overall = competitionRanks(scores.map((s) => s.index));
  const ranked: RankedUnit[] = scores.map((s, i) => ({
    unitId: s.unitId,
    index: s.index,
    rank: overall[i] ?? 0,
  }));
  if (options.peerGroup) {
    const byPeer = new Map<string, RankedUnit[]>();
    for (const r of ranked) {
      r.peerGroup = options.peerGroup(r.unitId);
      const list = byPeer.get(r.peerGroup) ?? [];
      list.push(r);
      byPeer.set(r.peerGroup, list);
    }
    for (const list of byPeer.values()) {
      const ranks = competitionRanks(list.map((r) => r.index));
      list.forEach((r, i) => {
        r.peerRank = ranks[i];
      });
    }
  }
  return ranked.sort((a, b) => a.rank - b.rank || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
}
