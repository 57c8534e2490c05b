import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import {
  CompactSign,
  compactVerify,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose';
import type { Database } from '../../platform/db/database.ts';
import { getOrCreateSecret } from '../../platform/secrets.ts';

/** Every exchange message is signed with Ed25519 (JWS `EdDSA`). */
export const JWS_ALG = 'EdDSA';

export type KeyPairJwk = { keyId: string; publicJwk: JWK; privateJwk: JWK };

export async function newKeyPair(agencyId: string): Promise<KeyPairJwk> {
  const { publicKey, privateKey } = await generateKeyPair(JWS_ALG, { crv: 'Ed25519', extractable: true });
  const keyId = `${agencyId}#${randomBytes(6).toString('hex')}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid: keyId, alg: JWS_ALG, use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid: keyId, alg: JWS_ALG };
  return { keyId, publicJwk, privateJwk };
}

/**
 * Private keys the exchange keeps for its embedded members are sealed with AES-256-GCM under a key
 * the platform generates once (`platform.secrets`), so a copy of the table alone reveals none.
 * The same box seals the stored request and response JWS, which carry personal data.
 */
export type Sealer = { seal(plain: string): Promise<string>; open(sealed: string): Promise<string> };

export function createSealer(database: Database): Sealer {
  let key: Promise<Buffer> | null = null;
  const loadKey = () => {
    key ??= getOrCreateSecret(database, 'exchange.sealing-key', () =>
      randomBytes(32).toString('base64'),
    ).then((value) => Buffer.from(value, 'base64'));
    return key;
  };
  return {
    async seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', await loadKey(), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    async open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unrecognised sealed value');
      const decipher = createDecipheriv('aes-256-gcm', await loadKey(), Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

/**
 * A keyed hash (HMAC-SHA256) of a personal identification number: the message log and receipts
 * name whose data without holding the number (12 digits are too few for a plain hash).
 */
export function createSubjectHasher(database: Database): (personalId: string) => Promise<string> {
  let key: Promise<string> | null = null;
  return async (personalId) => {
    key ??= getOrCreateSecret(database, 'exchange.subject-key', () => randomBytes(32).toString('base64'));
    return createHmac('sha256', Buffer.from(await key, 'base64'))
      .update(personalId)
      .digest('hex');
  };
}

/**
 * Imported keys, by the key material itself (exact, never by kid alone): importing a JWK costs more
 * than an Ed25519 signature, and every exchange message signs once and verifies once.
 */
const imported = new Map<string, ReturnType<typeof importJWK>>();
function keyOf(jwk: JWK) {
  const id = JSON.stringify([jwk.kty, jwk.crv, jwk.x, jwk.d ?? null]);
  let key = imported.get(id);
  if (!key) {
    if (imported.size >= 1000) imported.clear();
    key = importJWK(jwk, JWS_ALG);
    imported.set(id, key);
    key.catch(() => imported.delete(id));
  }
  return key;
}

export async function signJws(privateJwk: JWK, payload: Record<string, unknown>): Promise<string> {
  const key = await keyOf(privateJwk);
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: JWS_ALG, kid: privateJwk.kid, typ: 'hn-exchange+jws' })
    .sign(key);
}

/** Verifies `jws` with `publicJwk` (and that it names that key); returns the payload or throws. */
export async function verifyJws(jws: string, publicJwk: JWK): Promise<Record<string, unknown>> {
  const header = decodeProtectedHeader(jws);
  if (header.alg !== JWS_ALG) throw new Error(`unexpected JWS algorithm ${String(header.alg)}`);
  if (publicJwk.kid && header.kid !== publicJwk.kid) throw new Error('JWS signed with another key');
  const key = await keyOf({ kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x });
  const { payload } = await compactVerify(jws, key, { algorithms: [JWS_ALG] });
  const parsed: unknown = JSON.parse(new TextDecoder().decode(payload));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('JWS payload is not an object');
  return parsed as Record<string, unknown>;
}
