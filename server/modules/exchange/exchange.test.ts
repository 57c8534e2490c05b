import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { chainHash } from '../../platform/audit/hash-chain.ts';
import {
  type Actor,
  acrValues,
  anonymous,
  type Principal,
  systemActor,
} from '../../platform/auth/principal.ts';
import { type Clock, isoDateInHanoi } from '../../platform/clock.ts';
import { createHttpServer } from '../../platform/http/server.ts';
import { exchangeRoutes } from './exchange.routes.ts';
import { ExchangeRefusal, type ExchangeService, POPULATION_SERVICE_ID } from './index.ts';
import { newKeyPair, signJws, verifyJws } from './keys.ts';
import type { MessageRow } from './message-log.ts';

/** A clock the test moves forward (receipts expire). */
let offsetMs = 0;
const clock: Clock = {
  now: () => new Date(Date.now() + offsetMs),
  today: () => isoDateInHanoi(new Date(Date.now() + offsetMs)),
};

let t: TestPlatform;
let exchange: ExchangeService;
let asPrincipal: FastifyInstance;
let alice: { personalId: string; fullName: string; dateOfBirth: string };
let bob: { personalId: string };

const CONSUMER = 'so-tu-phap';
const PURPOSE = 'birth-registration';
const ITEMS = ['person.fullName', 'person.dateOfBirth', 'address.current'];

const citizen = (personalId: string, accountId: string): Principal => ({
  kind: 'citizen',
  accountId,
  sessionId: `session-${accountId}`,
  personalId,
  fullName: 'Công dân thử nghiệm',
  acr: acrValues.vneidLevel2,
});
const official = (role: 'city_admin' | 'case_officer'): Principal => ({
  kind: 'official',
  accountId: `acct-${role}`,
  officialId: `official-${role}`,
  sessionId: `session-${role}`,
  username: role,
  fullName: 'Cán bộ thử nghiệm',
  acr: acrValues.officialMfa,
  memberships: [{ unitId: 'hanoi', role }],
});
const principals: Record<string, Principal> = {};
const actor = (who: string): Actor => ({ principal: principals[who]!, requestId: null, ip: null });

const call = (
  who: string | null,
  init: { method?: 'GET' | 'POST' | 'DELETE'; url: string; payload?: object },
) =>
  asPrincipal.inject({
    method: init.method ?? 'GET',
    url: init.url,
    headers: {
      ...(who ? { 'x-test-principal': who } : {}),
      cookie: 'sc_csrf=test-token',
      'x-csrf-token': 'test-token',
    },
    ...(init.payload ? { payload: init.payload } : {}),
  });

const consentBody = (overrides: Record<string, unknown> = {}) => ({
  purposeCode: PURPOSE,
  purposeVi: 'Đăng ký khai sinh',
  purposeEn: 'Birth registration',
  consumerAgencyId: CONSUMER,
  items: ITEMS,
  retentionDays: 30,
  ...overrides,
});

async function refusalOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ExchangeRefusal) return error.reason;
    throw error;
  }
  throw new Error('the request was not refused');
}

const lastMessage = async () => {
  const { rows } = await sql<{
    seq: number;
    outcome: string;
    reason: string | null;
    subject_hash: string;
    request_jws_sealed: string | null;
  }>`select seq, outcome, reason, subject_hash, request_jws_sealed from exchange.messages order by seq desc limit 1`.execute(
    t.platform.context.database.db,
  );
  return rows[0]!;
};

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  exchange = t.platform.exchange;
  await t.platform.population.ensureGenerated(300);
  const [a, b] = await t.platform.population.searchResidents({ q: '0', limit: 2, offset: 20 });
  alice = a!;
  bob = b!;
  principals.alice = citizen(alice.personalId, 'acct-alice');
  principals.bob = citizen(bob.personalId, 'acct-bob');
  principals.admin = official('city_admin');
  principals.officer = official('case_officer');
  asPrincipal = await createHttpServer({
    logLevel: 'silent',
    trustProxy: false,
    publicUrl: 'http://localhost:3999',
    version: 'test',
    resolvePrincipal: async (request) => principals[String(request.headers['x-test-principal'])] ?? anonymous,
  });
  await asPrincipal.register(exchangeRoutes(exchange));
  await asPrincipal.ready();
});
afterAll(async () => {
  await asPrincipal?.close();
  await t.close();
});

describe('registry', () => {
  it('lists the simulated population registry as a built-in service with dictionary items', async () => {
    const services = await exchange.services();
    const population = services.find((s) => s.id === POPULATION_SERVICE_ID);
    expect(population).toMatchObject({
      providerAgencyId: 'bo-cong-an',
      kind: 'built-in',
      personalData: true,
      simulated: true,
      verification: 'government-verified',
    });
    for (const item of population!.items) expect(await t.platform.data.dictionary.item(item)).not.toBeNull();
    const grants = await exchange.grants({ consumerAgencyId: CONSUMER });
    expect(grants.some((g) => g.serviceId === POPULATION_SERVICE_ID && g.revokedAt === null)).toBe(true);
  });

  it('refuses items that are not in the dictionary', async () => {
    const refused = exchange.giveConsent(actor('alice'), consentBody({ items: ['person.noSuchThing'] }));
    await expect(refused).rejects.toMatchObject({
      code: 'validation_failed',
      extra: { fields: [expect.objectContaining({ path: 'items' })] },
    });
  });

  it('says where each item comes from for the consent screen', async () => {
    const sources = await exchange.sources(alice.personalId, ['person.fullName', 'person.email']);
    expect(sources).toHaveLength(1); // no service gives the e-mail address
    expect(sources[0]).toMatchObject({
      item: 'person.fullName',
      serviceId: POPULATION_SERVICE_ID,
      simulated: true,
    });
    expect(sources[0]!.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});

describe('consent-gated fetch', () => {
  let receiptId: string;

  it('delivers values with provenance under a valid receipt, and the usage log shows it', async () => {
    const given = await call('alice', { method: 'POST', url: '/api/me/consents', payload: consentBody() });
    expect(given.statusCode, given.body).toBe(201);
    receiptId = given.json().consent.id;
    expect(given.json().consent).toMatchObject({ status: 'active', items: ITEMS, retentionDays: 30 });
    expect(given.json().itemNames['person.fullName'].vi).toBeTruthy();

    const values = await exchange.fetchForCitizen({
      consumerAgencyId: CONSUMER,
      personalId: alice.personalId,
      receiptId,
      items: ITEMS,
      purposeCode: PURPOSE,
      actor: actor('alice'),
    });
    const byItem = Object.fromEntries(values.map((v) => [v.item, v]));
    expect(byItem['person.fullName']).toMatchObject({
      value: alice.fullName,
      serviceId: POPULATION_SERVICE_ID,
      providerAgencyId: 'bo-cong-an',
      verification: 'government-verified',
      simulated: true,
    });
    expect(byItem['person.dateOfBirth']!.value).toBe(alice.dateOfBirth);
    expect(byItem['address.current']!.value).toMatchObject({ provinceCode: '01' });
    expect(
      await t.platform.data.dictionary.validateValue('address.current', byItem['address.current']!.value),
    ).toBeNull();

    const last = await lastMessage();
    expect(last).toMatchObject({ outcome: 'delivered', reason: null });
    expect(last.subject_hash).not.toContain(alice.personalId);
    expect(last.request_jws_sealed).toMatch(/^v1\./); // sealed: the JWS carries the personal id
    expect(last.request_jws_sealed).not.toContain(alice.personalId);

    const usage = await call('alice', { url: '/api/me/data-usage' });
    expect(usage.statusCode).toBe(200);
    expect(usage.json().entries[0]).toMatchObject({
      consumerAgencyId: CONSUMER,
      consumerNameVi: 'Sở Tư pháp',
      serviceId: POPULATION_SERVICE_ID,
      items: ITEMS,
      purposeCode: PURPOSE,
      outcome: 'delivered',
    });
    // Bob sees nothing of Alice's.
    const bobs = await call('bob', { url: '/api/me/data-usage' });
    expect(bobs.json().entries).toEqual([]);
    expect((await call('bob', { url: '/api/me/consents' })).json().consents).toEqual([]);
  });

  const attempt = (who: string, overrides: Partial<Parameters<ExchangeService['fetchForCitizen']>[0]> = {}) =>
    refusalOf(
      exchange.fetchForCitizen({
        consumerAgencyId: CONSUMER,
        personalId: alice.personalId,
        receiptId,
        items: ITEMS,
        purposeCode: PURPOSE,
        actor: actor(who),
        ...overrides,
      }),
    );

  it('refuses and logs a request without consent', async () => {
    expect(await attempt('officer', { receiptId: null })).toBe('no_consent');
    expect(await lastMessage()).toMatchObject({ outcome: 'refused', reason: 'no_consent' });
    const usage = (await call('alice', { url: '/api/me/data-usage' })).json();
    expect(usage.entries[0]).toMatchObject({
      outcome: 'refused',
      reason: 'no_consent',
      reasonEn: 'No consent receipt',
    });
  });

  it('refuses another citizen’s receipt, another purpose, uncovered items, another consumer', async () => {
    const bobsReceipt = await exchange.giveConsent(actor('bob'), consentBody());
    expect(await attempt('officer', { receiptId: bobsReceipt.id })).toBe('consent_not_found');
    expect(await attempt('alice', { purposeCode: 'other-purpose' })).toBe('consent_other_purpose');
    expect(await attempt('alice', { items: [...ITEMS, 'person.homeTown'] })).toBe(
      'consent_items_not_covered',
    );
    expect(await attempt('alice', { consumerAgencyId: 'so-xay-dung' })).toBe('consent_other_consumer');
    expect(await attempt('alice', { personalId: bob.personalId, receiptId: bobsReceipt.id })).toBe(
      'subject_mismatch',
    );
    expect(await lastMessage()).toMatchObject({ outcome: 'refused', reason: 'subject_mismatch' });
  });

  it('refuses and logs a request when the consumer’s grant is revoked', async () => {
    const [grant] = await exchange.grants({ consumerAgencyId: CONSUMER, serviceId: POPULATION_SERVICE_ID });
    await expect(exchange.revokeGrant(actor('officer'), grant!.id)).rejects.toThrow(/City administrator/);
    await exchange.revokeGrant(actor('admin'), grant!.id);
    expect(await attempt('alice')).toBe('no_grant');
    expect(await lastMessage()).toMatchObject({ outcome: 'refused', reason: 'no_grant' });
    await exchange.grantAccess(actor('admin'), {
      consumerAgencyId: CONSUMER,
      serviceId: POPULATION_SERVICE_ID,
      purposeVi: 'Đăng ký khai sinh',
      purposeEn: 'Birth registration',
      legalBasis: 'Luật Hộ tịch 2014',
    });
    const values = await exchange.fetchForCitizen({
      consumerAgencyId: CONSUMER,
      personalId: alice.personalId,
      receiptId,
      items: ITEMS,
      purposeCode: PURPOSE,
      actor: actor('alice'),
    });
    expect(values.length).toBe(ITEMS.length);
  });

  it('refuses after the receipt expires', async () => {
    offsetMs = 31 * 86_400_000;
    try {
      expect(await attempt('alice')).toBe('consent_expired');
      const consents = (await call('alice', { url: '/api/me/consents' })).json().consents;
      expect(consents[0]).toMatchObject({ id: receiptId, status: 'expired' });
    } finally {
      offsetMs = 0;
    }
  });

  it('lets only the citizen revoke, then refuses and logs', async () => {
    const strangers = await call('bob', { method: 'DELETE', url: `/api/me/consents/${receiptId}` });
    expect(strangers.statusCode).toBe(404);
    const revoked = await call('alice', { method: 'DELETE', url: `/api/me/consents/${receiptId}` });
    expect(revoked.statusCode).toBe(204);
    expect(await attempt('alice')).toBe('consent_revoked');
    expect(await lastMessage()).toMatchObject({ outcome: 'refused', reason: 'consent_revoked' });
    const consents = (await call('alice', { url: '/api/me/consents' })).json().consents;
    expect(consents.find((c: { id: string }) => c.id === receiptId).status).toBe('revoked');
  });
});

describe('signatures and the message log', () => {
  it('detects a tampered JWS', async () => {
    const pair = await newKeyPair('so-tu-phap');
    const jws = await signJws(pair.privateJwk, { sub: '001200000001', items: ['person.fullName'] });
    expect(await verifyJws(jws, pair.publicJwk)).toMatchObject({ sub: '001200000001' });
    const [header, , signature] = jws.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: '001200000002', items: ['person.fullName'] })).toString(
      'base64url',
    );
    await expect(verifyJws(`${header}.${forged}.${signature}`, pair.publicJwk)).rejects.toThrow();
    const other = await newKeyPair('so-tu-phap');
    await expect(verifyJws(jws, { ...other.publicJwk, kid: pair.keyId })).rejects.toThrow();
  });

  it('keeps the message log append-only and verifiable, and names an altered entry', async () => {
    const before = await exchange.verifyLog();
    // Concurrent writers serialise on the log's lock: the chain holds.
    const reasons = await Promise.all(
      Array.from({ length: 10 }, () =>
        refusalOf(
          exchange.fetchForCitizen({
            consumerAgencyId: CONSUMER,
            personalId: alice.personalId,
            receiptId: null,
            items: ITEMS,
            purposeCode: PURPOSE,
            actor: actor('officer'),
          }),
        ),
      ),
    );
    expect(new Set(reasons)).toEqual(new Set(['no_consent']));
    const intact = await exchange.verifyLog();
    expect(intact.ok).toBe(true);
    expect(intact.entries).toBe(before.entries + 10);
    const db = t.platform.context.database.db;
    await expect(sql`update exchange.messages set reason = null where seq = 2`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from exchange.messages where seq = 2`.execute(db)).rejects.toThrow(/append-only/);
    const asAdmin = await call('admin', { url: '/api/exchange/verify' });
    expect(asAdmin.json()).toMatchObject({ ok: true });
    await sql`alter table exchange.messages disable trigger messages_append_only`.execute(db);
    await sql`update exchange.messages set purpose_code = 'altered' where seq = 3`.execute(db);
    await sql`alter table exchange.messages enable trigger messages_append_only`.execute(db);
    expect(await exchange.verifyLog()).toMatchObject({ ok: false, brokenAt: 3, reason: 'hash_mismatch' });
  });
});

describe('routes deny by default', () => {
  it('asks anonymous callers to sign in, on the real platform too', async () => {
    for (const url of ['/api/me/consents', '/api/me/data-usage', '/api/exchange/services']) {
      const response = await t.server.inject(url);
      expect(response.statusCode, url).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('keeps officials out of citizens’ consents and usage logs', async () => {
    expect((await call('officer', { url: '/api/me/consents' })).statusCode).toBe(403);
    expect((await call('officer', { url: '/api/me/data-usage' })).statusCode).toBe(403);
  });

  it('lets only the city administrator change the registry', async () => {
    const grant = {
      consumerAgencyId: 'so-y-te',
      serviceId: POPULATION_SERVICE_ID,
      purposeVi: 'Thử',
      purposeEn: 'Test',
      legalBasis: 'Thử nghiệm',
    };
    expect(
      (await call('alice', { method: 'POST', url: '/api/exchange/grants', payload: grant })).statusCode,
    ).toBe(403);
    expect(
      (await call('officer', { method: 'POST', url: '/api/exchange/grants', payload: grant })).statusCode,
    ).toBe(403);
    // so-y-te already holds the default grant.
    expect(
      (await call('admin', { method: 'POST', url: '/api/exchange/grants', payload: grant })).statusCode,
    ).toBe(409);
    expect((await call('officer', { url: '/api/exchange/services' })).statusCode).toBe(200);
    expect((await call('officer', { url: '/api/exchange/verify' })).statusCode).toBe(403);
  });

  it('answers 400, not 500, to a NUL character PostgreSQL would refuse', async () => {
    const response = await call('alice', {
      method: 'POST',
      url: '/api/me/consents',
      payload: consentBody({ purposeVi: 'Khai\u0000sinh' }),
    });
    expect(response.statusCode).toBe(400);
    // Refused by the platform before the route (server/platform/http/server.ts).
    expect(response.json().code).toBe('malformed_request');
    const grants = await call('officer', { url: '/api/exchange/grants?serviceId=HN%2FGOV%2Fx%00%2Fy%2Fz' });
    expect(grants.statusCode).toBe(400);
  });

  it('needs the CSRF token for a citizen’s consent', async () => {
    const response = await asPrincipal.inject({
      method: 'POST',
      url: '/api/me/consents',
      headers: { 'x-test-principal': 'alice' },
      payload: consentBody(),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('csrf_failed');
  });

  it('writes consent changes to the audit log without the personal id', async () => {
    const { rows } = await sql<{
      details: Record<string, unknown>;
      actor_label: string | null;
    }>`select details, actor_label from platform.audit_log where action like 'exchange.consent.%'`.execute(
      t.platform.context.database.db,
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(rows)).not.toContain(alice.personalId);
  });

  it('is reachable by system actors for background work', async () => {
    expect(
      await refusalOf(
        exchange.fetchForCitizen({
          consumerAgencyId: 'no-such-agency',
          personalId: alice.personalId,
          receiptId: null,
          items: ITEMS,
          purposeCode: PURPOSE,
          actor: systemActor('test'),
        }),
      ),
    ).toBe('unknown_consumer');
  });
});

describe('partial records (issued results, earlier dossiers)', () => {
  it('asks each partial record offering an item and the next offer too, but never past a register', async () => {
    const asked: Record<string, string[][]> = { verified: [], declared: [] };
    const record = (name: 'verified' | 'declared', value: string) => ({
      serviceId: `HN/GOV/hanoi/thu-nghiem/${name}`,
      providerAgencyId: 'hanoi',
      nameVi: `Hồ sơ thử nghiệm ${name}`,
      nameEn: `Test record ${name}`,
      // person.fullName: the population registry offers it first, and a register ends the chain.
      items: ['person.email', 'person.fullName'],
      verification: name === 'verified' ? ('government-verified' as const) : ('self-declared' as const),
      partial: true,
      async fetch(_personalId: string, items: string[]) {
        asked[name]!.push(items);
        return {
          values: { 'person.email': value },
          updatedAt: { 'person.email': '2027-01-02T03:00:00.000Z' },
          ...(name === 'verified'
            ? {
                issuedBy: { 'person.email': { agencyId: 'so-tu-phap', nameVi: 'Sở Tư pháp', nameEn: 'DoJ' } },
              }
            : {}),
        };
      },
    });
    // In registration order, as dossiers registers issued results before earlier dossiers.
    for (const provider of [
      record('verified', 'ket.qua@example.vn'),
      record('declared', 'tu.khai@example.vn'),
    ]) {
      exchange.registerBuiltInProvider(provider);
      await exchange.services(); // loads it into the registry
      await exchange.grantAccess(actor('admin'), {
        consumerAgencyId: CONSUMER,
        serviceId: provider.serviceId,
        purposeVi: 'Thử nghiệm',
        purposeEn: 'Test',
        legalBasis: 'Thử nghiệm / test',
      });
    }
    const items = ['person.email', 'person.fullName'];
    const sources = await exchange.sources(alice.personalId, items);
    expect(sources.map((s) => [s.item, s.serviceId])).toEqual([
      ['person.email', 'HN/GOV/hanoi/thu-nghiem/verified'],
      ['person.email', 'HN/GOV/hanoi/thu-nghiem/declared'],
      ['person.fullName', POPULATION_SERVICE_ID],
    ]);
    asked.verified = [];
    asked.declared = [];

    const receipt = await exchange.giveConsent(actor('alice'), { ...consentBody(), items });
    const values = await exchange.fetchForCitizen({
      consumerAgencyId: CONSUMER,
      personalId: alice.personalId,
      receiptId: receipt.id,
      items,
      purposeCode: PURPOSE,
      actor: actor('alice'),
    });
    expect(asked).toEqual({ verified: [['person.email']], declared: [['person.email']] });
    expect(values.map((v) => [v.item, v.serviceId, v.value])).toEqual([
      ['person.fullName', POPULATION_SERVICE_ID, alice.fullName],
      ['person.email', 'HN/GOV/hanoi/thu-nghiem/verified', 'ket.qua@example.vn'],
      ['person.email', 'HN/GOV/hanoi/thu-nghiem/declared', 'tu.khai@example.vn'],
    ]);
    // The issuer travels inside the provider's signed answer.
    expect(values[1]).toMatchObject({
      verification: 'government-verified',
      issuer: { agencyId: 'so-tu-phap', nameVi: 'Sở Tư pháp', nameEn: 'DoJ' },
    });
    expect(values[2]!.issuer).toBeUndefined();
  });

  it('chains concurrent messages in one order, each linked to the one before', async () => {
    const items = ['person.email', 'person.fullName'];
    const receipt = await exchange.giveConsent(actor('alice'), { ...consentBody(), items });
    const fetch = () =>
      exchange.fetchForCitizen({
        consumerAgencyId: CONSUMER,
        personalId: alice.personalId,
        receiptId: receipt.id,
        items,
        purposeCode: PURPOSE,
        actor: actor('alice'),
      });
    await Promise.all(Array.from({ length: 8 }, fetch));
    // An earlier test altered an old entry on purpose, so the new entries are checked link by link.
    const { rows } =
      await sql<MessageRow>`select * from exchange.messages order by seq desc limit 24`.execute(
        t.platform.context.database.db,
      );
    const entries = rows.reverse();
    for (const [i, row] of entries.entries()) {
      const { hash, ...rest } = row;
      expect(chainHash<MessageRow>(rest)).toBe(hash);
      if (i === 0) continue;
      expect(row.seq).toBe(entries[i - 1]!.seq + 1);
      expect(row.prev_hash).toBe(entries[i - 1]!.hash);
    }
  });
});
