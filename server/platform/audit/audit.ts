import { type Kysely, sql, type Transaction } from 'kysely';
import type { Actor } from '../auth/principal.ts';
import { hashOf } from '../canonical-json.ts';
import type { Database } from '../db/database.ts';
import { type ChainVerification, chainHash, GENESIS_HASH, verifyChain } from './hash-chain.ts';

/**
 * The platform's audit log: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and
 * hash-chained (each entry's hash covers its content and the previous entry's hash). Entries are
 * written in the same transaction as the change they describe.
 */
export type AuditEntryInput = {
  actor: Actor;
  /** The agency the actor acted for, when the action is agency-scoped. */
  agencyId?: string | null;
  /** Dotted verb: `org.unit.update`, `identity.client.create`, `identity.login.failed`, … */
  action: string;
  objectType: string;
  objectId?: string | null;
  before?: unknown;
  after?: unknown;
  /** Non-personal facts worth keeping in clear (which fields changed, a reason, …). */
  details?: Record<string, unknown>;
};

export type AuditRow = {
  seq: number;
  at: Date;
  actor_kind: string;
  actor_id: string | null;
  actor_label: string | null;
  agency_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  before_hash: string | null;
  after_hash: string | null;
  request_id: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
};

type AuditTables = { 'platform.audit_log': AuditRow };

const AUDIT_LOCK_KEY = 239_0001;

function actorColumns(actor: Actor): Pick<AuditRow, 'actor_kind' | 'actor_id' | 'actor_label'> {
  const p = actor.principal;
  if (actor.system) return { actor_kind: 'system', actor_id: null, actor_label: actor.system };
  if (p.kind === 'official')
    return { actor_kind: 'official', actor_id: p.accountId, actor_label: p.username };
  // A citizen's label is their account id only: personal identification numbers stay out of the log.
  if (p.kind === 'citizen') return { actor_kind: 'citizen', actor_id: p.accountId, actor_label: null };
  return { actor_kind: 'anonymous', actor_id: null, actor_label: null };
}

// biome-ignore lint/suspicious/noExplicitAny: any module's transaction, whatever its tables.
type AnyTransaction = Transaction<any>;

export type AuditLog = {
  /** Append one entry inside `trx`, the transaction that makes the change (never outside one). */
  record(trx: AnyTransaction, entry: AuditEntryInput): Promise<AuditRow>;
  /** Walk the chain from the start; report the first entry whose hash or link does not hold. */
  verify(): Promise<AuditVerification>;
};

export type AuditVerification = ChainVerification;

export function createAuditLog(database: Database, now: () => Date = () => new Date()): AuditLog {
  return {
    async record(executor, entry) {
      const db = executor as unknown as Kysely<AuditTables>;
      // One writer at a time extends the chain; the lock is released at commit.
      await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(db);
      const last = await db
        .selectFrom('platform.audit_log')
        .select(['seq', 'hash'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      // Millisecond precision: what the database stores must round-trip into the same hash.
      const at = new Date(Math.floor(now().getTime()));
      const row: Omit<AuditRow, 'hash'> = {
        seq: (last?.seq ?? 0) + 1,
        at,
        ...actorColumns(entry.actor),
        agency_id: entry.agencyId ?? null,
        action: entry.action,
        object_type: entry.objectType,
        object_id: entry.objectId ?? null,
        before_hash: hashOf(entry.before),
        after_hash: hashOf(entry.after),
        request_id: entry.actor.requestId,
        ip: entry.actor.ip,
        details: entry.details ?? {},
        prev_hash: last?.hash ?? GENESIS_HASH,
      };
      const full: AuditRow = { ...row, hash: chainHash<AuditRow>(row) };
      await db
        .insertInto('platform.audit_log')
        .values({ ...full, details: JSON.stringify(full.details) as unknown as Record<string, unknown> })
        .execute();
      return full;
    },

    async verify() {
      const db = database.db as Kysely<AuditTables>;
      return verifyChain((fromSeq, limit) =>
        db
          .selectFrom('platform.audit_log')
          .selectAll()
          .where('seq', '>=', fromSeq)
          .orderBy('seq')
          .limit(limit)
          .execute(),
      );
    },
  };
}

export const auditMigrationSql = `
create table platform.audit_log (
  seq bigint primary key,
  at timestamptz not null,
  actor_kind text not null check (actor_kind in ('system', 'official', 'citizen', 'anonymous', 'client')),
  actor_id text,
  actor_label text,
  agency_id text,
  action text not null,
  object_type text not null,
  object_id text,
  before_hash text,
  after_hash text,
  request_id text,
  ip text,
  details jsonb not null default '{}'::jsonb,
  prev_hash text not null,
  hash text not null unique
);
create index audit_log_at on platform.audit_log (at);
create index audit_log_action on platform.audit_log (action, seq);
create index audit_log_object on platform.audit_log (object_type, object_id);
create index audit_log_actor on platform.audit_log (actor_id, seq);
create index audit_log_agency on platform.audit_log (agency_id, seq);

create function platform.refuse_audit_change() returns trigger language plpgsql as $$
begin
  raise exception 'platform.audit_log is append-only' using errcode = '42501';
end $$;
create trigger audit_log_append_only before update or delete on platform.audit_log
  for each row execute function platform.refuse_audit_change();
create trigger audit_log_no_truncate before truncate on platform.audit_log
  for each statement execute function platform.refuse_audit_change();
`;

export type AuditQuery = {
  from?: string;
  to?: string;
  action?: string;
  actorId?: string;
  agencyId?: string;
  objectType?: string;
  objectId?: string;
  /** Keyset paging: entries with seq below this. */
  before?: number;
  limit: number;
};

/** Search the log, newest first (auditors). */
export async function searchAudit(database: Database, query: AuditQuery): Promise<AuditRow[]> {
  const db = database.db as Kysely<AuditTables>;
  let q = db.selectFrom('platform.audit_log').selectAll();
  if (query.from) q = q.where('at', '>=', new Date(`${query.from}T00:00:00+07:00`));
  if (query.to)
    q = q.where('at', '<', new Date(new Date(`${query.to}T00:00:00+07:00`).getTime() + 86_400_000));
  if (query.action) q = q.where('action', 'like', `${query.action.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  if (query.actorId) q = q.where('actor_id', '=', query.actorId);
  if (query.agencyId) q = q.where('agency_id', '=', query.agencyId);
  if (query.objectType) q = q.where('object_type', '=', query.objectType);
  if (query.objectId) q = q.where('object_id', '=', query.objectId);
  if (query.before) q = q.where('seq', '<', query.before);
  return q.orderBy('seq', 'desc').limit(query.limit).execute();
}
