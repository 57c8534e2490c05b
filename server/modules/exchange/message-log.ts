import { type Kysely, sql, type Transaction } from 'kysely';
import {
  type ChainVerification,
  chainHash,
  GENESIS_HASH,
  verifyChain,
} from '../../platform/audit/hash-chain.ts';
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

const MESSAGE_LOCK_KEY = 239_0005;

export type MessageVerification = ChainVerification;

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
      const full: MessageRow = { ...row, hash: chainHash<MessageRow>(row) };
      await db
        .insertInto('exchange.messages')
        .values({ ...full, items: JSON.stringify(full.items) as unknown as string[] })
        .execute();
      return full;
    },

    /** Walks the chain from the start; names the first entry whose hash or link does not hold. */
    async verify(): Promise<MessageVerification> {
      const db = database.db as Kysely<MessageTables>;
      return verifyChain((fromSeq, limit) =>
        db
          .selectFrom('exchange.messages')
          .selectAll()
          .where('seq', '>=', fromSeq)
          .orderBy('seq')
          .limit(limit)
          .execute(),
      );
    },
  };
}
