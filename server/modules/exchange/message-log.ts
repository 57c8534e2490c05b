import { type Kysely, sql, type Transaction } from 'kysely';
import { canonicalJson, sha256Hex } from '../../platform/canonical-json.ts';
import type { Database } from '../../platform/db/database.ts';

/**
 * The exchange's message log, chained the way platform.audit_log is: each entry's SHA-256 covers
 * every column but the hash, and the previous entry's hash; writers serialise on an advisory lock
 * inside their transaction; a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export type MessageRow = {
  seq: number;
  at: Date;
  message_id: string;
  consumer_agency_id: string;
  provider_agency_id: string | null;
  service_id: string | null;
  actor_kind: string;
  actor_id: string | null;
  subject_hash: string;
  items: string[];
  purpose_code: string;
  receipt_id: string | null;
  outcome: 'delivered' | 'refused';
  reason: string | null;
  request_jws_sealed: string | null;
  response_jws_sealed: string | null;
  request_digest: string | null;
  response_digest: string | null;
  prev_hash: string;
  hash: string;
};

export type MessageInput = Omit<MessageRow, 'seq' | 'at' | 'prev_hash' | 'hash'>;

type MessageTables = { 'exchange.messages': MessageRow };

export const GENESIS_HASH = '0'.repeat(64);
const MESSAGE_LOCK_KEY = 239_0005;

function entryHash(row: Omit<MessageRow, 'hash'>): string {
  const { prev_hash, ...content } = row;
  return sha256Hex(`${prev_hash}\n${canonicalJson({ ...content, at: new Date(row.at).toISOString() })}`);
}

export type MessageVerification =
  | { ok: true; entries: number; headHash: string }
  | {
      ok: false;
      entries: number;
      brokenAt: number;
      reason: 'sequence_gap' | 'link_mismatch' | 'hash_mismatch';
    };

// biome-ignore lint/suspicious/noExplicitAny: the module's transaction, whatever its tables.
type AnyTransaction = Transaction<any>;

export function createMessageLog(database: Database) {
  return {
    async append(trx: AnyTransaction, input: MessageInput, at: Date): Promise<MessageRow> {
      const db = trx as unknown as Transaction<MessageTables>;
      await sql`select pg_advisory_xact_lock(${MESSAGE_LOCK_KEY})`.execute(db);
      const last = await db
        .selectFrom('exchange.messages')
        .select(['seq', 'hash'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      const row: Omit<MessageRow, 'hash'> = {
        seq: (last?.seq ?? 0) + 1,
        at,
        ...input,
        prev_hash: last?.hash ?? GENESIS_HASH,
      };
      const full: MessageRow = { ...row, hash: entryHash(row) };
      await db
        .insertInto('exchange.messages')
        .values({ ...full, items: JSON.stringify(full.items) as unknown as string[] })
        .execute();
      return full;
    },

    /** Walks the chain from the start; names the first entry whose hash or link does not hold. */
    async verify(): Promise<MessageVerification> {
      const db = database.db as Kysely<MessageTables>;
      let previousHash = GENESIS_HASH;
      let expectedSeq = 1;
      let entries = 0;
      const pageSize = 5000;
      for (;;) {
        const page = await db
          .selectFrom('exchange.messages')
          .selectAll()
          .where('seq', '>=', expectedSeq)
          .orderBy('seq')
          .limit(pageSize)
          .execute();
        for (const row of page) {
          if (row.seq !== expectedSeq)
            return { ok: false, entries, brokenAt: expectedSeq, reason: 'sequence_gap' };
          if (row.prev_hash !== previousHash)
            return { ok: false, entries, brokenAt: row.seq, reason: 'link_mismatch' };
          const { hash, ...rest } = row;
          if (entryHash(rest) !== hash)
            return { ok: false, entries, brokenAt: row.seq, reason: 'hash_mismatch' };
          previousHash = hash;
          expectedSeq++;
          entries++;
        }
        if (page.length < pageSize) break;
      }
      return { ok: true, entries, headHash: previousHash };
    },
  };
}
