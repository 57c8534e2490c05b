import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { OidcModelStore, StoredModel } from './oidc-models.store.ts';

/** How the adapter reads registered clients (the `Client` model) when the realm keeps them elsewhere. */
export type ClientSource = (clientId: string) => Promise<AdapterPayload | undefined>;

/**
 * oidc-provider's storage over Kysely: one table for every model of one realm, with expiry,
 * consumption, lookup by session uid and user code, and revocation of a grant's artefacts.
 */
export function kyselyAdapter(store: OidcModelStore, realm: string, clients?: ClientSource) {
  const withConsumed = (row: StoredModel | undefined): AdapterPayload | undefined => {
    if (!row) return undefined;
    const payload = (
      typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload
    ) as AdapterPayload;
    return row.consumed_at
      ? { ...payload, consumed: Math.floor(new Date(row.consumed_at).getTime() / 1000) }
      : payload;
  };

  return class KyselyAdapter implements Adapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number) {
      if (this.model === 'Client' && clients)
        throw new Error('clients are registered through identity.clients');
      const expiresAt = typeof expiresIn === 'number' ? new Date(Date.now() + expiresIn * 1000) : null;
      await store.upsert(realm, this.model, id, payload as Record<string, unknown>, expiresAt);
    }

    async find(id: string) {
      if (this.model === 'Client' && clients) return clients(id);
      return withConsumed(await store.find(realm, this.model, id));
    }

    async findByUid(uid: string) {
      return withConsumed(await store.findByUid(realm, this.model, uid));
    }

    async findByUserCode(userCode: string) {
      return withConsumed(await store.findByUserCode(realm, this.model, userCode));
    }

    async consume(id: string) {
      await store.consume(realm, this.model, id);
    }

    async destroy(id: string) {
      await store.destroy(realm, this.model, id);
    }

    async revokeByGrantId(grantId: string) {
      await store.revokeByGrantId(realm, grantId);
    }
  };
}
