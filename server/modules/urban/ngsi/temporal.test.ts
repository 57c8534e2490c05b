import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfficialSession, signInOfficial } from '../../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { seedDemoOfficials } from '../../../demo/officials.ts';

/**
 * The temporal API against readings whose expected answers are computed here from the very
 * values posted: time windows, lastN, temporalValues and every aggregation method per hour.
 */
let t: TestPlatform;
let operator: OfficialSession;
let reporter: OfficialSession;

const ETSI = 'https://uri.etsi.org/ngsi-ld/errors/';
const ID = 'urn:ngsi-ld:WaterQualityObserved:test-wq-1';
const START = Date.parse('2025-07-01T00:00:00Z');
const STEP = 10 * 60_000; // one instance every 10 minutes, for three days
const COUNT = 3 * 24 * 6;
// Deterministic, irregular values (a few repeats so distinctCount differs from totalCount).
const valueAt = (i: number) => Math.round((7 + Math.sin(i / 7) + ((i * 37) % 11) / 10) * 10) / 10;
const instants = Array.from({ length: COUNT }, (_, i) => ({
  at: new Date(START + i * STEP).toISOString(),
  value: valueAt(i),
}));

const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  // Only what these tests need: the demo officials (not every module's demo data).
  t = await createTestPlatform();
  await seedDemoOfficials({
    org: t.platform.org,
    identity: t.platform.identity,
    log: t.platform.context.log,
  });
  operator = await signInOfficial(t, 'ioc.hanoi');
  reporter = await signInOfficial(t, 'baocao.soyte');
  const created = await operator.request({
    method: 'POST',
    url: '/ngsi-ld/v1/temporal/entities',
    headers: json,
    payload: {
      id: ID,
      type: 'WaterQualityObserved',
      pH: instants.map((instant) => ({ type: 'Property', value: instant.value, observedAt: instant.at })),
      status: [
        { type: 'Property', value: 'ok', observedAt: instants[0]?.at },
        { type: 'Property', value: 'alarm', observedAt: instants[100]?.at },
      ],
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  expect(created.headers.location).toBe(`/ngsi-ld/v1/temporal/entities/${ID}`);
}, 400_000);

afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  t.server.inject({ method: 'GET', url, headers });

describe('temporal queries', () => {
  it('returns the instances of a window, oldest first, with the latest state updated', async () => {
    const from = instants[10]?.at as string;
    const to = instants[20]?.at as string;
    const response = await get(
      `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(ID)}?attrs=pH&timerel=between&timeAt=${from}&endTimeAt=${to}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers.link).toContain('rel="http://www.w3.org/ns/json-ld#context"');
    const body = response.json();
    expect(body.id).toBe(ID);
    expect(body.type).toBe('WaterQualityObserved');
    expect(body.status).toBeUndefined();
    expect(body.pH).toEqual(
      instants
        .slice(10, 20)
        .map((instant) => ({ type: 'Property', value: instant.value, observedAt: instant.at })),
    );
    const latest = await sql<{ attrs: Record<string, { value: unknown; observedAt: string }> }>`
      select attrs from urban.entities where id = ${ID}`.execute(t.platform.context.database.db);
    const pH = Object.entries(latest.rows[0]?.attrs ?? {}).find(([name]) => name.endsWith('pH'))?.[1];
    expect(pH?.value).toBe(instants[COUNT - 1]?.value);
    expect(pH?.observedAt).toBe(instants[COUNT - 1]?.at);
  });

  it('answers before and after, and lastN as the newest instances in time order', async () => {
    const pivot = instants[50]?.at as string;
    const before = (
      await get(
        `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(ID)}?attrs=pH&timerel=before&timeAt=${pivot}`,
      )
    ).json();
    expect(before.pH).toHaveLength(50);
    const after = (
      await get(
        `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(ID)}?attrs=pH&timerel=after&timeAt=${pivot}&lastN=3`,
      )
    ).json();
    expect(after.pH.map((i: { observedAt: string }) => i.observedAt)).toEqual(
      instants.slice(COUNT - 3).map((instant) => instant.at),
    );
    const values = (
      await get(`/ngsi-ld/v1/temporal/entities/${encodeURIComponent(ID)}?lastN=2&options=temporalValues`)
    ).json();
    expect(values.pH).toEqual({
      type: 'Property',
      values: instants.slice(COUNT - 2).map((instant) => [instant.value, instant.at]),
    });
    expect(values.status).toEqual({
      type: 'Property',
      values: [
        ['ok', instants[0]?.at],
        ['alarm', instants[100]?.at],
      ],
    });
  });

  it('aggregates per hour with every method, as computed from the posted values', async () => {
    const dayStart = instants[144]?.at as string; // the second day
    const dayEnd = new Date(Date.parse(dayStart) + 86_400_000).toISOString();
    const response = await get(
      `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(ID)}?attrs=pH&options=aggregatedValues&aggrMethods=totalCount,distinctCount,sum,avg,min,max,stddev,sumsq&aggrPeriodDuration=PT1H&timerel=between&timeAt=${dayStart}&endTimeAt=${dayEnd}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const pH = response.json().pH;
    expect(pH.type).toBe('Property');
    expect(pH.avg).toHaveLength(24);
    for (let hour = 0; hour < 24; hour++) {
      const values = instants.slice(144 + hour * 6, 144 + hour * 6 + 6).map((instant) => instant.value);
      const sum = values.reduce((a, b) => a + b, 0);
      const avg = sum / values.length;
      const stddev = Math.sqrt(values.reduce((a, b) => a + (b - avg) ** 2, 0) / (values.length - 1));
      const start = new Date(Date.parse(dayStart) + hour * 3_600_000).toISOString();
      const end = new Date(Date.parse(dayStart) + (hour + 1) * 3_600_000).toISOString();
      expect(pH.totalCount[hour]).toEqual([6, start, end]);
      expect(pH.distinctCount[hour][0]).toBe(new Set(values).size);
      expect(pH.sum[hour][0]).toBeCloseTo(sum, 9);
      expect(pH.avg[hour][0]).toBeCloseTo(avg, 9);
      expect(pH.min[hour][0]).toBe(Math.min(...values));
      expect(pH.max[hour][0]).toBe(Math.max(...values));
      expect(pH.stddev[hour][0]).toBeCloseTo(stddev, 9);
      expect(pH.sumsq[hour][0]).toBeCloseTo(
        values.reduce((a, b) => a + b * b, 0),
        9,
      );
    }
  });

  it('aggregates by day from timeAt, and over the whole window without a period', async () => {
    const response = await get(
      `/ngsi-ld/v1/temporal/entities?type=WaterQualityObserved&attrs=pH&options=aggregatedValues&aggrMethods=max,totalCount&aggrPeriodDuration=P1D&timerel=after&timeAt=${instants[0]?.at}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const [entity] = response.json();
    expect(entity.pH.totalCount.map((bucket: unknown[]) => bucket[0])).toEqual([144, 144, 144]);
    expect(entity.pH.max[1][0]).toBe(Math.max(...instants.slice(144, 288).map((i) => i.value)));
    const whole = (
      await get(
        `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(ID)}?attrs=pH&options=aggregatedValues&aggrMethods=totalCount&timerel=before&timeAt=${instants[30]?.at}`,
      )
    ).json();
    expect(whole.pH.totalCount).toHaveLength(1);
    expect(whole.pH.totalCount[0][0]).toBe(30);
  });

  it('selects entities by type, q, idPattern, with count and paging', async () => {
    const other = await operator.request({
      method: 'POST',
      url: '/ngsi-ld/v1/temporal/entities',
      headers: json,
      payload: {
        id: 'urn:ngsi-ld:WaterQualityObserved:test-wq-2',
        type: 'WaterQualityObserved',
        pH: { type: 'Property', value: 6.1, observedAt: '2025-07-02T00:00:00Z' },
      },
    });
    expect(other.statusCode, other.body).toBe(201);
    const all = await get(
      '/ngsi-ld/v1/temporal/entities?type=WaterQualityObserved&lastN=1&count=true&limit=1',
    );
    expect(all.headers['ngsild-results-count']).toBe('2');
    expect(all.json()[0].id).toBe(ID);
    expect(all.json()).toHaveLength(1);
    const low = (
      await get('/ngsi-ld/v1/temporal/entities?type=WaterQualityObserved&q=pH<6.5&lastN=1')
    ).json();
    expect(low.map((e: { id: string }) => e.id)).toEqual(['urn:ngsi-ld:WaterQualityObserved:test-wq-2']);
    const pattern = (await get('/ngsi-ld/v1/temporal/entities?idPattern=test-wq-1$&lastN=1')).json();
    expect(pattern.map((e: { id: string }) => e.id)).toEqual([ID]);
    // Geo-queries select on the latest state's location (the core's query), history comes after.
    const placed = await operator.request({
      method: 'POST',
      url: '/ngsi-ld/v1/entities',
      headers: json,
      payload: {
        id: 'urn:ngsi-ld:WaterQualityObserved:test-wq-geo',
        type: 'WaterQualityObserved',
        location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [105.8522, 21.0287] } },
      },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const geoAppend = await operator.request({
      method: 'POST',
      url: `/ngsi-ld/v1/temporal/entities/${encodeURIComponent('urn:ngsi-ld:WaterQualityObserved:test-wq-geo')}/attrs`,
      headers: json,
      payload: { pH: { value: 7.7, observedAt: '2025-07-02T00:00:00Z' } },
    });
    expect(geoAppend.statusCode, geoAppend.body).toBe(204);
    const near = await get(
      '/ngsi-ld/v1/temporal/entities?type=WaterQualityObserved&attrs=pH&georel=near;maxDistance==1000&geometry=Point&coordinates=[105.85,21.03]',
    );
    expect(near.statusCode, near.body).toBe(200);
    expect(near.json()).toEqual([
      {
        id: 'urn:ngsi-ld:WaterQualityObserved:test-wq-geo',
        type: 'WaterQualityObserved',
        pH: [{ type: 'Property', value: 7.7, observedAt: '2025-07-02T00:00:00.000Z' }],
      },
    ]);
    const ld = await get('/ngsi-ld/v1/temporal/entities?type=WaterQualityObserved&lastN=1', {
      accept: 'application/ld+json',
    });
    expect(ld.headers['content-type']).toContain('application/ld+json');
    expect(ld.json()[0]['@context']).toBeDefined();
  });

  it('appends to an attribute, deletes an attribute and the entity', async () => {
    const id = 'urn:ngsi-ld:WaterQualityObserved:test-wq-2';
    const url = `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(id)}`;
    const appended = await operator.request({
      method: 'POST',
      url: `${url}/attrs`,
      headers: json,
      payload: {
        pH: [{ value: 6.3, observedAt: '2025-07-02T01:00:00Z' }],
        turbidity: { value: 2, observedAt: '2025-07-02T01:00:00Z' },
      },
    });
    expect(appended.statusCode, appended.body).toBe(204);
    expect((await get(`${url}?attrs=pH`)).json().pH).toHaveLength(2);
    expect((await operator.request({ method: 'DELETE', url: `${url}/attrs/turbidity` })).statusCode).toBe(
      204,
    );
    expect((await get(url)).json().turbidity).toBeUndefined();
    const missing = await operator.request({ method: 'DELETE', url: `${url}/attrs/turbidity` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().type).toBe(`${ETSI}ResourceNotFound`);
    expect((await operator.request({ method: 'DELETE', url })).statusCode).toBe(204);
    expect((await get(url)).statusCode).toBe(404);
    const audit = await sql<{ action: string }>`
      select action from platform.audit_log where object_id = ${id} order by seq`.execute(
      t.platform.context.database.db,
    );
    expect(audit.rows.map((row) => row.action)).toEqual([
      'urban.temporal.append',
      'urban.temporal.append',
      'urban.temporal.attribute.delete',
      'urban.temporal.delete',
    ]);
  });
});

describe('temporal errors and access', () => {
  it('refuses writes without the role, and anonymous writes', async () => {
    const body = {
      id: 'urn:ngsi-ld:WaterQualityObserved:x',
      type: 'WaterQualityObserved',
      pH: { value: 1, observedAt: '2025-07-01T00:00:00Z' },
    };
    const denied = await reporter.request({
      method: 'POST',
      url: '/ngsi-ld/v1/temporal/entities',
      headers: json,
      payload: body,
    });
    expect(denied.statusCode).toBe(403);
    // The CSRF double-submit is satisfied, so what refuses is the access rule itself.
    const anonymous = await t.server.inject({
      method: 'POST',
      url: '/ngsi-ld/v1/temporal/entities',
      headers: { ...json, cookie: 'sc_csrf=abc', 'x-csrf-token': 'abc' },
      payload: body,
    });
    expect(anonymous.statusCode, anonymous.body).toBe(401);
    expect((await get(`/ngsi-ld/v1/temporal/entities/${encodeURIComponent(body.id)}`)).statusCode).toBe(404);
  });

  it('answers ETSI error types for bad parameters and bodies', async () => {
    const url = `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(ID)}`;
    const cases: [string, number, string][] = [
      [`${url}?timerel=during&timeAt=2025-07-01T00:00:00Z`, 400, 'BadRequestData'],
      [`${url}?timerel=between&timeAt=2025-07-01T00:00:00Z`, 400, 'BadRequestData'],
      [`${url}?timerel=before&timeAt=yesterday`, 400, 'BadRequestData'],
      [`${url}?lastN=0`, 400, 'BadRequestData'],
      [`${url}?options=aggregatedValues&aggrMethods=median`, 400, 'BadRequestData'],
      [
        `${url}?options=aggregatedValues&aggrMethods=avg&aggrPeriodDuration=P1M`,
        422,
        'OperationNotSupported',
      ],
      [`${url}?options=aggregatedValues&aggrMethods=avg&aggrPeriodDuration=PT`, 400, 'BadRequestData'],
      ['/ngsi-ld/v1/temporal/entities', 400, 'BadRequestData'],
      [
        '/ngsi-ld/v1/temporal/entities?type=WaterQualityObserved&georel=near;maxDistance==10',
        400,
        'BadRequestData',
      ],
      ['/ngsi-ld/v1/temporal/entities?type=WaterQualityObserved&limit=5000', 403, 'TooManyResults'],
      ['/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:X:none', 404, 'ResourceNotFound'],
    ];
    for (const [path, status, type] of cases) {
      const response = await get(path);
      expect(response.statusCode, path).toBe(status);
      expect(response.json().type, path).toBe(`${ETSI}${type}`);
      expect(response.json().vi.detail, path).toBeTruthy();
    }
    expect((await get(url, { accept: 'text/html' })).statusCode).toBe(406);
    const noTime = await operator.request({
      method: 'POST',
      url: '/ngsi-ld/v1/temporal/entities',
      headers: json,
      payload: { id: ID, type: 'WaterQualityObserved', pH: { value: 1 } },
    });
    expect(noTime.statusCode).toBe(400);
    expect(noTime.json().type).toBe(`${ETSI}BadRequestData`);
    const wrongType = await operator.request({
      method: 'POST',
      url: '/ngsi-ld/v1/temporal/entities',
      headers: json,
      payload: { id: ID, type: 'AirQualityObserved', pH: { value: 1, observedAt: '2025-07-01T00:00:00Z' } },
    });
    expect(wrongType.statusCode).toBe(400);
    const text = await operator.request({
      method: 'POST',
      url: '/ngsi-ld/v1/temporal/entities',
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(text.statusCode).toBe(415);
  });
});
