import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../platform/db/database.ts';

type OidcModelTable = {
  realm: string;
  model: string;
  id: string;
  payload: Record<string, unknown>;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
};

type OidcTables = { 'identity.oidc_models': OidcModelTable };

export type StoredModel = { payload: Record<string, unknown>; consumed_at: Date | null };

/** Every statement on the providers' artefacts (identity.oidc_models). Expired rows are never returned. */
export function createOidcModelStore(database: Database) {
  const db = database.db as Kysely<OidcTables>;
  const live = sql<boolean>`(expires_at is null or expires_at > now())`;

  const findWhere = (realm: string, model: string, column: 'id' | 'uid' | 'user_code', value: string) =>
    db
      .selectFrom('identity.oidc_models')
      .select(['payload', 'consumed_at'])
      .where('realm', '=', realm)
      .where('model', '=', model)
      .where(column, '=', value)
      .where(live)
      .limit(1)
      .executeTakeFirst() as Promise<StoredModel | undefined>;

  return {
    upsert(
      realm: string,
      model: string,
      id: string,
      payload: Record<string, unknown>,
      expiresAt: Date | null,
    ) {
      const row = {
        realm,
        model,
        id,
        payload: JSON.stringify(payload) as unknown as Record<string, unknown>,
        grant_id: typeof payload.grantId === 'string' ? payload.grantId : null,
        user_code: typeof payload.userCode === 'string' ? payload.userCode : null,
        uid: typeof payload.uid === 'string' ? payload.uid : null,
        expires_at: expiresAt,
        consumed_at: null,
      };
      return db
        .insertInto('identity.oidc_models')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['realm', 'model', 'id']).doUpdateSet({
            payload: row.payload,
            grant_id: row.grant_id,
            user_code: row.user_code,
            uid: row.uid,
            expires_at: row.expires_at,
            consumed_at: null,
          }),
        )
        .execute();
    },

    find: (realm: string, model: string, id: string) => findWhere(realm, model, 'id', id),
    findByUid: (realm: string, model: string, uid: string) => findWhere(realm, model, 'uid', uid),
    findByUserCode: (realm: string, model: string, userCode: string) =>
      findWhere(realm, model, 'user_code', userCode),

    consume(realm: string, model: string, id: string) {
      return db
        .updateTable('identity.oidc_models')
        .set({ consumed_at: sql<Date>`now()` })
        .where('realm', '=', realm)
        .where('model', '=', model)
        .where('id', '=', id)
        .execute();
    },

    destroy(realm: string, model: string, id: string) {
      return db
        .deleteFrom('identity.oidc_models')
        .where('realm', '=', realm)
        .where('model', '=', model)
        .where('id', '=', id)
        .execute();
    },

    /** Removes every artefact of a grant (codes, access and refresh tokens …), whatever its model. */
    revokeByGrantId(realm: string, grantId: string) {
      return db
        .deleteFrom('identity.oidc_models')
        .where('realm', '=', realm)
        .where('grant_id', '=', grantId)
        .execute();
    },

    /** Removes what was issued to a client that is no longer registered (grants, codes, tokens). */
    revokeClient(realm: string, clientId: string) {
      return db
        .deleteFrom('identity.oidc_models')
        .where('realm', '=', realm)
        .where(sql<boolean>`payload->>'clientId' = ${clientId}`)
        .execute();
    },

    purgeExpired() {
      return db.deleteFrom('identity.oidc_models').where('expires_at', '<', sql<Date>`now()`).execute();
    },
  };
}

export type OidcModelStore = ReturnType<typeof createOidcModelStore>;
