import { createLocalJWKSet, importJWK, jwtVerify, SignJWT } from 'jose';
import { sql } from 'kysely';
import type { JWK } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smartcity } from '../../../test/support/cli.ts';
import { createTestDatabase, testEngine } from '../../../test/support/database.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { systemActor } from '../../platform/auth/principal.ts';
import { providerKeys, publicJwks } from './oidc/keys.ts';

/** Rotation of the city provider's signing and cookie keys (docs/operations.md, "Key rotation"). */
let t: TestPlatform;
beforeAll(async () => {
  t = await createTestPlatform();
});
afterAll(async () => {
  await t?.close();
});

const kids = (jwks: { keys: JWK[] }) => jwks.keys.map((key) => key.kid);

describe('key rotation', () => {
  it('puts a new signing key first, keeps the previous one for verification, drops older ones; cookies likewise; audited', async () => {
    const database = t.platform.context.database;
    const first = await providerKeys(database, 'city', 'RS256');
    expect(first.jwks.keys).toHaveLength(1);
    expect(first.cookieKeys).toHaveLength(1);
    const actor = systemActor('test:keys');

    const once = await t.platform.identity.rotateKeys(actor, 'city');
    const second = await providerKeys(database, 'city', 'RS256');
    expect(kids(second.jwks)).toEqual([once.kid, first.jwks.keys[0]!.kid]);
    expect(once).toMatchObject({ kept: kids(second.jwks), dropped: [] });
    expect(second.cookieKeys).toEqual([expect.any(String), first.cookieKeys[0]]);
    expect(second.cookieKeys[0]).not.toBe(first.cookieKeys[0]);

    // A token the first key signed still verifies after one rotation, and no longer after two.
    const firstKey = second.jwks.keys[1]!;
    const signedByFirst = await new SignJWT({ sub: 'someone' })
      .setProtectedHeader({ alg: 'RS256', kid: firstKey.kid as string })
      .sign(await importJWK(firstKey as never, 'RS256'));
    const publishedAfterOne = createLocalJWKSet(publicJwks(second.jwks) as never);
    await expect(jwtVerify(signedByFirst, publishedAfterOne)).resolves.toMatchObject({
      payload: { sub: 'someone' },
    });

    const twice = await t.platform.identity.rotateKeys(actor, 'city');
    const third = await providerKeys(database, 'city', 'RS256');
    expect(kids(third.jwks)).toEqual([twice.kid, once.kid]);
    expect(twice.dropped).toEqual([first.jwks.keys[0]!.kid]);
    expect(third.cookieKeys).toEqual([expect.any(String), second.cookieKeys[0]]);
    const publishedAfterTwo = createLocalJWKSet(publicJwks(third.jwks) as never);
    await expect(jwtVerify(signedByFirst, publishedAfterTwo)).rejects.toThrow();
    expect(publicJwks(third.jwks).keys.every((key) => key.d === undefined)).toBe(true);

    const { rows } = await sql<{ details: Record<string, unknown> }>`
      select details from platform.audit_log where action = 'identity.keys.rotate' order by seq`.execute(
      database.db,
    );
    expect(rows.map((row) => row.details.kid)).toEqual([once.kid, twice.kid]);
  });
});

describe.skipIf(testEngine() !== 'postgres')('smartcity keys rotate', () => {
  it('rotates the city keys from the command line and refuses an unknown realm', async () => {
    const scratch = await createTestDatabase({ prepared: true });
    try {
      const env = { DATABASE_URL: scratch.url!, DEMO_DATA: 'false' };
      const refused = await smartcity(['keys', 'rotate', '--realm', 'portal'], env);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('--realm: city | vneid-sim');
      const done = await smartcity(['keys', 'rotate'], env);
      expect(done.code, done.stderr).toBe(0);
      const jwks = await providerKeys(scratch.database, 'city', 'RS256');
      expect(done.stdout).toContain(`new signing key: ${jwks.jwks.keys[0]!.kid}`);
      expect(jwks.jwks.keys).toHaveLength(2);
      expect(done.stdout).toContain('Restart every instance');
    } finally {
      await scratch.dispose();
    }
  });
});
