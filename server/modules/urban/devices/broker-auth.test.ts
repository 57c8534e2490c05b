import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { systemActor } from '../../../platform/auth/principal.ts';

/** EMQX's HTTP authentication and authorization against the device registry (docs/operations.md, "EMQX"). */
const TOKEN = 'broker-token-0123456789abcdefghijklmnopqrstuvwxyz';
let t: TestPlatform;
let off: TestPlatform;
let secret: string;
let topic: string;

beforeAll(async () => {
  [t, off] = await Promise.all([
    createTestPlatform({ env: { BROKER_AUTH_TOKEN: TOKEN } }),
    createTestPlatform(),
  ]);
  const ward = (await t.platform.org.units({ kind: 'ward' }))[0]!.id;
  const actor = systemActor('test:broker-auth');
  const created = await t.platform.urban.devices.create(actor, {
    id: 'broker-flood-1',
    type: 'FloodMonitoring',
    domain: 'urban',
    unitId: ward,
    simulated: true,
  });
  secret = created.secret;
  topic = created.device.topic;
  await t.platform.urban.devices.create(actor, {
    id: 'broker-flood-retired',
    type: 'FloodMonitoring',
    domain: 'urban',
    unitId: ward,
    simulated: true,
  });
  await t.platform.urban.devices.setStatus(actor, 'broker-flood-retired', 'retired');
});
afterAll(async () => {
  await Promise.all([t?.close(), off?.close()]);
});

const ask = (platform: TestPlatform, url: string, payload: unknown, token: string | null = TOKEN) =>
  platform.server.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

describe('MQTT broker authentication over HTTP', () => {
  it('lets a device connect with its own secret and publish only to its own topic', async () => {
    const allowed = await ask(t, '/api/urban/broker/authenticate', {
      username: 'broker-flood-1',
      password: secret,
      clientid: 'broker-flood-1',
    });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json()).toEqual({
      result: 'allow',
      is_superuser: false,
      acl: [
        { permission: 'allow', action: 'publish', topic },
        { permission: 'deny', action: 'all', topic: '#' },
      ],
    });
    const publish = (body: object) => ask(t, '/api/urban/broker/authorize', body);
    expect((await publish({ username: 'broker-flood-1', topic, action: 'publish' })).json()).toEqual({
      result: 'allow',
    });
    for (const body of [
      { username: 'broker-flood-1', topic: 'hanoi/urban/another-device/attrs', action: 'publish' },
      { username: 'broker-flood-1', topic, action: 'subscribe' },
      {
        username: 'broker-flood-retired',
        topic: 'hanoi/urban/broker-flood-retired/attrs',
        action: 'publish',
      },
      { username: 'nobody', topic: 'hanoi/urban/nobody/attrs', action: 'publish' },
    ])
      expect((await publish(body)).json(), JSON.stringify(body)).toEqual({ result: 'deny' });
  });

  it('refuses a wrong secret, a retired device and an unknown one', async () => {
    for (const body of [
      { username: 'broker-flood-1', password: 'not-the-secret' },
      { username: 'broker-flood-retired', password: secret },
      { username: 'nobody', password: secret },
    ]) {
      const answer = await ask(t, '/api/urban/broker/authenticate', body);
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toEqual({ result: 'deny' });
    }
  });

  it('answers only the broker holding the token, and is off without one', async () => {
    const body = { username: 'broker-flood-1', password: secret };
    for (const token of [null, 'wrong-token-0123456789abcdefghijklmnopqrstuvwxyz']) {
      const refused = await ask(t, '/api/urban/broker/authenticate', body, token);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().en.detail).toContain('BROKER_AUTH_TOKEN');
    }
    const disabled = await ask(off, '/api/urban/broker/authenticate', body);
    expect(disabled.statusCode).toBe(404);
    expect(disabled.json().vi.detail).toContain('BROKER_AUTH_TOKEN');
    const malformed = await ask(t, '/api/urban/broker/authorize', { username: 'broker-flood-1' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
  });
});
