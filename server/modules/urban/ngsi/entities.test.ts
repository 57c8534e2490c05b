import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../../test/support/platform.ts';
import type { EntityChange } from '../changes.ts';
import { createNgsiHarness, type NgsiHarness } from './ngsi.test-support.ts';

/** The NGSI-LD core API: entities, attributes, queries, batch operations, discovery, media types, errors. */
let h: NgsiHarness;
const changes: EntityChange[] = [];
const ETSI = 'https://uri.etsi.org/ngsi-ld/errors/';
const SDM_LINK =
  '<http://localhost:3999/ngsi-ld/contexts/smart-data-models.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"';

beforeAll(async () => {
  h = await createNgsiHarness(await createTestPlatform());
  h.t.platform.urban.changes.subscribe((batch) => changes.push(...batch));
});
afterAll(() => h?.close());

const air = (id: string, pm25: number, lon = 105.85, lat = 21.03) => ({
  id: `urn:ngsi-ld:AirQualityObserved:${id}`,
  type: 'AirQualityObserved',
  pm25: { type: 'Property', value: pm25, unitCode: 'GQ', observedAt: '2026-11-01T07:00:00Z' },
  airQualityLevel: { type: 'Property', value: pm25 > 50 ? 'unhealthy' : 'good' },
  address: { type: 'Property', value: { addressLocality: 'Hoàn Kiếm', streetAddress: 'Tràng Tiền' } },
  refDevice: { type: 'Relationship', object: `urn:ngsi-ld:Device:${id}` },
  location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [lon, lat] } },
});
const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  h.as('operator', { method: 'POST', url, payload: payload as object, headers });
const get = (url: string, headers: Record<string, string> = {}) =>
  h.as(null, { method: 'GET', url, headers });

describe('entities', () => {
  it('creates an entity (201 + Location), stores expanded names, audits and announces it', async () => {
    const created = await post('/ngsi-ld/v1/entities', air('hk-1', 42));
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/ngsi-ld/v1/entities/urn%3Angsi-ld%3AAirQualityObserved%3Ahk-1');
    const stored = await h.t.platform.context.database.executeSql(
      "select type, attrs, lon, lat from urban.entities where id = 'urn:ngsi-ld:AirQualityObserved:hk-1'",
    );
    const row = stored.rows[0] as { type: string; attrs: Record<string, unknown>; lon: number; lat: number };
    expect(row.type).toBe('https://smartdatamodels.org/dataModel.Environment/AirQualityObserved');
    expect(Object.keys(row.attrs)).toContain('https://smartdatamodels.org/pm25');
    expect([row.lon, row.lat]).toEqual([105.85, 21.03]);
    const audit = await h.t.platform.context.database.executeSql(
      "select action, actor_label from platform.audit_log where object_id = 'urn:ngsi-ld:AirQualityObserved:hk-1'",
    );
    expect(audit.rows).toEqual([{ action: 'urban.entity.create', actor_label: 'ioc.operator' }]);
    expect(changes.at(-1)).toMatchObject({
      entityId: 'urn:ngsi-ld:AirQualityObserved:hk-1',
      kind: 'created',
    });
  });

  it('refuses a second entity with the same id (409 AlreadyExists) and bad entities (400 BadRequestData)', async () => {
    const again = await post('/ngsi-ld/v1/entities', air('hk-1', 1));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      type: `${ETSI}AlreadyExists`,
      status: 409,
      vi: { title: 'Tài nguyên đã tồn tại' },
    });
    for (const bad of [
      { type: 'AirQualityObserved' },
      { id: 'not a uri', type: 'AirQualityObserved' },
      { id: 'urn:x:1' },
      { id: 'urn:x:1', type: 'T', temp: { type: 'Property' } },
      { id: 'urn:x:1', type: 'T', temp: { type: 'Weird', value: 1 } },
      {
        id: 'urn:x:1',
        type: 'T',
        location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [200, 0] } },
      },
      { id: 'urn:x:1', type: 'T', 'bad;name': 1 },
      [1, 2],
    ]) {
      const answer = await post('/ngsi-ld/v1/entities', bad);
      expect(answer.statusCode, JSON.stringify(bad)).toBe(400);
      expect(answer.json().type).toBe(`${ETSI}BadRequestData`);
    }
  });

  it('retrieves normalized, keyValues and selected attributes; 404 ResourceNotFound otherwise', async () => {
    const full = await get('/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:hk-1');
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toContain('application/json');
    expect(full.headers.link).toContain('smart-data-models.jsonld');
    expect(full.json()).toMatchObject({
      id: 'urn:ngsi-ld:AirQualityObserved:hk-1',
      type: 'AirQualityObserved',
      pm25: { type: 'Property', value: 42, unitCode: 'GQ', observedAt: '2026-11-01T07:00:00.000Z' },
      refDevice: { type: 'Relationship', object: 'urn:ngsi-ld:Device:hk-1' },
      location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [105.85, 21.03] } },
    });
    expect(full.json().pm25.createdAt).toBeUndefined();
    const sys = await get(
      '/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:hk-1?options=sysAttrs&attrs=pm25',
    );
    expect(Object.keys(sys.json()).sort()).toEqual(['createdAt', 'id', 'modifiedAt', 'pm25', 'type']);
    expect(sys.json().pm25.createdAt).toMatch(/Z$/);
    const simple = await get(
      '/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:hk-1?options=keyValues&attrs=pm25,location',
    );
    expect(simple.json()).toEqual({
      id: 'urn:ngsi-ld:AirQualityObserved:hk-1',
      type: 'AirQualityObserved',
      pm25: 42,
      location: { type: 'Point', coordinates: [105.85, 21.03] },
    });
    const missing = await get('/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:none');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({
      type: `${ETSI}ResourceNotFound`,
      en: { title: 'Resource not found' },
    });
    expect((await get('/ngsi-ld/v1/entities/not-a-uri')).json().type).toBe(`${ETSI}BadRequestData`);
  });

  it('answers application/ld+json with the @context in the body and compacts with the request context', async () => {
    const ld = await get('/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:hk-1', {
      accept: 'application/ld+json',
    });
    expect(ld.headers['content-type']).toContain('application/ld+json');
    expect(ld.json()['@context']).toBe('http://localhost:3999/ngsi-ld/contexts/smart-data-models.jsonld');
    // With only the core context, Smart Data Models names are not terms: they stay full IRIs.
    const core = await get('/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:hk-1?options=keyValues', {
      link: '<https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"',
    });
    expect(core.json().type).toBe('https://smartdatamodels.org/dataModel.Environment/AirQualityObserved');
    expect(core.json()['https://smartdatamodels.org/pm25']).toBe(42);
  });

  it('expands names with an inline @context (application/ld+json)', async () => {
    const created = await post(
      '/ngsi-ld/v1/entities',
      {
        '@context': [{ Sensor: 'http://example.org/Sensor', reading: 'http://example.org/reading' }],
        id: 'urn:ngsi-ld:Sensor:ld-1',
        type: 'Sensor',
        reading: 7,
      },
      { 'content-type': 'application/ld+json' },
    );
    expect(created.statusCode).toBe(201);
    const row = await h.t.platform.context.database.executeSql(
      "select type, attrs from urban.entities where id = 'urn:ngsi-ld:Sensor:ld-1'",
    );
    expect(row.rows[0]).toMatchObject({
      type: 'http://example.org/Sensor',
      attrs: { 'http://example.org/reading': { value: 7 } },
    });
    const plain = await get('/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:ld-1?options=keyValues');
    expect(plain.json()).toMatchObject({
      type: 'http://example.org/Sensor',
      'http://example.org/reading': 7,
    });
  });

  it('refuses unknown contexts, misplaced contexts and wrong media types with ETSI errors', async () => {
    const remote = await get('/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:hk-1', {
      link: '<https://example.org/context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"',
    });
    expect(remote.statusCode).toBe(503);
    expect(remote.json().type).toBe(`${ETSI}LdContextNotAvailable`);
    const noContext = await post(
      '/ngsi-ld/v1/entities',
      { id: 'urn:x:2', type: 'T' },
      { 'content-type': 'application/ld+json' },
    );
    expect(noContext.json()).toMatchObject({ status: 400, type: `${ETSI}BadRequestData` });
    const inJson = await post('/ngsi-ld/v1/entities', { '@context': {}, id: 'urn:x:2', type: 'T' });
    expect(inJson.json()).toMatchObject({ status: 400, type: `${ETSI}BadRequestData` });
    const both = await post(
      '/ngsi-ld/v1/entities',
      { '@context': {}, id: 'urn:x:2', type: 'T' },
      { 'content-type': 'application/ld+json', link: SDM_LINK },
    );
    expect(both.statusCode).toBe(400);
    const text = await h.as('operator', {
      method: 'POST',
      url: '/ngsi-ld/v1/entities',
      payload: 'id=1',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().type).toBe(`${ETSI}InvalidRequest`);
    const html = await get('/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:hk-1', {
      accept: 'text/html',
    });
    expect(html.statusCode).toBe(406);
    expect(html.json().type).toBe(`${ETSI}InvalidRequest`);
    const broken = await h.as('operator', {
      method: 'POST',
      url: '/ngsi-ld/v1/entities',
      payload: '{"id":',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.json()).toMatchObject({ status: 400, type: `${ETSI}InvalidRequest` });
    const nowhere = await get('/ngsi-ld/v1/nothing-here');
    expect(nowhere.json()).toMatchObject({ status: 404, type: `${ETSI}ResourceNotFound` });
  });

  it('lets only IOC operators and city administrators write', async () => {
    const anonymous = await h.as(null, {
      method: 'POST',
      url: '/ngsi-ld/v1/entities',
      payload: air('deny-1', 1),
      headers: { authorization: 'Bearer unknown' },
    });
    expect(anonymous.statusCode).toBe(401);
    const steward = await h.as('steward', {
      method: 'POST',
      url: '/ngsi-ld/v1/entities',
      payload: air('deny-1', 1),
    });
    expect(steward.statusCode).toBe(403);
    const deleteAnon = await h.as(null, {
      method: 'DELETE',
      url: '/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:hk-1',
      headers: { authorization: 'Bearer unknown' },
    });
    expect(deleteAnon.statusCode).toBe(401);
    const batchSteward = await h.as('steward', {
      method: 'POST',
      url: '/ngsi-ld/v1/entityOperations/delete',
      payload: ['urn:ngsi-ld:AirQualityObserved:hk-1'],
    });
    expect(batchSteward.statusCode).toBe(403);
    // A browser session (no Authorization header) needs the CSRF token.
    const browser = await h.server.inject({
      method: 'POST',
      url: '/ngsi-ld/v1/entities',
      payload: air('deny-1', 1),
      headers: { 'x-test-principal': 'admin' },
    });
    expect(browser.statusCode).toBe(403);
    expect(browser.json().code).toBe('csrf_failed');
    const admin = await h.as('admin', {
      method: 'POST',
      url: '/ngsi-ld/v1/entities',
      payload: air('admin-1', 3),
    });
    expect(admin.statusCode).toBe(201);
    expect((await get('/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:deny-1')).statusCode).toBe(404);
  });
});

describe('attributes', () => {
  const url = '/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:hk-1/attrs';
  const read = async () =>
    (await get('/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:hk-1?options=keyValues')).json();

  it('appends (204), keeps existing ones with noOverwrite (207)', async () => {
    const appended = await post(url, { pm10: { type: 'Property', value: 80 }, pm25: 44 });
    expect(appended.statusCode).toBe(204);
    expect(await read()).toMatchObject({ pm10: 80, pm25: 44 });
    const kept = await post(`${url}?options=noOverwrite`, { pm25: 99, no2: 12 });
    expect(kept.statusCode).toBe(207);
    expect(kept.json()).toMatchObject({ updated: ['no2'], notUpdated: [{ attributeName: 'pm25' }] });
    expect(await read()).toMatchObject({ pm25: 44, no2: 12 });
  });

  it('updates existing attributes only (PATCH …/attrs: 204 or 207)', async () => {
    expect((await h.as('operator', { method: 'PATCH', url, payload: { pm10: 81 } })).statusCode).toBe(204);
    const partly = await h.as('operator', { method: 'PATCH', url, payload: { pm10: 82, o3: 5 } });
    expect(partly.statusCode).toBe(207);
    expect(partly.json()).toMatchObject({ updated: ['pm10'], notUpdated: [{ attributeName: 'o3' }] });
    const data = await read();
    expect(data.pm10).toBe(82);
    expect(data.o3).toBeUndefined();
  });

  it('patches one attribute partially, keeping what the fragment does not name', async () => {
    const patched = await h.as('operator', { method: 'PATCH', url: `${url}/pm25`, payload: { value: 50 } });
    expect(patched.statusCode).toBe(204);
    const full = (await get('/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:hk-1?attrs=pm25')).json();
    expect(full.pm25).toMatchObject({ type: 'Property', value: 50 });
    const meta = await h.as('operator', {
      method: 'PATCH',
      url: `${url}/pm25`,
      payload: { observedAt: '2026-11-02T08:00:00+07:00' },
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(meta.statusCode).toBe(204);
    const after = (await get('/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:hk-1?attrs=pm25')).json();
    expect(after.pm25).toMatchObject({ value: 50, observedAt: '2026-11-02T01:00:00.000Z' });
    const missing = await h.as('operator', { method: 'PATCH', url: `${url}/nothing`, payload: { value: 1 } });
    expect(missing.json()).toMatchObject({ status: 404, type: `${ETSI}ResourceNotFound` });
    const retyped = await h.as('operator', {
      method: 'PATCH',
      url: `${url}/pm25`,
      payload: { type: 'Relationship', object: 'urn:x:y' },
    });
    expect(retyped.statusCode).toBe(400);
  });

  it('deletes one attribute (then 404) and the whole entity', async () => {
    expect((await h.as('operator', { method: 'DELETE', url: `${url}/no2` })).statusCode).toBe(204);
    expect((await h.as('operator', { method: 'DELETE', url: `${url}/no2` })).statusCode).toBe(404);
    expect((await read()).no2).toBeUndefined();
    expect(
      (
        await h.as('operator', {
          method: 'DELETE',
          url: '/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:admin-1',
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (
        await h.as('operator', {
          method: 'DELETE',
          url: '/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:admin-1',
        })
      ).statusCode,
    ).toBe(404);
    expect(changes.at(-1)).toMatchObject({
      entityId: 'urn:ngsi-ld:AirQualityObserved:admin-1',
      kind: 'deleted',
    });
  });
});

describe('queries', () => {
  beforeAll(async () => {
    const batch = [
      air('q-1', 10, 105.8, 21.0),
      air('q-2', 35, 105.81, 21.01),
      air('q-3', 60, 105.9, 21.1),
      air('q-4', 80, 106.5, 20.5),
      {
        id: 'urn:ngsi-ld:FloodMonitoring:f-1',
        type: 'FloodMonitoring',
        currentLevel: 0.4,
        status: 'ok',
        tags: ['street', 'lake'],
      },
    ];
    expect((await post('/ngsi-ld/v1/entityOperations/create', batch)).statusCode).toBe(201);
  });
  const ids = async (query: string, headers: Record<string, string> = {}) => {
    const answer = await get(`/ngsi-ld/v1/entities?${query}`, headers);
    expect(answer.statusCode, answer.body).toBe(200);
    return (answer.json() as { id: string }[]).map((entity) => entity.id.split(':').at(-1));
  };

  it('filters by type, id list and idPattern', async () => {
    expect(await ids('type=AirQualityObserved')).toEqual(['hk-1', 'q-1', 'q-2', 'q-3', 'q-4']);
    expect(await ids('type=FloodMonitoring,Streetlight')).toEqual(['f-1']);
    expect(await ids('id=urn:ngsi-ld:AirQualityObserved:q-2,urn:ngsi-ld:FloodMonitoring:f-1')).toEqual([
      'q-2',
      'f-1',
    ]);
    expect(await ids('idPattern=^urn:ngsi-ld:AirQualityObserved:q-[12]$')).toEqual(['q-1', 'q-2']);
    const badPattern = await get('/ngsi-ld/v1/entities?idPattern=(');
    expect(badPattern.json()).toMatchObject({ status: 400, type: `${ETSI}BadRequestData` });
    // Valid in JavaScript, refused by PostgreSQL's regex engine: still a 400, never a 500.
    const named = await get(`/ngsi-ld/v1/entities?idPattern=${encodeURIComponent('(?<n>q)')}`);
    expect(named.json()).toMatchObject({ status: 400, type: `${ETSI}BadRequestData` });
    const backReference = await get(`/ngsi-ld/v1/entities?idPattern=${encodeURIComponent('(a)\\1')}`);
    expect(backReference.json()).toMatchObject({ status: 400, type: `${ETSI}BadRequestData` });
    expect((await get('/ngsi-ld/v1/entities')).json().type).toBe(`${ETSI}BadRequestData`);
  });

  it('evaluates q: comparisons, ranges, lists, patterns, paths, and/or with parentheses', async () => {
    const q = (expression: string) =>
      ids(`type=AirQualityObserved,FloodMonitoring&q=${encodeURIComponent(expression)}`);
    expect(await q('pm25>30')).toEqual(['hk-1', 'q-2', 'q-3', 'q-4']);
    expect(await q('pm25>=35;pm25<=60')).toEqual(['hk-1', 'q-2', 'q-3']);
    expect(await q('pm25==10..35')).toEqual(['q-1', 'q-2']);
    expect(await q('pm25!=10..35')).toEqual(['hk-1', 'q-3', 'q-4']);
    expect(await q('pm25==10,80')).toEqual(['q-1', 'q-4']);
    expect(await q('airQualityLevel=="good"')).toEqual(['hk-1', 'q-1', 'q-2']);
    expect(await q('airQualityLevel~=^unh')).toEqual(['q-3', 'q-4']);
    expect(await q('airQualityLevel!~=^unh;pm25>40')).toEqual(['hk-1']);
    expect(await q('(pm25<20|pm25>70);airQualityLevel!="good"')).toEqual(['q-4']);
    expect(await q('address[addressLocality]=="Hoàn Kiếm";pm25<11')).toEqual(['q-1']);
    expect(await q('pm25.observedAt>=2026-11-02T00:00:00Z')).toEqual(['hk-1']);
    expect(await q('refDevice==urn:ngsi-ld:Device:q-3')).toEqual(['q-3']);
    expect(await q('tags=="lake"')).toEqual(['f-1']);
    expect(await q('currentLevel')).toEqual(['f-1']);
    expect(await q('!currentLevel;pm25<11')).toEqual(['q-1']);
    for (const bad of [
      'pm25>',
      'pm25>>1',
      '(pm25>1',
      'pm25==bare word',
      'pm25~=(',
      'airQualityLevel~=(g)\\1',
    ]) {
      const answer = await get(`/ngsi-ld/v1/entities?type=AirQualityObserved&q=${encodeURIComponent(bad)}`);
      expect(answer.statusCode, bad).toBe(400);
      expect(answer.json().type).toBe(`${ETSI}BadRequestData`);
    }
    const deep = await get(
      `/ngsi-ld/v1/entities?type=T&q=${encodeURIComponent(`${'('.repeat(20)}a${')'.repeat(20)}`)}`,
    );
    expect(deep.json()).toMatchObject({ status: 403, type: `${ETSI}TooComplexQuery` });
  });

  it('keeps SQL out of reach of q and idPattern', async () => {
    const injection = await ids(
      `type=AirQualityObserved&q=${encodeURIComponent('airQualityLevel=="x\' or 1=1 --"')}`,
    );
    expect(injection).toEqual([]);
    expect(
      (await get(`/ngsi-ld/v1/entities?idPattern=${encodeURIComponent("'; drop table urban.entities; --")}`))
        .statusCode,
    ).toBe(200);
    expect(await ids('type=FloodMonitoring')).toEqual(['f-1']);
  });

  it('answers geo-queries: near with maxDistance and minDistance, within a polygon', async () => {
    const near = (georel: string) =>
      ids(
        `type=AirQualityObserved&georel=${encodeURIComponent(georel)}&geometry=Point&coordinates=${encodeURIComponent('[105.8,21.0]')}`,
      );
    expect(await near('near;maxDistance==2000')).toEqual(['q-1', 'q-2']);
    expect(await near('near;minDistance==20000')).toEqual(['q-4']);
    const polygon = encodeURIComponent(
      JSON.stringify([
        [
          [105.84, 21.02],
          [105.95, 21.02],
          [105.95, 21.2],
          [105.84, 21.2],
          [105.84, 21.02],
        ],
      ]),
    );
    expect(
      await ids(`type=AirQualityObserved&georel=within&geometry=Polygon&coordinates=${polygon}`),
    ).toEqual(['hk-1', 'q-3']);
    for (const [query, status, type] of [
      ['georel=near;maxDistance==10&geometry=Point', 400, 'BadRequestData'],
      ['georel=near&geometry=Point&coordinates=[105,21]', 400, 'BadRequestData'],
      ['georel=near;maxDistance==10&geometry=Point&coordinates=[500,21]', 400, 'BadRequestData'],
      ['georel=within&geometry=Point&coordinates=[105,21]', 400, 'BadRequestData'],
      ['georel=near;maxDistance==10&geometry=Point&coordinates=nope', 400, 'BadRequestData'],
      ['georel=intersects&geometry=Point&coordinates=[105,21]', 422, 'OperationNotSupported'],
    ] as const) {
      const answer = await get(`/ngsi-ld/v1/entities?type=AirQualityObserved&${query}`);
      expect(answer.statusCode, query).toBe(status);
      expect(answer.json().type).toBe(`${ETSI}${type}`);
    }
  });

  it('pages with limit and offset, counts, projects attrs and answers keyValues', async () => {
    const page = await get(
      '/ngsi-ld/v1/entities?type=AirQualityObserved&limit=2&offset=1&count=true&options=keyValues&attrs=pm25',
    );
    expect(page.headers['ngsild-results-count']).toBe('5');
    expect(page.json()).toEqual([
      { id: 'urn:ngsi-ld:AirQualityObserved:q-1', type: 'AirQualityObserved', pm25: 10 },
      { id: 'urn:ngsi-ld:AirQualityObserved:q-2', type: 'AirQualityObserved', pm25: 35 },
    ]);
    const countOnly = await get('/ngsi-ld/v1/entities?type=AirQualityObserved&limit=0&count=true');
    expect(countOnly.json()).toEqual([]);
    expect(countOnly.headers['ngsild-results-count']).toBe('5');
    expect((await get('/ngsi-ld/v1/entities?attrs=currentLevel')).json()).toHaveLength(1);
    expect((await get('/ngsi-ld/v1/entities?type=AirQualityObserved')).json()).toHaveLength(5);
    const tooMany = await get('/ngsi-ld/v1/entities?type=AirQualityObserved&limit=1001');
    expect(tooMany.json()).toMatchObject({ status: 403, type: `${ETSI}TooManyResults` });
    expect((await get('/ngsi-ld/v1/entities?type=AirQualityObserved&limit=-1')).statusCode).toBe(400);
    expect((await get('/ngsi-ld/v1/entities?type=AirQualityObserved&options=nonsense')).statusCode).toBe(400);
  });

  it('answers the POST form of queries', async () => {
    const answer = await h.as(null, {
      method: 'POST',
      url: '/ngsi-ld/v1/entityOperations/query?count=true&options=keyValues',
      payload: {
        type: 'Query',
        entities: [{ type: 'AirQualityObserved' }, { idPattern: 'FloodMonitoring' }],
        attrs: ['pm25', 'currentLevel'],
        q: 'pm25<20|currentLevel>0',
        geoQ: { georel: 'near;maxDistance==5000', geometry: 'Point', coordinates: [105.8, 21.0] },
      },
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.headers['ngsild-results-count']).toBe('1');
    expect(answer.json()).toEqual([
      { id: 'urn:ngsi-ld:AirQualityObserved:q-1', type: 'AirQualityObserved', pm25: 10 },
    ]);
    const wrong = await h.as(null, {
      method: 'POST',
      url: '/ngsi-ld/v1/entityOperations/query',
      payload: { type: 'Nope' },
    });
    expect(wrong.json().type).toBe(`${ETSI}BadRequestData`);
  });
});

describe('batch operations', () => {
  const b = (op: string, payload: unknown, query = '') =>
    post(`/ngsi-ld/v1/entityOperations/${op}${query}`, payload);

  it('create: 201 with the ids, or 207 with per-entity errors', async () => {
    const mixed = await b('create', [air('b-1', 5), air('q-1', 5), { id: 'bad id', type: 'X' }]);
    expect(mixed.statusCode).toBe(207);
    expect(mixed.json()).toMatchObject({
      success: ['urn:ngsi-ld:AirQualityObserved:b-1'],
      errors: [
        {
          entityId: 'urn:ngsi-ld:AirQualityObserved:q-1',
          error: { type: `${ETSI}AlreadyExists`, status: 409 },
        },
        { entityId: 'bad id', error: { type: `${ETSI}BadRequestData` } },
      ],
    });
    expect((await b('create', [])).json().type).toBe(`${ETSI}BadRequestData`);
    expect((await b('create', { id: 'urn:x' })).statusCode).toBe(400);
  });

  it('upsert: creates (201) or replaces (204) — or merges with options=update', async () => {
    const created = await b('upsert', [air('b-2', 7)]);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual(['urn:ngsi-ld:AirQualityObserved:b-2']);
    const replaced = await b('upsert', [
      { id: 'urn:ngsi-ld:AirQualityObserved:b-2', type: 'AirQualityObserved', pm25: 8 },
    ]);
    expect(replaced.statusCode).toBe(204);
    const afterReplace = (
      await get('/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:b-2?options=keyValues')
    ).json();
    expect(afterReplace).toEqual({
      id: 'urn:ngsi-ld:AirQualityObserved:b-2',
      type: 'AirQualityObserved',
      pm25: 8,
    });
    const merged = await b(
      'upsert',
      [{ id: 'urn:ngsi-ld:AirQualityObserved:b-2', type: 'AirQualityObserved', pm10: 9 }],
      '?options=update',
    );
    expect(merged.statusCode).toBe(204);
    expect(
      (await get('/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:b-2?options=keyValues')).json(),
    ).toMatchObject({ pm25: 8, pm10: 9 });
    expect((await b('upsert', [air('b-2', 1)], '?options=update,replace')).statusCode).toBe(400);
  });

  it('update: 204, 207 for missing entities; noOverwrite keeps values', async () => {
    const updated = await b('update', [
      { id: 'urn:ngsi-ld:AirQualityObserved:b-2', type: 'AirQualityObserved', pm25: 11 },
      { id: 'urn:ngsi-ld:AirQualityObserved:ghost', type: 'AirQualityObserved', pm25: 1 },
    ]);
    expect(updated.statusCode).toBe(207);
    expect(updated.json()).toMatchObject({
      success: ['urn:ngsi-ld:AirQualityObserved:b-2'],
      errors: [
        { entityId: 'urn:ngsi-ld:AirQualityObserved:ghost', error: { type: `${ETSI}ResourceNotFound` } },
      ],
    });
    const kept = await b(
      'update',
      [{ id: 'urn:ngsi-ld:AirQualityObserved:b-2', type: 'AirQualityObserved', pm25: 99 }],
      '?options=noOverwrite',
    );
    expect(kept.statusCode).toBe(204);
    expect(
      (await get('/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:b-2?options=keyValues')).json().pm25,
    ).toBe(11);
  });

  it('delete: 204, or 207 naming the missing ones', async () => {
    const deleted = await b('delete', [
      'urn:ngsi-ld:AirQualityObserved:b-1',
      'urn:ngsi-ld:AirQualityObserved:ghost',
    ]);
    expect(deleted.statusCode).toBe(207);
    expect(deleted.json()).toMatchObject({
      success: ['urn:ngsi-ld:AirQualityObserved:b-1'],
      errors: [{ entityId: 'urn:ngsi-ld:AirQualityObserved:ghost', error: { status: 404 } }],
    });
    expect((await b('delete', ['urn:ngsi-ld:AirQualityObserved:b-2'])).statusCode).toBe(204);
  });
});

describe('discovery and contexts', () => {
  it('lists types and attributes, with details', async () => {
    const types = await get('/ngsi-ld/v1/types');
    expect(types.json()).toMatchObject({
      type: 'EntityTypeList',
      typeList: expect.arrayContaining(['AirQualityObserved', 'FloodMonitoring']),
    });
    const detailed = await get('/ngsi-ld/v1/types?details=true');
    expect(detailed.json()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'EntityType',
          typeName: 'FloodMonitoring',
          attributeNames: expect.arrayContaining(['currentLevel', 'status']),
        }),
      ]),
    );
    const one = await get('/ngsi-ld/v1/types/AirQualityObserved');
    expect(one.json()).toMatchObject({
      id: 'https://smartdatamodels.org/dataModel.Environment/AirQualityObserved',
      type: 'EntityTypeInfo',
      typeName: 'AirQualityObserved',
      entityCount: 5,
      attributeDetails: expect.arrayContaining([
        {
          id: 'https://smartdatamodels.org/pm25',
          type: 'Attribute',
          attributeName: 'pm25',
          attributeTypes: ['Property'],
        },
      ]),
    });
    expect((await get('/ngsi-ld/v1/types/Nothing')).json().type).toBe(`${ETSI}ResourceNotFound`);
    const attributes = await get('/ngsi-ld/v1/attributes');
    expect(attributes.json()).toMatchObject({
      type: 'AttributeList',
      attributeList: expect.arrayContaining(['pm25', 'location', 'refDevice']),
    });
    const attribute = await get('/ngsi-ld/v1/attributes/refDevice');
    expect(attribute.json()).toMatchObject({
      attributeName: 'refDevice',
      attributeCount: 5,
      attributeTypes: ['Relationship'],
      typeNames: ['AirQualityObserved'],
    });
    const attributeDetails = await get('/ngsi-ld/v1/attributes?details=true');
    expect(attributeDetails.json()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ attributeName: 'currentLevel', typeNames: ['FloodMonitoring'] }),
      ]),
    );
    expect((await get('/ngsi-ld/v1/attributes/nothing')).statusCode).toBe(404);
  });

  it('serves the core and Smart Data Models contexts locally', async () => {
    const core = await get('/ngsi-ld/contexts/ngsi-ld-core-context-v1.8.jsonld');
    expect(core.headers['content-type']).toContain('application/ld+json');
    expect(core.json()['@context']['@vocab']).toBe('https://uri.etsi.org/ngsi-ld/default-context/');
    const sdm = await get('/ngsi-ld/contexts/smart-data-models.jsonld');
    expect(sdm.json()['@context'][0].pm25).toBe('https://smartdatamodels.org/pm25');
    expect((await get('/ngsi-ld/contexts/other.jsonld')).statusCode).toBe(404);
  });
});
