import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OfficialSession, signInOfficial } from '../../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { seedDemoOfficials } from '../../../demo/officials.ts';
import { expandTerm } from '../terms.ts';

/**
 * Subscriptions end to end: changes made through the temporal and entity APIs, or published on the
 * change feed as ingestion does, reach a real HTTP endpoint in this test as NGSI-LD notifications,
 * within the rules (watched attributes, q, throttling, expiry, pause) and with counters kept.
 */
let t: TestPlatform;
let operator: OfficialSession;
let reporter: OfficialSession;
let endpoint: Server;
let base: string;
type Received = { path: string; headers: Record<string, unknown>; body: Record<string, unknown> };
const received: Received[] = [];
/** Status the endpoint answers per path (default 204); a list is consumed one per request. */
const answers = new Map<string, number[]>();

const ETSI = 'https://uri.etsi.org/ngsi-ld/errors/';
const json = { 'content-type': 'application/json' };
const TYPE = 'FloodMonitoring';

beforeAll(async () => {
  endpoint = createServer((request, response) => {
    let data = '';
    request.on('data', (chunk) => {
      data += chunk;
    });
    request.on('end', () => {
      const path = request.url ?? '';
      received.push({ path, headers: request.headers, body: JSON.parse(data || '{}') });
      const queue = answers.get(path);
      response.statusCode = (queue && queue.length > 1 ? queue.shift() : queue?.[0]) ?? 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`;
  t = await createTestPlatform();
  await seedDemoOfficials({
    org: t.platform.org,
    identity: t.platform.identity,
    log: t.platform.context.log,
  });
  operator = await signInOfficial(t, 'ioc.hanoi');
  reporter = await signInOfficial(t, 'baocao.soyte');
}, 400_000);

afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => endpoint?.close(resolve));
});

beforeEach(() => {
  received.length = 0;
});

const drain = () => t.platform.urban.drainNotifications();
const at = (path: string) => received.filter((item) => item.path === path);

async function subscribe(body: Record<string, unknown>): Promise<string> {
  const response = await operator.request({
    method: 'POST',
    url: '/ngsi-ld/v1/subscriptions',
    headers: json,
    payload: { type: 'Subscription', ...body },
  });
  expect(response.statusCode, response.body).toBe(201);
  const location = response.headers.location as string;
  expect(location).toMatch(/^\/ngsi-ld\/v1\/subscriptions\/urn:ngsi-ld:Subscription:/);
  return decodeURIComponent(location.slice('/ngsi-ld/v1/subscriptions/'.length));
}

/** A reading through the temporal API, as an operator would correct or back-fill it. */
async function reading(id: string, attrs: Record<string, number>, observedAt: string) {
  const payload: Record<string, unknown> = { id, type: TYPE };
  for (const [name, value] of Object.entries(attrs)) payload[name] = { value, observedAt };
  const response = await operator.request({
    method: 'POST',
    url: '/ngsi-ld/v1/temporal/entities',
    headers: json,
    payload,
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
}

const getSubscription = async (id: string) => {
  const response = await operator.request({ url: `/ngsi-ld/v1/subscriptions/${encodeURIComponent(id)}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

describe('notifications', () => {
  it('notify when a watched attribute changes and q holds, with the chosen attributes and format', async () => {
    const id = await subscribe({
      entities: [{ type: TYPE }],
      watchedAttributes: ['currentLevel'],
      q: 'currentLevel>1.5',
      notification: { attributes: ['currentLevel'], format: 'keyValues', endpoint: { uri: `${base}/flood` } },
    });
    const entity = 'urn:ngsi-ld:FloodMonitoring:sub-1';
    await reading(entity, { currentLevel: 1.2, alertThreshold: 1.5 }, '2025-07-01T00:00:00Z');
    await drain();
    expect(at('/flood'), 'q does not hold').toHaveLength(0);
    await reading(entity, { alertThreshold: 1.0 }, '2025-07-01T00:01:00Z');
    await drain();
    expect(at('/flood'), 'no watched attribute changed').toHaveLength(0);
    await reading(entity, { currentLevel: 1.8 }, '2025-07-01T00:02:00Z');
    await drain();
    const [notification] = at('/flood');
    expect(notification?.headers['content-type']).toBe('application/json');
    expect(String(notification?.headers.link)).toContain('rel="http://www.w3.org/ns/json-ld#context"');
    expect(notification?.body).toMatchObject({
      type: 'Notification',
      subscriptionId: id,
      data: [{ id: entity, type: TYPE, currentLevel: 1.8 }],
    });
    expect(String(notification?.body.id)).toMatch(/^urn:ngsi-ld:Notification:/);
    expect(Date.parse(String(notification?.body.notifiedAt))).not.toBeNaN();
    expect(Object.keys(((notification?.body.data ?? []) as object[])[0] as object).sort()).toEqual([
      'currentLevel',
      'id',
      'type',
    ]);
    const status = await getSubscription(id);
    expect(status).toMatchObject({
      id,
      type: 'Subscription',
      entities: [{ type: TYPE }],
      watchedAttributes: ['currentLevel'],
      q: 'currentLevel>1.5',
      isActive: true,
      status: 'active',
      notification: { format: 'keyValues', status: 'ok', timesSent: 1, timesFailed: 0 },
    });
    expect(status.notification.lastSuccess).toBe(status.notification.lastNotification);
  });

  it('notify on changes published by ingestion on the change feed, normalized with idPattern', async () => {
    await subscribe({
      entities: [{ type: TYPE, idPattern: '^urn:ngsi-ld:FloodMonitoring:feed-' }],
      notification: { endpoint: { uri: `${base}/feed`, accept: 'application/ld+json' } },
    });
    const db = t.platform.context.database.db;
    const level = expandTerm('currentLevel');
    const now = new Date();
    for (const id of ['urn:ngsi-ld:FloodMonitoring:feed-1', 'urn:ngsi-ld:FloodMonitoring:other-1']) {
      const attrs = { [level]: { type: 'Property', value: 2.5, observedAt: now.toISOString() } };
      await sql`insert into urban.entities (id, type, attrs, created_at, modified_at)
        values (${id}, ${expandTerm(TYPE)}, ${JSON.stringify(attrs)}::jsonb, ${now}, ${now})`.execute(db);
    }
    t.platform.urban.changes.publish(
      ['urn:ngsi-ld:FloodMonitoring:feed-1', 'urn:ngsi-ld:FloodMonitoring:other-1'].map((entityId) => ({
        entityId,
        type: expandTerm(TYPE),
        attrs: [level],
        kind: 'created' as const,
        at: now,
      })),
    );
    await drain();
    const [notification] = at('/feed');
    expect(at('/feed')).toHaveLength(1);
    expect(notification?.headers['content-type']).toBe('application/ld+json');
    expect(notification?.body['@context']).toBeDefined();
    expect(notification?.body.data).toEqual([
      {
        id: 'urn:ngsi-ld:FloodMonitoring:feed-1',
        type: TYPE,
        currentLevel: { type: 'Property', value: 2.5, observedAt: now.toISOString() },
      },
    ]);
  });

  it('notify on writes through the entities API', async () => {
    await subscribe({
      entities: [{ type: 'Streetlight', id: 'urn:ngsi-ld:Streetlight:api-1' }],
      watchedAttributes: ['powerState'],
      notification: { format: 'keyValues', endpoint: { uri: `${base}/light` } },
    });
    const created = await operator.request({
      method: 'POST',
      url: '/ngsi-ld/v1/entities',
      headers: json,
      payload: { id: 'urn:ngsi-ld:Streetlight:api-1', type: 'Streetlight', powerState: 'on' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const patched = await operator.request({
      method: 'PATCH',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent('urn:ngsi-ld:Streetlight:api-1')}/attrs/powerState`,
      headers: json,
      payload: { value: 'off' },
    });
    expect(patched.statusCode, patched.body).toBe(204);
    await drain();
    expect(at('/light').map((item) => (item.body.data as { powerState: string }[])[0]?.powerState)).toEqual([
      'on',
      'off',
    ]);
  });

  it('respect throttling', async () => {
    const id = await subscribe({
      entities: [{ type: TYPE, id: 'urn:ngsi-ld:FloodMonitoring:throttled' }],
      throttling: 60,
      notification: { endpoint: { uri: `${base}/throttled` } },
    });
    await reading('urn:ngsi-ld:FloodMonitoring:throttled', { currentLevel: 1 }, '2025-07-01T00:00:00Z');
    await drain();
    await reading('urn:ngsi-ld:FloodMonitoring:throttled', { currentLevel: 2 }, '2025-07-01T00:01:00Z');
    await drain();
    expect(at('/throttled')).toHaveLength(1);
    expect((await getSubscription(id)).throttling).toBe(60);
  });

  it('do not notify when paused or expired, and say so in the status', async () => {
    const entity = 'urn:ngsi-ld:FloodMonitoring:lifecycle';
    const paused = await subscribe({
      entities: [{ type: TYPE, id: entity }],
      isActive: false,
      notification: { endpoint: { uri: `${base}/paused` } },
    });
    const expiring = await subscribe({
      entities: [{ type: TYPE, id: entity }],
      expiresAt: new Date(Date.now() + 1_500).toISOString(),
      notification: { endpoint: { uri: `${base}/expiring` } },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    await reading(entity, { currentLevel: 1 }, '2025-07-01T00:00:00Z');
    await drain();
    expect(at('/paused')).toHaveLength(0);
    expect(at('/expiring')).toHaveLength(0);
    expect((await getSubscription(paused)).status).toBe('paused');
    expect((await getSubscription(expiring)).status).toBe('expired');
    const resumed = await operator.request({
      method: 'PATCH',
      url: `/ngsi-ld/v1/subscriptions/${encodeURIComponent(paused)}`,
      headers: json,
      payload: { isActive: true },
    });
    expect(resumed.statusCode, resumed.body).toBe(204);
    await reading(entity, { currentLevel: 2 }, '2025-07-01T00:01:00Z');
    await drain();
    expect(at('/paused')).toHaveLength(1);
    expect((await getSubscription(paused)).status).toBe('active');
  });

  it('retry a failing endpoint, then count the failure', async () => {
    answers.set('/flaky', [503, 204]);
    answers.set('/broken', [400]);
    const flaky = await subscribe({
      entities: [{ type: TYPE, id: 'urn:ngsi-ld:FloodMonitoring:flaky' }],
      notification: { endpoint: { uri: `${base}/flaky` } },
    });
    const broken = await subscribe({
      entities: [{ type: TYPE, id: 'urn:ngsi-ld:FloodMonitoring:flaky' }],
      notification: { endpoint: { uri: `${base}/broken` } },
    });
    await reading('urn:ngsi-ld:FloodMonitoring:flaky', { currentLevel: 1 }, '2025-07-01T00:00:00Z');
    await drain();
    expect(at('/flaky')).toHaveLength(2);
    expect(at('/broken'), 'a 400 is not retried').toHaveLength(1);
    expect((await getSubscription(flaky)).notification).toMatchObject({
      status: 'ok',
      timesSent: 1,
      timesFailed: 0,
    });
    const failed = (await getSubscription(broken)).notification;
    expect(failed).toMatchObject({ status: 'failed', timesSent: 1, timesFailed: 1 });
    expect(failed.lastFailure).toBeDefined();
    expect(failed.lastSuccess).toBeUndefined();
  });
});

describe('subscription management', () => {
  it('lists, updates and deletes, audited', async () => {
    const id = await subscribe({
      id: 'urn:ngsi-ld:Subscription:managed',
      subscriptionName: 'Mực nước / Water level',
      watchedAttributes: ['currentLevel'],
      notification: { endpoint: { uri: `${base}/managed` } },
    });
    expect(id).toBe('urn:ngsi-ld:Subscription:managed');
    const again = await operator.request({
      method: 'POST',
      url: '/ngsi-ld/v1/subscriptions',
      headers: json,
      payload: {
        id,
        type: 'Subscription',
        watchedAttributes: ['x'],
        notification: { endpoint: { uri: `${base}/x` } },
      },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().type).toBe(`${ETSI}AlreadyExists`);
    const list = await operator.request({ url: '/ngsi-ld/v1/subscriptions?count=true&limit=100' });
    expect(list.statusCode).toBe(200);
    expect(Number(list.headers['ngsild-results-count'])).toBe(list.json().length);
    expect(list.json().map((s: { id: string }) => s.id)).toContain(id);
    const patched = await operator.request({
      method: 'PATCH',
      url: `/ngsi-ld/v1/subscriptions/${encodeURIComponent(id)}`,
      headers: json,
      payload: { q: 'currentLevel>3', notification: { format: 'keyValues' } },
    });
    expect(patched.statusCode, patched.body).toBe(204);
    const updated = await getSubscription(id);
    expect(updated.q).toBe('currentLevel>3');
    expect(updated.notification).toMatchObject({ format: 'keyValues', endpoint: { uri: `${base}/managed` } });
    const removed = await operator.request({
      method: 'DELETE',
      url: `/ngsi-ld/v1/subscriptions/${encodeURIComponent(id)}`,
    });
    expect(removed.statusCode).toBe(204);
    const gone = await operator.request({ url: `/ngsi-ld/v1/subscriptions/${encodeURIComponent(id)}` });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().type).toBe(`${ETSI}ResourceNotFound`);
    const audit = await sql<{ action: string }>`
      select action from platform.audit_log where object_id = ${id} order by seq`.execute(
      t.platform.context.database.db,
    );
    expect(audit.rows.map((row) => row.action)).toEqual([
      'urban.subscription.create',
      'urban.subscription.update',
      'urban.subscription.delete',
    ]);
  });

  it('refuse the unauthorised and invalid subscriptions with ETSI error types', async () => {
    const valid = {
      type: 'Subscription',
      watchedAttributes: ['currentLevel'],
      notification: { endpoint: { uri: `${base}/x` } },
    };
    const denied = await reporter.request({
      method: 'POST',
      url: '/ngsi-ld/v1/subscriptions',
      headers: json,
      payload: valid,
    });
    expect(denied.statusCode).toBe(403);
    expect((await reporter.request({ url: '/ngsi-ld/v1/subscriptions' })).statusCode).toBe(403);
    expect((await t.server.inject({ url: '/ngsi-ld/v1/subscriptions' })).statusCode).toBe(401);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...valid, type: 'Entity' }, 400, 'BadRequestData'],
      [{ ...valid, notification: { endpoint: { uri: 'ftp://example.org/x' } } }, 400, 'BadRequestData'],
      [
        { ...valid, notification: { endpoint: { uri: 'http://user:pw@example.org/x' } } },
        400,
        'BadRequestData',
      ],
      [{ ...valid, notification: {} }, 400, 'BadRequestData'],
      [{ type: 'Subscription', notification: valid.notification }, 400, 'BadRequestData'],
      [{ ...valid, q: 'currentLevel>>' }, 400, 'BadRequestData'],
      [{ ...valid, throttling: -1 }, 400, 'BadRequestData'],
      [{ ...valid, expiresAt: '2001-01-01T00:00:00Z' }, 400, 'BadRequestData'],
      [{ ...valid, entities: [{ id: 'urn:x:1' }] }, 400, 'BadRequestData'],
      [{ ...valid, geoQ: { georel: 'near;maxDistance==10' } }, 422, 'OperationNotSupported'],
      [{ ...valid, colour: 'red' }, 400, 'BadRequestData'],
    ];
    for (const [payload, status, type] of cases) {
      const response = await operator.request({
        method: 'POST',
        url: '/ngsi-ld/v1/subscriptions',
        headers: json,
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
      expect(response.json().type, JSON.stringify(payload)).toBe(`${ETSI}${type}`);
      expect(response.json().vi.detail).toBeTruthy();
    }
    const missing = await operator.request({
      method: 'PATCH',
      url: '/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:none',
      headers: json,
      payload: { isActive: false },
    });
    expect(missing.statusCode).toBe(404);
    const tooMany = await operator.request({ url: '/ngsi-ld/v1/subscriptions?limit=5000' });
    expect(tooMany.statusCode).toBe(403);
    expect(tooMany.json().type).toBe(`${ETSI}TooManyResults`);
    expect((await operator.request({ url: '/ngsi-ld/v1/subscriptions?count=yes' })).statusCode).toBe(400);
    const listed = await operator.request({ url: '/ngsi-ld/v1/subscriptions' });
    expect(
      listed
        .json()
        .some((s: { notification: { endpoint: { uri: string } } }) =>
          s.notification.endpoint.uri.startsWith('ftp:'),
        ),
    ).toBe(false);
  });
});
