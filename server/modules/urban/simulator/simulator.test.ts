import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { systemActor } from '../../../platform/auth/principal.ts';
import { expandTerm } from '../terms.ts';
import { simulate } from './index.ts';

/**
 * `smartcity simulate` against the platform's own embedded broker and ingest worker: simulated
 * devices are provisioned, publish, and their readings and latest state are stored.
 */
// biome-ignore lint/suspicious/noExplicitAny: assertions read rows as they come.
type Json = any;

let t: TestPlatform;
let url: string;

beforeAll(async () => {
  t = await createTestPlatform({ env: { MQTT_EMBEDDED_PORT: '0' } });
  await t.platform.urban.ingest.start();
  url = t.platform.urban.ingest.broker!.url;
}, 400_000);

afterAll(async () => {
  await t?.platform.urban.ingest.stop();
  await t?.close();
});

const db = () => t.platform.context.database.db;
const deps = () => ({
  devices: t.platform.urban.devices,
  org: t.platform.org,
  ingest: t.platform.urban.ingest,
  config: t.platform.context.config,
});
/** Messages stored per entity: one message is one (entity, observedAt), whatever its attributes. */
async function messagesStored() {
  const rows = (
    await sql<Json>`select count(distinct (entity_id, observed_at))::int as n from urban.readings where entity_id like 'urn:ngsi-ld:%:sim-%'`.execute(
      db(),
    )
  ).rows;
  return rows[0].n as number;
}
async function waitFor(read: () => Promise<number>, expected: number) {
  const deadline = Date.now() + 15_000;
  let value = await read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

describe('smartcity simulate', () => {
  it('provisions simulated devices over the wards and publishes readings that are stored', async () => {
    const progress: number[] = [];
    const summary = await simulate(deps(), {
      devices: 7,
      rate: 40,
      seconds: 2.5,
      broker: url,
      seed: 3,
      onProgress: (p) => progress.push(p.sent),
    });
    expect(summary.sent).toBeGreaterThanOrEqual(80);
    expect(summary.sent).toBeLessThanOrEqual(101);
    expect(summary.acknowledged).toBe(summary.sent);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(await waitFor(messagesStored, summary.acknowledged)).toBe(summary.acknowledged);

    const devices = (
      await sql<Json>`select id, entity_id, unit_id, simulated, lon, lat from urban.devices where id like 'sim-%' order by id`.execute(
        db(),
      )
    ).rows;
    expect(devices).toHaveLength(7);
    expect(devices.every((d: Json) => d.simulated && d.lon !== null)).toBe(true);
    // One of each pilot kind, spread round-robin over distinct wards and communes.
    expect(new Set(devices.map((d: Json) => d.entity_id.split(':')[2])).size).toBe(7);
    expect(new Set(devices.map((d: Json) => d.unit_id)).size).toBe(7);

    // The latest state holds the newest reading of each attribute, and says where it came from.
    const flood = (
      await sql<Json>`select attrs, simulated from urban.entities where id = 'urn:ngsi-ld:FloodMonitoring:sim-flood-0001'`.execute(
        db(),
      )
    ).rows[0];
    expect(flood.simulated).toBe(true);
    const level = flood.attrs[expandTerm('currentLevel')];
    const newest = (
      await sql<Json>`select max(observed_at) as at from urban.readings where entity_id = 'urn:ngsi-ld:FloodMonitoring:sim-flood-0001' and attr = ${expandTerm('currentLevel')}`.execute(
        db(),
      )
    ).rows[0].at;
    expect(new Date(level.observedAt).getTime()).toBe(new Date(newest).getTime());
    expect(typeof level.value).toBe('number');
    expect(flood.attrs[expandTerm('source')].value).toBe('simulator');
    const traffic = (
      await sql<Json>`select attrs from urban.entities where id = 'urn:ngsi-ld:TrafficFlowObserved:sim-traffic-0001'`.execute(
        db(),
      )
    ).rows[0].attrs;
    expect(traffic[expandTerm('intensity')].value).toBeGreaterThanOrEqual(0);
    expect(await sql<Json>`select count(*)::int as n from urban.dead_letters`.execute(db())).toMatchObject({
      rows: [{ n: 0 }],
    });
  }, 60_000);

  it('reuses its devices on the next run with a fresh secret, for the chosen domain only', async () => {
    const before = await messagesStored();
    const summary = await simulate(deps(), {
      devices: 2,
      rate: 20,
      seconds: 1,
      domains: ['transport'],
      broker: url,
    });
    expect(summary.acknowledged).toBeGreaterThan(0);
    expect(await waitFor(messagesStored, before + summary.acknowledged)).toBe(before + summary.acknowledged);
    const ids = (
      await sql<Json>`select id from urban.devices where id like 'sim-%' order by id`.execute(db())
    ).rows;
    expect(ids.map((row: Json) => row.id)).toContain('sim-parking-0001');
    expect(ids).toHaveLength(7);
    // The first run created them; this one rotated their secrets (nothing else could sign in as them).
    const actions = (
      await sql<Json>`select action, details from platform.audit_log where object_id = 'sim-traffic-0001' order by seq`.execute(
        db(),
      )
    ).rows;
    expect(actions.map((row: Json) => row.action)).toEqual([
      'urban.device.create',
      'urban.device.rotate-secret',
    ]);
  }, 60_000);

  it('never takes over a real device and refuses bad options', async () => {
    const ward = (await t.platform.org.units({ kind: 'ward' }))[0]!.id;
    await t.platform.urban.devices.create(systemActor('test'), {
      id: 'sim-water-0002',
      type: 'WaterQualityObserved',
      domain: 'water',
      unitId: ward,
    });
    await expect(
      simulate(deps(), { devices: 2, rate: 1, seconds: 1, domains: ['water'], broker: url }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(simulate(deps(), { devices: 1001, rate: 1, broker: url })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(simulate(deps(), { devices: 1, rate: 0, broker: url })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(
      simulate(deps(), { devices: 1, rate: 1, domains: ['health'], broker: url }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    const real = (
      await sql<Json>`select simulated from urban.devices where id = 'sim-water-0002'`.execute(db())
    ).rows[0];
    expect(real.simulated).toBe(false);
  }, 60_000);
});
