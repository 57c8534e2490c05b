import type { Generated, Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../../platform/db/database.ts';

type ClientTable = {
  client_id: string;
  name: string;
  metadata: Record<string, unknown>;
  secret_sealed: string | null;
  built_in: boolean;
  created_at: Generated<Date>;
  created_by: string | null;
};

type ClientTables = { 'identity.clients': ClientTable };
export type ClientRow = Selectable<ClientTable>;
export type ClientDb = Kysely<ClientTables>;
export type ClientTrx = Transaction<ClientTables>;

/** Every statement on the registered relying parties (identity.clients). */
export function createClientStore(database: Database) {
  const db = database.db as ClientDb;
  return {
    db,

    list(): Promise<ClientRow[]> {
      return db
        .selectFrom('identity.clients')
        .selectAll()
        .orderBy('built_in', 'desc')
        .orderBy('name')
        .execute();
    },

    find(clientId: string, executor: ClientDb | ClientTrx = db): Promise<ClientRow | undefined> {
      return executor
        .selectFrom('identity.clients')
        .selectAll()
        .where('client_id', '=', clientId)
        .executeTakeFirst();
    },

    insert(trx: ClientTrx, row: Omit<ClientRow, 'created_at'>) {
      return trx
        .insertInto('identity.clients')
        .values({ ...row, metadata: JSON.stringify(row.metadata) as unknown as Record<string, unknown> })
        .execute();
    },

    /** The built-in clients follow the configuration (public URL) at every start. */
    upsertBuiltIn(row: Omit<ClientRow, 'created_at'>) {
      const metadata = JSON.stringify(row.metadata) as unknown as Record<string, unknown>;
      return db
        .insertInto('identity.clients')
        .values({ ...row, metadata })
        .onConflict((oc) =>
          oc.column('client_id').doUpdateSet({
            name: row.name,
            metadata,
            built_in: true,
            secret_sealed: row.secret_sealed,
          }),
        )
        .execute();
    },

    delete(trx: ClientTrx, clientId: string) {
      return trx.deleteFrom('identity.clients').where('client_id', '=', clientId).execute();
    },
  };
}

export type ClientStore = ReturnType<typeof createClientStore>;
