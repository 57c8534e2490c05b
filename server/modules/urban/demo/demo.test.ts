import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { isoDateInHanoi } from '../../../platform/clock.ts';
import { createRulesService } from '../alerts/rules.service.ts';
import { createOutagesService } from '../outages/outages.service.ts';
import { seedUrbanDemo } from './seed.ts';

/** The urban demo seed (idempotent, simulated, through the ingestion's writer) and the public sensor API. */
// biome-ignore lint/suspicious/noExplicitAny: assertions read whatever JSON the API answers.
type Json = any;

let t: TestPlatform;
// A fixed clock: seeding twice must add nothing, even across a 20-minute step.
const fixed = new Date();
const clock = { now: () => fixed, today: () => isoDateInHanoi(fixed) };

const seed = () =>
  seedUrbanDemo(t.platform.context, {
    org: t.platform.org,
    devices: t.platform.urban.devices,
    outages: createOutagesService({
      db: t.platform.context.database.db,
      audit: t.platform.context.audit,
      clock,
      org: t.platform.org,
    }),
    changes: t.platform.urban.changes,
    ensurePartitions: t.platform.urban.ingest.ensurePartitions,
    drainAlerts: t.platform.urban.drainAlerts,
    rules: createRulesService({
      db: t.platform.context.database.db,
      audit: t.platform.context.audit,
      clock,
      org: t.platform.org,
      changed: () => {},
    }),
  });

const counts = async () =>
  (
    await sql<Json>`select
      (select count(*)::int from urban.devices where simulated) as devices,
      (select count(*)::int from urban.devices where not simulated) as real_devices,
      (select count(*)::int from urban.readings) as readings,
      (select count(*)::int from urban.alert_rules) as rules,
      (select count(*)::int from urban.outage_notices where simulated) as outages,
      (select count(*)::int from urban.outage_notices where not simulated) as real_outages,
      (select count(*)::int from urban.entities where not simulated) as real_entities`.execute(
      t.platform.context.database.db,
    )
  ).rows[0];

beforeAll(async () => {
  t = await createTestPlatform({ clock });
}, 400_000);
afterAll(() => t?.close());

const get = async (url: string) => {
  const response = await t.server.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Json;
};

describe('urban demo seed', () => {
  it('creates a simulated fleet with 24 hours of readings, rules and notices, and adds nothing the second time', async () => {
    await seed();
    const first = await counts();
    expect(first).toMatchObject({
      devices: 14,
      real_devices: 0,
      rules: 6,
      outages: 6,
      real_outages: 0,
      real_entities: 0,
    });
    // 14 devices, 73 readings (24 h every 20 minutes), 2 to 4 attributes each.
    expect(first.readings).toBeGreaterThan(14 * 73 * 2);
    await seed();
    expect(await counts()).toEqual(first);
    const audit = await sql<Json>`select actor_kind, actor_label, action from platform.audit_log
      where action in ('urban.device.create', 'urban.alert-rule.create', 'urban.outage.create')`.execute(
      t.platform.context.database.db,
    );
    expect(audit.rows).toHaveLength(14 + 6 + 6);
    expect(new Set(audit.rows.map((row) => `${row.actor_kind}:${row.actor_label}`))).toEqual(
      new Set(['system:seed:urban']),
    );
  });

  it('shows the seeded readings on the public API, labelled simulated', async () => {
    const air = await get('/api/urban/public/air-quality');
    expect(air.total).toBe(2);
    expect(air.simulated).toBe(true);
    for (const station of air.items) {
      expect(station).toMatchObject({ simulated: true, unitName: { vi: expect.any(String) } });
      expect(station.aqi).toBeGreaterThan(0);
      expect(station.color).toMatch(/^#[0-9a-f]{6}$/);
      expect(station.category.vi).toBeTruthy();
      expect(station.advice.general.en).toBeTruthy();
      expect(Date.parse(station.observedAt)).toBeLessThanOrEqual(fixed.getTime());
    }
    const floods = await get('/api/urban/public/flood-levels');
    expect(floods.items.map((item: Json) => item.name)).toContain('Phố Nguyễn Khuyến');
    for (const street of floods.items) {
      expect(street.threshold).toBe(0.3);
      expect(street.flooded).toBe(street.currentLevel >= 0.3);
    }
    const parking = await get('/api/urban/public/parking?unitId=comm-00070');
    expect(parking.items).toHaveLength(1);
    expect(parking.items[0].availableSpotNumber).toBeLessThanOrEqual(parking.items[0].totalSpotNumber);
    const outages = await get('/api/urban/public/outages');
    expect(outages.simulated).toBe(true);
    expect(outages.items.map((item: Json) => item.state)).toEqual(
      expect.arrayContaining(['current', 'upcoming']),
    );
    // Water-quality points and substations are not public.
    for (const url of ['/api/urban/public/water-quality', '/api/urban/public/substations']) {
      expect((await t.server.inject({ method: 'GET', url })).statusCode).toBe(404);
    }
    const invalid = await t.server.inject({ method: 'GET', url: '/api/urban/public/air-quality?limit=1000' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['content-type']).toContain('application/problem+json');
    expect((invalid.json() as Json).errors[0]).toMatchObject({ path: 'querystring.limit' });
  });
});
