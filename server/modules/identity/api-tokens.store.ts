import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../../platform/db/database.ts';

type ApiTokenTable = {
  id: string;
  account_id: string;
  name: string;
  token_hash: string;
  hint: string;
  acr: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
};
type AccountTable = {
  id: string;
  kind: string;
  official_id: string | null;
  username: string | null;
  status: string;
};
type Tables = { 'identity.api_tokens': ApiTokenTable; 'identity.accounts': AccountTable };

export type ApiTokenRow = Selectable<ApiTokenTable>;
export type ApiTokenTrx = Transaction<Tables>;

/** Every statement on personal API tokens. */
export function createApiTokenStore(database: Database) {
  const db = database.db as Kysely<Tables>;
  return {
    db,
    insert: (trx: ApiTokenTrx, row: ApiTokenTable) =>
      trx.insertInto('identity.api_tokens').values(row).execute(),
    ofAccount: (accountId: string) =>
      db
        .selectFrom('identity.api_tokens')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at', 'desc')
        .execute(),
    activeCount: (trx: ApiTokenTrx, accountId: string, now: Date) =>
      trx
        .selectFrom('identity.api_tokens')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .executeTakeFirstOrThrow()
        .then((row) => Number(row.n)),
    byId: (trx: ApiTokenTrx, id: string) =>
      trx.selectFrom('identity.api_tokens').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
    revoke: (trx: ApiTokenTrx, id: string, at: Date) =>
      trx.updateTable('identity.api_tokens').set({ revoked_at: at }).where('id', '=', id).execute(),
    /** The live token with this hash and its official account, for the principal resolver. */
    usable: (tokenHash: string, now: Date) =>
      db
        .selectFrom('identity.api_tokens as t')
        .innerJoin('identity.accounts as a', 'a.id', 't.account_id')
        .select(['t.id', 't.acr', 't.last_used_at', 'a.id as account_id', 'a.official_id', 'a.username'])
        .where('t.token_hash', '=', tokenHash)
        .where('t.revoked_at', 'is', null)
        .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', now)]))
        .where('a.status', '=', 'active')
        .where('a.kind', '=', 'official')
        .executeTakeFirst(),
    touch: (id: string, at: Date) =>
      db.updateTable('identity.api_tokens').set({ last_used_at: at }).where('id', '=', id).execute(),
  };
}

export type ApiTokenStore = ReturnType<typeof createApiTokenStore>;
