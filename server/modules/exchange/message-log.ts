import { type Kysely, sql } from 'kysely';
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

type Pending = {
  input: MessageInput;
  at: Date;
  resolve: (row: MessageRow) => void;
  reject: (error: unknown) => void;
};

/** Entries per chain transaction at most. */
const BATCH = 200;

export function createMessageLog(database: Database) {
  const db = database.db as Kysely<MessageTables>;
  let queue: Pending[] = [];
  let draining = false;

  /** Extends the chain with `entries` in one transaction; the advisory lock covers other processes. */
  async function write(entries: Pending[]): Promise<MessageRow[]> {
    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${MESSAGE_LOCK_KEY})`.execute(trx);
      const last = await trx
        .selectFrom('exchange.messages')
        .select(['seq', 'hash'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      let seq = Number(last?.seq ?? 0);
      let prev = last?.hash ?? GENESIS_HASH;
      const rows = entries.map(({ input, at }) => {
        const row: Omit<MessageRow, 'hash'> = { seq: ++seq, at, ...input, prev_hash: prev };
        const full: MessageRow = { ...row, hash: chainHash<MessageRow>(row) };
        prev = full.hash;
        return full;
      });
      await trx
        .insertInto('exchange.messages')
        .values(rows.map((row) => ({ ...row, items: JSON.stringify(row.items) as unknown as string[] })))
        .execute();
      return rows;
    });
  }

  async function drain() {
    draining = true;
    try {
      while (queue.length) {
        const batch = queue.slice(0, BATCH);
        queue = queue.slice(BATCH);
        try {
          const rows = await write(batch);
          for (const [i, entry] of batch.entries()) entry.resolve(rows[i]!);
        } catch (error) {
          if (batch.length === 1) batch[0]!.reject(error);
          // One bad entry must not take the others with it: each is retried on its own.
          else
            for (const entry of batch)
              await write([entry]).then(([row]) => entry.resolve(row!), entry.reject);
        }
      }
    } finally {
      draining = false;
    }
  }

  return {
    /**
     * Appends an entry; resolves once it is committed. Concurrent appends are chained together in
     * one short transaction (group commit) instead of each taking the chain's lock in turn: under
     * load every fetch queued behind the lock for its own begin/lock/read/insert/commit round trips,
     * and the head stays consistent either way (one writer per process, the lock across processes).
     */
    append(input: MessageInput, at: Date): Promise<MessageRow> {
      return new Promise((resolve, reject) => {
        queue.push({ input, at, resolve, reject });
        if (!draining) void drain();
      });
    },

    /** Walks the chain from the start; names the first entry whose hash or link does not hold. */
    async verify(): Promise<MessageVerification> {
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
