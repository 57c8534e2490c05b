import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { isoDateInHanoi } from '../../../platform/clock.ts';
import type { ComputedSource } from '../../../platform/kpi.ts';
import { parsePeriod } from '../../../platform/period.ts';
import { expandTerm } from '../terms.ts';
import { GOOD_AIR_DAYS } from './air.ts';
import { urbanKpiSources } from './index.ts';
import { ACKNOWLEDGE_MEDIAN, DISPATCH_MEDIAN, FLOOD_ON_TIME } from './response.ts';
import { DEVICE_UPTIME } from './uptime.ts';

/** The pilots' KPIs over hand-made devices, readings, alerts and incidents, with figures worked by hand. */
const now = new Date('2026-11-20T05:00:00Z'); // 12:00 in Hanoi
const clock = { now: () => now, today: () => isoDateInHanoi(now) };
const november = parsePeriod('202611');
let t: TestPlatform;
let sources: Map<string, ComputedSource>;
let registered: Map<string, { description: { vi: string; en: string } }>;
const db = () => t.platform.context.database.db;
const at = (iso: string, minutes = 0) => new Date(Date.parse(iso) + minutes * 60_000);

async function device(
  id: string,
  type: string,
  options: { simulated?: boolean; status?: string; created: string },
) {
  await sql`insert into urban.devices (id, domain, entity_id, entity_type, owner_agency_id, unit_id, status,
      secret_hash, simulated, created_at, updated_at)
    values (${id}, 'urban', ${`urn:ngsi-ld:${type}:${id}`}, ${expandTerm(type)}, 'so-xay-dung', 'hanoi',
      ${options.status ?? 'active'}, 'x', ${options.simulated ?? false}, ${options.created}, ${options.created})`.execute(
    db(),
  );
}
async function readings(id: string, type: string, attr: string, values: [Date, number][]) {
  for (const [observed, value] of values)
    await sql`insert into urban.readings (entity_id, attr, observed_at, num, received_at)
      values (${`urn:ngsi-ld:${type}:${id}`}, ${expandTerm(attr)}, ${observed}, ${value}, ${observed})`.execute(
      db(),
    );
}
/** 24 hourly PM2.5 readings (or fewer) of one Hanoi day. */
const day = (date: string, value: number, hours = 24): [Date, number][] =>
  Array.from({ length: hours }, (_, h) => [at(`${date}T00:30:00+07:00`, h * 60), value]);

async function alert(
  id: string,
  type: string,
  sent: string,
  steps: { ack?: number; dispatch?: number; deadline?: number; resolved?: number; test?: boolean },
) {
  const sentAt = new Date(sent);
  const minutes = (m: number | undefined) => (m === undefined ? null : at(sent, m));
  await sql`insert into urban.alerts (id, entity_id, entity_type, unit_id, agency_id, severity, value, sent_at, cap)
    values (${id}, ${`urn:ngsi-ld:${type}:x`}, ${expandTerm(type)}, 'hanoi', 'so-xay-dung', 'Severe', '{}', ${sentAt},
      ${JSON.stringify({ status: steps.test ? 'Test' : 'Actual' })})`.execute(db());
  await sql`insert into urban.incidents (id, alert_id, state, agency_id, deadline, opened_at, acknowledged_at,
      dispatched_at, resolved_at, modified_at)
    values (${`i-${id}`}, ${id}, 'new', 'so-xay-dung', ${minutes(steps.deadline)}, ${sentAt}, ${minutes(steps.ack)},
      ${minutes(steps.dispatch)}, ${minutes(steps.resolved)}, ${sentAt})`.execute(db());
}

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  registered = new Map(t.platform.metrics.sources().map((s) => [s.name, s]));
  sources = new Map(
    urbanKpiSources({ database: t.platform.context.database, clock }).map((s) => [s.name, s]),
  );

  // Uptime. A flood sensor (15 min) since 03:00Z: 8 intervals until now, readings in 6 of them.
  await device('flood-a', 'FloodMonitoring', { created: '2026-11-20T03:00:00Z' });
  await readings(
    'flood-a',
    'FloodMonitoring',
    'currentLevel',
    [0, 5, 15, 35, 50, 65, 80, 130].map((m) => [at('2026-11-20T03:00:00Z', m), 0.1]),
  );
  // After now: not yet due.
  await readings('flood-a', 'FloodMonitoring', 'precipitation', [[at('2026-11-20T05:10:00Z'), 1]]);
  // A simulated air station (60 min) since 02:30Z: whole intervals 03:00 and 04:00, a reading in one.
  await device('air-b', 'AirQualityObserved', { simulated: true, created: '2026-11-20T02:30:00Z' });
  await readings('air-b', 'AirQualityObserved', 'pm25', [
    [at('2026-11-20T02:40:00Z'), 10],
    [at('2026-11-20T03:10:00Z'), 10],
  ]);
  // Retired and maintenance devices are not counted.
  await device('flood-c', 'FloodMonitoring', { status: 'retired', created: '2026-11-01T00:00:00Z' });
  await device('air-d', 'AirQualityObserved', { status: 'maintenance', created: '2026-11-20T04:00:00Z' });

  // Good air. PM2.5 daily means: 20 (VN_AQI 40, good), 30 (60), 25.2 (50.4 → 50, good); 10 hours only: no day.
  await readings('air-b', 'AirQualityObserved', 'pm25', [...day('2026-11-05', 20), ...day('2026-11-06', 30)]);
  await readings('air-b', 'AirQualityObserved', 'pm25', day('2026-11-07', 5, 10));
  await readings('air-d', 'AirQualityObserved', 'pm25', day('2026-11-05', 25.2));

  // Response. Acknowledged after 10, 20, 60, 5 minutes (median 15); dispatched after 30, 40, 10 (median 30).
  await alert('a1', 'FloodMonitoring', '2026-11-10T00:00:00Z', {
    ack: 10,
    dispatch: 30,
    deadline: 90,
    resolved: 80,
  });
  await alert('a2', 'FloodMonitoring', '2026-11-11T00:00:00Z', {
    ack: 20,
    dispatch: 40,
    deadline: 70,
    resolved: 85,
    test: true,
  });
  await alert('a3', 'AirQualityObserved', '2026-11-12T00:00:00Z', { ack: 60 });
  // Deadline still ahead and unresolved: no outcome yet.
  await alert('a5', 'FloodMonitoring', '2026-11-20T04:30:00Z', { ack: 5, dispatch: 10, deadline: 40 });
  // Last month: outside the period.
  await alert('a4', 'FloodMonitoring', '2026-10-30T00:00:00Z', { ack: 1000, dispatch: 1000 });
}, 400_000);
afterAll(() => t?.close());

const compute = (name: string) => sources.get(name)!.compute(november, null);

describe('urban KPIs', () => {
  it('are registered with the metrics module and say they cover this platform’s devices', () => {
    for (const name of [DEVICE_UPTIME, ACKNOWLEDGE_MEDIAN, DISPATCH_MEDIAN, FLOOD_ON_TIME, GOOD_AIR_DAYS]) {
      const source = registered.get(name);
      expect(source, name).toBeDefined();
      expect(source!.description.vi).toContain('nền tảng này');
      expect(source!.description.en).toContain("this platform's devices");
    }
  });

  it('measures device uptime over whole expected intervals, flagging simulated devices', async () => {
    const value = await compute(DEVICE_UPTIME);
    expect(value).toMatchObject({ numerator: 7, denominator: 10, value: 70, demo: true });
    expect(value.note?.en).toContain('1/2');
  });

  it('measures the median minutes to acknowledgement and to dispatch', async () => {
    expect(await compute(ACKNOWLEDGE_MEDIAN)).toMatchObject({ value: 15, denominator: 4, demo: true });
    expect(await compute(DISPATCH_MEDIAN)).toMatchObject({ value: 30, denominator: 3, demo: true });
    const october = await sources.get(ACKNOWLEDGE_MEDIAN)!.compute(parsePeriod('202610'), null);
    expect(october).toMatchObject({ value: 1000, denominator: 1, demo: false });
    expect((await sources.get(DISPATCH_MEDIAN)!.compute(parsePeriod('202609'), null)).value).toBeNull();
  });

  it('measures flood incidents resolved by their deadline, once their outcome is known', async () => {
    expect(await compute(FLOOD_ON_TIME)).toMatchObject({
      numerator: 1,
      denominator: 2,
      value: 50,
      demo: true,
    });
  });

  it('measures station-days of good air by the VN_AQI of the daily PM2.5 mean', async () => {
    const value = await compute(GOOD_AIR_DAYS);
    expect(value).toMatchObject({ numerator: 2, denominator: 3, demo: true });
    expect(value.value).toBeCloseTo(66.667, 2);
    expect(value.note?.vi).toContain('2/3');
  });
});
