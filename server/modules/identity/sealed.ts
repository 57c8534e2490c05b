import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Database } from '../../platform/db/database.ts';
import { getOrCreateSecret } from '../../platform/secrets.ts';

/**
 * Secrets identity must read back (client secrets the provider compares, TOTP seeds) are kept
 * sealed with AES-256-GCM under a key the platform generates once and shares between instances.
 */
export type SecretBox = { seal(plain: string): Promise<string>; open(sealed: string): Promise<string> };

const VERSION = 'v1';

export function createSecretBox(database: Database): SecretBox {
  let key: Promise<Buffer> | null = null;
  const loadKey = () => {
    key ??= getOrCreateSecret(database, 'identity.sealing-key', () =>
      randomBytes(32).toString('base64'),
    ).then((value) => Buffer.from(value, 'base64'));
    return key;
  };
  return {
    async seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', await loadKey(), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), body]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    async open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined)
        throw new Error('unrecognised sealed value');
      const decipher = createDecipheriv('aes-256-gcm', await loadKey(), Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
