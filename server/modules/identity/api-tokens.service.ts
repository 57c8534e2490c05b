import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AuditLog } from '../../platform/audit/audit.ts';
import { type Actor, requireOfficial } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import type { ApiTokenRow, ApiTokenStore } from './api-tokens.store.ts';

/**
 * Personal API tokens: an official creates them in the console for CKAN clients and scripts. A
 * token acts with its official's roles at the moment of use (their own, explicit delegation —
 * unlike an access token held by a third-party application, which never carries an official's
 * powers). Only a hash is stored; the token is shown once.
 */
export const API_TOKEN_PREFIX = 'sc_pat_';
/** `sc_pat_` and 43 base64url characters (32 random bytes). */
export const API_TOKEN_PATTERN = /^sc_pat_[A-Za-z0-9_-]{43}$/;
/** Session ids of principals that came from an API token start with this. */
export const API_TOKEN_SESSION = 'api-token:';
const MAX_ACTIVE_TOKENS = 20;
const TOUCH_EVERY_MS = 60_000;

export const hashApiToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type ApiTokenView = {
  id: string;
  name: string;
  hint: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  active: boolean;
};

export function createApiTokenService(deps: { store: ApiTokenStore; audit: AuditLog; clock: Clock }) {
  const { store, audit, clock } = deps;

  const view = (row: ApiTokenRow): ApiTokenView => {
    const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);
    const expired = row.expires_at !== null && new Date(row.expires_at) <= clock.now();
    return {
      id: row.id,
      name: row.name,
      hint: `${API_TOKEN_PREFIX}…${row.hint}`,
      createdAt: new Date(row.created_at).toISOString(),
      expiresAt: iso(row.expires_at),
      lastUsedAt: iso(row.last_used_at),
      revokedAt: iso(row.revoked_at),
      active: row.revoked_at === null && !expired,
    };
  };

  /** Tokens are made and revoked from a signed-in session, never with another token. */
  function sessionOfficial(actor: Actor) {
    const official = requireOfficial(actor.principal);
    if (official.sessionId.startsWith(API_TOKEN_SESSION)) {
      throw forbidden({
        vi: 'Không thể quản lý mã API bằng một mã API; hãy đăng nhập.',
        en: 'API tokens cannot be managed with an API token; sign in.',
      });
    }
    return official;
  }

  return {
    async create(actor: Actor, input: { name: string; expiresInDays?: number | null }) {
      const official = sessionOfficial(actor);
      const now = clock.now();
      const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const row: ApiTokenRow = {
        id: randomUUID(),
        account_id: official.accountId,
        name: input.name.normalize('NFC'),
        token_hash: hashApiToken(token),
        hint: token.slice(-4),
        acr: official.acr,
        created_at: now,
        expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
        last_used_at: null,
        revoked_at: null,
      };
      await store.db.transaction().execute(async (trx) => {
        if ((await store.activeCount(trx, official.accountId, now)) >= MAX_ACTIVE_TOKENS) {
          throw new AppError('conflict', {
            vi: `Mỗi người có tối đa ${MAX_ACTIVE_TOKENS} mã API còn hiệu lực; hãy thu hồi mã không dùng.`,
            en: `At most ${MAX_ACTIVE_TOKENS} live API tokens per person; revoke unused ones.`,
          });
        }
        await store.insert(trx, row);
        await audit.record(trx, {
          actor,
          action: 'identity.api_token.create',
          objectType: 'identity.api_token',
          objectId: row.id,
          before: null,
          after: { id: row.id, name: row.name, expiresAt: row.expires_at },
          details: { name: row.name, expiresAt: row.expires_at?.toISOString() ?? null },
        });
      });
      return { ...view(row), token };
    },

    async list(actor: Actor): Promise<ApiTokenView[]> {
      const official = requireOfficial(actor.principal);
      return (await store.ofAccount(official.accountId)).map(view);
    },

    async revoke(actor: Actor, id: string): Promise<void> {
      const official = sessionOfficial(actor);
      await store.db.transaction().execute(async (trx) => {
        const row = await store.byId(trx, id);
        if (!row || row.account_id !== official.accountId)
          throw notFound({ vi: 'mã API này', en: 'This API token' });
        if (row.revoked_at) return;
        const at = clock.now();
        await store.revoke(trx, id, at);
        await audit.record(trx, {
          actor,
          action: 'identity.api_token.revoke',
          objectType: 'identity.api_token',
          objectId: id,
          before: view(row),
          after: { ...view(row), revokedAt: at.toISOString(), active: false },
          details: { name: row.name },
        });
      });
    },

    /** The live token's account, or null; notes the use at most once a minute. */
    async resolve(token: string) {
      if (!API_TOKEN_PATTERN.test(token)) return null;
      const now = clock.now();
      const found = await store.usable(hashApiToken(token), now);
      if (!found?.official_id) return null;
      if (!found.last_used_at || now.getTime() - new Date(found.last_used_at).getTime() > TOUCH_EVERY_MS)
        await store.touch(found.id, now);
      return found;
    },
  };
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
