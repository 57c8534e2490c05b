import type { AddressInfo } from 'node:net';
import NGSI from 'ngsijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../../test/support/platform.ts';
import { createNgsiHarness, type NgsiHarness } from './ngsi.test-support.ts';

/**
 * FIWARE's own JavaScript client (ngsijs) against the API on a real port: create, read, append,
 * query (type, q, geo-query, count, keyValues), list types, delete. Subscribing is the
 * subscriptions part's test (ngsi/subscriptions.*), not exercised here.
 */
let h: NgsiHarness;
let base: string;
let operator: InstanceType<typeof NGSI.Connection>;
let anonymous: InstanceType<typeof NGSI.Connection>;

beforeAll(async () => {
  h = await createNgsiHarness(await createTestPlatform());
  await h.server.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(h.server.server.address() as AddressInfo).port}`;
  // An API client: the test server names its principal; Authorization marks a non-browser caller.
  operator = new NGSI.Connection(base, {
    headers: { 'x-test-principal': 'operator', authorization: 'Bearer test' },
  });
  anonymous = new NGSI.Connection(base);
});
afterAll(() => h?.close());

const flood = (id: string, level: number, lon: number, lat: number) => ({
  id: `urn:ngsi-ld:FloodMonitoring:${id}`,
  type: 'FloodMonitoring',
  currentLevel: { type: 'Property', value: level, unitCode: 'MTR' },
  location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [lon, lat] } },
});

describe('ngsijs (FIWARE client) against the API', () => {
  it('creates entities, with the default context and with an @context (application/ld+json)', async () => {
    const created = await operator.ld.createEntity(flood('ngsijs-1', 0.3, 105.85, 21.03));
    expect(created.location).toBe('/ngsi-ld/v1/entities/urn%3Angsi-ld%3AFloodMonitoring%3Angsijs-1');
    await operator.ld.createEntity({
      ...flood('ngsijs-2', 0.9, 105.86, 21.04),
      '@context': `${base}/ngsi-ld/contexts/smart-data-models.jsonld`,
    });
    await expect(operator.ld.createEntity(flood('ngsijs-1', 0.3, 105.85, 21.03))).rejects.toBeInstanceOf(
      NGSI.AlreadyExistsError,
    );
    await expect(anonymous.ld.createEntity(flood('ngsijs-3', 0.1, 105.8, 21.0))).rejects.toThrow();
  });

  it('reads an entity back, normalized and as keyValues', async () => {
    const { entity } = await anonymous.ld.getEntity({ id: 'urn:ngsi-ld:FloodMonitoring:ngsijs-1' });
    expect(entity).toMatchObject({
      id: 'urn:ngsi-ld:FloodMonitoring:ngsijs-1',
      type: 'FloodMonitoring',
      currentLevel: { value: 0.3, unitCode: 'MTR' },
    });
    const simple = await anonymous.ld.getEntity({
      id: 'urn:ngsi-ld:FloodMonitoring:ngsijs-2',
      keyValues: true,
    });
    expect(simple.entity).toMatchObject({
      currentLevel: 0.9,
      location: { type: 'Point', coordinates: [105.86, 21.04] },
    });
    await expect(anonymous.ld.getEntity({ id: 'urn:ngsi-ld:FloodMonitoring:none' })).rejects.toBeInstanceOf(
      NGSI.NotFoundError,
    );
  });

  it('appends attributes', async () => {
    await operator.ld.appendEntityAttributes({
      id: 'urn:ngsi-ld:FloodMonitoring:ngsijs-1',
      alertThreshold: { type: 'Property', value: 0.8 },
    });
    const { entity } = await anonymous.ld.getEntity({
      id: 'urn:ngsi-ld:FloodMonitoring:ngsijs-1',
      keyValues: true,
    });
    expect(entity.alertThreshold).toBe(0.8);
  });

  it('queries by type, q and near, with a count', async () => {
    const all = await anonymous.ld.queryEntities({ type: 'FloodMonitoring', count: true, keyValues: true });
    expect(all.count).toBe(2);
    expect(all.results.map((entity) => entity.id)).toEqual([
      'urn:ngsi-ld:FloodMonitoring:ngsijs-1',
      'urn:ngsi-ld:FloodMonitoring:ngsijs-2',
    ]);
    const high = await anonymous.ld.queryEntities({ type: 'FloodMonitoring', q: 'currentLevel>0.5' });
    expect(high.results.map((entity) => entity.id)).toEqual(['urn:ngsi-ld:FloodMonitoring:ngsijs-2']);
    const near = await anonymous.ld.queryEntities({
      type: 'FloodMonitoring',
      georel: 'near;maxDistance==500',
      geometry: 'Point',
      coordinates: '[105.85,21.03]',
    });
    expect(near.results.map((entity) => entity.id)).toEqual(['urn:ngsi-ld:FloodMonitoring:ngsijs-1']);
    const every = await anonymous.ld.queryEntities({});
    expect(every.results.length).toBeGreaterThanOrEqual(2);
  });

  it('lists types and deletes', async () => {
    const types = await anonymous.ld.listTypes();
    expect(JSON.stringify(types.results)).toContain('FloodMonitoring');
    await operator.ld.deleteEntity({ id: 'urn:ngsi-ld:FloodMonitoring:ngsijs-2' });
    await expect(
      anonymous.ld.getEntity({ id: 'urn:ngsi-ld:FloodMonitoring:ngsijs-2' }),
    ).rejects.toBeInstanceOf(NGSI.NotFoundError);
  });
});
