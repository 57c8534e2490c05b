import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform } from '../../server/app.ts';
import { ExchangeRefusal } from '../../server/modules/exchange/index.ts';
import { systemActor } from '../../server/platform/auth/principal.ts';
import { loadConfig } from '../../server/platform/config.ts';
import { cliEnvironment, smartcity } from '../support/cli.ts';

/**
 * `smartcity exchange verify` against a real database (embedded PGlite in a data directory, or a
 * fresh PostgreSQL database): OK on an intact message log, and names the entry altered behind the
 * application's back.
 */
let env: Record<string, string>;
let cli: Awaited<ReturnType<typeof cliEnvironment>>;

beforeAll(async () => {
  cli = await cliEnvironment('exchange-cli', { SMARTCITY_FROM_SOURCE: '1' });
  ({ env } = cli);
});
afterAll(async () => {
  await cli?.dispose();
});

async function withPlatform<T>(
  fn: (platform: Awaited<ReturnType<typeof createPlatform>>) => Promise<T>,
): Promise<T> {
  const platform = await createPlatform(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
  try {
    return await fn(platform);
  } finally {
    await platform.close();
  }
}

describe('smartcity exchange verify', { timeout: 240_000 }, () => {
  it('reports OK, then the first altered message', async () => {
    // Three refused requests (no consent receipt): each is a logged message.
    await withPlatform(async (platform) => {
      await platform.prepare();
      for (const personalId of ['001090000001', '001090000002', '001090000003']) {
        const refused = await platform.exchange
          .fetchForCitizen({
            consumerAgencyId: 'so-tu-phap',
            personalId,
            receiptId: null,
            items: ['person.fullName'],
            purposeCode: 'birth-registration',
            actor: systemActor('test'),
          })
          .catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(ExchangeRefusal);
      }
    });
    const intact = await smartcity(['exchange', 'verify'], env);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/OK: 3 /);

    await withPlatform(async (platform) => {
      const db = platform.context.database.db;
      await sql`alter table exchange.messages disable trigger messages_append_only`.execute(db);
      await sql`update exchange.messages set reason = 'no_grant' where seq = 2`.execute(db);
      await sql`alter table exchange.messages enable trigger messages_append_only`.execute(db);
    });
    const broken = await smartcity(['exchange', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('seq 2 (hash_mismatch)');
  });
});
