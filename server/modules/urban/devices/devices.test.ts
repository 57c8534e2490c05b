import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfficialSession, signInOfficial } from '../../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { seedDemoOfficials } from '../../../demo/officials.ts';

/** The device registry over HTTP: provisioning with its entity, the secret shown once, denials. */
// biome-ignore lint/suspicious/noExplicitAny: assertions read whatever JSON the API answers.
type Json = any;

let t: TestPlatform;
let ioc: OfficialSession;
let admin: OfficialSession;
let healthAdmin: OfficialSession;
let ward: string;

beforeAll(async () => {
  t = await createTestPlatform();
  await seedDemoOfficials({
    org: t.platform.org,
    identity: t.platform.identity,
    log: t.platform.context.log,
  });
  [ioc, admin, healthAdmin] = await Promise.all([
    signInOfficial(t, 'ioc.hanoi'),
    signInOfficial(t, 'admin.hanoi'),
    signInOfficial(t, 'quantri.soyte'),
  ]);
  ward = (await t.platform.org.units({ kind: 'ward' }))[0]!.id;
}, 400_000);
afterAll(() => t?.close());

const body = (id: string, extra: object = {}) => ({
  id,
  type: 'FloodMonitoring',
  domain: 'urban',
  unitId: ward,
  lon: 105.8542,
  lat: 21.0285,
  installedOn: '2026-01-15',
  ...extra,
});

describe('device registry', () => {
  it('registers a device with its NGSI-LD entity in one go; the secret is shown once and kept hashed', async () => {
    const response = await ioc.request({
      method: 'POST',
      url: '/api/urban/devices',
      payload: body('flood-hk-001'),
    });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json() as Json;
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(created.device).toMatchObject({
      id: 'flood-hk-001',
      entityId: 'urn:ngsi-ld:FloodMonitoring:flood-hk-001',
      entityType: 'https://smartdatamodels.org/dataModel.Environment/FloodMonitoring',
      topic: 'hanoi/urban/flood-hk-001/attrs',
      ownerAgencyId: ward,
      status: 'active',
    });
    const db = t.platform.context.database.db;
    const entity =
      await sql<Json>`select * from urban.entities where id = ${created.device.entityId}`.execute(db);
    expect(entity.rows[0].type).toBe(created.device.entityType);
    expect(entity.rows[0].location).toEqual({ type: 'Point', coordinates: [105.8542, 21.0285] });
    const stored = await sql<Json>`select secret_hash from urban.devices where id = 'flood-hk-001'`.execute(
      db,
    );
    expect(stored.rows[0].secret_hash).toMatch(/^\$argon2id\$/);
    expect(stored.rows[0].secret_hash).not.toContain(created.secret);
    const audit =
      await sql<Json>`select * from platform.audit_log where action = 'urban.device.create'`.execute(db);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].actor_label).toBe('ioc.hanoi');
    expect(JSON.stringify(audit.rows[0])).not.toContain(created.secret);
    // Reading it again never shows the secret.
    const again = await ioc.request({ url: '/api/urban/devices/flood-hk-001' });
    expect(again.statusCode).toBe(200);
    expect(again.body).not.toContain(created.secret);
    expect(await t.platform.urban.devices.authenticate('flood-hk-001', created.secret)).not.toBeNull();
    expect(await t.platform.urban.devices.authenticate('flood-hk-001', `${created.secret}x`)).toBeNull();
  });

  it('refuses bad input with problem+json in Vietnamese and English, and nothing is written', async () => {
    const duplicate = await ioc.request({
      method: 'POST',
      url: '/api/urban/devices',
      payload: body('flood-hk-001'),
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.headers['content-type']).toContain('application/problem+json');
    const problem = duplicate.json() as Json;
    expect(problem.vi.detail).toContain('đã có');
    expect(problem.en.detail).toContain('already exists');

    const cityUnit = await ioc.request({
      method: 'POST',
      url: '/api/urban/devices',
      payload: body('x-city', { unitId: 'hanoi' }),
    });
    expect(cityUnit.statusCode).toBe(422);
    const noOwner = await ioc.request({
      method: 'POST',
      url: '/api/urban/devices',
      payload: body('x-owner', { ownerAgencyId: 'khong-co-don-vi' }),
    });
    expect(noOwner.statusCode).toBe(422);
    for (const bad of [
      body('a'),
      body('bad id!'),
      body('x-domain', { domain: 'weather' }),
      body('x-lon', { lon: 200 }),
      { ...body('x-lat'), lat: undefined },
      body('x-type', { type: 'not a type' }),
      body('x-extra', { secret: 'mine' }),
    ]) {
      const response = await ioc.request({ method: 'POST', url: '/api/urban/devices', payload: bad });
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
      expect((response.json() as Json).en.title).toBe('Invalid input');
    }
    const count = await sql<Json>`select count(*)::int as n from urban.devices`.execute(
      t.platform.context.database.db,
    );
    expect(count.rows[0].n).toBe(1);
    const missing = await ioc.request({ url: '/api/urban/devices/khong-co' });
    expect(missing.statusCode).toBe(404);
    expect((missing.json() as Json).vi.detail).toContain('thiết bị');
  });

  it('lists by unit, domain and status; changes status and rotates the secret (audited)', async () => {
    const water = await admin.request({
      method: 'POST',
      url: '/api/urban/devices',
      payload: { id: 'water-q-01', type: 'WaterQualityObserved', domain: 'water', unitId: 'so-xay-dung' },
    });
    expect(water.statusCode, water.body).toBe(201);
    const old = (water.json() as Json).secret;
    const byDomain = (await ioc.request({ url: '/api/urban/devices?domain=water' })).json() as Json;
    expect(byDomain.items.map((d: Json) => d.id)).toEqual(['water-q-01']);
    const byUnit = (await ioc.request({ url: `/api/urban/devices?unitId=${ward}` })).json() as Json;
    expect(byUnit.items.map((d: Json) => d.id)).toEqual(['flood-hk-001']);
    expect(byUnit.total).toBe(1);

    const maintenance = await ioc.request({
      method: 'PUT',
      url: '/api/urban/devices/water-q-01/status',
      payload: { status: 'maintenance' },
    });
    expect((maintenance.json() as Json).status).toBe('maintenance');
    const active = (await ioc.request({ url: '/api/urban/devices?status=active' })).json() as Json;
    expect(active.items.map((d: Json) => d.id)).toEqual(['flood-hk-001']);

    expect(await t.platform.urban.devices.authenticate('water-q-01', old)).not.toBeNull();
    const rotated = await ioc.request({ method: 'POST', url: '/api/urban/devices/water-q-01/secret' });
    expect(rotated.statusCode).toBe(200);
    const fresh = (rotated.json() as Json).secret;
    expect(fresh).not.toBe(old);
    expect(await t.platform.urban.devices.authenticate('water-q-01', old)).toBeNull();
    expect(await t.platform.urban.devices.authenticate('water-q-01', fresh)).not.toBeNull();

    await ioc.request({
      method: 'PUT',
      url: '/api/urban/devices/water-q-01/status',
      payload: { status: 'retired' },
    });
    expect(await t.platform.urban.devices.authenticate('water-q-01', fresh)).toBeNull();
    const actions =
      await sql<Json>`select action from platform.audit_log where object_id = 'water-q-01' order by seq`.execute(
        t.platform.context.database.db,
      );
    expect(actions.rows.map((r: Json) => r.action)).toEqual([
      'urban.device.create',
      'urban.device.status',
      'urban.device.rotate-secret',
      'urban.device.status',
    ]);
  });

  it('denies everyone but operations-centre operators and the city administrator', async () => {
    for (const request of [
      { method: 'GET' as const, url: '/api/urban/devices' },
      { method: 'GET' as const, url: '/api/urban/devices/flood-hk-001' },
      { method: 'POST' as const, url: '/api/urban/devices', payload: body('denied-1') },
      {
        method: 'PUT' as const,
        url: '/api/urban/devices/flood-hk-001/status',
        payload: { status: 'retired' },
      },
      { method: 'POST' as const, url: '/api/urban/devices/flood-hk-001/secret' },
    ]) {
      const asAgencyAdmin = await healthAdmin.request(request);
      expect(asAgencyAdmin.statusCode, `${request.method} ${request.url}`).toBe(403);
      const anonymous = await t.server.inject({
        method: request.method,
        url: request.url,
        ...(request.payload ? { payload: request.payload } : {}),
      });
      expect([401, 403]).toContain(anonymous.statusCode);
    }
    const device = (await ioc.request({ url: '/api/urban/devices/flood-hk-001' })).json() as Json;
    expect(device.status).toBe('active');
  });
});
