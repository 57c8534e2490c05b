import type { Database } from '../../platform/db/database.ts';

/**
 * What identity holds about a citizen's account (docs/personal-data.md), for the privacy module's
 * export. Session cookies' hashes and ID tokens are secrets of the session, not shown; what a
 * session is (when it began, when it ends, the assurance level) is.
 */
const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export type AccountPersonalData = {
  account: {
    id: string;
    personalId: string | null;
    fullName: string | null;
    birthdate: string | null;
    gender: string | null;
    status: string;
    createdAt: string;
    lastSignInAt: string | null;
  } | null;
  sessions: { createdAt: string; expiresAt: string; acr: string }[];
  signIns: { at: string; acr: string; clientId: string | null }[];
};

export async function accountPersonalData(
  database: Database,
  accountId: string,
): Promise<AccountPersonalData> {
  const db = database.db;
  const account = await db
    .selectFrom('identity.accounts')
    .select([
      'id',
      'personal_id',
      'full_name',
      'birthdate',
      'gender',
      'status',
      'created_at',
      'last_sign_in_at',
    ])
    .where('id', '=', accountId)
    .where('kind', '=', 'citizen')
    .executeTakeFirst();
  if (!account) return { account: null, sessions: [], signIns: [] };
  const sessions = await db
    .selectFrom('identity.web_sessions')
    .select(['created_at', 'expires_at', 'acr'])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
  const signIns = await db
    .selectFrom('identity.sign_ins')
    .select(['at', 'acr', 'client_id'])
    .where('account_id', '=', accountId)
    .orderBy('at')
    .execute();
  return {
    account: {
      id: account.id,
      personalId: account.personal_id,
      fullName: account.full_name,
      // Date columns come back as 'YYYY-MM-DD' strings (platform/db/database.ts).
      birthdate: account.birthdate === null ? null : String(account.birthdate).slice(0, 10),
      gender: account.gender,
      status: account.status,
      createdAt: iso(account.created_at)!,
      lastSignInAt: iso(account.last_sign_in_at),
    },
    sessions: sessions.map((row) => ({
      createdAt: iso(row.created_at)!,
      expiresAt: iso(row.expires_at)!,
      acr: row.acr,
    })),
    signIns: signIns.map((row) => ({ at: iso(row.at)!, acr: row.acr, clientId: row.client_id })),
  };
}
