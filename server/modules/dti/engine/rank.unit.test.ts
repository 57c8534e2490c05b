import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { competitionRanks, rankUnits } from './rank.ts';

describe('rankUnits', () => {
  it('uses competition ranking with a stable display order by unit id', () => {
    const ranked = rankUnits([
      { unitId: 'c', index: 0.5 },
      { unitId: 'a', index: 0.9 },
      { unitId: 'd', index: 0.7 },
      { unitId: 'b', index: 0.7 },
    ]);
    expect(ranked.map((r) => [r.unitId, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['d', 2],
      ['c', 4],
    ]);
  });

  it('treats floating-point noise as a tie', () => {
    expect(competitionRanks([0.1 + 0.2, 0.3, 0.2])).toEqual([1, 1, 3]);
  });

  it('ranks within peer groups', () => {
    const peer = (id: string) => (id.startsWith('ward') ? 'wards' : 'communes');
    const ranked = rankUnits(
      [
        { unitId: 'ward-1', index: 0.4 },
        { unitId: 'commune-1', index: 0.6 },
        { unitId: 'ward-2', index: 0.8 },
        { unitId: 'commune-2', index: 0.6 },
      ],
      { peerGroup: peer },
    );
    expect(ranked.map((r) => [r.unitId, r.rank, r.peerGroup, r.peerRank])).toEqual([
      ['ward-2', 1, 'wards', 1],
      ['commune-1', 2, 'communes', 1],
      ['commune-2', 2, 'communes', 1],
      ['ward-1', 4, 'wards', 2],
    ]);
  });

  const arbScores = fc
    .uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 25 })
    .chain((ids) =>
      fc.tuple(
        fc.constant(ids),
        // Few distinct values, so ties are common.
        fc.array(fc.constantFrom(0, 0.25, 0.5, 0.75, 1), { minLength: ids.length, maxLength: ids.length }),
      ),
    )
    .map(([ids, values]) => ids.map((unitId, i) => ({ unitId, index: values[i] ?? 0 })));

  it('ranks ties consistently, whatever the input order', () => {
    fc.assert(
      fc.property(
        arbScores,
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (scores, noise) => {
          const shuffled = scores
            .map((s) => ({ s, k: noise.next().value as number }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.s);
          const a = rankUnits(scores);
          expect(rankUnits(shuffled)).toEqual(a);
          for (const r of a) {
            // rank = 1 + the number of strictly better units; equal indices share a rank.
            expect(r.rank).toBe(1 + scores.filter((s) => s.index > r.index).length);
          }
          for (let i = 1; i < a.length; i++) {
            const prev = a[i - 1];
            const cur = a[i];
            if (!prev || !cur) continue;
            expect(prev.rank < cur.rank || (prev.rank === cur.rank && prev.unitId < cur.unitId)).toBe(true);
          }
        },
      ),
    );
  });
});
