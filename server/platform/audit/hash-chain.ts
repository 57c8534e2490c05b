import { canonicalJson, sha256Hex } from '../canonical-json.ts';

/**
 * An append-only log chained by hashes (the audit log, the exchange's message log): each row holds
 * the previous row's hash, and its own hash covers every other column.
 */
export const GENESIS_HASH = '0'.repeat(64);

export type ChainRow = { seq: number; prev_hash: string; hash: string; at: Date | string };

/** What the hash covers: every column except the hash itself (times as ISO strings). */
export function chainHash<R extends ChainRow>(row: Omit<R, 'hash'>): string {
  const { prev_hash, ...content } = row;
  return sha256Hex(`${prev_hash}\n${canonicalJson({ ...content, at: new Date(row.at).toISOString() })}`);
}

export type ChainVerification =
  | { ok: true; entries: number; headHash: string }
  | {
      ok: false;
      entries: number;
      brokenAt: number;
      reason: 'hash_mismatch' | 'link_mismatch' | 'sequence_gap';
    };

/** Walks the chain from the start in pages (`readPage(fromSeq, limit)`); reports the first broken link. */
export async function verifyChain<R extends ChainRow>(
  readPage: (fromSeq: number, limit: number) => Promise<R[]>,
): Promise<ChainVerification> {
  let previousHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  const pageSize = 5000;
  for (;;) {
    const page = await readPage(expectedSeq, pageSize);
    for (const row of page) {
      if (row.seq !== expectedSeq)
        return { ok: false, entries, brokenAt: expectedSeq, reason: 'sequence_gap' };
      if (row.prev_hash !== previousHash)
        return { ok: false, entries, brokenAt: row.seq, reason: 'link_mismatch' };
      const { hash, ...rest } = row;
      if (chainHash<R>(rest) !== hash)
        return { ok: false, entries, brokenAt: row.seq, reason: 'hash_mismatch' };
      previousHash = hash;
      expectedSeq++;
      entries++;
    }
    if (page.length < pageSize) break;
  }
  return { ok: true, entries, headHash: previousHash };
}
