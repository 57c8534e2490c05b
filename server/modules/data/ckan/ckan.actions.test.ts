import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ckan } from '../../../../test/support/ckan.ts';
import { multipartBody, signInOfficial } from '../../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';

/**
 * Every action of the CKAN Action API the issue lists, called as CKAN clients call them (GET query
 * string, POST JSON, POST form), checking CKAN's envelope and the fields CKAN documents; errors are
 * CKAN-shaped with CKAN's status codes, never problem+json.
 */
let t: TestPlatform;
let healthToken: string; // data steward of so-y-te
let adminToken: string; // city administrator

beforeAll(async () => {
  t = await createTestPlatform({ demo: true });
  const [steward, admin] = await Promise.all([
    signInOfficial(t, 'dulieu.soyte'),
    signInOfficial(t, 'admin.hanoi'),
  ]);
  const mint = async (session: typeof steward) =>
    (
      await session.request({
        method: 'POST',
        url: '/api/identity/api-tokens',
        payload: { name: 'ckan test' },
      })
    ).json().token as string;
  [healthToken, adminToken] = await Promise.all([mint(steward), mint(admin)]);
});
afterAll(() => t?.close());

const envelope = (body: { help: string; success: boolean }, action: string) => {
  expect(body.help).toBe(`http://localhost:3999/api/3/action/help_show?name=${action}`);
  expect(typeof body.success).toBe('boolean');
};

describe('read actions, by GET, POST JSON and POST form', () => {
  for (const via of ['get', 'json', 'form'] as const) {
    it(`site_read, status_show, license_list, package_list (${via})`, async () => {
      const site = await ckan(t, { action: 'site_read', via });
      expect(site).toMatchObject({ status: 200, body: { success: true, result: true } });
      envelope(site.body, 'site_read');
      const status = await ckan(t, { action: 'status_show', via });
      expect(status.body.result).toMatchObject({
        ckan_version: expect.any(String),
        site_url: 'http://localhost:3999',
        extensions: expect.arrayContaining(['datastore']),
      });
      const licences = await ckan(t, { action: 'license_list', via });
      expect(licences.body.result.find((l: { id: string }) => l.id === 'CC-BY-4.0')).toMatchObject({
        title: expect.any(String),
        url: 'https://creativecommons.org/licenses/by/4.0/',
        od_conformance: 'approved',
      });
      const list = await ckan(t, { action: 'package_list', via, data: { limit: 2, offset: 0 } });
      expect(list.body.result).toHaveLength(2);
      expect(list.body.result.every((n: unknown) => typeof n === 'string')).toBe(true);
    });
  }

  it('package_search answers count, results, facets and search_facets', async () => {
    for (const via of ['get', 'json', 'form'] as const) {
      const found = await ckan(t, {
        action: 'package_search',
        via,
        data: {
          q: 'xe buyt',
          'facet.field': '["organization","groups","tags","res_format","license_id"]',
          rows: 5,
        },
      });
      expect(found.status).toBe(200);
      envelope(found.body, 'package_search');
      const result = found.body.result;
      expect(result.count).toBeGreaterThanOrEqual(1);
      expect(result.results[0]).toMatchObject({
        name: 'diem-dung-xe-buyt-demo',
        type: 'dataset',
        owner_org: 'so-xay-dung',
        demo: true,
      });
      expect(result.results[0].title).toContain('[Dữ liệu minh họa / Demo]');
      expect(result.facets.organization).toEqual({ 'so-xay-dung': 1 });
      expect(result.search_facets.organization.items[0]).toEqual({
        name: 'so-xay-dung',
        display_name: 'Sở Xây dựng',
        count: 1,
      });
      expect(result.facets.res_format).toEqual({ CSV: 1 });
      expect(result.facets.groups).toEqual({ tran: 1 });
    }
  });

  it('searches without accents: "ha noi" finds Hà Nội, "giao thong" finds giao thông', async () => {
    // A near miss of our own: "hạn" starts with "ha" and its publisher, Sở Nội vụ, has "nội".
    const nearMiss = await ckan(t, {
      action: 'package_create',
      token: adminToken,
      data: {
        name: 'tin-con-han-thu',
        title: 'Tin tuyển dụng còn hạn (thử)',
        notes: 'Số tin tuyển dụng còn hạn theo phường.',
        owner_org: 'so-noi-vu',
      },
    });
    expect(nearMiss.status).toBe(200);
    const haNoi = await ckan(t, { action: 'package_search', via: 'get', data: { q: 'ha noi', rows: 1000 } });
    type Found = {
      name: string;
      title: string;
      notes: string;
      title_en: string | null;
      notes_en: string | null;
    };
    const results: (Found & { tags: { name: string }[] })[] = haNoi.body.result.results;
    const names = results.map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining(['don-vi-hanh-chinh-ha-noi', 'ranh-gioi-hanh-chinh-ha-noi']),
    );
    expect(names).not.toContain('tin-con-han-thu');
    // Whatever other modules publish, everything found names Hanoi in what the search reads.
    const offTopic = results.filter(
      (r) =>
        !/Hà Nội|Ha Noi|Hanoi/i.test(
          [r.title, r.notes, r.title_en, r.notes_en, ...r.tags.map((tag) => tag.name)].join(' '),
        ),
    );
    expect(offTopic.map((r) => r.name)).toEqual([]);
    const ownWords = await ckan(t, { action: 'package_search', data: { q: 'con han', rows: 1000 } });
    expect(ownWords.body.result.results.map((r: { name: string }) => r.name)).toContain('tin-con-han-thu');
    const cleanup = await ckan(t, {
      action: 'package_delete',
      token: adminToken,
      data: { id: 'tin-con-han-thu' },
    });
    expect(cleanup.body.success).toBe(true);
    const traffic = await ckan(t, { action: 'package_search', via: 'get', data: { q: 'giao thong' } });
    expect(traffic.body.result.results.map((r: { name: string }) => r.name)).toContain(
      'diem-dung-xe-buyt-demo',
    );
    const accented = await ckan(t, { action: 'package_search', via: 'get', data: { q: 'giao thông' } });
    expect(accented.body.result.count).toBe(traffic.body.result.count);
  });

  it('package_search filters with fq, sorts, pages and caps rows at 1000', async () => {
    const byOrg = await ckan(t, {
      action: 'package_search',
      via: 'get',
      data: { fq: 'organization:so-kh-cn', sort: 'name asc' },
    });
    type Found = {
      name: string;
      groups: { name: string }[];
      tags: { name: string }[];
      resources: { format: string }[];
      license_id: string;
    };
    // Other modules publish datasets too: expected answers are worked out from the whole list.
    const all = await ckan(t, { action: 'package_search', data: { rows: 5000 } });
    const every: Found[] = all.body.result.results;
    const namesWhere = (keep: (r: Found) => boolean) =>
      every
        .filter(keep)
        .map((r) => r.name)
        .sort();
    const hasGroup = (r: Found, group: string) => r.groups.some((g) => g.name === group);
    const foundNames = (body: { result: { count: number; results: { name: string }[] } }) => {
      expect(body.result.results.length).toBe(body.result.count);
      return body.result.results.map((r) => r.name).sort();
    };
    const names = byOrg.body.result.results.map((r: { name: string }) => r.name);
    expect(names.length).toBeGreaterThan(0);
    expect(byOrg.body.result.results.every((r: { owner_org: string }) => r.owner_org === 'so-kh-cn')).toBe(
      true,
    );
    expect(names).toEqual([...names].sort());
    const combined = await ckan(t, {
      action: 'package_search',
      data: { fq: '+res_format:GEOJSON +license_id:"ODbL-1.0" -tags:nothing', rows: 1000 },
    });
    const geoOdbl = namesWhere(
      (r) => r.license_id === 'ODbL-1.0' && r.resources.some((x) => x.format === 'GEOJSON'),
    );
    expect(geoOdbl).toContain('ranh-gioi-hanh-chinh-ha-noi');
    expect(foundNames(combined.body)).toEqual(geoOdbl);
    const either = await ckan(t, {
      action: 'package_search',
      data: { fq: 'groups:(educ OR tran)', rows: 1000 },
    });
    const educOrTran = namesWhere((r) => hasGroup(r, 'educ') || hasGroup(r, 'tran'));
    expect(educOrTran).toEqual(
      expect.arrayContaining(['danh-sach-truong-hoc-demo', 'diem-dung-xe-buyt-demo']),
    );
    expect(foundNames(either.body)).toEqual(educOrTran);
    const tagged = await ckan(t, { action: 'package_search', data: { fq: 'tags:"xe buýt"', rows: 1000 } });
    const busTagged = namesWhere((r) => r.tags.some((tag) => tag.name === 'xe buýt'));
    expect(busTagged).toContain('diem-dung-xe-buyt-demo');
    expect(foundNames(tagged.body)).toEqual(busTagged);
    const pageTwo = await ckan(t, {
      action: 'package_search',
      data: { rows: 2, start: 2, sort: 'name asc' },
    });
    const pageOne = await ckan(t, {
      action: 'package_search',
      data: { rows: 4, start: 0, sort: 'name asc' },
    });
    expect(pageTwo.body.result.results.map((r: { name: string }) => r.name)).toEqual(
      pageOne.body.result.results.slice(2, 4).map((r: { name: string }) => r.name),
    );
    expect(all.body.result.results.length).toBe(all.body.result.count);
  });

  it('package_show and resource_show answer CKAN’s dicts', async () => {
    const shown = await ckan(t, {
      action: 'package_show',
      via: 'get',
      data: { id: 'danh-sach-truong-hoc-demo' },
    });
    const pkg = shown.body.result;
    expect(pkg).toMatchObject({
      name: 'danh-sach-truong-hoc-demo',
      type: 'dataset',
      state: 'active',
      private: false,
      owner_org: 'so-gd-dt',
      organization: { name: 'so-gd-dt', is_organization: true, type: 'organization' },
      license_id: 'CC-BY-4.0',
      license_url: 'https://creativecommons.org/licenses/by/4.0/',
      isopen: true,
      num_resources: 1,
      groups: [{ name: 'educ' }],
    });
    expect(pkg.metadata_created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect(pkg.tags.map((tag: { name: string }) => tag.name)).toContain('trường học');
    expect(pkg.extras).toEqual(
      expect.arrayContaining([
        { key: 'frequency', value: 'ANNUAL' },
        { key: 'demo', value: 'true' },
      ]),
    );
    const resource = pkg.resources[0];
    expect(resource).toMatchObject({
      format: 'CSV',
      url_type: 'upload',
      datastore_active: true,
      package_id: pkg.id,
    });
    const again = await ckan(t, { action: 'resource_show', via: 'get', data: { id: resource.id } });
    expect(again.body.result).toMatchObject({ id: resource.id, name: resource.name, url: resource.url });
  });

  it('organization_list/show, group_list/show and tag_list', async () => {
    const names = await ckan(t, { action: 'organization_list', via: 'get' });
    expect(names.body.result).toEqual(expect.arrayContaining(['hanoi', 'so-y-te', 'comm-00070']));
    expect(names.body.result).not.toContain('dist-001'); // districts ended on 30 Jun 2025
    const full = await ckan(t, {
      action: 'organization_list',
      data: { all_fields: true, sort: 'package_count desc', limit: 3 },
    });
    // The public datasets per organization, as package_search counts them.
    const perOrg: Record<string, number> = (
      await ckan(t, {
        action: 'package_search',
        data: { rows: 0, 'facet.field': '["organization"]', 'facet.limit': -1 },
      })
    ).body.result.facets.organization;
    const counts = Object.values(perOrg).sort((a, b) => b - a);
    expect(full.body.result).toHaveLength(3);
    expect(full.body.result[0]).toMatchObject({ is_organization: true, package_count: counts[0] });
    expect(
      full.body.result.map((o: { name: string; package_count: number }) => [o.package_count, perOrg[o.name]]),
    ).toEqual(counts.slice(0, 3).map((n) => [n, n]));
    const org = await ckan(t, {
      action: 'organization_show',
      via: 'get',
      data: { id: 'so-xay-dung', include_datasets: 'true' },
    });
    const construction = await ckan(t, {
      action: 'package_search',
      data: { fq: 'organization:so-xay-dung', sort: 'name asc', rows: 1000 },
    });
    const constructionNames = construction.body.result.results.map((r: { name: string }) => r.name);
    expect(constructionNames).toContain('diem-dung-xe-buyt-demo');
    expect(org.body.result).toMatchObject({
      name: 'so-xay-dung',
      title: 'Sở Xây dựng',
      package_count: constructionNames.length,
    });
    expect(org.body.result.packages.map((p: { name: string }) => p.name)).toEqual(constructionNames);
    const historic = await ckan(t, { action: 'organization_show', data: { id: 'dist-001' } });
    expect(historic.body.result.extras).toEqual(
      expect.arrayContaining([{ key: 'valid_to', value: '2025-07-01' }]),
    );
    const groups = await ckan(t, { action: 'group_list', via: 'form' });
    expect(groups.body.result).toEqual([
      'agri',
      'econ',
      'educ',
      'ener',
      'envi',
      'gove',
      'heal',
      'intr',
      'just',
      'regi',
      'soci',
      'tech',
      'tran',
    ]);
    const group = await ckan(t, {
      action: 'group_show',
      via: 'get',
      data: { id: 'tran', include_datasets: true },
    });
    const transport = await ckan(t, {
      action: 'package_search',
      data: { fq: 'groups:tran', sort: 'name asc', rows: 1000 },
    });
    const transportNames = transport.body.result.results.map((r: { name: string }) => r.name);
    expect(transportNames).toContain('diem-dung-xe-buyt-demo');
    expect(group.body.result).toMatchObject({
      name: 'tran',
      title: 'Giao thông vận tải',
      package_count: transportNames.length,
    });
    expect(group.body.result.packages.map((p: { name: string }) => p.name).sort()).toEqual(
      [...transportNames].sort(),
    );
    expect(group.body.result.extras).toEqual([
      { key: 'uri', value: 'http://publications.europa.eu/resource/authority/data-theme/TRAN' },
    ]);
    const tags = await ckan(t, { action: 'tag_list', via: 'get', data: { query: 'giao thong' } });
    expect(tags.body.result).toEqual(expect.arrayContaining(['giao thông', 'giao thông công cộng']));
  });

  it('datastore_search filters, searches, sorts and pages the DataStore', async () => {
    const pkg = (await ckan(t, { action: 'package_show', data: { id: 'danh-sach-truong-hoc-demo' } })).body
      .result;
    const resourceId = pkg.resources[0].id;
    const all = await ckan(t, {
      action: 'datastore_search',
      via: 'get',
      data: { resource_id: resourceId, limit: 5 },
    });
    expect(all.status).toBe(200);
    const result = all.body.result;
    expect(result).toMatchObject({
      resource_id: resourceId,
      limit: 5,
      total: 120,
      total_was_estimated: false,
      records_format: 'objects',
    });
    expect(result.records).toHaveLength(5);
    expect(result.fields.map((f: { id: string }) => f.id)).toEqual([
      '_id',
      'school_id',
      'name',
      'level',
      'ward',
      'public',
      'students',
    ]);
    expect(result._links.next).toContain('offset=5');
    const filtered = await ckan(t, {
      action: 'datastore_search',
      data: {
        resource_id: resourceId,
        filters: { level: 'Kindergarten' },
        sort: 'students desc',
        fields: 'name,students,level',
      },
    });
    const records = filtered.body.result.records as { level: string; students: number }[];
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.level === 'Kindergarten')).toBe(true);
    expect(records.map((r) => r.students)).toEqual([...records.map((r) => r.students)].sort((a, b) => b - a));
    const text = await ckan(t, {
      action: 'datastore_search',
      via: 'form',
      data: { resource_id: resourceId, q: 'ha noi' },
    });
    expect(text.body.result.records.length).toBeGreaterThan(0);
    expect(text.body.result.records.every((r: { name: string }) => r.name.includes('Hà Nội'))).toBe(true);
  });
});

describe('write actions with an API token', () => {
  let packageId: string;

  it('package_create (JSON) with a link resource, then package_show', async () => {
    const created = await ckan(t, {
      action: 'package_create',
      token: healthToken,
      data: {
        name: 'benh-vien-cong-lap',
        title: 'Danh sách bệnh viện công lập',
        notes: 'Bệnh viện công lập thuộc Sở Y tế Hà Nội.',
        owner_org: 'so-y-te',
        license_id: 'CC0-1.0',
        tags: [{ name: 'y tế' }, { name: 'bệnh viện' }],
        groups: [{ name: 'heal' }],
        extras: [
          { key: 'title_en', value: 'Public hospitals' },
          { key: 'frequency', value: 'ANNUAL' },
          { key: 'temporal_start', value: '2024-01-01' },
        ],
        resources: [{ url: 'https://example.org/benh-vien.html', name: 'Trang giới thiệu', format: 'HTML' }],
      },
    });
    expect(created.status).toBe(200);
    envelope(created.body, 'package_create');
    packageId = created.body.result.id;
    expect(created.body.result).toMatchObject({
      name: 'benh-vien-cong-lap',
      license_id: 'CC0-1.0',
      title_en: 'Public hospitals',
      frequency: 'ANNUAL',
      temporal_start: '2024-01-01',
      num_resources: 1,
      resources: [{ format: 'HTML', url_type: null, source_url: 'https://example.org/benh-vien.html' }],
    });
  });

  it('package_patch (form) keeps what is not sent; package_update (JSON) resets it', async () => {
    const patched = await ckan(t, {
      action: 'package_patch',
      via: 'form',
      token: healthToken,
      data: { id: 'benh-vien-cong-lap', notes: 'Mô tả mới.' },
    });
    expect(patched.body.result).toMatchObject({
      notes: 'Mô tả mới.',
      license_id: 'CC0-1.0',
      title_en: 'Public hospitals',
    });
    const updated = await ckan(t, {
      action: 'package_update',
      token: healthToken,
      data: { id: packageId, title: 'Bệnh viện công lập', notes: 'Thay toàn bộ.', owner_org: 'so-y-te' },
    });
    expect(updated.body.result).toMatchObject({
      title: 'Bệnh viện công lập',
      license_id: 'CC-BY-4.0',
      title_en: null,
      num_resources: 1,
    });
  });

  it('resource_create (upload, multipart), resource_patch (JSON), resource_delete', async () => {
    const csv = Buffer.from('ma,ten,so_giuong\nBV01,Bệnh viện Bạch Mai,3000\nBV02,Bệnh viện Việt Đức,1500\n');
    const multipart = multipartBody(
      { field: 'upload', filename: 'benh-vien.csv', contentType: 'text/csv', bytes: csv },
      { package_id: 'benh-vien-cong-lap', name: 'Bệnh viện (CSV)' },
    );
    const uploaded = await t.server.inject({
      method: 'POST',
      url: '/api/3/action/resource_create',
      headers: { ...multipart.headers, authorization: healthToken },
      payload: multipart.payload,
    });
    expect(uploaded.statusCode).toBe(200);
    const resource = uploaded.json().result;
    expect(resource).toMatchObject({
      name: 'Bệnh viện (CSV)',
      format: 'CSV',
      url_type: 'upload',
      datastore_active: true,
      rows: 2,
      size: csv.length,
    });
    const download = await t.server.inject(resource.url.replace('http://localhost:3999', ''));
    expect(download.rawPayload.equals(csv)).toBe(true);
    const search = await ckan(t, {
      action: 'datastore_search',
      data: { resource_id: resource.id, q: 'bach mai' },
    });
    expect(search.body.result.records).toEqual([expect.objectContaining({ ma: 'BV01', so_giuong: 3000 })]);
    const patched = await ckan(t, {
      action: 'resource_patch',
      token: healthToken,
      data: { id: resource.id, description: 'Số giường bệnh' },
    });
    expect(patched.body.result).toMatchObject({
      id: resource.id,
      description: 'Số giường bệnh',
      name: 'Bệnh viện (CSV)',
    });
    const link = await ckan(t, {
      action: 'resource_create',
      via: 'form',
      token: healthToken,
      data: { package_id: packageId, url: 'https://example.org/api', format: 'JSON', name: 'API' },
    });
    expect(link.body.result).toMatchObject({ format: 'JSON', url_type: null });
    const deleted = await ckan(t, {
      action: 'resource_delete',
      token: healthToken,
      data: { id: link.body.result.id },
    });
    expect(deleted.body).toMatchObject({ success: true, result: null });
    expect((await ckan(t, { action: 'resource_show', data: { id: link.body.result.id } })).status).toBe(404);
  });

  it('package_delete hides the dataset', async () => {
    const deleted = await ckan(t, {
      action: 'package_delete',
      via: 'form',
      token: adminToken,
      data: { id: 'benh-vien-cong-lap' },
    });
    expect(deleted.body).toMatchObject({ success: true, result: null });
    const gone = await ckan(t, { action: 'package_show', data: { id: 'benh-vien-cong-lap' } });
    expect(gone.status).toBe(404);
    expect(gone.body.error.__type).toBe('Not Found Error');
  });
});

describe('errors are CKAN-shaped', () => {
  it('validation errors (409) name the fields', async () => {
    const missing = await ckan(t, { action: 'package_create', token: healthToken, data: { name: 'x!' } });
    expect(missing.status).toBe(409);
    expect(missing.body.success).toBe(false);
    expect(missing.body.error.__type).toBe('Validation Error');
    expect(missing.body.error.name).toEqual([expect.any(String)]);
    expect(missing.body.error.title).toEqual(['Missing value']);
    expect(missing.body.error.owner_org).toEqual(['Missing value']);
    const junk = await ckan(t, {
      action: 'package_create',
      token: healthToken,
      data: { name: 'ok-name', title: 'Tiêu đề', notes: 'x', owner_org: 'so-y-te', colour: 'red' },
    });
    expect(junk.body.error.__junk).toBeDefined();
    const taken = await ckan(t, {
      action: 'package_create',
      token: adminToken,
      data: { name: 'danh-sach-truong-hoc-demo', title: 'Trùng', notes: 'x', owner_org: 'so-gd-dt' },
    });
    expect(taken).toMatchObject({ status: 409, body: { error: { __type: 'Validation Error' } } });
  });

  it('authorization (403), not found (404), search query (400) and bad requests (400)', async () => {
    const anonymous = await ckan(t, {
      action: 'package_create',
      data: { name: 'abc', title: 'abc', notes: 'x', owner_org: 'so-y-te' },
    });
    expect(anonymous).toMatchObject({
      status: 403,
      body: { success: false, error: { __type: 'Authorization Error' } },
    });
    expect(anonymous.body.error.message).toMatch(/^Access denied/);
    const missing = await ckan(t, { action: 'package_show', via: 'get', data: { id: 'khong-co' } });
    expect(missing).toMatchObject({ status: 404, body: { error: { __type: 'Not Found Error' } } });
    const badFq = await ckan(t, { action: 'package_search', data: { fq: 'colour:red' } });
    expect(badFq).toMatchObject({ status: 400, body: { error: { __type: 'Search Query Error' } } });
    const badSort = await ckan(t, { action: 'package_search', via: 'get', data: { sort: 'colour desc' } });
    expect(badSort.status).toBe(400);
    const badRows = await ckan(t, { action: 'package_search', via: 'get', data: { rows: 'many' } });
    expect(badRows).toMatchObject({
      status: 409,
      body: { error: { __type: 'Validation Error', rows: ['Invalid integer'] } },
    });
    const unknown = await ckan(t, { action: 'package_frobnicate' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('Action name not known: package_frobnicate');
    const writeByGet = await ckan(t, { action: 'package_delete', via: 'get', data: { id: 'x' } });
    expect(writeByGet).toMatchObject({ status: 400, body: { success: false } });
    const badJson = await t.server.inject({
      method: 'POST',
      url: '/api/3/action/package_search',
      headers: { 'content-type': 'application/json' },
      payload: '{"q":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.headers['content-type']).toContain('application/json');
    expect(badJson.json()).toMatchObject({ success: false, error: { __type: 'Bad Request' } });
    const notDict = await t.server.inject({
      method: 'POST',
      url: '/api/3/action/package_search',
      headers: { 'content-type': 'application/json' },
      payload: '[1,2]',
    });
    expect(notDict.statusCode).toBe(400);
  });

  it('a bad upload gets its validation report and leaves nothing behind', async () => {
    await ckan(t, {
      action: 'package_create',
      token: adminToken,
      data: { name: 'tai-len-loi', title: 'Tải lên lỗi', notes: 'Thử tệp hỏng.', owner_org: 'so-y-te' },
    });
    const bad = Buffer.from('ma,ten\nA,1,extra\nB\n');
    const multipart = multipartBody(
      { field: 'upload', filename: 'bad.csv', contentType: 'text/csv', bytes: bad },
      { package_id: 'tai-len-loi' },
    );
    const answer = await t.server.inject({
      method: 'POST',
      url: '/api/3/action/resource_create',
      headers: { ...multipart.headers, authorization: adminToken },
      payload: multipart.payload,
    });
    expect(answer.statusCode).toBe(409);
    const error = answer.json().error;
    expect(error.__type).toBe('Validation Error');
    expect(error.report.valid).toBe(false);
    expect(error.report.issues.some((i: { type: string }) => i.type === 'ragged_row')).toBe(true);
    const pkg = (await ckan(t, { action: 'package_show', data: { id: 'tai-len-loi' } })).body.result;
    expect(pkg.num_resources).toBe(0);
    const files = await t.platform.context.database.executeSql(
      "select count(*)::int as n from platform.chunked_files where filename = 'bad.csv'",
    );
    expect(files.rows).toEqual([{ n: 0 }]);
    const managed = multipartBody(
      { field: 'upload', filename: 'ok.csv', contentType: 'text/csv', bytes: Buffer.from('a\n1\n') },
      { package_id: 'danh-sach-truong-hoc-demo' },
    );
    const refused = await t.server.inject({
      method: 'POST',
      url: '/api/3/action/resource_create',
      headers: { ...managed.headers, authorization: adminToken },
      payload: managed.payload,
    });
    expect(refused.statusCode).toBe(409);
  });

  it('private datasets are hidden from others, shown with include_private to their stewards', async () => {
    await ckan(t, {
      action: 'package_create',
      token: healthToken,
      data: {
        name: 'noi-bo-y-te',
        title: 'Dữ liệu nội bộ y tế',
        notes: 'Chưa công bố.',
        owner_org: 'so-y-te',
        private: true,
      },
    });
    expect((await ckan(t, { action: 'package_show', data: { id: 'noi-bo-y-te' } })).status).toBe(404);
    const publicSearch = await ckan(t, {
      action: 'package_search',
      data: { q: 'noi bo y te', include_private: true },
    });
    expect(publicSearch.body.result.count).toBe(0);
    const own = await ckan(t, {
      action: 'package_search',
      token: healthToken,
      data: { q: 'noi bo y te', include_private: true },
    });
    expect(own.body.result.results.map((r: { name: string }) => r.name)).toEqual(['noi-bo-y-te']);
    expect(
      (await ckan(t, { action: 'package_show', token: healthToken, data: { id: 'noi-bo-y-te' } })).status,
    ).toBe(200);
    expect((await ckan(t, { action: 'package_list' })).body.result).not.toContain('noi-bo-y-te');
  });
});
