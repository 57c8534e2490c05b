import type { Generated, Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../../platform/db/database.ts';

type AccountTable = {
  id: string;
  kind: 'citizen' | 'official';
  personal_id: string | null;
  official_id: string | null;
  username: string | null;
  password_hash: string | null;
  totp_secret_sealed: string | null;
  totp_last_step: number | null;
  full_name: string | null;
  birthdate: string | null;
  gender: string | null;
  status: 'active' | 'disabled';
  created_at: Generated<Date>;
  last_sign_in_at: Date | null;
};
type WebSessionTable = {
  id: string;
  account_id: string;
  sid: string | null;
  acr: string;
  id_token: string;
  created_at: Generated<Date>;
  expires_at: Date;
};
type WebLoginTable = {
  state: string;
  code_verifier: string;
  nonce: string;
  return_to: string;
  acr: string | null;
  expires_at: Date;
};
type UpstreamLoginTable = {
  state: string;
  interaction_uid: string;
  code_verifier: string;
  nonce: string;
  required_level: number;
  expires_at: Date;
};
type SignInTable = {
  id: Generated<number>;
  account_id: string;
  kind: 'citizen' | 'official';
  acr: string;
  client_id: string | null;
  at: Date;
};

export type IdentityTables = {
  'identity.accounts': AccountTable;
  'identity.web_sessions': WebSessionTable;
  'identity.web_logins': WebLoginTable;
  'identity.upstream_logins': UpstreamLoginTable;
  'identity.sign_ins': SignInTable;
  'identity.login_failures': { key: string; at: Date };
  'identity.login_locks': { key: string; locked_until: Date };
};

export type AccountRow = Selectable<AccountTable>;
export type WebLoginRow = Selectable<WebLoginTable>;
export type UpstreamLoginRow = Selectable<UpstreamLoginTable>;
export type IdentityDb = Kysely<IdentityTables>;
export type IdentityTrx = Transaction<IdentityTables>;
type Executor = IdentityDb | IdentityTrx;

/** Accounts, sign-in events, throttling and the portal's sessions: every statement on them. */
export function createIdentityStore(database: Database) {
  const db = database.db as IdentityDb;

  return {
    db,

    accountById(id: string, executor: Executor = db) {
      return executor.selectFrom('identity.accounts').selectAll().where('id', '=', id).executeTakeFirst();
    },

    accountByUsername(username: string, executor: Executor = db) {
      return executor
        .selectFrom('identity.accounts')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
    },

    accountByPersonalId(personalId: string, executor: Executor = db) {
      return executor
        .selectFrom('identity.accounts')
        .selectAll()
        .where('personal_id', '=', personalId)
        .executeTakeFirst();
    },

    accountByOfficialId(officialId: string, executor: Executor = db) {
      return executor
        .selectFrom('identity.accounts')
        .selectAll()
        .where('official_id', '=', officialId)
        .executeTakeFirst();
    },

    insertAccount(trx: IdentityTrx, row: Insertable<AccountTable>) {
      return trx.insertInto('identity.accounts').values(row).execute();
    },

    updateCitizenClaims(
      trx: IdentityTrx,
      id: string,
      claims: { full_name: string | null; birthdate: string | null; gender: string | null },
    ) {
      return trx.updateTable('identity.accounts').set(claims).where('id', '=', id).execute();
    },

    markSignedIn(trx: IdentityTrx, id: string, at: Date, totpStep?: number) {
      return trx
        .updateTable('identity.accounts')
        .set({ last_sign_in_at: at, ...(totpStep === undefined ? {} : { totp_last_step: totpStep }) })
        .where('id', '=', id)
        .execute();
    },

    insertSignIn(trx: IdentityTrx, row: Insertable<SignInTable>) {
      return trx.insertInto('identity.sign_ins').values(row).execute();
    },

    /** Deletes up to `limit` sign-ins older than `before` (oldest first); returns how many went. */
    async purgeSignIns(before: Date, limit: number) {
      const result = await db
        .deleteFrom('identity.sign_ins')
        .where('id', 'in', (eb) =>
          eb.selectFrom('identity.sign_ins').select('id').where('at', '<', before).orderBy('at').limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Sign-ins and distinct accounts per kind in [from, to). */
    async signInCounts(from: Date, to: Date) {
      const rows = await db
        .selectFrom('identity.sign_ins')
        .select((eb) => [
          'kind',
          eb.fn.countAll<number>().as('sign_ins'),
          eb.fn.count<number>('account_id').distinct().as('accounts'),
        ])
        .where('at', '>=', from)
        .where('at', '<', to)
        .groupBy('kind')
        .execute();
      return rows.map((row) => ({
        kind: row.kind,
        signIns: Number(row.sign_ins),
        accounts: Number(row.accounts),
      }));
    },

    /** Personal ids of citizens who signed in with one of `acrs` in [from, to), and the SQL (KPI provenance). */
    async citizensSignedIn(from: Date, to: Date, acrs: string[]) {
      const query = db
        .selectFrom('identity.sign_ins as s')
        .innerJoin('identity.accounts as a', 'a.id', 's.account_id')
        .select('a.personal_id')
        .distinct()
        .where('s.kind', '=', 'citizen')
        .where('s.acr', 'in', acrs)
        .where('s.at', '>=', from)
        .where('s.at', '<', to)
        .where('a.personal_id', 'is not', null);
      const compiled = query.compile();
      const rows = await query.execute();
      return {
        personalIds: rows.map((row) => row.personal_id!),
        sql: compiled.sql,
        parameters: compiled.parameters,
      };
    },

    /** Active official accounts that signed in with `acr` before `before`, and the SQL (KPI provenance). */
    async officialsSignedInWith(acr: string, before: Date) {
      const query = db
        .selectFrom('identity.accounts as a')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('a.kind', '=', 'official')
        .where('a.status', '=', 'active')
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('identity.sign_ins as s')
              .select('s.id')
              .whereRef('s.account_id', '=', 'a.id')
              .where('s.acr', '=', acr)
              .where('s.at', '<', before),
          ),
        );
      const compiled = query.compile();
      const row = await query.executeTakeFirstOrThrow();
      return { officials: Number(row.n), sql: compiled.sql, parameters: compiled.parameters };
    },

    async activeAccountCounts() {
      const rows = await db
        .selectFrom('identity.accounts')
        .select((eb) => ['kind', eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'active')
        .groupBy('kind')
        .execute();
      return rows.map((row) => ({ kind: row.kind, accounts: Number(row.n) }));
    },

    // Throttling -------------------------------------------------------------------------------

    insertFailure(trx: IdentityTrx, key: string, at: Date) {
      return trx.insertInto('identity.login_failures').values({ key, at }).execute();
    },

    async countFailuresSince(trx: IdentityTrx, key: string, since: Date): Promise<number> {
      const row = await trx
        .selectFrom('identity.login_failures')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('key', '=', key)
        .where('at', '>', since)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    clearFailures(trx: IdentityTrx, key: string) {
      return trx.deleteFrom('identity.login_failures').where('key', '=', key).execute();
    },

    lock(trx: IdentityTrx, key: string, until: Date) {
      return trx
        .insertInto('identity.login_locks')
        .values({ key, locked_until: until })
        .onConflict((oc) => oc.column('key').doUpdateSet({ locked_until: until }))
        .execute();
    },

    /** The latest lock among `keys` still in force at `now`. */
    async activeLock(keys: string[], now: Date): Promise<{ key: string; locked_until: Date } | undefined> {
      return db
        .selectFrom('identity.login_locks')
        .selectAll()
        .where('key', 'in', keys)
        .where('locked_until', '>', now)
        .orderBy('locked_until', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    purgeThrottle(before: Date) {
      return Promise.all([
        db.deleteFrom('identity.login_failures').where('at', '<', before).execute(),
        db.deleteFrom('identity.login_locks').where('locked_until', '<', before).execute(),
      ]);
    },

    // The portal's sessions and pending sign-ins ----------------------------------------------

    insertWebSession(row: Insertable<WebSessionTable>) {
      return db.insertInto('identity.web_sessions').values(row).execute();
    },

    webSession(id: string, now: Date) {
      return db
        .selectFrom('identity.web_sessions as s')
        .innerJoin('identity.accounts as a', 'a.id', 's.account_id')
        .select([
          's.id as session_id',
          's.sid',
          's.acr',
          's.id_token',
          'a.id',
          'a.kind',
          'a.personal_id',
          'a.official_id',
          'a.username',
          'a.full_name',
          'a.status',
        ])
        .where('s.id', '=', id)
        .where('s.expires_at', '>', now)
        .executeTakeFirst();
    },

    deleteWebSession(id: string) {
      return db.deleteFrom('identity.web_sessions').where('id', '=', id).execute();
    },

    async deleteWebSessionsBySid(sid: string): Promise<number> {
      const result = await db.deleteFrom('identity.web_sessions').where('sid', '=', sid).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async deleteWebSessionsOfAccount(accountId: string): Promise<number> {
      const result = await db
        .deleteFrom('identity.web_sessions')
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    insertWebLogin(row: WebLoginRow) {
      return db.insertInto('identity.web_logins').values(row).execute();
    },

    /** Takes (reads and deletes) a pending sign-in: a state is good for one callback only. */
    takeWebLogin(state: string, now: Date) {
      return db
        .deleteFrom('identity.web_logins')
        .where('state', '=', state)
        .where('expires_at', '>', now)
        .returningAll()
        .executeTakeFirst();
    },

    insertUpstreamLogin(row: UpstreamLoginRow) {
      return db.insertInto('identity.upstream_logins').values(row).execute();
    },

    takeUpstreamLogin(state: string, now: Date) {
      return db
        .deleteFrom('identity.upstream_logins')
        .where('state', '=', state)
        .where('expires_at', '>', now)
        .returningAll()
        .executeTakeFirst();
    },

    purgeExpiredLogins(now: Date) {
      return Promise.all([
        db.deleteFrom('identity.web_logins').where('expires_at', '<', now).execute(),
        db.deleteFrom('identity.upstream_logins').where('expires_at', '<', now).execute(),
        db.deleteFrom('identity.web_sessions').where('expires_at', '<', now).execute(),
      ]);
    },
  };
}

export type IdentityStore = ReturnType<typeof createIdentityStore>;
