import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { JWK } from 'oidc-provider';
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
  const { privateKey } =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return JSON.stringify({ keys: [{ ...privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' }] });
}

export async function providerKeys(
  database: Database,
  realm: string,
  alg: SigningAlgorithm,
): Promise<ProviderKeys> {
  const jwks = await getOrCreateSecret(database, `identity.${realm}.jwks.${alg}`, () =>
    newSigningKey(realm, alg),
  );
  const cookieKey = await getOrCreateSecret(database, `identity.${realm}.cookie-key`, () =>
    randomBytes(32).toString('base64url'),
  );
  return { jwks: JSON.parse(jwks) as { keys: JWK[] }, cookieKeys: [cookieKey] };
}

/** The public half of a JWKS, for verifying what the provider signed (logout tokens). */
export function publicJwks(jwks: { keys: JWK[] }): { keys: JWK[] } {
  return {
    keys: jwks.keys.map(({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest }) => rest),
  };
}
