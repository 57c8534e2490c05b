import { type Kysely, sql, type Transaction } from 'kysely';
import type { SubscriptionSpec } from './subscriptions.spec.ts';

/** All SQL of urban.subscriptions: the subscriptions and their delivery counters. */
// biome-ignore lint/suspicious/noExplicitAny: the urban tables are reached through raw SQL here.
type Db = Kysely<any> | Transaction<any>;

export type SubscriptionRow = {
  id: string;
  spec: SubscriptionSpec;
  is_active: boolean;
  expires_at: Date | null;
  throttling: number;
  times_sent: number;
  times_failed: number;
  last_notification: Date | null;
  last_success: Date | null;
  last_failure: Date | null;
  last_failure_reason: string | null;
  created_by: string | null;
  created_at: Date;
  modified_at: Date;
};

const columns = sql`id, spec, is_active, expires_at, throttling, times_sent, times_failed, last_notification,
  last_success, last_failure, last_failure_reason, created_by, created_at, modified_at`;

export function createSubscriptionStore(db: Kysely<unknown>) {
  const base = db as Db;
  return {
    async get(id: string, executor: Db = base): Promise<SubscriptionRow | null> {
      const { rows } = await sql<SubscriptionRow>`
        select ${columns} from urban.subscriptions where id = ${id}`.execute(executor);
      return rows[0] ?? null;
    },

    async list(page: { limit: number; offset: number }): Promise<{ rows: SubscriptionRow[]; total: number }> {
      const { rows } = await sql<SubscriptionRow>`
        select ${columns} from urban.subscriptions order by created_at, id
        limit ${page.limit} offset ${page.offset}`.execute(base);
      const counted = await sql<{ n: number }>`select count(*)::int as n from urban.subscriptions`.execute(
        base,
      );
      return { rows, total: counted.rows[0]?.n ?? 0 };
    },

    /** Active and not expired at `now`: the ones the notifier matches changes against. */
    async live(now: Date): Promise<SubscriptionRow[]> {
      const { rows } = await sql<SubscriptionRow>`
        select ${columns} from urban.subscriptions
        where is_active and (expires_at is null or expires_at > ${now})`.execute(base);
      return rows;
    },

    async insert(
      trx: Transaction<unknown>,
      row: { id: string; spec: SubscriptionSpec; createdBy: string | null; at: Date },
    ): Promise<boolean> {
      const result = await sql`
        insert into urban.subscriptions (id, spec, is_active, expires_at, throttling, created_by, created_at, modified_at)
        values (${row.id}, ${JSON.stringify(row.spec)}::jsonb, ${row.spec.isActive}, ${row.spec.expiresAt}::timestamptz,
          ${row.spec.throttling}, ${row.createdBy}, ${row.at}, ${row.at})
        on conflict (id) do nothing`.execute(trx as Db);
      return Number(result.numAffectedRows ?? 0) > 0;
    },

    async lock(trx: Transaction<unknown>, id: string): Promise<SubscriptionRow | null> {
      const { rows } = await sql<SubscriptionRow>`
        select ${columns} from urban.subscriptions where id = ${id} for update`.execute(trx as Db);
      return rows[0] ?? null;
    },

    async update(trx: Transaction<unknown>, id: string, spec: SubscriptionSpec, at: Date) {
      await sql`
        update urban.subscriptions set spec = ${JSON.stringify(spec)}::jsonb, is_active = ${spec.isActive},
          expires_at = ${spec.expiresAt}::timestamptz, throttling = ${spec.throttling}, modified_at = ${at}
        where id = ${id}`.execute(trx as Db);
    },

    async delete(trx: Transaction<unknown>, id: string): Promise<boolean> {
      const result = await sql`delete from urban.subscriptions where id = ${id}`.execute(trx as Db);
      return Number(result.numAffectedRows ?? 0) > 0;
    },

    /** One delivery's outcome (after its retries); a deleted subscription is simply not found. */
    async recordDelivery(id: string, outcome: { at: Date; ok: boolean; reason: string | null }) {
      if (outcome.ok) {
        await sql`
          update urban.subscriptions set times_sent = times_sent + 1, last_notification = ${outcome.at},
            last_success = ${outcome.at}
          where id = ${id}`.execute(base);
      } else {
        await sql`
          update urban.subscriptions set times_sent = times_sent + 1, times_failed = times_failed + 1,
            last_notification = ${outcome.at}, last_failure = ${outcome.at}, last_failure_reason = ${outcome.reason}
          where id = ${id}`.execute(base);
      }
    },
  };
}

export type SubscriptionStore = ReturnType<typeof createSubscriptionStore>;
