import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody, type OfficialSession, signInOfficial } from '../../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { parsePeriod } from '../../../platform/period.ts';
import { AGENCIES_PUBLISHING_OPEN_DATA } from './kpi.ts';

/**
 * The portal's own API: publishing with access rules, uploads with a Table Schema and their
 * validation report, versions, the quality score's criteria, link checks, counters and the KPIs.
 */
let t: TestPlatform;
let steward: OfficialSession; // data steward of so-y-te
let construction: OfficialSession; // data steward of so-xay-dung
let reporter: OfficialSession; // reporter of so-y-te, not a steward
let linkServer: Server;
let linkBase: string;

beforeAll(async () => {
  t = await createTestPlatform({ demo: true });
  [steward, construction, reporter] = await Promise.all([
    signInOfficial(t, 'dulieu.soyte'),
    signInOfficial(t, 'baocao.soxd'),
    signInOfficial(t, 'baocao.soyte'),
  ]);
  linkServer = createServer((request, response) => {
    response.statusCode = request.url === '/ok.csv' ? 200 : 404;
    response.end();
  });
  await new Promise<void>((resolve) => linkServer.listen(0, '127.0.0.1', resolve));
  linkBase = `http://127.0.0.1:${(linkServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  linkServer?.close();
  await t?.close();
});

const dataset = {
  name: 'nha-thuoc',
  titleVi: 'Danh sách nhà thuốc đạt chuẩn',
  descriptionVi: 'Nhà thuốc.',
  organizationId: 'so-y-te',
  private: true,
};
const schema = {
  fields: [
    { name: 'ma', type: 'string', constraints: { required: true, unique: true } },
    { name: 'ten', type: 'string' },
    { name: 'so_nhan_vien', type: 'integer', constraints: { minimum: 0 } },
  ],
};

async function upload(
  session: OfficialSession,
  name: string,
  csv: string,
  fields: Record<string, string> = {},
) {
  const body = multipartBody(
    { filename: 'nha-thuoc.csv', contentType: 'text/csv', bytes: Buffer.from(csv) },
    fields,
  );
  return session.request({
    method: 'POST',
    url: `/api/data/portal/datasets/${name}/resources`,
    headers: body.headers,
    payload: body.payload,
  });
}

describe('publishing', () => {
  it('a steward creates a private dataset of their agency; others may not', async () => {
    const created = await steward.request({
      method: 'POST',
      url: '/api/data/portal/datasets',
      payload: dataset,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'nha-thuoc',
      private: true,
      issued: null,
      licenseId: 'CC-BY-4.0',
      version: 1,
      canEdit: true,
    });
    const foreign = await construction.request({
      method: 'POST',
      url: '/api/data/portal/datasets',
      payload: { ...dataset, name: 'khac' },
    });
    expect(foreign.statusCode).toBe(403);
    const notSteward = await reporter.request({
      method: 'POST',
      url: '/api/data/portal/datasets',
      payload: { ...dataset, name: 'khac' },
    });
    expect(notSteward.statusCode).toBe(403);
    const anonymous = await t.server.inject({ method: 'GET', url: '/api/data/portal/datasets/nha-thuoc' });
    expect(anonymous.statusCode).toBe(404);
    const otherSteward = await construction.request({ url: '/api/data/portal/datasets/nha-thuoc' });
    expect(otherSteward.statusCode).toBe(404);
    const editByOther = await construction.request({
      method: 'PATCH',
      url: '/api/data/portal/datasets/nha-thuoc',
      payload: { titleVi: 'Sửa trộm' },
    });
    expect(editByOther.statusCode).toBe(404);
    const unknownField = await steward.request({
      method: 'POST',
      url: '/api/data/portal/datasets',
      payload: { ...dataset, name: 'x-y', colour: 'red' },
    });
    expect(unknownField.statusCode).toBe(400);
    const badSpatial = await steward.request({
      method: 'POST',
      url: '/api/data/portal/datasets',
      payload: { ...dataset, name: 'x-y', spatialUnitIds: ['khong-co'] },
    });
    expect(badSpatial.statusCode).toBe(400);
  });

  it('an upload that breaks the schema gets a report and leaves nothing; the fixed file loads', async () => {
    const broken = await upload(
      steward,
      'nha-thuoc',
      'ma,ten,so_nhan_vien\nNT01,Nhà thuốc Long Châu,12\nNT02,Nhà thuốc An Khang,nhiều\n',
      {
        name: 'Nhà thuốc (CSV)',
        schema: JSON.stringify(schema),
      },
    );
    expect(broken.statusCode).toBe(422);
    const report = broken.json().report;
    expect(report.valid).toBe(false);
    expect(report.issues[0]).toMatchObject({
      type: 'type',
      row: 3,
      column: 'so_nhan_vien',
      vi: expect.any(String),
      en: expect.any(String),
    });
    expect((await steward.request({ url: '/api/data/portal/datasets/nha-thuoc' })).json().resources).toEqual(
      [],
    );
    const fixed = await upload(
      steward,
      'nha-thuoc',
      'ma,ten,so_nhan_vien\nNT01,Nhà thuốc Long Châu,12\nNT02,Nhà thuốc An Khang,8\n',
      {
        name: 'Nhà thuốc (CSV)',
        schema: JSON.stringify(schema),
      },
    );
    expect(fixed.statusCode).toBe(201);
    expect(fixed.json()).toMatchObject({
      report: { valid: true, rows: 2 },
      resource: {
        format: 'CSV',
        kind: 'upload',
        datastoreActive: true,
        rows: 2,
        schemaSource: 'publisher',
        validation: { valid: true },
      },
    });
    expect(fixed.json().resource.schema.fields.map((f: { name: string }) => f.name)).toEqual([
      'ma',
      'ten',
      'so_nhan_vien',
    ]);
  });

  it('refuses files of other types, other encodings and bad JSON with a report', async () => {
    const latin1 = multipartBody({
      filename: 'x.csv',
      contentType: 'text/csv',
      bytes: Buffer.from('ma,ten\n1,Nhà thuốc\n', 'latin1'),
    });
    const encoding = await steward.request({
      method: 'POST',
      url: '/api/data/portal/datasets/nha-thuoc/resources',
      headers: latin1.headers,
      payload: latin1.payload,
    });
    expect(encoding.statusCode).toBe(422);
    expect(encoding.json().report.issues[0].type).toBe('encoding');
    const pdf = multipartBody({
      filename: 'x.pdf',
      contentType: 'application/pdf',
      bytes: Buffer.from('%PDF-1.7\n%%EOF\n'),
    });
    const type = await steward.request({
      method: 'POST',
      url: '/api/data/portal/datasets/nha-thuoc/resources',
      headers: pdf.headers,
      payload: pdf.payload,
    });
    expect(type.statusCode).toBe(415);
    expect(type.json().en.detail).toMatch(/Allowed: CSV, XLSX, TEXT/);
    const json = multipartBody({
      filename: 'x.geojson',
      contentType: 'application/geo+json',
      bytes: Buffer.from('{"type":"Nope"}'),
    });
    const geo = await steward.request({
      method: 'POST',
      url: '/api/data/portal/datasets/nha-thuoc/resources',
      headers: json.headers,
      payload: json.payload,
    });
    expect(geo.statusCode).toBe(422);
    expect(
      (await steward.request({ url: '/api/data/portal/datasets/nha-thuoc' })).json().resources,
    ).toHaveLength(1);
    const files = await t.platform.context.database.executeSql(
      'select count(*)::int as n from platform.chunked_files where complete = false',
    );
    expect(files.rows).toEqual([{ n: 0 }]);
  });

  it('publishing sets issued; every change keeps the previous version', async () => {
    const published = await steward.request({
      method: 'PATCH',
      url: '/api/data/portal/datasets/nha-thuoc',
      payload: { private: false, titleEn: 'Certified pharmacies' },
    });
    expect(published.statusCode).toBe(200);
    expect(published.json().issued).toEqual(expect.any(String));
    const versions = (await t.server.inject('/api/data/portal/datasets/nha-thuoc/versions')).json();
    expect(versions.map((v: { version: number; action: string }) => [v.version, v.action])).toEqual([
      [3, 'current'],
      [2, 'patch'],
      [1, 'resource_create'],
    ]);
    const first = (await t.server.inject('/api/data/portal/datasets/nha-thuoc/versions/1')).json();
    expect(first.snapshot.dataset).toMatchObject({ private: true, title_en: null });
    expect(first.snapshot.resources).toEqual([]);
    const second = (await t.server.inject('/api/data/portal/datasets/nha-thuoc/versions/2')).json();
    expect(second.snapshot.resources).toHaveLength(1);
    const audit = await t.platform.context.database.executeSql(
      // The publisher's own writes; the platform's followed datasets of the agency are written by the system.
      "select action from platform.audit_log where object_type in ('data.dataset', 'data.resource') and agency_id = 'so-y-te' and actor_kind = 'official' order by seq",
    );
    expect((audit.rows as { action: string }[]).map((r) => r.action)).toEqual([
      'data.dataset.create',
      'data.resource.create',
      'data.dataset.update',
    ]);
  });
});

describe('quality score', () => {
  it('shows each criterion with its points and reason, and rises as they are met', async () => {
    const before = (await t.server.inject('/api/data/portal/datasets/nha-thuoc')).json().quality;
    type Criterion = { code: string; met: boolean; points: number; max: number; reason: { en: string } };
    const byCode = (q: { criteria: Criterion[] }) =>
      Object.fromEntries(q.criteria.map((c) => [c.code, c])) as Record<string, Criterion> & {
        description: Criterion;
        english: Criterion;
        licence_open: Criterion;
        frequency_kept: Criterion;
        table_schema: Criterion;
        resources_present: Criterion;
      };
    expect(before.criteria.reduce((sum: number, c: { max: number }) => sum + c.max, 0)).toBe(100);
    const b = byCode(before);
    expect(b.description.met).toBe(false);
    expect(b.english.met).toBe(false);
    expect(b.licence_open).toMatchObject({ met: true, points: 10 });
    expect(b.frequency_kept.met).toBe(false);
    expect(b.table_schema).toMatchObject({ met: true, points: 10 });
    expect(b.resources_present.met).toBe(true);
    expect(before.score).toBe(
      before.criteria.reduce((sum: number, c: { points: number }) => sum + c.points, 0),
    );
    const improved = await steward.request({
      method: 'PATCH',
      url: '/api/data/portal/datasets/nha-thuoc',
      payload: {
        descriptionVi:
          'Danh sách các nhà thuốc trên địa bàn thành phố Hà Nội đạt chuẩn thực hành tốt cơ sở bán lẻ thuốc (GPP), cập nhật hằng tháng.',
        descriptionEn: 'Pharmacies certified for Good Pharmacy Practice.',
        frequency: 'MONTHLY',
        temporalStart: '2025-01-01',
        spatialUnitIds: ['hanoi'],
        keywords: ['y tế', 'nhà thuốc', 'GPP'],
        contactEmail: 'duoc@soyte.hanoi.gov.vn',
        themes: ['HEAL'],
      },
    });
    const after = improved.json().quality;
    expect(after.score).toBe(100);
    expect(byCode(after).frequency_kept.reason.en).toMatch(/Last updated 0 days ago/);
  });

  it('counts a link unreachable at its last check against the dataset', async () => {
    const good = await steward.request({
      method: 'POST',
      url: '/api/data/portal/datasets/nha-thuoc/links',
      payload: { name: 'Bản sao', url: `${linkBase}/ok.csv`, format: 'CSV', refresh: 'daily', schema },
    });
    expect(good.statusCode).toBe(201);
    const bad = await steward.request({
      method: 'POST',
      url: '/api/data/portal/datasets/nha-thuoc/links',
      payload: { name: 'Liên kết hỏng', url: `${linkBase}/missing`, format: 'HTML', refresh: 'weekly' },
    });
    const unchecked = (await t.server.inject('/api/data/portal/datasets/nha-thuoc')).json().quality;
    expect(unchecked.criteria.find((c: { code: string }) => c.code === 'resources_reachable').met).toBe(
      false,
    );
    const checked = await t.platform.data.portal.checkLinks();
    expect(checked).toEqual({ checked: 2, failed: 1 });
    const view = (await t.server.inject('/api/data/portal/datasets/nha-thuoc')).json();
    expect(view.resources.find((r: { id: string }) => r.id === bad.json().id).lastCheck).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(view.resources.find((r: { id: string }) => r.id === good.json().id).lastCheck).toMatchObject({
      ok: true,
      status: 200,
    });
    const reachable = view.quality.criteria.find((c: { code: string }) => c.code === 'resources_reachable');
    expect(reachable).toMatchObject({ met: false, points: 0 });
    expect(reachable.reason.en).toMatch(/1 link\(s\) were unreachable/);
    expect(await t.platform.data.portal.checkLinks()).toEqual({ checked: 0, failed: 0 }); // not due again yet
    const now = await steward.request({
      method: 'POST',
      url: `/api/data/portal/resources/${bad.json().id}/check`,
    });
    expect(now.json()).toMatchObject({ ok: false, status: 404 });
  });
});

describe('search, downloads and counters', () => {
  it('finds datasets without accents, with facets labelled in both languages', async () => {
    const found = (await t.server.inject('/api/data/portal/datasets?q=nha%20thuoc%20dat%20chuan')).json();
    expect(found.results.map((r: { name: string }) => r.name)).toEqual(['nha-thuoc']);
    expect(found.facets.organization).toEqual([
      { name: 'so-y-te', vi: 'Sở Y tế', en: 'Department of Health', count: 1 },
    ]);
    // Group and format together: exactly the datasets of the full list in one of the groups with a CSV resource.
    type Listed = { name: string; themes: { code: string }[]; resources: { format: string }[] };
    const all = (await t.server.inject('/api/data/portal/datasets?pageSize=100')).json();
    expect(all.count).toBeLessThanOrEqual(100);
    const expected = (all.results as Listed[])
      .filter(
        (r) =>
          r.themes.some((theme) => ['HEAL', 'ENVI'].includes(theme.code)) &&
          r.resources.some((resource) => resource.format.toLowerCase() === 'csv'),
      )
      .map((r) => r.name)
      .sort();
    const filtered = (
      await t.server.inject('/api/data/portal/datasets?group=HEAL,ENVI&format=csv&pageSize=50')
    ).json();
    expect(filtered.results.map((r: { name: string }) => r.name).sort()).toEqual(expected);
    expect(expected).toEqual(expect.arrayContaining(['nha-thuoc', 'quan-trac-chat-luong-khong-khi-demo']));
  });

  it('counts downloads and API calls per dataset, and the KPIs read them', async () => {
    const view = (await t.server.inject('/api/data/portal/datasets/nha-thuoc')).json();
    const upload = view.resources.find((r: { kind: string }) => r.kind === 'upload');
    const file = await t.server.inject(`/api/data/portal/resources/${upload.id}/download`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain("filename*=UTF-8''nha-thuoc.csv");
    expect(file.body).toContain('Nhà thuốc Long Châu');
    const link = view.resources.find(
      (r: { kind: string; format: string }) => r.kind === 'link' && r.format === 'CSV',
    );
    const redirect = await t.server.inject(`/api/data/portal/resources/${link.id}/download`);
    expect(redirect.statusCode).toBe(302);
    for (let i = 0; i < 3; i++) await t.server.inject('/api/3/action/package_show?id=nha-thuoc');
    await t.platform.data.portal.flushCounters();
    const counters = (await t.server.inject('/api/data/portal/datasets/nha-thuoc')).json().counters;
    expect(counters).toEqual({ downloads: 2, apiCalls: 3 });

    const period = parsePeriod(
      `${t.platform.context.clock.today().slice(0, 4)}Q${Math.floor(Number(t.platform.context.clock.today().slice(5, 7)) / 3.01) + 1}`,
    );
    const sources = t.platform.metrics.sources().map((s) => s.name);
    expect(sources).toEqual(
      expect.arrayContaining([
        AGENCIES_PUBLISHING_OPEN_DATA,
        'data.open_data_downloads',
        'data.open_data_api_calls',
        'data.open_datasets_published',
      ]),
    );
    await t.platform.metrics.recompute({ source: 'data.open_data_downloads', periods: [period.id] });
    const result = await t.platform.metrics.recompute({
      source: AGENCIES_PUBLISHING_OPEN_DATA,
      periods: [period.id],
    });
    expect(result.failed).toEqual([]);
    const rows = await t.platform.context.database.executeSql(
      "select numerator, denominator, value from metrics.observations where indicator_code = 'KH239.G26' and period = $1",
      [period.id],
    );
    const g26 = rows.rows[0] as { numerator: number; denominator: number; value: string };
    // so-noi-vu, so-nn-mt, so-kh-cn (reference datasets) and so-y-te; demo datasets do not count.
    expect(Number(g26.numerator)).toBe(4);
    expect(Number(g26.denominator)).toBeGreaterThan(126);
    expect(Number(g26.value)).toBeCloseTo((4 / Number(g26.denominator)) * 100, 3);
  });
});
