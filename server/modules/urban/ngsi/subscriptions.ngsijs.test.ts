import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInOfficial } from '../../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { seedDemoOfficials } from '../../../demo/officials.ts';

/**
 * FIWARE's own JavaScript client (ngsijs) against the platform over real HTTP: it subscribes,
 * receives the notification of an entity it creates, reads and removes the subscription, and
 * writes and reads a temporal entity. ngsijs ships no types; its calls are typed loosely here.
 */
// biome-ignore lint/suspicious/noExplicitAny: ngsijs has no type declarations.
type Any = any;
const NGSI: Any = createRequire(import.meta.url)('ngsijs');

let t: TestPlatform;
let endpoint: Server;
let notifyUrl: string;
let connection: Any;
let bearer: string;
const notifications: Record<string, Any>[] = [];

beforeAll(async () => {
  endpoint = createServer((request, response) => {
    let data = '';
    request.on('data', (chunk) => {
      data += chunk;
    });
    request.on('end', () => {
      notifications.push(JSON.parse(data));
      response.statusCode = 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  notifyUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/notify`;
  t = await createTestPlatform();
  await seedDemoOfficials({
    org: t.platform.org,
    identity: t.platform.identity,
    log: t.platform.context.log,
  });
  const operator = await signInOfficial(t, 'ioc.hanoi');
  // A machine client uses a personal API token of the operator, as an integration would.
  const token = await operator.request({
    method: 'POST',
    url: '/api/identity/api-tokens',
    payload: { name: 'ngsijs', expiresInDays: 1 },
  });
  expect(token.statusCode, token.body).toBe(201);
  await t.server.listen({ port: 0, host: '127.0.0.1' });
  const port = (t.server.server.address() as AddressInfo).port;
  bearer = `Bearer ${token.json().token}`;
  connection = new NGSI.Connection(`http://127.0.0.1:${port}`, { headers: { Authorization: bearer } });
}, 400_000);

afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => endpoint?.close(resolve));
});

describe('ngsijs', () => {
  it('subscribes, is notified of an entity it creates, reads and deletes the subscription', async () => {
    const created = await connection.ld.createSubscription({
      type: 'Subscription',
      entities: [{ type: 'Streetlight' }],
      watchedAttributes: ['powerState'],
      notification: { format: 'keyValues', endpoint: { uri: notifyUrl, accept: 'application/json' } },
    });
    const id = created.subscription.id;
    expect(id).toMatch(/^urn:ngsi-ld:Subscription:/);
    await connection.ld.createEntity({
      id: 'urn:ngsi-ld:Streetlight:ngsijs-1',
      type: 'Streetlight',
      powerState: { type: 'Property', value: 'on' },
    });
    await t.platform.urban.drainNotifications();
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({
      type: 'Notification',
      subscriptionId: id,
      data: [{ id: 'urn:ngsi-ld:Streetlight:ngsijs-1', type: 'Streetlight', powerState: 'on' }],
    });
    const read = await connection.ld.getSubscription(id);
    expect(read.subscription).toMatchObject({ id, status: 'active', notification: { timesSent: 1 } });
    const listed = await connection.ld.listSubscriptions({ count: true });
    expect(listed.results.map((s: { id: string }) => s.id)).toContain(id);
    await connection.ld.updateSubscription({ id, isActive: false });
    expect((await connection.ld.getSubscription(id)).subscription.status).toBe('paused');
    await connection.ld.deleteSubscription(id);
    // ngsijs reads an error body only when Content-Type is exactly application/json (no charset),
    // so the 404 is checked on the wire as well.
    await expect(connection.ld.getSubscription(id)).rejects.toBeDefined();
    const gone = await t.server.inject({
      url: `/ngsi-ld/v1/subscriptions/${id}`,
      headers: { authorization: bearer },
    });
    expect(gone.statusCode).toBe(404);
  });

  it('creates and queries a temporal entity', async () => {
    await connection.ld.createTemporalEntity({
      id: 'urn:ngsi-ld:AirQualityObserved:ngsijs-1',
      type: 'AirQualityObserved',
      pm25: [
        { type: 'Property', value: 35, observedAt: '2025-07-01T00:00:00Z' },
        { type: 'Property', value: 55, observedAt: '2025-07-01T01:00:00Z' },
      ],
    });
    const result = await connection.ld.queryTemporalEntities({
      type: 'AirQualityObserved',
      timerel: 'after',
      timeAt: '2025-07-01T00:00:00Z',
      temporalValues: true,
    });
    expect(result.results).toHaveLength(1);
    expect(result.results[0].pm25).toEqual({
      type: 'Property',
      values: [
        [35, '2025-07-01T00:00:00.000Z'],
        [55, '2025-07-01T01:00:00.000Z'],
      ],
    });
  });
});
