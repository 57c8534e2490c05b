import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { Level } from 'level';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { systemActor } from '../../../platform/auth/principal.ts';
import type { Database } from '../../../platform/db/database.ts';
import type { EntityChange } from '../changes.ts';
import { expandTerm } from '../terms.ts';
import { startEmbeddedBroker } from './broker.ts';
import { createIngestWorker } from './worker.ts';

/**
 * The embedded broker and the ingest worker in process: who may connect and publish where, and
 * what lands in the readings, the entities' latest state and the dead letters.
 */
// biome-ignore lint/suspicious/noExplicitAny: assertions read rows as they come.
type Json = any;

let t: TestPlatform;
let url: string;
const secrets: Record<string, string> = {};
const clients: MqttClient[] = [];
const changes: EntityChange[] = [];
const LEVEL = expandTerm('currentLevel');

beforeAll(async () => {
  t = await createTestPlatform({ env: { MQTT_EMBEDDED_PORT: '0' } });
  const ward = (await t.platform.org.units({ kind: 'ward' }))[0]!.id;
  for (const [id, type, domain] of [
    ['flood-a', 'FloodMonitoring', 'urban'],
    ['flood-b', 'FloodMonitoring', 'urban'],
    ['air-a', 'AirQualityObserved', 'environment'],
  ] as const) {
    const created = await t.platform.urban.devices.create(systemActor('test'), {
      id,
      type,
      domain,
      unitId: ward,
    });
    secrets[id] = created.secret;
  }
  t.platform.urban.changes.subscribe((batch) => changes.push(...batch));
  await t.platform.urban.ingest.start();
  url = t.platform.urban.ingest.broker!.url;
}, 400_000);

afterAll(async () => {
  for (const client of clients) client.end(true);
  await t.platform.urban.ingest.stop();
  await t?.close();
});

async function connectAs(
  username: string,
  password: string,
  clientId = `test-${username}-${clients.length}`,
) {
  const client = await mqtt.connectAsync(url, {
    username,
    password,
    clientId,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  });
  clients.push(client);
  return client;
}

const db = () => t.platform.context.database.db;
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const readings = async (entityId: string) =>
  (
    await sql<Json>`select attr, observed_at, num, value from urban.readings where entity_id = ${entityId} order by observed_at`.execute(
      db(),
    )
  ).rows;
const entity = async (entityId: string) =>
  (await sql<Json>`select attrs from urban.entities where id = ${entityId}`.execute(db())).rows[0].attrs;
const deadLetters = async () =>
  (
    await sql<Json>`select topic, device_id, payload, reason from urban.dead_letters order by id`.execute(
      db(),
    )
  ).rows;

describe('embedded broker', () => {
  it('refuses unknown devices and wrong secrets', async () => {
    await expect(connectAs('no-such-device', 'whatever')).rejects.toThrow(
      /Bad username or password|Not authorized/,
    );
    await expect(connectAs('flood-a', `${secrets['flood-a']}x`)).rejects.toThrow(/Bad username or password/);
    await expect(connectAs('$ingest', 'guess', 'smartcity-ingest-x')).rejects.toThrow(
      /Bad username or password/,
    );
    const device = await connectAs('flood-a', secrets['flood-a']!);
    expect(device.connected).toBe(true);
  });

  it('lets a device publish only under its own topic and never subscribe', async () => {
    const device = await connectAs('flood-b', secrets['flood-b']!);
    const closed = new Promise((resolve) => device.once('close', () => resolve(null)));
    device.publish('hanoi/urban/flood-a/attrs', JSON.stringify({ currentLevel: 9.9 }), { qos: 1 });
    await closed;
    const spy = await connectAs('flood-b', secrets['flood-b']!);
    const granted = await spy.subscribeAsync('hanoi/#', { qos: 1 }).catch((error: Error) => error);
    if (Array.isArray(granted)) expect(granted[0]!.qos).toBe(128);
    else expect(granted).toBeInstanceOf(Error);
    // Nothing from flood-b reached flood-a's entity.
    expect(await readings('urn:ngsi-ld:FloodMonitoring:flood-a')).toEqual([]);
  });
});

describe('ingestion', () => {
  it('stores what an earlier version left queued in LevelDB, then removes that queue', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-legacy-queue-'));
    const directory = path.join(dataDir, 'mqtt-broker');
    const Persistence = createRequire(import.meta.url)('aedes-persistence-level/asyncPersistence.js');
    const old = new Persistence(new Level<string, Buffer>(directory, { valueEncoding: 'buffer' }));
    const client = { id: 'smartcity-ingest-old-3000' };
    await old.addSubscriptions(client, [{ topic: 'hanoi/+/+/attrs', qos: 1 }]);
    for (let i = 0; i < 3; i++)
      await old.outgoingEnqueue(
        { clientId: client.id },
        {
          cmd: 'publish',
          topic: 'hanoi/urban/flood-a/attrs',
          payload: Buffer.from(`{"currentLevel": ${i}}`),
          qos: 1,
          brokerId: 'old',
          brokerCounter: i + 1,
        },
      );
    await old.destroy();
    const stored: string[] = [];
    try {
      const broker = await startEmbeddedBroker({
        port: 0,
        dataDir,
        log: t.platform.context.log,
        authenticateDevice: async () => null,
        ingest: async (topic, payload) => void stored.push(`${topic} ${payload}`),
      });
      await broker.close();
      expect(stored.sort()).toEqual([0, 1, 2].map((i) => `hanoi/urban/flood-a/attrs {"currentLevel": ${i}}`));
      expect(existsSync(directory)).toBe(false);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('acknowledges a QoS 1 message only once it is stored', async () => {
    const device = await connectAs('flood-b', secrets['flood-b']!);
    await device.publishAsync(
      'hanoi/urban/flood-b/attrs',
      JSON.stringify({ observedAt: '2026-11-19T08:00:00Z', currentLevel: 0.2 }),
      { qos: 1 },
    );
    // No waiting: the PUBACK came after the commit.
    const rows = await readings('urn:ngsi-ld:FloodMonitoring:flood-b');
    expect(rows.map((r: Json) => r.num)).toEqual([0.2]);
  });

  it('refuses what it could not store, so the broker does not acknowledge it', async () => {
    const row = await t.platform.urban.devices.lookup('flood-b');
    const failing = {
      db: { transaction: () => ({ execute: () => Promise.reject(new Error('database down')) }) },
    } as unknown as Database;
    const worker = createIngestWorker({
      database: failing,
      changes: t.platform.urban.changes,
      log: t.platform.context.log,
      lookupDevices: async () => (row ? [row] : []),
      maxWaitMs: 1,
    });
    try {
      await expect(
        worker.accept('hanoi/urban/flood-b/attrs', Buffer.from('{"currentLevel": 1}')),
      ).rejects.toThrow(/database down/);
      expect(worker.stats).toMatchObject({ failures: 1, committed: 0 });
    } finally {
      await worker.stop();
    }
    await expect(worker.accept('hanoi/urban/flood-b/attrs', Buffer.from('{}'))).rejects.toThrow(/stopped/);
  });

  it('stores readings and the latest state, idempotent on duplicates, newer state kept on out-of-order readings', async () => {
    const device = await connectAs('flood-a', secrets['flood-a']!);
    const topic = 'hanoi/urban/flood-a/attrs';
    await device.publishAsync(
      topic,
      JSON.stringify({ observedAt: '2026-11-20T10:00:00Z', currentLevel: 0.4, status: 'ok' }),
      { qos: 1 },
    );
    await device.publishAsync(
      topic,
      JSON.stringify([
        { observedAt: '2026-11-20T10:05:00Z', currentLevel: 0.9 },
        { observedAt: '2026-11-20T10:10:00Z', currentLevel: 1.3, sensor: { battery: 0.8 } },
      ]),
      { qos: 1 },
    );
    const id = 'urn:ngsi-ld:FloodMonitoring:flood-a';
    await waitFor(
      () => readings(id),
      (rows) => rows.length === 5,
      'five readings',
    );
    const latest = await entity(id);
    expect(latest[LEVEL]).toMatchObject({
      type: 'Property',
      value: 1.3,
      observedAt: '2026-11-20T10:10:00.000Z',
    });
    expect(latest[expandTerm('status')]).toMatchObject({ value: 'ok' });
    expect(latest[expandTerm('sensor')]).toMatchObject({ value: { battery: 0.8 } });
    const rows = await readings(id);
    expect(rows.filter((r: Json) => r.attr === LEVEL).map((r: Json) => r.num)).toEqual([0.4, 0.9, 1.3]);
    expect(rows.find((r: Json) => r.attr === expandTerm('status')).value).toBe('ok');
    expect(changes.some((c) => c.entityId === id && c.attrs.includes(LEVEL))).toBe(true);

    // The same reading again (a redelivery) and an older one arriving late.
    changes.length = 0;
    await device.publishAsync(
      topic,
      JSON.stringify({ observedAt: '2026-11-20T10:10:00Z', currentLevel: 1.3 }),
      { qos: 1 },
    );
    await device.publishAsync(
      topic,
      JSON.stringify({ observedAt: '2026-11-20T09:00:00Z', currentLevel: 0.1 }),
      { qos: 1 },
    );
    await waitFor(
      () => readings(id),
      (r) => r.length === 6,
      'the late reading',
    );
    await t.platform.urban.ingest.worker!.idle();
    const after = await readings(id);
    expect(after.filter((r: Json) => r.attr === LEVEL).map((r: Json) => r.num)).toEqual([0.1, 0.4, 0.9, 1.3]);
    expect((await entity(id))[LEVEL]).toMatchObject({ value: 1.3, observedAt: '2026-11-20T10:10:00.000Z' });
    // Neither changed the latest state, so nothing was announced.
    expect(changes.filter((c) => c.entityId === id)).toEqual([]);
  });

  it('sends malformed payloads to the dead letters with the reason, and acknowledges them', async () => {
    const device = await connectAs('air-a', secrets['air-a']!);
    const topic = 'hanoi/environment/air-a/attrs';
    const bad = [
      ['{"pm25": 12', /malformed JSON/],
      ['[]', /empty array/],
      ['42', /not a JSON object/],
      ['{"observedAt": "yesterday", "pm25": 3}', /observedAt/],
      ['{"pm25": [1, 2]}', /pm25: value must be/],
      ['{"id": "urn:x"}', /attribute name id/],
      ['{"observedAt": "2026-11-20T10:00:00Z"}', /no attribute/],
      ['{"pm25": null}', /pm25/],
    ] as const;
    for (const [payload] of bad) await device.publishAsync(topic, payload, { qos: 1 });
    const letters = await waitFor(deadLetters, (rows) => rows.length === bad.length, 'dead letters');
    // Each bad payload once, with its reason (batches may commit them in any order).
    expect(letters.map((letter: Json) => letter.payload).sort()).toEqual(
      bad.map(([payload]) => payload).sort(),
    );
    for (const [payload, reason] of bad) {
      const letter = letters.find((row: Json) => row.payload === payload);
      expect(letter.topic).toBe(topic);
      expect(letter.device_id).toBe('air-a');
      expect(letter.reason).toMatch(reason);
    }
    expect(await readings('urn:ngsi-ld:AirQualityObserved:air-a')).toEqual([]);
    const good = await device.publishAsync(topic, JSON.stringify({ pm25: 35.5 }), { qos: 1 });
    expect(good).toBeDefined();
    await waitFor(
      () => readings('urn:ngsi-ld:AirQualityObserved:air-a'),
      (rows) => rows.length === 1,
      'a good reading',
    );
    expect(t.platform.urban.ingest.worker!.stats.failures).toBe(0);
  });
});
