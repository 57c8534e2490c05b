import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfficialSession, signInOfficial } from '../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';

/**
 * The registry pilots over HTTP, on the demo data: public reads without sign-in (paging, filters,
 * validation in Vietnamese and English), writes by role and agency scope with their audit rows,
 * denials, demo labels, open datasets, and no personal data in social security.
 */
// biome-ignore lint/suspicious/noExplicitAny: assertions read whatever JSON the API answers.
type Json = any;

const HK = 'comm-00070';
const CN = 'comm-00082';
let t: TestPlatform;
/** data_steward at so-y-te */
let healthSteward: OfficialSession;
/** data_steward and agency_reporter at Hoàn Kiếm ward */
let wardSteward: OfficialSession;
/** agency_reporter at so-y-te, no register role */
let healthReporter: OfficialSession;
/** ioc_operator at the city: no pilot role */
let ioc: OfficialSession;

beforeAll(async () => {
  t = await createTestPlatform({ demo: true });
  [healthSteward, wardSteward, healthReporter, ioc] = await Promise.all([
    signInOfficial(t, 'dulieu.soyte'),
    signInOfficial(t, 'motcua.hoankiem'),
    signInOfficial(t, 'baocao.soyte'),
    signInOfficial(t, 'ioc.hanoi'),
  ]);
}, 400_000);
afterAll(() => t?.close());

const get = async (url: string, language = 'vi') => {
  const response = await t.server.inject({ url, headers: { 'accept-language': language } });
  return {
    status: response.statusCode,
    type: response.headers['content-type'],
    body: response.json() as Json,
  };
};
/** An anonymous write that carries a matching CSRF pair, so the answer is about sign-in, not CSRF. */
const anonymousWrite = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.server.inject({
    method,
    url,
    headers: { cookie: 'sc_csrf=anon-token', 'x-csrf-token': 'anon-token' },
    ...(payload ? { payload } : {}),
  });
const auditRows = async (action: string) =>
  (
    await sql<Json>`select * from platform.audit_log where action = ${action} order by seq`.execute(
      t.platform.context.database.db,
    )
  ).rows;

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
) {
  expect(response.statusCode, response.body).toBe(status);
  expect(String(response.headers['content-type'])).toContain('application/problem+json');
  const problem = JSON.parse(response.body) as Json;
  expect(problem.vi.detail.length).toBeGreaterThan(0);
  expect(problem.en.detail.length).toBeGreaterThan(0);
  return problem;
}

describe('education: school catchment lookup', () => {
  it('finds the schools whose catchment covers a ward, and a street-only catchment only for its street', async () => {
    const ward = await get(`/api/pilots/education/catchment?unitId=${HK}`);
    expect(ward.status).toBe(200);
    const ids = ward.body.items.map((s: Json) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['demo-th-hoan-kiem-1', 'demo-thcs-hoan-kiem']));
    expect(ids).not.toContain('demo-th-hoan-kiem-2');
    expect(ward.body.items.every((s: Json) => s.demo === true)).toBe(true);
    expect(ward.body.unit).toMatchObject({ id: HK, nameVi: 'Phường Hoàn Kiếm' });

    const street = await get(
      `/api/pilots/education/catchment?unitId=${HK}&street=${encodeURIComponent('5 hang bac')}`,
    );
    expect(street.body.items.map((s: Json) => s.id)).toContain('demo-th-hoan-kiem-2');
    expect(street.body.streetMatched).toBe(true);

    // A free-text address: the ward is read from its name, accents or not.
    const address = await get(
      `/api/pilots/education/catchment?address=${encodeURIComponent('12 Hàng Bạc, phường Hoàn Kiếm')}&level=primary`,
    );
    expect(address.body.unit.id).toBe(HK);
    expect(address.body.items.map((s: Json) => s.id).sort()).toEqual([
      'demo-th-hoan-kiem-1',
      'demo-th-hoan-kiem-2',
    ]);
  });

  it('links the enrolment procedure of the services catalogue, which exists', async () => {
    const { body } = await get(`/api/pilots/education/catchment?unitId=${CN}`);
    expect(body.enrolment.code).toBe('tuyen-sinh-lop-1');
    const procedure = await get(`/api/services/procedures/${body.enrolment.code}`);
    expect(procedure.status).toBe(200);
    expect(body.enrolment.url).toBe('/dich-vu-cong/tuyen-sinh-lop-1');
  });

  it('refuses bad lookups with problem+json in both languages', async () => {
    const missing = await t.server.inject({
      url: '/api/pilots/education/catchment',
      headers: { 'accept-language': 'en' },
    });
    const problem = expectProblem(missing, 400);
    expect(problem.title).toBe('Invalid input');
    expect(problem.vi.title).toBe('Dữ liệu không hợp lệ');
    expectProblem(await t.server.inject({ url: '/api/pilots/education/catchment?unitId=hanoi' }), 422);
    expectProblem(
      await t.server.inject({ url: '/api/pilots/education/catchment?address=nowhere%20at%20all' }),
      422,
    );
    expectProblem(
      await t.server.inject({ url: `/api/pilots/education/schools?unitId=${HK}&limit=500` }),
      400,
    );
    expectProblem(await t.server.inject({ url: `/api/pilots/education/schools?color=red` }), 400);
  });

  it('lets the ward steward add a school and a street catchment, audited; others are refused', async () => {
    const body = {
      id: 'th-test-hk',
      name: 'Trường Tiểu học Thử nghiệm',
      level: 'primary',
      address: '1 phố Hàng Buồm, phường Hoàn Kiếm',
      unitId: HK,
    };
    expect((await anonymousWrite('POST', '/api/pilots/education/schools', body)).statusCode).toBe(401);
    expectProblem(
      await ioc.request({ method: 'POST', url: '/api/pilots/education/schools', payload: body }),
      403,
    );
    // A steward of another agency, for a Hoàn Kiếm ward school: out of scope.
    expectProblem(
      await healthSteward.request({ method: 'POST', url: '/api/pilots/education/schools', payload: body }),
      403,
    );
    expect(await auditRows('pilots.school.create')).toHaveLength(0);

    const created = await wardSteward.request({
      method: 'POST',
      url: '/api/pilots/education/schools',
      payload: body,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect((created.json() as Json).demo).toBe(false);
    const again = await wardSteward.request({
      method: 'POST',
      url: '/api/pilots/education/schools',
      payload: body,
    });
    expectProblem(again, 409);
    const catchment = await wardSteward.request({
      method: 'POST',
      url: '/api/pilots/education/schools/th-test-hk/catchments',
      payload: { unitId: HK, street: 'Mã Mây' },
    });
    expect(catchment.statusCode, catchment.body).toBe(201);
    const audit = await auditRows('pilots.school.create');
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_label).toBe('motcua.hoankiem');
    expect(audit[0].agency_id).toBe(HK);
    expect(await auditRows('pilots.catchment.create')).toHaveLength(1);
    const lookup = await get(
      `/api/pilots/education/catchment?unitId=${HK}&street=${encodeURIComponent('Ma May')}`,
    );
    expect(lookup.body.items.map((s: Json) => s.id)).toContain('th-test-hk');

    const removed = await wardSteward.request({
      method: 'DELETE',
      url: `/api/pilots/education/schools/th-test-hk/catchments/${(catchment.json() as Json).catchments[0].id}`,
    });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(await auditRows('pilots.catchment.delete')).toHaveLength(1);
  });
});

describe('food safety: establishments and certificates', () => {
  it('searches accent-insensitively, filters by status and pages', async () => {
    const unaccented = await get('/api/pilots/food-safety/establishments?q=pho%20ganh%20hang%20bac');
    expect(unaccented.body.items.map((e: Json) => e.id)).toEqual(['demo-pho-hang-bac']);
    const accented = await get(`/api/pilots/food-safety/establishments?q=${encodeURIComponent('Phở Gánh')}`);
    expect(accented.body.items.map((e: Json) => e.id)).toEqual(['demo-pho-hang-bac']);
    // LIKE wildcards in the query are taken literally.
    expect((await get('/api/pilots/food-safety/establishments?q=%25')).body.total).toBe(0);
    for (const [status, id] of [
      ['valid', 'demo-pho-hang-bac'],
      ['expired', 'demo-bun-cha-cua-nam'],
      ['revoked', 'demo-bep-an-ba-dinh'],
      ['none', 'demo-com-lo-duc'],
    ]) {
      const { body } = await get(`/api/pilots/food-safety/establishments?status=${status}`);
      expect(
        body.items.map((e: Json) => e.id),
        status,
      ).toContain(id);
      expect(body.items.every((e: Json) => e.status === status)).toBe(true);
    }
    const page1 = await get('/api/pilots/food-safety/establishments?limit=2');
    const page2 = await get('/api/pilots/food-safety/establishments?limit=2&offset=2');
    expect(page1.body.total).toBe(7);
    expect(page1.body.items).toHaveLength(2);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    expectProblem(await t.server.inject({ url: '/api/pilots/food-safety/establishments?status=good' }), 400);
  });

  it('serves the certificate page data and its QR code (which encodes the page address)', async () => {
    const cert = await get('/api/pilots/food-safety/certificates/ATTP-HN-DEMO-0101');
    expect(cert.status).toBe(200);
    expect(cert.body).toMatchObject({ status: 'valid', current: true, demo: true });
    expect(cert.body.establishment.name).toBe('Quán Phở Gánh Hàng Bạc');
    expect(cert.body.pageUrl).toMatch(/\/an-toan-thuc-pham\/ATTP-HN-DEMO-0101$/);
    const qr = await t.server.inject({
      url: '/api/pilots/food-safety/certificates/ATTP-HN-DEMO-0101/qr.svg',
    });
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toContain('image/svg+xml');
    expect(qr.body).toContain('<svg');
    expectProblem(
      await t.server.inject({ url: '/api/pilots/food-safety/certificates/ATTP-HN-NONE-9999' }),
      404,
    );
    expectProblem(await t.server.inject({ url: '/api/pilots/food-safety/certificates/bad%20id' }), 400);
    expect((await get('/api/pilots/food-safety/certificates/ATTP-HN-DEMO-0301')).body.status).toBe('revoked');
    expect((await get('/api/pilots/food-safety/certificates/ATTP-HN-DEMO-0201')).body.status).toBe('expired');
  });

  it('lets the health department steward inspect, issue and revoke, each audited; others are refused', async () => {
    const url = '/api/pilots/food-safety/establishments/demo-pho-hang-bac';
    const today = t.platform.context.clock.today();
    const inspection = { inspectedOn: '2026-01-10', result: 'pass', note: 'Đạt' };
    expectProblem(
      await healthReporter.request({ method: 'POST', url: `${url}/inspections`, payload: inspection }),
      403,
    );
    // The Hoàn Kiếm ward steward: the establishment is in the ward, so the ward may record too.
    const byWard = await wardSteward.request({
      method: 'POST',
      url: `${url}/inspections`,
      payload: inspection,
    });
    expect(byWard.statusCode, byWard.body).toBe(201);
    // …but not in Ba Đình.
    expectProblem(
      await wardSteward.request({
        method: 'POST',
        url: '/api/pilots/food-safety/establishments/demo-bep-an-ba-dinh/inspections',
        payload: inspection,
      }),
      403,
    );
    expectProblem(
      await healthSteward.request({
        method: 'POST',
        url: `${url}/inspections`,
        payload: { inspectedOn: '2999-01-01', result: 'pass' },
      }),
      422,
    );
    expectProblem(
      await healthSteward.request({
        method: 'POST',
        url: `${url}/inspections`,
        payload: { inspectedOn: 'yesterday' },
      }),
      400,
    );

    const issued = await healthSteward.request({
      method: 'POST',
      url: `${url}/certificates`,
      payload: {
        id: 'ATTP-HN-TEST-0001',
        issuedOn: today,
        expiresOn: `${Number(today.slice(0, 4)) + 3}${today.slice(4)}`,
      },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    expect((issued.json() as Json).status).toBe('valid');
    // The older certificate is now superseded.
    expect((await get('/api/pilots/food-safety/certificates/ATTP-HN-DEMO-0101')).body.current).toBe(false);
    const revoke = (payload: object) =>
      healthSteward.request({
        method: 'POST',
        url: '/api/pilots/food-safety/certificates/ATTP-HN-TEST-0001/revoke',
        payload,
      });
    expectProblem(await revoke({ reason: 'x' }), 400);
    const revoked = await revoke({ reason: 'Vi phạm điều kiện bảo quản' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((revoked.json() as Json).status).toBe('revoked');
    expectProblem(await revoke({ reason: 'Vi phạm điều kiện bảo quản' }), 409);
    expect(await auditRows('pilots.inspection.create')).toHaveLength(1);
    expect(await auditRows('pilots.certificate.issue')).toHaveLength(1);
    const revokeAudit = await auditRows('pilots.certificate.revoke');
    expect(revokeAudit).toHaveLength(1);
    expect(revokeAudit[0]).toMatchObject({ actor_label: 'dulieu.soyte', agency_id: 'so-y-te' });
  });
});

describe('employment: vacancies', () => {
  it('filters open vacancies by ward, skill and unaccented text, closed ones only on request', async () => {
    const all = await get('/api/pilots/jobs/vacancies');
    expect(all.body.items.every((v: Json) => v.open && v.demo)).toBe(true);
    expect(all.body.items.map((v: Json) => v.title)).not.toContain('Công nhân may');
    const withClosed = await get('/api/pilots/jobs/vacancies?includeClosed=true&skill=garment');
    expect(withClosed.body.items.map((v: Json) => v.title)).toEqual(['Công nhân may']);
    const filtered = await get(`/api/pilots/jobs/vacancies?unitId=${HK}&skill=hospitality`);
    expect(filtered.body.items.map((v: Json) => v.title).sort()).toEqual([
      'Lễ tân khách sạn (tiếng Anh)',
      'Phục vụ nhà hàng',
    ]);
    const text = await get('/api/pilots/jobs/vacancies?q=lap%20trinh');
    expect(text.body.items.map((v: Json) => v.title)).toEqual(['Lập trình viên web']);
    expect(text.body.jobSeekerProcedure.code).toBe('dang-ky-tim-viec-lam');
    expectProblem(await t.server.inject({ url: '/api/pilots/jobs/vacancies?skill=juggling' }), 400);
    const skills = await get('/api/pilots/jobs/skills');
    expect(skills.body.length).toBeGreaterThan(5);
  });

  it('posts and withdraws a vacancy with audit; denies out-of-scope officials', async () => {
    const vacancy = {
      title: 'Nhân viên thu ngân',
      employer: 'Cửa hàng Thử nghiệm',
      skill: 'sales',
      description: 'Thu ngân ca sáng tại cửa hàng.',
      unitId: HK,
      openings: 2,
      closesOn: '2099-12-31',
    };
    expect((await anonymousWrite('POST', '/api/pilots/jobs/vacancies', vacancy)).statusCode).toBe(401);
    expectProblem(
      await healthSteward.request({ method: 'POST', url: '/api/pilots/jobs/vacancies', payload: vacancy }),
      403,
    );
    expectProblem(
      await wardSteward.request({
        method: 'POST',
        url: '/api/pilots/jobs/vacancies',
        payload: { ...vacancy, salaryMin: 9_000_000, salaryMax: 5_000_000 },
      }),
      422,
    );
    const created = await wardSteward.request({
      method: 'POST',
      url: '/api/pilots/jobs/vacancies',
      payload: vacancy,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as Json).id;
    const withdrawn = await wardSteward.request({
      method: 'POST',
      url: `/api/pilots/jobs/vacancies/${id}/withdraw`,
    });
    expect((withdrawn.json() as Json).open).toBe(false);
    expect(await auditRows('pilots.vacancy.create')).toHaveLength(1);
    expect(await auditRows('pilots.vacancy.withdraw')).toHaveLength(1);
  });
});

describe('social security: schedules and aggregate counts', () => {
  it('lists payment schedules by ward, and counts with the small ones suppressed', async () => {
    const schedules = await get(`/api/pilots/social/schedules?unitId=${HK}`);
    expect(schedules.body.items.length).toBeGreaterThan(0);
    expect(schedules.body.items[0]).toMatchObject({ unitId: HK, demo: true });
    const counts = await get(`/api/pilots/social/counts?unitId=${HK}`);
    const orphan = counts.body.items.find((c: Json) => c.benefit === 'orphan');
    expect(orphan).toMatchObject({ count: null, suppressed: true });
    const elderly = counts.body.items.find((c: Json) => c.benefit === 'elderly');
    expect(elderly.count).toBeGreaterThanOrEqual(5);
    expect(counts.body.suppression.en).toContain('below 5');
    const all = await get('/api/pilots/social/counts?limit=200');
    expect(all.body.items.every((c: Json) => c.count === null || c.count >= 5)).toBe(true);
    expectProblem(await t.server.inject({ url: '/api/pilots/social/counts?period=2026-13' }), 400);
  });

  it('holds no personal data: no name or ID column, nothing accepted beyond aggregates', async () => {
    const db = t.platform.context.database.db;
    const { rows } = await sql<{ column_name: string }>`
      select column_name from information_schema.columns where table_schema = 'pilots'
        and table_name in ('payment_schedules', 'beneficiary_counts')`.execute(db);
    const columns = rows.map((row) => row.column_name);
    for (const personal of [
      'name',
      'full_name',
      'personal_id',
      'id_number',
      'date_of_birth',
      'phone',
      'address',
    ])
      expect(columns).not.toContain(personal);
    const withPerson = await wardSteward.request({
      method: 'PUT',
      url: '/api/pilots/social/counts',
      payload: { unitId: HK, benefit: 'merit', period: '2026-01', count: 12, personalId: '001099012345' },
    });
    expectProblem(withPerson, 400);
    const body = JSON.stringify((await get('/api/pilots/social/counts?limit=200')).body);
    expect(body).not.toMatch(/[0-9]{12}/);
  });

  it('sets a count (suppressed in its answer when below 5) and a schedule, audited; denies others', async () => {
    const count = { unitId: HK, benefit: 'orphan', period: '2026-01', count: 3 };
    expectProblem(
      await healthReporter.request({ method: 'PUT', url: '/api/pilots/social/counts', payload: count }),
      403,
    );
    expectProblem(
      await wardSteward.request({
        method: 'PUT',
        url: '/api/pilots/social/counts',
        payload: { ...count, unitId: CN },
      }),
      403,
    );
    const set = await wardSteward.request({
      method: 'PUT',
      url: '/api/pilots/social/counts',
      payload: count,
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ count: null, suppressed: true, demo: false });
    const schedule = {
      unitId: HK,
      benefit: 'disability',
      payDate: '2099-01-05',
      fromTime: '08:00',
      toTime: '07:00',
      place: 'Nhà văn hóa tổ dân phố 5',
    };
    expectProblem(
      await wardSteward.request({ method: 'POST', url: '/api/pilots/social/schedules', payload: schedule }),
      422,
    );
    const created = await wardSteward.request({
      method: 'POST',
      url: '/api/pilots/social/schedules',
      payload: { ...schedule, toTime: '11:00' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(await auditRows('pilots.beneficiary_count.set')).toHaveLength(1);
    expect(await auditRows('pilots.payment_schedule.create')).toHaveLength(1);
  });
});

describe('health: commune station load', () => {
  it('shows each station with its load today', async () => {
    const { body } = await get('/api/pilots/health/stations');
    expect(body.total).toBe(5);
    const station = body.items.find((s: Json) => s.id === 'demo-tyt-cua-nam');
    expect(station.today.loadPct).toBeGreaterThanOrEqual(90);
    expect(station.level).toBe('high');
    expect(station.demo).toBe(true);
  });

  it('takes load reports from the ward reporter, audited, and refuses others and bad numbers', async () => {
    const url = '/api/pilots/health/stations/demo-tyt-hoan-kiem/reports';
    const before = (await get('/api/pilots/health/stations/demo-tyt-hoan-kiem')).body.today.visitsToday;
    expectProblem(
      await ioc.request({ method: 'POST', url, payload: { visitsToday: before + 1, waiting: 1 } }),
      403,
    );
    expectProblem(
      await healthReporter.request({ method: 'POST', url, payload: { visitsToday: before + 1, waiting: 1 } }),
      403,
    );
    expectProblem(
      await wardSteward.request({ method: 'POST', url, payload: { visitsToday: -1, waiting: 1 } }),
      400,
    );
    expectProblem(
      await wardSteward.request({ method: 'POST', url, payload: { visitsToday: 0, waiting: 1 } }),
      422,
    );
    const reported = await wardSteward.request({
      method: 'POST',
      url,
      payload: { visitsToday: before + 10, waiting: 3 },
    });
    expect(reported.statusCode, reported.body).toBe(201);
    expect((reported.json() as Json).today).toMatchObject({
      visitsToday: before + 10,
      waiting: 3,
      demo: false,
    });
    const audit = await auditRows('pilots.station.report');
    expect(audit).toHaveLength(1);
    expect(audit[0].agency_id).toBe(HK);
  });
});

describe('open datasets of aggregates', () => {
  it('publishes one demo dataset per pilot, with the social counts suppressed', async () => {
    const outcomes = await t.platform.data.portal.refresh();
    for (const name of [
      'truong-cong-lap-theo-phuong',
      'co-so-thuc-pham-theo-tinh-trang-chung-nhan',
      'viec-lam-dang-tuyen-theo-phuong-ky-nang',
      'nguoi-huong-tro-cap-theo-phuong',
      'tram-y-te-muc-tai-trong-ngay',
    ])
      expect(outcomes[name], name).toMatch(/^(created|updated|unchanged)$/);
    const show = await get('/api/3/action/package_show?id=nguoi-huong-tro-cap-theo-phuong');
    expect(show.status).toBe(200);
    expect(JSON.stringify(show.body)).toMatch(/mô phỏng|demo/i);
    const resource = show.body.result.resources[0];
    const records = (await get(`/api/3/action/datastore_search?resource_id=${resource.id}&limit=1000`)).body
      .result.records as Json[];
    expect(records.length).toBeGreaterThan(20);
    for (const record of records) {
      expect(record.beneficiaries === null || record.beneficiaries >= 5, JSON.stringify(record)).toBe(true);
      expect(record.suppressed).toBe(record.beneficiaries === null);
      expect(typeof record.demo).toBe('boolean');
    }
    expect(records.some((record) => record.suppressed)).toBe(true);
    expect(records.filter((record) => record.demo).length).toBeGreaterThan(20);
    expect(Object.keys(records[0]).sort()).toEqual(
      ['_id', 'benefit', 'beneficiaries', 'demo', 'period', 'suppressed', 'unit_id', 'unit_name'].sort(),
    );
  });
});
