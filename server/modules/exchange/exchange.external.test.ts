import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { type Actor, acrValues, systemActor } from '../../platform/auth/principal.ts';
import { ExchangeRefusal, type ExchangeService } from './index.ts';
import { createSealer } from './keys.ts';

/**
 * An external provider registered by URL, running as a separate process
 * (test/support/exchange-provider.mjs) with its own key: the exchange sends it signed requests and
 * verifies its signed responses.
 */
let t: TestPlatform;
let exchange: ExchangeService;
let child: ChildProcess;
let providerUrl: string;
let citizen: Actor;
let personalId: string;
let receiptId: string;

const AGENCY = 'ext-test';
const CONSUMER = 'so-xay-dung';
const PURPOSE = 'construction-permit';
const admin: Actor = {
  principal: {
    kind: 'official',
    accountId: 'acct-admin',
    officialId: 'official-admin',
    sessionId: 's-admin',
    username: 'admin',
    fullName: 'Quản trị thử nghiệm',
    acr: acrValues.officialMfa,
    memberships: [{ unitId: 'hanoi', role: 'city_admin' }],
  },
  requestId: null,
  ip: null,
};

async function startProvider(platformUrl: string) {
  const script = path.resolve('test/support/exchange-provider.mjs');
  const spawned = spawn(process.execPath, [script], {
    env: { ...process.env, PROVIDER_AGENCY_ID: AGENCY, PLATFORM_URL: platformUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    spawned.once('exit', (code) => reject(new Error(`provider exited with ${code}`)));
    createInterface({ input: spawned.stdout! }).once('line', resolve);
  });
  const { port, publicJwk } = JSON.parse(line) as { port: number; publicJwk: Record<string, string> };
  return { spawned, url: `http://127.0.0.1:${port}`, publicJwk };
}

const register = (service: string, route: string, items: string[]) =>
  exchange
    .registerExternalService(admin, {
      id: `HN/GOV/${AGENCY}/thu-nghiem/${service}`,
      providerAgencyId: AGENCY,
      nameVi: `Dịch vụ thử nghiệm ${service}`,
      nameEn: `Test service ${service}`,
      items,
      verification: 'self-declared',
      personalData: true,
      url: `${providerUrl}${route}`,
    })
    .then((created) =>
      exchange.grantAccess(admin, {
        consumerAgencyId: CONSUMER,
        serviceId: created.id,
        purposeVi: 'Cấp phép xây dựng',
        purposeEn: 'Construction permits',
        legalBasis: 'Thử nghiệm / test',
      }),
    );

const fetchItems = (items: string[]) =>
  exchange.fetchForCitizen({
    consumerAgencyId: CONSUMER,
    personalId,
    receiptId,
    items,
    purposeCode: PURPOSE,
    actor: citizen,
  });

async function refusalOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ExchangeRefusal) return error.reason;
    throw error;
  }
  throw new Error('not refused');
}

beforeAll(async () => {
  t = await createTestPlatform();
  exchange = t.platform.exchange;
  const address = await t.server.listen({ host: '127.0.0.1', port: 0 });
  const provider = await startProvider(address);
  child = provider.spawned;
  providerUrl = provider.url;
  await exchange.registerAgency(admin, {
    id: AGENCY,
    nameVi: 'Nhà cung cấp bên ngoài (thử nghiệm)',
    nameEn: 'External provider (test)',
    publicJwk: provider.publicJwk,
  });
  await register('lien-lac', '/person', ['person.phone', 'person.email']);
  await register('sua-doi', '/tampered', ['residence.fileNumber']);
  await register('sai-khoa', '/wrong-key', ['person.legalRepresentative.fullName']);
  personalId = '001090000123';
  citizen = {
    principal: {
      kind: 'citizen',
      accountId: 'acct-ext',
      sessionId: 's-ext',
      personalId,
      fullName: 'Công dân thử nghiệm',
      acr: acrValues.vneidLevel2,
    },
    requestId: null,
    ip: null,
  };
  const receipt = await exchange.giveConsent(citizen, {
    purposeCode: PURPOSE,
    purposeVi: 'Cấp giấy phép xây dựng nhà ở',
    purposeEn: 'House construction permit',
    consumerAgencyId: CONSUMER,
    items: ['person.phone', 'person.email', 'residence.fileNumber', 'person.legalRepresentative.fullName'],
    retentionDays: 10,
  });
  receiptId = receipt.id;
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill();
  await t?.close();
});

describe('external provider in another process', () => {
  it('rejects a provider key with a private part', async () => {
    await expect(
      exchange.registerAgency(admin, {
        id: 'ext-leaky',
        nameVi: 'x',
        nameEn: 'x',
        publicJwk: { kty: 'OKP', crv: 'Ed25519', x: 'abc', d: 'secret' },
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      exchange.registerAgency(systemActor('test'), {
        id: 'ext-other',
        nameVi: 'x',
        nameEn: 'x',
        publicJwk: { kty: 'OKP', crv: 'Ed25519', x: 'abc' },
      }),
    ).rejects.toMatchObject({ code: 'unauthenticated' }); // only a signed-in city administrator
  });

  it('fetches signed values over HTTP and verifies the provider’s signature', async () => {
    const values = await fetchItems(['person.phone', 'person.email']);
    expect(values).toEqual([
      {
        item: 'person.phone',
        value: `09${personalId.slice(-8)}`,
        serviceId: `HN/GOV/${AGENCY}/thu-nghiem/lien-lac`,
        providerAgencyId: AGENCY,
        updatedAt: '2026-01-15T02:00:00.000Z',
        verification: 'self-declared',
        simulated: false,
      },
      {
        item: 'person.email',
        value: `cd${personalId.slice(-6)}@example.vn`,
        serviceId: `HN/GOV/${AGENCY}/thu-nghiem/lien-lac`,
        providerAgencyId: AGENCY,
        updatedAt: '2026-01-15T02:00:00.000Z',
        verification: 'self-declared',
        simulated: false,
      },
    ]);
  });

  it('the provider refuses a request altered after the consumer signed it', async () => {
    const db = t.platform.context.database.db;
    const { rows } = await sql<{
      request_jws_sealed: string;
    }>`select request_jws_sealed from exchange.messages where outcome = 'delivered' order by seq desc limit 1`.execute(
      db,
    );
    const request = await createSealer(t.platform.context.database).open(rows[0]!.request_jws_sealed);
    const [header, payload, signature] = request.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    const altered = Buffer.from(JSON.stringify({ ...claims, sub: '001090000999' })).toString('base64url');
    const post = (body: string) => fetch(`${providerUrl}/person`, { method: 'POST', body });
    expect((await post(`${header}.${altered}.${signature}`)).status).toBe(401);
    expect((await post(request)).status).toBe(200);
  });

  it('refuses and logs a response altered after the provider signed it', async () => {
    expect(await refusalOf(fetchItems(['residence.fileNumber']))).toBe('bad_signature');
  });

  it('refuses and logs a response signed with a key the registry does not hold', async () => {
    expect(await refusalOf(fetchItems(['person.legalRepresentative.fullName']))).toBe('bad_signature');
    const { rows } = await sql<{
      reason: string;
      response_jws_sealed: string | null;
    }>`select reason, response_jws_sealed from exchange.messages order by seq desc limit 1`.execute(
      t.platform.context.database.db,
    );
    expect(rows[0]!.reason).toBe('bad_signature');
    expect(rows[0]!.response_jws_sealed).toMatch(/^v1\./); // kept, sealed, as evidence
  });

  it('refuses and logs when the provider is down', async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited;
    expect(await refusalOf(fetchItems(['person.phone']))).toBe('provider_unavailable');
    const usage = await exchange.myDataUsage(citizen);
    expect(usage.map((entry) => entry.reason)).toEqual([
      'provider_unavailable',
      'bad_signature',
      'bad_signature',
      null,
    ]);
    expect(await exchange.verifyLog()).toMatchObject({ ok: true, entries: 4 });
  });
});
