import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { JWK } from 'oidc-provider';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import type { Actor } from '../../../platform/auth/principal.ts';
import type { Database } from '../../../platform/db/database.ts';
import { getOrCreateSecret } from '../../../platform/secrets.ts';

/**
 * Signing keys (JWKS) and cookie-signing keys of one provider, generated on first start and kept
 * in platform.secrets so that every instance sharing the database signs and verifies alike.
 */
export type ProviderKeys = { jwks: { keys: JWK[] }; cookieKeys: string[] };

export type SigningAlgorithm = 'RS256' | 'ES256';

function newSigningKey(realm: string, alg: SigningAlgorithm): string {
  const kid = `${realm}-${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
  // Exported as DER and read back before the JWK export: on Node 20 a garbage collection during
  // `export({ format: 'jwk' })` of a freshly generated key object can free the generator's job,
  // which takes the lock the export holds — the process hangs for good (seen in CI; reproduced).
  const publicKeyEncoding = { type: 'spki', format: 'der' } as const;
  const privateKeyEncoding = { type: 'pkcs8', format: 'der' } as const;
  const { privateKey } =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding, privateKeyEncoding })
      : generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding, privateKeyEncoding });
  const jwk = createPrivateKey({ key: privateKey, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
  return JSON.stringify({ keys: [{ ...jwk, kid, alg, use: 'sig' }] });
}

const names = (realm: string, alg: SigningAlgorithm) => ({
  jwks: `identity.${realm}.jwks.${alg}`,
  cookie: `identity.${realm}.cookie-key`,
  previousCookie: `identity.${realm}.cookie-key.previous`,
});
const newCookieKey = () => randomBytes(32).toString('base64url');

/**
 * The provider's keys. The first signing key signs; the others stay published in the JWKS so that
 * tokens they signed still verify. The first cookie key signs cookies; the previous one still reads.
 */
export async function providerKeys(
  database: Database,
  realm: string,
  alg: SigningAlgorithm,
): Promise<ProviderKeys> {
  const name = names(realm, alg);
  const jwks = await getOrCreateSecret(database, name.jwks, () => newSigningKey(realm, alg));
  const cookieKey = await getOrCreateSecret(database, name.cookie, newCookieKey);
  const { rows } = await sql<{ value: string }>`
    select value from platform.secrets where name = ${name.previousCookie}`.execute(database.db);
  return {
    jwks: JSON.parse(jwks) as { keys: JWK[] },
    cookieKeys: [cookieKey, ...rows.map((row) => row.value)],
  };
}

/** Signing keys a JWKS keeps after a rotation: the new one and the one before it. */
const KEPT_SIGNING_KEYS = 2;

/**
 * Rotates a provider's signing key and cookie key (docs/operations.md, "Key rotation"): a new
 * signing key goes first, the previous one stays for verification, older ones are dropped; the
 * cookie key likewise. Audited. Instances read keys at start, so each must be restarted after.
 */
export async function rotateProviderKeys(
  database: Database,
  audit: AuditLog,
  actor: Actor,
  realm: string,
  alg: SigningAlgorithm,
): Promise<{ kid: string; kept: string[]; dropped: string[] }> {
  await providerKeys(database, realm, alg);
  const name = names(realm, alg);
  return database.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ name: string; value: string }>`
      select name, value from platform.secrets where name in (${name.jwks}, ${name.cookie})
      order by name for update`.execute(trx);
    const value = (of: string) => rows.find((row) => row.name === of)!.value;
    const before = (JSON.parse(value(name.jwks)) as { keys: JWK[] }).keys;
    const fresh = (JSON.parse(newSigningKey(realm, alg)) as { keys: JWK[] }).keys[0]!;
    const keys = [fresh, ...before].slice(0, KEPT_SIGNING_KEYS);
    const upsert = (secret: string, text: string) =>
      sql`insert into platform.secrets (name, value) values (${secret}, ${text})
          on conflict (name) do update set value = excluded.value, created_at = now()`.execute(trx);
    await upsert(name.jwks, JSON.stringify({ keys }));
    await upsert(name.previousCookie, value(name.cookie));
    await upsert(name.cookie, newCookieKey());
    const kid = String(fresh.kid);
    const kept = keys.map((key) => String(key.kid));
    const dropped = before.map((key) => String(key.kid)).filter((old) => !kept.includes(old));
    await audit.record(trx, {
      actor,
      action: 'identity.keys.rotate',
      objectType: 'identity.provider',
      objectId: realm,
      details: { alg, kid, kept, dropped },
    });
    return { kid, kept, dropped };
  });
}

/** The public half of a JWKS, for verifying what the provider signed (logout tokens). */
export function publicJwks(jwks: { keys: JWK[] }): { keys: JWK[] } {
  return {
    keys: jwks.keys.map(({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest }) => rest),
  };
}
