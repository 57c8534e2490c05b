import type { JWK } from 'jose';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import type { MessageRow } from './message-log.ts';

export type AgencyRow = {
  id: string;
  name_vi: string;
  name_en: string;
  external: boolean;
  key_id: string;
  public_jwk: JWK;
  private_jwk_sealed: string | null;
  created_at: Date;
};

export type ServiceRow = {
  id: string;
  provider_agency_id: string;
  name_vi: string;
  name_en: string;
  items: string[];
  verification: 'government-verified' | 'self-declared';
  personal_data: boolean;
  kind: 'built-in' | 'external';
  url: string | null;
  simulated: boolean;
  active: boolean;
  created_at: Date;
  updated_at: Date;
};

export type GrantRow = {
  id: string;
  consumer_agency_id: string;
  service_id: string;
  purpose_vi: string;
  purpose_en: string;
  legal_basis: string;
  granted_at: Date;
  revoked_at: Date | null;
};

export type ReceiptRow = {
  id: string;
  account_id: string;
  subject_hash: string;
  consumer_agency_id: string;
  purpose_code: string;
  purpose_vi: string;
  purpose_en: string;
  items: string[];
  retention_days: number;
  given_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
};

export type ExchangeTables = {
  'exchange.agencies': AgencyRow;
  'exchange.services': ServiceRow;
  'exchange.grants': GrantRow;
  'exchange.consent_receipts': ReceiptRow;
  'exchange.messages': MessageRow;
};

export type ExchangeDb = Kysely<ExchangeTables>;
export type ExchangeTrx = Transaction<ExchangeTables>;

const json = <T>(value: T) => JSON.stringify(value) as unknown as T;

/** All SQL of the exchange. */
export function createExchangeStore(database: Database) {
  const db = database.db as ExchangeDb;
  return {
    db,
    agency: (id: string, executor: ExchangeDb | ExchangeTrx = db) =>
      executor.selectFrom('exchange.agencies').selectAll().where('id', '=', id).executeTakeFirst(),
    agencies: () => db.selectFrom('exchange.agencies').selectAll().orderBy('id').execute(),
    /** Inserts unless the agency exists (concurrent first uses settle on one key). */
    async insertAgency(row: AgencyRow, executor: ExchangeDb | ExchangeTrx = db) {
      await executor
        .insertInto('exchange.agencies')
        .values({ ...row, public_jwk: json(row.public_jwk) })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },

    service: (id: string, executor: ExchangeDb | ExchangeTrx = db) =>
      executor.selectFrom('exchange.services').selectAll().where('id', '=', id).executeTakeFirst(),
    services: () => db.selectFrom('exchange.services').selectAll().orderBy('id').execute(),
    async upsertService(row: ServiceRow, executor: ExchangeDb | ExchangeTrx = db) {
      await executor
        .insertInto('exchange.services')
        .values({ ...row, items: json(row.items) })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            provider_agency_id: row.provider_agency_id,
            name_vi: row.name_vi,
            name_en: row.name_en,
            items: json(row.items),
            verification: row.verification,
            personal_data: row.personal_data,
            kind: row.kind,
            url: row.url,
            simulated: row.simulated,
            active: row.active,
            updated_at: row.updated_at,
          }),
        )
        .execute();
    },

    grants: (filter: { consumerAgencyId?: string; serviceId?: string } = {}) => {
      let q = db.selectFrom('exchange.grants').selectAll();
      if (filter.consumerAgencyId) q = q.where('consumer_agency_id', '=', filter.consumerAgencyId);
      if (filter.serviceId) q = q.where('service_id', '=', filter.serviceId);
      return q.orderBy('granted_at').orderBy('id').execute();
    },
    grant: (id: string, executor: ExchangeDb | ExchangeTrx = db) =>
      executor.selectFrom('exchange.grants').selectAll().where('id', '=', id).executeTakeFirst(),
    activeGrant: (consumerAgencyId: string, serviceId: string) =>
      db
        .selectFrom('exchange.grants')
        .selectAll()
        .where('consumer_agency_id', '=', consumerAgencyId)
        .where('service_id', '=', serviceId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst(),
    /** Which of `serviceIds` the consumer holds an active grant for (one query for a whole request). */
    async activeGrantedServices(consumerAgencyId: string, serviceIds: string[]) {
      if (!serviceIds.length) return new Set<string>();
      const rows = await db
        .selectFrom('exchange.grants')
        .select('service_id')
        .where('consumer_agency_id', '=', consumerAgencyId)
        .where('service_id', 'in', serviceIds)
        .where('revoked_at', 'is', null)
        .execute();
      return new Set(rows.map((row) => row.service_id));
    },
    async insertGrant(row: GrantRow, executor: ExchangeDb | ExchangeTrx = db) {
      await executor.insertInto('exchange.grants').values(row).execute();
    },
    async insertGrants(rows: GrantRow[]) {
      for (let i = 0; i < rows.length; i += 500)
        await db
          .insertInto('exchange.grants')
          .values(rows.slice(i, i + 500))
          .execute();
    },
    async revokeGrant(id: string, at: Date, executor: ExchangeTrx) {
      await executor.updateTable('exchange.grants').set({ revoked_at: at }).where('id', '=', id).execute();
    },

    receipt: (id: string, executor: ExchangeDb | ExchangeTrx = db) =>
      executor.selectFrom('exchange.consent_receipts').selectAll().where('id', '=', id).executeTakeFirst(),
    receiptsOf: (subjectHash: string) =>
      db
        .selectFrom('exchange.consent_receipts')
        .selectAll()
        .where('subject_hash', '=', subjectHash)
        .orderBy('given_at', 'desc')
        .orderBy('id')
        .execute(),
    async insertReceipt(row: ReceiptRow, executor: ExchangeTrx) {
      await executor
        .insertInto('exchange.consent_receipts')
        .values({ ...row, items: json(row.items) })
        .execute();
    },
    async revokeReceipt(id: string, at: Date, executor: ExchangeTrx) {
      await executor
        .updateTable('exchange.consent_receipts')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
    },

    messagesAbout: (subjectHash: string, limit: number) =>
      db
        .selectFrom('exchange.messages')
        .select([
          'seq',
          'at',
          'consumer_agency_id',
          'provider_agency_id',
          'service_id',
          'items',
          'purpose_code',
          'receipt_id',
          'outcome',
          'reason',
        ])
        .where('subject_hash', '=', subjectHash)
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute(),
    message: (messageId: string) =>
      db.selectFrom('exchange.messages').selectAll().where('message_id', '=', messageId).executeTakeFirst(),
  };
}

export type ExchangeStore = ReturnType<typeof createExchangeStore>;
