import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { anonymous } from '../../../platform/auth/principal.ts';
import { isoDateInHanoi } from '../../../platform/clock.ts';
import { expandTerm } from '../terms.ts';
import { urbanOpenData } from './index.ts';

/** The pilots' open datasets: daily aggregates by ward, no device data, demo labelled, followed by the portal. */
const now = new Date('2026-11-20T05:00:00Z');
const clock = { now: () => now, today: () => isoDateInHanoi(now) };
const FLOOD = 'do-thi-thong-minh-ngap-ung-theo-ngay';
const POWER = 'do-thi-thong-minh-dien-nang-theo-ngay';
let t: TestPlatform;
let wards: string[];
const db = () => t.platform.context.database.db;

async function device(id: string, type: string, unitId: string, simulated = false) {
  await sql`insert into urban.devices (id, domain, entity_id, entity_type, owner_agency_id, unit_id, lon, lat, status,
      secret_hash, simulated, created_at, updated_at)
    values (${id}, 'urban', ${`urn:ngsi-ld:${type}:${id}`}, ${expandTerm(type)}, 'so-xay-dung', ${unitId},
      105.8512, 21.0301, 'active', 'x', ${simulated}, ${now}, ${now})`.execute(db());
}
async function reading(id: string, type: string, attr: string, iso: string, value: number) {
  await sql`insert into urban.readings (entity_id, attr, observed_at, num, received_at)
    values (${`urn:ngsi-ld:${type}:${id}`}, ${expandTerm(attr)}, ${iso}, ${value}, ${iso})`.execute(db());
}
const csvOf = async (name: string) => {
  const seed = await urbanOpenData({ database: t.platform.context.database, clock, org: t.platform.org })[
    name
  ]!();
  return seed ? { seed, lines: seed.files[0]!.content.toString('utf8').trim().split('\r\n') } : null;
};

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  wards = (await t.platform.org.units({ kind: 'ward' })).slice(0, 2).map((u) => u.id);
  await device('flood-secret-1', 'FloodMonitoring', wards[0]!);
  await device('flood-secret-2', 'FloodMonitoring', wards[0]!);
  await device('flood-secret-3', 'FloodMonitoring', wards[1]!);
  // 18 Nov in Hanoi: ward 0 has two sensors, ward 1 one.
  await reading('flood-secret-1', 'FloodMonitoring', 'currentLevel', '2026-11-18T01:00:00Z', 0.2);
  await reading('flood-secret-1', 'FloodMonitoring', 'currentLevel', '2026-11-18T02:00:00Z', 0.4);
  await reading('flood-secret-2', 'FloodMonitoring', 'currentLevel', '2026-11-18T03:00:00Z', 0.9);
  await reading('flood-secret-3', 'FloodMonitoring', 'currentLevel', '2026-11-18T03:00:00Z', 0.1);
  // 17:30Z on the 18th is the 19th in Hanoi.
  await reading('flood-secret-3', 'FloodMonitoring', 'precipitation', '2026-11-18T17:30:00Z', 12);
  // Today (in progress) and 31 days ago: outside the window.
  await reading('flood-secret-1', 'FloodMonitoring', 'currentLevel', '2026-11-20T01:00:00Z', 5);
  await reading('flood-secret-1', 'FloodMonitoring', 'currentLevel', '2026-10-19T01:00:00Z', 5);
  // Electricity meters, simulated: two in a ward is too few to publish.
  for (const n of [1, 2]) {
    await device(`meter-${n}`, 'ACMeasurement', wards[0]!, true);
    await reading(`meter-${n}`, 'ACMeasurement', 'activePower', '2026-11-18T03:00:00Z', 100 * n);
  }
}, 400_000);
afterAll(() => t?.close());

describe('urban open datasets', () => {
  it('aggregates a pilot by Hanoi day and ward over the last 30 whole days, without device data', async () => {
    const result = await csvOf('urban.FloodMonitoring');
    expect(result!.lines[0]).toBe(
      'day,unit_id,unit_name,attribute,attribute_label,unit_of_measure,devices,readings,mean,min,max,simulated',
    );
    const rows = result!.lines.slice(1).map((line) => line.split(','));
    expect(rows.map((r) => [r[0], r[1], r[3], r[6], r[7], r[8], r[9], r[10], r[11]])).toEqual([
      ['2026-11-18', wards[0], 'currentLevel', '2', '3', '0.5', '0.2', '0.9', 'false'],
      ['2026-11-18', wards[1], 'currentLevel', '1', '1', '0.1', '0.1', '0.1', 'false'],
      ['2026-11-19', wards[1], 'precipitation', '1', '1', '12', '12', '12', 'false'],
    ]);
    const text = result!.lines.join('\n');
    expect(text).not.toContain('flood-secret');
    expect(text).not.toContain('105.85');
    expect(result!.seed.demo).toBe(false);
    expect(result!.seed.fields.titleVi).not.toContain('mô phỏng');
  });

  it('publishes nothing for a pilot without devices, or whose wards have too few meters', async () => {
    expect(await csvOf('urban.AirQualityObserved')).toBeNull();
    expect(await csvOf('urban.ACMeasurement')).toBeNull();
  });

  it('is followed by the portal: created, unchanged, then labelled simulated when its devices are', async () => {
    const portal = t.platform.data.portal;
    let outcomes = await portal.refresh();
    expect(outcomes[FLOOD]).toBe('created');
    expect(outcomes[POWER]).toBeUndefined();
    expect((await portal.refresh())[FLOOD]).toBe('unchanged');
    const flood = await portal.show(anonymous, FLOOD);
    expect(flood.demo).toBe(false);
    expect(flood.resources[0]!.schema?.primaryKey).toEqual(['day', 'unit_id', 'attribute']);

    await device('meter-3', 'ACMeasurement', wards[0]!, true);
    await reading('meter-3', 'ACMeasurement', 'activePower', '2026-11-18T04:00:00Z', 300);
    outcomes = await portal.refresh();
    expect(outcomes[POWER]).toBe('created');
    const power = await portal.show(anonymous, POWER);
    expect(power.demo).toBe(true);
    expect(power.titleVi).toContain('(mô phỏng / simulated)');
    const seed = (await csvOf('urban.ACMeasurement'))!;
    expect(seed.lines[1]).toMatch(/,activePower,.*,3,3,200,100,300,true$/);
  });
});
