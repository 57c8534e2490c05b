import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCitizen } from '../../../../test/support/citizens.ts';
import { type OfficialSession, signInOfficial } from '../../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { seedDemoOfficials } from '../../../demo/officials.ts';
import { createIocStore } from './ioc.store.ts';
import { createLiveHub } from './live.ts';

/** The operations centre's reads, its denials, the public map's limits, and the live hub. */
// biome-ignore lint/suspicious/noExplicitAny: assertions read whatever JSON the API answers.
type Json = any;

let t: TestPlatform;
let ioc: OfficialSession;
let healthAdmin: OfficialSession;
let citizen: Record<string, string>;
let wards: string[];
const json = { 'content-type': 'application/json' };
const now = Date.now();
/** Minute-aligned instants in the last two hours, so 15-minute buckets are predictable. */
const base = Math.floor((now - 2 * 3_600_000) / 900_000) * 900_000;
const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();

const devices = [
  { id: 'ioc-flood-0', type: 'FloodMonitoring', domain: 'urban', ward: 0 },
  { id: 'ioc-flood-1', type: 'FloodMonitoring', domain: 'urban', ward: 1 },
  { id: 'ioc-flood-2', type: 'FloodMonitoring', domain: 'urban', ward: 1 },
  { id: 'ioc-water-0', type: 'WaterQualityObserved', domain: 'water', ward: 0 },
] as const;
const entityOf = (device: (typeof devices)[number]) => `urn:ngsi-ld:${device.type}:${device.id}`;

async function observe(device: (typeof devices)[number], attr: string, points: [number, number][]) {
  const response = await ioc.request({
    method: 'POST',
    url: `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(entityOf(device))}/attrs`,
    headers: json,
    payload: {
      [attr]: points.map(([minute, value]) => ({ type: 'Property', value, observedAt: at(minute) })),
    },
  });
  expect(response.statusCode, response.body).toBe(204);
}

beforeAll(async () => {
  t = await createTestPlatform();
  await t.platform.population.ensureGenerated(30);
  await seedDemoOfficials({
    org: t.platform.org,
    identity: t.platform.identity,
    log: t.platform.context.log,
  });
  [ioc, healthAdmin] = await Promise.all([
    signInOfficial(t, 'ioc.hanoi'),
    signInOfficial(t, 'quantri.soyte'),
  ]);
  citizen = (await signInCitizen(t)).headers;
  wards = (await t.platform.org.units({ kind: 'ward' })).slice(0, 2).map((unit) => unit.id);
  for (const device of devices) {
    const response = await ioc.request({
      method: 'POST',
      url: '/api/urban/devices',
      payload: {
        id: device.id,
        type: device.type,
        domain: device.domain,
        unitId: wards[device.ward],
        lon: 105.85,
        lat: 21.03,
      },
    });
    expect(response.statusCode, response.body).toBe(201);
  }
  const rule = await ioc.request({
    method: 'POST',
    url: '/api/urban/alert-rules',
    payload: {
      id: 'ioc-ngap',
      nameVi: 'Ngập sâu',
      nameEn: 'Deep water',
      entityType: 'FloodMonitoring',
      condition: { kind: 'threshold', attr: 'currentLevel', op: '>', value: 0.5 },
      category: 'Met',
      eventVi: 'Ngập úng',
      eventEn: 'Flooding',
      severity: 'Severe',
      urgency: 'Immediate',
      certainty: 'Observed',
      agencyId: 'so-xay-dung',
      responseMinutes: 30,
    },
  });
  expect(rule.statusCode, rule.body).toBe(201);
  // Device 0: 0.1 then 0.3 in the first bucket, 0.7 (over the threshold) in the second.
  await observe(devices[0], 'currentLevel', [
    [1, 0.1],
    [5, 0.3],
    [20, 0.7],
  ]);
  await observe(devices[1], 'currentLevel', [[2, 0.2]]);
  await observe(devices[2], 'currentLevel', [[3, 0.4]]);
  await observe(devices[3], 'freeChlorine', [[4, 0.5]]);
  await t.platform.urban.drainAlerts();
  // Device 2 last reported an hour ago: silent.
  await sql`update urban.entities set modified_at = ${new Date(now - 3_600_000)} where id = ${entityOf(devices[2])}`.execute(
    t.platform.context.database.db,
  );
}, 400_000);
afterAll(() => t?.close());

const get = async (session: OfficialSession, url: string) => {
  const response = await session.request({ url });
  return { status: response.statusCode, body: response.json() as Json };
};

describe('operations centre API', () => {
  it('shows each device with its state: alerting, silent or reporting', async () => {
    const { status, body } = await get(ioc, '/api/urban/ioc/devices?domain=urban');
    expect(status).toBe(200);
    const state = Object.fromEntries(body.items.map((item: Json) => [item.id, item.state]));
    expect(state).toEqual({ 'ioc-flood-0': 'alert', 'ioc-flood-1': 'ok', 'ioc-flood-2': 'silent' });
    const first = body.items.find((item: Json) => item.id === 'ioc-flood-0');
    expect(first).toMatchObject({ type: 'FloodMonitoring', unitId: wards[0], values: { currentLevel: 0.7 } });
  });

  it('counts devices, alerts and incidents for the tiles', async () => {
    const { body } = await get(ioc, '/api/urban/ioc/overview');
    expect(body.devices).toEqual(
      expect.arrayContaining([
        { domain: 'urban', total: 3, reporting: 2, simulated: 0 },
        { domain: 'water', total: 1, reporting: 1, simulated: 0 },
      ]),
    );
    expect(body.activeAlerts).toEqual({ Severe: 1 });
    expect(body.openIncidents).toEqual({ new: 1 });
  });

  it('draws a ward choropleth from the latest values', async () => {
    const { body } = await get(ioc, '/api/urban/ioc/wards?indicator=FloodMonitoring.currentLevel');
    const byUnit = Object.fromEntries(body.items.map((item: Json) => [item.unitId, item]));
    expect(byUnit[wards[0]!]).toMatchObject({ value: 0.7, devices: 1 });
    expect(byUnit[wards[1]!].value).toBeCloseTo(0.3, 10);
    expect(byUnit[wards[1]!].devices).toBe(2);
  });

  it('answers time series per device and per ward in buckets', async () => {
    const device = await get(
      ioc,
      `/api/urban/ioc/series?indicator=FloodMonitoring.currentLevel&entityId=${encodeURIComponent(entityOf(devices[0]))}&hours=3&step=15`,
    );
    expect(device.status).toBe(200);
    expect(device.body.points.map((p: Json) => [p.at, p.max])).toEqual([
      [at(0), 0.3],
      [at(15), 0.7],
    ]);
    expect(device.body.points[0].avg).toBeCloseTo(0.2, 10);
    const ward = await get(
      ioc,
      `/api/urban/ioc/series?indicator=FloodMonitoring.currentLevel&unitId=${wards[1]}&hours=3&step=60`,
    );
    expect(ward.body.points).toHaveLength(1);
    expect(ward.body.points[0].avg).toBeCloseTo(0.3, 10);
  });

  it('replays the last hours by ward with the alerts of the window', async () => {
    const { body } = await get(
      ioc,
      '/api/urban/ioc/replay?indicator=FloodMonitoring.currentLevel&hours=24&step=15',
    );
    expect(body.frames[0].at).toBe(at(0));
    expect(Object.keys(body.frames[0].values).sort()).toEqual([...wards].sort());
    expect(body.frames[0].values[wards[0]!]).toBeCloseTo(0.2, 10);
    expect(body.frames[0].values[wards[1]!]).toBeCloseTo(0.3, 10);
    expect(body.alerts).toHaveLength(1);
    expect(body.alerts[0]).toMatchObject({
      entityId: entityOf(devices[0]),
      severity: 'Severe',
      clearedAt: null,
    });
  });

  it('refuses bad parameters with a bilingual problem and nothing else', async () => {
    for (const url of [
      '/api/urban/ioc/wards?indicator=Nope.x',
      '/api/urban/ioc/wards?indicator=drop%20table',
      '/api/urban/ioc/series?indicator=FloodMonitoring.currentLevel',
      '/api/urban/ioc/series?indicator=FloodMonitoring.currentLevel&unitId=x&step=7',
      '/api/urban/ioc/replay?indicator=FloodMonitoring.currentLevel&hours=168&step=1',
      '/api/urban/ioc/devices?domain=space',
    ]) {
      const response = await ioc.request({ url });
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const problem = response.json() as Json;
      expect(problem.title ?? problem.detail, url).toBeTruthy();
    }
  });

  it('is for operators only: citizens, other officials and anonymous callers are refused', async () => {
    for (const url of ['/api/urban/ioc/devices', '/api/urban/ioc/overview', '/api/urban/ioc/stream']) {
      expect((await t.server.inject({ url })).statusCode, url).toBe(401);
      expect((await t.server.inject({ url, headers: citizen })).statusCode, url).toBe(403);
      expect((await healthAdmin.request({ url })).statusCode, url).toBe(403);
    }
  });
});

describe('public map', () => {
  it('shows only the public layers: no water-quality points or substations', async () => {
    const layers = (await t.server.inject({ url: '/api/urban/public/map/layers' })).json() as Json;
    expect(layers.items.map((layer: Json) => layer.domain).sort()).toEqual([
      'environment',
      'transport',
      'urban',
    ]);
    const all = (await t.server.inject({ url: '/api/urban/public/map/devices' })).json() as Json;
    expect(all.items.map((item: Json) => item.id).sort()).toEqual([
      'ioc-flood-0',
      'ioc-flood-1',
      'ioc-flood-2',
    ]);
    const water = await t.server.inject({ url: '/api/urban/public/map/devices?domain=water' });
    expect((water.json() as Json).items).toEqual([]);
    const hidden = await t.server.inject({
      url: '/api/urban/public/map/wards?indicator=WaterQualityObserved.freeChlorine',
    });
    expect(hidden.statusCode).toBe(400);
    const open = await t.server.inject({
      url: '/api/urban/public/map/wards?indicator=FloodMonitoring.currentLevel',
    });
    expect(open.statusCode).toBe(200);
  });

  it('pages devices in id order, every device once, and refuses a bad page without a 500', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await t.server.inject({
        url: `/api/urban/public/map/devices?limit=2${after ? `&after=${after}` : ''}`,
      });
      expect(page.statusCode).toBe(200);
      const body = page.json() as Json;
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((item: Json) => item.id));
      after = body.next;
      pages += 1;
    } while (after);
    expect(pages).toBe(2);
    expect(seen).toEqual(['ioc-flood-0', 'ioc-flood-1', 'ioc-flood-2']);
    for (const query of ['limit=0', 'limit=2001', 'limit=x', 'after=%27%20or%201=1', 'after=a']) {
      const bad = await t.server.inject({ url: `/api/urban/public/map/devices?${query}` });
      expect(bad.statusCode, query).toBe(400);
      expect(bad.headers['content-type'], query).toContain('application/problem+json');
    }
  });
});

describe('live hub', () => {
  it('sends changed devices to operators and the public, and alerts raised by any instance', async () => {
    const store = createIocStore(t.platform.context.database.db);
    const hub = createLiveHub({
      store,
      changes: t.platform.urban.changes,
      clock: t.platform.context.clock,
      log: t.platform.context.log,
      intervalMs: 50,
    });
    const operator: [string, Json][] = [];
    const visitor: [string, Json][] = [];
    const stopOperator = hub.subscribe({
      audience: 'operator',
      send: (event, data) => operator.push([event, data]),
    });
    const stopVisitor = hub.subscribe({
      audience: 'public',
      send: (event, data) => visitor.push([event, data]),
    });
    await observe(devices[1], 'currentLevel', [[30, 0.9]]);
    await observe(devices[3], 'freeChlorine', [[30, 0.2]]);
    await t.platform.urban.drainAlerts();
    const until = Date.now() + 10_000;
    const done = () =>
      operator.some(([event]) => event === 'alert') &&
      operator.some(
        ([event, data]) => event === 'devices' && data.some((item: Json) => item.id === 'ioc-water-0'),
      );
    while (Date.now() < until && !done()) await new Promise((resolve) => setTimeout(resolve, 50));
    stopOperator();
    stopVisitor();
    hub.stop();
    const ids = (events: [string, Json][]) =>
      events
        .filter(([event]) => event === 'devices')
        .flatMap(([, items]) => items.map((item: Json) => item.id));
    expect(ids(operator)).toEqual(expect.arrayContaining(['ioc-flood-1', 'ioc-water-0']));
    expect(ids(visitor)).toContain('ioc-flood-1');
    expect(ids(visitor)).not.toContain('ioc-water-0');
    const alert = operator.find(([event]) => event === 'alert')?.[1];
    expect(alert).toMatchObject({ entityId: entityOf(devices[1]), severity: 'Severe', cleared: false });
    expect(operator.some(([event]) => event === 'incident')).toBe(true);
    expect(visitor.some(([event]) => event === 'incident')).toBe(false);
    expect(hub.watchers).toBe(0);
  });
});
