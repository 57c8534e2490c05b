import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCitizen } from '../../../../test/support/citizens.ts';
import { type OfficialSession, signInOfficial } from '../../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { seedDemoOfficials } from '../../../demo/officials.ts';

/** Outage notices: who may write (role and department), audit, validation in both languages, public reads. */
// biome-ignore lint/suspicious/noExplicitAny: assertions read whatever JSON the API answers.
type Json = any;

let t: TestPlatform;
let construction: OfficialSession;
let health: OfficialSession;
let ioc: OfficialSession;
let citizen: Record<string, string>;
const HOUR = 3_600_000;
const inHours = (n: number) => new Date(Date.now() + n * HOUR).toISOString();
const WARD = 'comm-00070';
const OTHER_WARD = 'comm-00166';

const water = (overrides: object = {}) => ({
  service: 'water',
  kind: 'planned',
  unitId: WARD,
  areaVi: 'Phố Hàng Bài',
  areaEn: 'Hang Bai street',
  startsAt: inHours(24),
  endsAt: inHours(30),
  reasonVi: 'Sửa chữa đường ống',
  reasonEn: 'Pipe repair',
  utility: 'Công ty TNHH MTV Nước sạch Hà Nội',
  agencyId: 'so-xay-dung',
  ...overrides,
});

beforeAll(async () => {
  t = await createTestPlatform();
  await t.platform.population.ensureGenerated(30);
  await seedDemoOfficials({
    org: t.platform.org,
    identity: t.platform.identity,
    log: t.platform.context.log,
  });
  [construction, health, ioc] = await Promise.all([
    signInOfficial(t, 'quantri.soxd'),
    signInOfficial(t, 'quantri.soyte'),
    signInOfficial(t, 'ioc.hanoi'),
  ]);
  citizen = (await signInCitizen(t)).headers;
}, 400_000);
afterAll(() => t?.close());

const auditOf = async (action: string) =>
  (
    await sql<Json>`select * from platform.audit_log where action = ${action} order by seq`.execute(
      t.platform.context.database.db,
    )
  ).rows;
const publicList = async (query: string) => {
  const response = await t.server.inject({ method: 'GET', url: `/api/urban/public/outages${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Json;
};

describe('outage notices', () => {
  it('lets only officials of the responsible department (or city-level) write, and audits each write', async () => {
    // Without a session the CSRF check refuses first (403), or sign-in is asked for (401).
    const anonymous = await t.server.inject({ method: 'POST', url: '/api/urban/outages', payload: water() });
    expect([401, 403]).toContain(anonymous.statusCode);
    const asCitizen = await t.server.inject({
      method: 'POST',
      url: '/api/urban/outages',
      headers: citizen,
      payload: water(),
    });
    expect(asCitizen.statusCode).toBe(403);
    // An agency administrator of Health is not the Department of Construction's.
    const otherDepartment = await health.request({
      method: 'POST',
      url: '/api/urban/outages',
      payload: water(),
    });
    expect(otherDepartment.statusCode).toBe(403);
    expect(otherDepartment.headers['content-type']).toContain('application/problem+json');
    // Construction may not publish for Industry and Trade (electricity).
    const electricity = water({ service: 'electricity', agencyId: 'so-cong-thuong', utility: 'EVN Hà Nội' });
    const foreign = await construction.request({
      method: 'POST',
      url: '/api/urban/outages',
      payload: electricity,
    });
    expect(foreign.statusCode).toBe(403);
    expect(await auditOf('urban.outage.create')).toHaveLength(0);

    const created = await construction.request({
      method: 'POST',
      url: '/api/urban/outages',
      payload: water(),
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      service: 'water',
      unitId: WARD,
      state: 'upcoming',
      simulated: false,
    });
    // A city-level operations-centre operator reaches every department.
    const byIoc = await ioc.request({ method: 'POST', url: '/api/urban/outages', payload: electricity });
    expect(byIoc.statusCode, byIoc.body).toBe(201);
    const audit = await auditOf('urban.outage.create');
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actor_label: 'quantri.soxd', object_id: created.json().id });
  });

  it('refuses invalid notices and queries with problem+json in Vietnamese and English', async () => {
    const backwards = await construction.request({
      method: 'POST',
      url: '/api/urban/outages',
      payload: water({ startsAt: inHours(5), endsAt: inHours(2) }),
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.headers['content-type']).toContain('application/problem+json');
    const body = backwards.json() as Json;
    expect(body.code).toBe('validation_failed');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'body.endsAt',
          vi: 'Giờ kết thúc phải sau giờ bắt đầu',
          en: 'The end must be after the start',
        }),
      ]),
    );
    const lowPower = await construction.request({
      method: 'POST',
      url: '/api/urban/outages',
      payload: water({ service: 'electricity', kind: 'low_pressure' }),
    });
    expect(lowPower.statusCode).toBe(400);
    const extra = await construction.request({
      method: 'POST',
      url: '/api/urban/outages',
      payload: { ...water(), simulated: true },
    });
    expect(extra.statusCode).toBe(400);
    const notWard = await construction.request({
      method: 'POST',
      url: '/api/urban/outages',
      payload: water({ unitId: 'so-y-te' }),
    });
    expect(notWard.statusCode).toBe(422);
    expect((notWard.json() as Json).vi.detail).toContain('Phường, xã');
    expect((notWard.json() as Json).en.detail).toContain('Ward or commune');

    for (const query of ['?unitId=Not%20a%20unit', '?when=yesterday', '?limit=0', '?service=gas']) {
      const response = await t.server.inject({ method: 'GET', url: `/api/urban/public/outages${query}` });
      expect(response.statusCode, query).toBe(400);
      const problem = response.json() as Json;
      expect(problem.vi.detail).toBeTruthy();
      expect(problem.en.detail).toBeTruthy();
      expect(problem.errors[0].path).toMatch(/^querystring\./);
    }
  });

  it('shows current and upcoming notices by ward to anyone, with paging; cancelled and ended ones are gone', async () => {
    const current = await construction.request({
      method: 'POST',
      url: '/api/urban/outages',
      payload: water({ kind: 'low_pressure', unitId: OTHER_WARD, startsAt: inHours(-1), endsAt: inHours(3) }),
    });
    expect(current.statusCode, current.body).toBe(201);
    const currentId = (current.json() as Json).id;

    const now = await publicList(`?unitId=${OTHER_WARD}&when=current`);
    expect(now.items.map((item: Json) => item.id)).toEqual([currentId]);
    expect(now.items[0]).toMatchObject({ state: 'current', unitName: { vi: 'Phường Cầu Giấy' } });
    const upcoming = await publicList(`?unitId=${OTHER_WARD}&when=upcoming`);
    expect(upcoming.items).toEqual([]);
    const ward = await publicList(`?unitId=${WARD}`);
    expect(ward.total).toBe(2);
    expect(ward.simulated).toBe(false);
    const firstPage = await publicList(`?unitId=${WARD}&limit=1`);
    const secondPage = await publicList(`?unitId=${WARD}&limit=1&offset=1`);
    expect(firstPage.total).toBe(2);
    expect(firstPage.items[0].id).not.toBe(secondPage.items[0].id);
    const waterOnly = await publicList(`?unitId=${WARD}&service=water`);
    expect(waterOnly.items.every((item: Json) => item.service === 'water')).toBe(true);

    const one = await t.server.inject({ method: 'GET', url: `/api/urban/public/outages/${currentId}` });
    expect(one.statusCode).toBe(200);
    const rss = await t.server.inject({
      method: 'GET',
      url: `/api/urban/public/outages.rss?unitId=${OTHER_WARD}`,
    });
    expect(rss.headers['content-type']).toContain('application/rss+xml');
    expect(rss.body).toContain(currentId);

    // Another department cannot change or withdraw it; Construction can.
    const stranger = await health.request({ method: 'POST', url: `/api/urban/outages/${currentId}/cancel` });
    expect(stranger.statusCode).toBe(403);
    const changed = await construction.request({
      method: 'PUT',
      url: `/api/urban/outages/${currentId}`,
      payload: water({ kind: 'low_pressure', unitId: OTHER_WARD, startsAt: inHours(-1), endsAt: inHours(6) }),
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(await auditOf('urban.outage.update')).toHaveLength(1);
    const cancelled = await construction.request({
      method: 'POST',
      url: `/api/urban/outages/${currentId}/cancel`,
    });
    expect(cancelled.statusCode).toBe(200);
    expect((cancelled.json() as Json).state).toBe('cancelled');
    const again = await construction.request({
      method: 'POST',
      url: `/api/urban/outages/${currentId}/cancel`,
    });
    expect(again.statusCode).toBe(409);
    expect(await auditOf('urban.outage.cancel')).toHaveLength(1);
    expect((await publicList(`?unitId=${OTHER_WARD}`)).items).toEqual([]);
    const gone = await t.server.inject({ method: 'GET', url: `/api/urban/public/outages/${currentId}` });
    expect(gone.statusCode).toBe(404);
  });
});
