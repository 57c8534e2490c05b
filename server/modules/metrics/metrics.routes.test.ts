import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody, type OfficialSession, signInOfficial } from '../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { systemActor } from '../../platform/auth/principal.ts';

/**
 * /api/metrics over HTTP with demo officials signed in through the real sign-on: who may enter
 * and read which values, the locks as problem+json, evidence limits and download scope.
 */
let t: TestPlatform;
let reporterA: OfficialSession; // Sở Y tế
let reviewerA: OfficialSession; // Sở Y tế
let reporterB: OfficialSession; // Sở Xây dựng
let owner: OfficialSession;
let draftId: string;

const A = 'so-y-te';
const B = 'so-xay-dung';
const PERIOD = '2026Q1';
const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');

// biome-ignore lint/suspicious/noExplicitAny: assertions read whatever JSON the API answers.
type Json = any;
const anonymousGet = async (url: string) => {
  const response = await t.server.inject({ url });
  return { status: response.statusCode, body: response.json() as Json };
};
const put = (session: OfficialSession, url: string, payload: object) =>
  session.request({ method: 'PUT', url, payload });
const value = (agencyId: string, extra: object = {}) => ({
  indicatorCode: 'R01',
  period: PERIOD,
  agencyId,
  value: 12,
  ...extra,
});
const setStatus = (agencyId: string, to: 'submitted' | 'approved' | 'returned' | 'draft') =>
  t.platform.context.database.db
    .transaction()
    .execute((trx) =>
      t.platform.metrics.setStatus(
        trx,
        systemActor('test'),
        { agencyId, period: PERIOD, indicatorCodes: ['R01'] },
        to,
      ),
    );

beforeAll(async () => {
  t = await createTestPlatform({ demo: true, demoPopulation: 300 });
  [reporterA, reviewerA, reporterB, owner] = (await Promise.all(
    ['baocao.soyte', 'duyet.soyte', 'baocao.soxd', 'kehoach.sokhcn'].map((username) =>
      signInOfficial(t, username),
    ),
  )) as [OfficialSession, OfficialSession, OfficialSession, OfficialSession];
});
afterAll(() => t?.close());

describe('indicators', () => {
  it('are documented in the OpenAPI document', async () => {
    const spec = (await t.server.inject('/api/openapi.json')).json() as { paths: Record<string, object> };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/metrics/indicators',
        '/api/metrics/indicators/{code}',
        '/api/metrics/observations',
        '/api/metrics/observations/{id}/evidence',
        '/api/metrics/evidence/{id}',
        '/api/metrics/sources',
        '/api/metrics/sources/recompute',
      ]),
    );
  });

  it('are defined by plan owners, refused to reporters, and read by everyone', async () => {
    const body = {
      nameVi: 'Hồ sơ trực tuyến toàn trình',
      nameEn: 'Fully online dossiers',
      unit: '%',
      direction: 'at_least',
      aggregation: 'average',
      periodType: 'quarter',
      decimals: 1,
    };
    const refused = await put(reporterA, '/api/metrics/indicators/R01', body);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const unknownField = await put(owner, '/api/metrics/indicators/R01', { ...body, colour: 'red' });
    expect(unknownField.statusCode).toBe(400);
    const created = await put(owner, '/api/metrics/indicators/R01', body);
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ code: 'R01', computedSource: null, descriptionVi: null });
    expect((await anonymousGet('/api/metrics/indicators/R01')).body.nameEn).toBe('Fully online dossiers');
    expect((await anonymousGet('/api/metrics/indicators')).body.map((i: Json) => i.code)).toContain('R01');
    expect((await anonymousGet('/api/metrics/indicators/R99')).status).toBe(404);
  });
});

describe('observations', () => {
  it('a reporter enters values for their own agency only', async () => {
    const saved = await put(reporterA, '/api/metrics/observations', value(A, { comment: 'Số liệu quý 1' }));
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ status: 'draft', provenance: { kind: 'manual' } });
    draftId = saved.json().id;
    const forB = await put(reporterA, '/api/metrics/observations', value(B));
    expect(forB.statusCode).toBe(403);
    expect(forB.headers['content-type']).toContain('application/problem+json');
    expect(forB.json().code).toBe('forbidden');
    expect((await put(reviewerA, '/api/metrics/observations', value(A))).statusCode).toBe(403);
    const anonymous = await t.server.inject({
      method: 'PUT',
      url: '/api/metrics/observations',
      payload: value(A),
    });
    expect(anonymous.statusCode).toBe(403); // no CSRF token: refused before anything else
    expect((await put(reporterB, '/api/metrics/observations', value(B, { value: 140 }))).statusCode).toBe(
      400,
    );
    expect((await put(reporterB, '/api/metrics/observations', value(B, { value: 8 }))).statusCode).toBe(200);
  });

  it('a reporter of agency A cannot read agency B’s drafts; the public sees approved values only', async () => {
    const read = async (session: OfficialSession | null, query = `indicator=R01&period=${PERIOD}`) => {
      const response = session
        ? await session.request({ url: `/api/metrics/observations?${query}` })
        : await t.server.inject({ url: `/api/metrics/observations?${query}` });
      expect(response.statusCode, response.body).toBe(200);
      return (response.json() as Json[]).map((o) => `${o.agencyId}:${o.status}`).sort();
    };
    expect(await read(null)).toEqual([]);
    expect(await read(reporterA)).toEqual([`${A}:draft`]);
    expect(await read(reporterA, `agency=${B}&indicator=R01`)).toEqual([]);
    expect(await read(reviewerA)).toEqual([`${A}:draft`]);
    expect(await read(reporterB)).toEqual([`${B}:draft`]);
    expect(await read(owner)).toEqual([`${B}:draft`, `${A}:draft`]);
    await setStatus(B, 'approved');
    expect(await read(null)).toEqual([`${B}:approved`]);
    expect(await read(reporterA)).toEqual([`${B}:approved`, `${A}:draft`]);
    expect(await read(null, 'status=draft')).toEqual([]);
    expect((await anonymousGet('/api/metrics/observations?status=nope')).status).toBe(400);
    expect((await anonymousGet('/api/metrics/observations?period=2026Q9')).status).toBe(400);
  });

  it('locks submitted and approved values with 409 problem+json; a returned value is editable', async () => {
    await setStatus(A, 'submitted');
    const submitted = await put(reporterA, '/api/metrics/observations', value(A, { value: 13 }));
    expect(submitted.statusCode).toBe(409);
    await setStatus(A, 'returned');
    const edited = await put(reporterA, '/api/metrics/observations', value(A, { value: 14 }));
    expect(edited.json()).toMatchObject({ status: 'draft', value: 14 });
    const approvedB = await put(reporterB, '/api/metrics/observations', value(B, { value: 9 }));
    expect(approvedB.statusCode).toBe(409);
    expect(approvedB.headers['content-type']).toContain('application/problem+json');
    expect(approvedB.json()).toMatchObject({
      status: 409,
      code: 'conflict',
      vi: { detail: 'Kỳ báo cáo đã được phê duyệt và khóa.' },
      en: { detail: 'The reporting period has been approved and is locked.' },
    });
  });
});

describe('evidence', () => {
  const upload = (
    session: OfficialSession,
    id: string,
    file: { filename: string; bytes: Buffer },
    fields = {},
  ) =>
    session.request({
      method: 'POST',
      url: `/api/metrics/observations/${id}/evidence`,
      ...multipartBody({ ...file, contentType: 'application/octet-stream' }, fields),
    });

  it('accepts documents within the limits and refuses other types and larger files', async () => {
    const ok = await upload(
      reporterA,
      draftId,
      { filename: 'Biên bản.pdf', bytes: pdf },
      { description: 'Biên bản họp' },
    );
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({
      filename: 'Biên bản.pdf',
      mediaType: 'application/pdf',
      description: 'Biên bản họp',
    });
    const exe = await upload(reporterA, draftId, {
      filename: 'tool.pdf',
      bytes: Buffer.from([0x4d, 0x5a, 0, 1, 2]),
    });
    expect(exe.statusCode).toBe(415);
    expect(exe.headers['content-type']).toContain('application/problem+json');
    const large = Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024, 0x20)]);
    const tooLarge = await upload(reporterA, draftId, { filename: 'lon.pdf', bytes: large });
    expect(tooLarge.statusCode).toBe(413);
    const [observation] = (
      await reporterA.request({ url: `/api/metrics/observations?indicator=R01&agency=${A}` })
    ).json() as Json[];
    expect(observation.evidence).toHaveLength(1);
  });

  it('is attached by the agency’s reporters only, and never to a locked value', async () => {
    expect((await upload(reporterB, draftId, { filename: 'x.pdf', bytes: pdf })).statusCode).toBe(404);
    const [approvedB] = (
      await reporterB.request({ url: `/api/metrics/observations?indicator=R01&agency=${B}` })
    ).json() as Json[];
    expect((await upload(reporterB, approvedB.id, { filename: 'x.pdf', bytes: pdf })).statusCode).toBe(409);
    expect((await upload(reporterA, approvedB.id, { filename: 'x.pdf', bytes: pdf })).statusCode).toBe(403);
  });

  it('is downloaded by whoever may see its observation', async () => {
    const [observation] = (
      await reporterA.request({ url: `/api/metrics/observations?indicator=R01&agency=${A}` })
    ).json() as Json[];
    const evidenceId = observation.evidence[0].id;
    const own = await reporterA.request({ url: `/api/metrics/evidence/${evidenceId}` });
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('application/pdf');
    expect(own.headers['content-disposition']).toContain("filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf");
    expect(own.rawPayload.equals(pdf)).toBe(true);
    expect((await reporterB.request({ url: `/api/metrics/evidence/${evidenceId}` })).statusCode).toBe(404);
    expect((await t.server.inject({ url: `/api/metrics/evidence/${evidenceId}` })).statusCode).toBe(404);
    await setStatus(A, 'submitted');
    await setStatus(A, 'approved');
    expect((await t.server.inject({ url: `/api/metrics/evidence/${evidenceId}` })).statusCode).toBe(200);
    expect((await t.server.inject({ url: '/api/metrics/evidence/not-a-uuid' })).statusCode).toBe(400);
  });
});

describe('computed sources', () => {
  it('are listed for everyone; recomputing on demand is for plan owners', async () => {
    const sources = await anonymousGet('/api/metrics/sources');
    expect(sources.status).toBe(200);
    expect(sources.body.map((s: Json) => s.name)).toEqual(
      expect.arrayContaining([
        'identity.citizens_unified_sign_in_share',
        'identity.officials_digital_identity_share',
      ]),
    );
    const refused = await reporterA.request({
      method: 'POST',
      url: '/api/metrics/sources/recompute',
      payload: {},
    });
    expect(refused.statusCode).toBe(403);
    const run = await owner.request({
      method: 'POST',
      url: '/api/metrics/sources/recompute',
      payload: { source: 'identity.officials_digital_identity_share' },
    });
    expect(run.statusCode, run.body).toBe(200);
    // The plan's reference seed binds KH239.G09 to this source: there is something to measure.
    const summary = run.json() as { written: number; unchanged: number; failed: unknown[] };
    expect(summary.failed).toEqual([]);
    expect(summary.written + summary.unchanged).toBeGreaterThan(0);
    const unknown = await owner.request({
      method: 'POST',
      url: '/api/metrics/sources/recompute',
      payload: { source: 'x.y' },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('measure their indicators: a person entering one gets 422', async () => {
    const bound = await put(owner, '/api/metrics/indicators/R02', {
      nameVi: 'Cán bộ có định danh số',
      nameEn: 'Officials with a digital identity',
      unit: '%',
      direction: 'at_least',
      aggregation: 'ratio',
      periodType: 'quarter',
      decimals: 1,
      computedSource: 'identity.officials_digital_identity_share',
    });
    expect(bound.statusCode, bound.body).toBe(200);
    const refused = await put(owner, '/api/metrics/observations', {
      ...value('hanoi'),
      indicatorCode: 'R02',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().vi.detail).toContain('do nền tảng tự đo');
  });
});
