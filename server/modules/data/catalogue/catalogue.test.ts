import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../../test/support/platform.ts';
import { createDataHarness, type DataHarness } from '../data.test-support.ts';

/**
 * The catalogue end to end over HTTP: proposals by the owner agency's steward, decisions by the
 * city with four eyes, the history of approved versions, the public view (never security,
 * hosting or contact of systems that are not open), the XLSX export, and the denials.
 */
let h: DataHarness;

beforeAll(async () => {
  h = await createDataHarness(await createTestPlatform());
});
afterAll(async () => h?.close());

const restrictedEntry = {
  nameVi: 'Cơ sở dữ liệu tiêm chủng',
  nameEn: 'Immunisation database',
  ownerAgencyId: 'so-y-te',
  legalBasis: 'Luật Phòng, chống bệnh truyền nhiễm 2007',
  descriptionVi: 'Lịch sử tiêm chủng của người dân Thủ đô.',
  descriptionEn: 'Immunisation history of the capital’s residents.',
  dataItems: ['person.fullName', 'person.personalId', 'person.dateOfBirth'],
  recordCount: 8_000_000,
  updateFrequency: 'daily',
  sharingLevel: 'restricted',
  nationalConnections: ['population', 'insurance'],
  securityLevel: 3,
  securityState: 'approved',
  securityAuthority: 'Sở Y tế',
  securityDecision: 'QĐ 12/QĐ-SYT',
  hosting: 'city_data_centre',
  contact: { name: 'Phòng CNTT', email: 'cntt@soyte.example', phone: '024 0000 0000' },
};

const openEntry = {
  nameVi: 'Danh sách công trình được cấp phép',
  nameEn: 'Permitted construction works',
  ownerAgencyId: 'so-xay-dung',
  legalBasis: 'Luật Xây dựng 2014',
  descriptionVi: 'Công trình đã được cấp giấy phép xây dựng.',
  dataItems: ['land.parcelNumber', 'land.mapSheetNumber'],
  recordCount: 1000,
  updateFrequency: 'weekly',
  sharingLevel: 'open',
  nationalConnections: ['land'],
  securityLevel: 1,
  securityState: 'proposed',
  hosting: 'cloud',
  contact: { name: 'Phòng Cấp phép', email: 'capphep@soxd.example' },
};

const post = (who: string | null, url: string, payload: object = {}) =>
  h.as(who, { method: 'POST', url, payload, headers: who ? {} : { authorization: 'Bearer anonymous' } });
const get = (who: string | null, url: string) => h.as(who, { method: 'GET', url });

let immunisationId = '';
let permitsId = '';

describe('proposing', () => {
  it('starts empty without demo data', async () => {
    expect((await get(null, '/api/data/catalogue/entries')).json()).toMatchObject({
      view: 'public',
      total: 0,
    });
  });

  it('refuses anonymous callers, citizens, officials without the role and stewards of another agency', async () => {
    const body = { entry: restrictedEntry, reason: 'Đưa vào danh mục' };
    expect((await post(null, '/api/data/catalogue/entries', body)).statusCode).toBe(401);
    expect((await post('citizen', '/api/data/catalogue/entries', body)).statusCode).toBe(403);
    expect((await post('reporterYte', '/api/data/catalogue/entries', body)).statusCode).toBe(403);
    const elsewhere = await post('stewardXd', '/api/data/catalogue/entries', body);
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().en.detail).toContain('so-y-te');
    expect((await get(null, '/api/data/catalogue/proposals')).statusCode).toBe(401);
    expect((await get('citizen', '/api/data/catalogue/proposals')).statusCode).toBe(403);
  });

  it('validates items, agencies and the security level', async () => {
    const expectPaths = async (entry: object, paths: string[]) => {
      const response = await post('stewardYte', '/api/data/catalogue/entries', { entry, reason: 'x' });
      expect(response.statusCode).toBe(400);
      const found = response.json().errors.map((e: { path: string }) => e.path.replace(/^body\./, ''));
      expect(found).toEqual(expect.arrayContaining(paths));
    };
    await expectPaths({ ...restrictedEntry, dataItems: ['person.fullName', 'person.shoeSize'] }, [
      'entry.dataItems.1',
    ]);
    await expectPaths({ ...restrictedEntry, dataItems: ['Person.Full'] }, ['entry.dataItems.0']);
    await expectPaths({ ...restrictedEntry, securityState: null }, ['entry.securityState']);
    await expectPaths({ ...restrictedEntry, securityAuthority: null }, ['entry.securityAuthority']);
    await expectPaths({ ...restrictedEntry, securityLevel: 6 }, ['entry.securityLevel']);
    await expectPaths({ ...restrictedEntry, sharingLevel: 'secret' }, ['entry.sharingLevel']);
    await expectPaths({ ...restrictedEntry, nationalConnections: ['moon'] }, ['entry.nationalConnections.0']);
    await expectPaths({ ...restrictedEntry, colour: 'red' }, ['entry']);
    const noReason = await post('stewardYte', '/api/data/catalogue/entries', { entry: restrictedEntry });
    expect(noReason.statusCode).toBe(400);
    const gone = await post('cityAdmin', '/api/data/catalogue/entries', {
      entry: { ...restrictedEntry, ownerAgencyId: 'so-gtvt' }, // merged into construction on 1 Mar 2025
      reason: 'x',
    });
    expect(gone.statusCode).toBe(400);
    expect(gone.json().errors[0].path).toBe('entry.ownerAgencyId');
  });

  it('keeps a proposal out of public sight until the city approves it', async () => {
    const created = await post('stewardYte', '/api/data/catalogue/entries', {
      entry: restrictedEntry,
      reason: 'Đưa CSDL tiêm chủng vào danh mục',
    });
    expect(created.statusCode).toBe(201);
    const proposal = created.json();
    expect(proposal).toMatchObject({ version: 1, state: 'proposed', proposedBy: 'steward.yte' });
    immunisationId = proposal.entryId;

    expect((await get(null, '/api/data/catalogue/entries')).json().total).toBe(0);
    expect((await get(null, `/api/data/catalogue/entries/${immunisationId}`)).statusCode).toBe(404);
    expect((await get(null, `/api/data/catalogue/entries/${immunisationId}/versions/1`)).statusCode).toBe(
      404,
    );
    expect(
      (await get('stewardXd', `/api/data/catalogue/entries/${immunisationId}/versions/1`)).statusCode,
    ).toBe(200);

    const mine = (await get('stewardYte', '/api/data/catalogue/proposals')).json();
    expect(mine.map((p: { entryId: string }) => p.entryId)).toEqual([immunisationId]);
    expect((await get('stewardXd', '/api/data/catalogue/proposals')).json()).toEqual([]);
    expect((await get('cityAdmin', '/api/data/catalogue/proposals')).json()).toHaveLength(1);
  });
});

describe('deciding', () => {
  it('is the city’s, with a reason to reject, never by the proposer', async () => {
    const url = `/api/data/catalogue/entries/${immunisationId}/versions/1`;
    expect((await post('stewardYte', `${url}/approve`)).statusCode).toBe(403);
    expect((await post('stewardXd', `${url}/reject`, { reason: 'không' })).statusCode).toBe(403);
    expect((await post('cityAdmin', `${url}/reject`, {})).statusCode).toBe(400);

    const rejected = await post('cityAdmin', `${url}/reject`, { reason: 'Cần ghi rõ căn cứ pháp lý mới' });
    expect(rejected.json()).toMatchObject({ state: 'rejected', decidedBy: 'admin.city' });
    expect((await post('cityAdmin', `${url}/approve`)).statusCode).toBe(409);
    const db = h.t.platform.context.database.db;
    await expect(
      sql`update data.catalogue_versions set reason = 'x' where entry_id = ${immunisationId} and version = 1`.execute(
        db,
      ),
    ).rejects.toThrow(/decided/);

    // Proposed again as version 2, now approved.
    const again = await post('stewardYte', `/api/data/catalogue/entries/${immunisationId}/proposals`, {
      entry: { ...restrictedEntry, legalBasis: 'Luật Phòng bệnh 2025' },
      reason: 'Bổ sung căn cứ pháp lý',
    });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ version: 2, state: 'proposed' });
    const approved = await post(
      'cityAdmin',
      `/api/data/catalogue/entries/${immunisationId}/versions/2/approve`,
      {
        reason: 'Đủ điều kiện',
      },
    );
    expect(approved.json()).toMatchObject({
      state: 'approved',
      decidedBy: 'admin.city',
      decisionReason: 'Đủ điều kiện',
    });
    expect((await get(null, '/api/data/catalogue/entries')).json().total).toBe(1);
  });

  it('refuses a decision by whoever proposed', async () => {
    const created = await post('stewardCity', '/api/data/catalogue/entries', {
      entry: openEntry,
      reason: 'Công khai',
    });
    permitsId = created.json().entryId;
    const url = `/api/data/catalogue/entries/${permitsId}/versions/1`;
    const self = await post('stewardCity', `${url}/approve`);
    expect(self.statusCode).toBe(403);
    expect((await post('stewardCity2', `${url}/approve`)).json().state).toBe('approved');
  });
});

describe('the public view', () => {
  it('hides security, and hosting and contact of systems that are not open', async () => {
    const anonymous = (await get(null, `/api/data/catalogue/entries/${immunisationId}`)).json();
    expect(anonymous).toMatchObject({
      view: 'public',
      nameVi: 'Cơ sở dữ liệu tiêm chủng',
      ownerNameVi: 'Sở Y tế',
      dataItems: ['person.fullName', 'person.personalId', 'person.dateOfBirth'],
      sharingLevel: 'restricted',
      nationalConnections: ['population', 'insurance'],
      updateFrequency: 'daily',
    });
    for (const field of [
      'hosting',
      'contact',
      'recordCount',
      'legalBasis',
      'securityLevel',
      'securityState',
      'securityAuthority',
    ])
      expect(anonymous, field).not.toHaveProperty(field);
    expect(JSON.stringify(anonymous)).not.toContain('cntt@soyte.example');
    expect(
      anonymous.history.map((v: { proposedBy: string | null; reason: string | null }) => [
        v.proposedBy,
        v.reason,
      ]),
    ).toEqual([[null, null]]);
    expect(anonymous.openProposal).toBeNull();
    const citizen = (await get('citizen', '/api/data/catalogue/entries')).json();
    expect(JSON.stringify(citizen)).not.toContain('city_data_centre');

    const official = (await get('reporterYte', `/api/data/catalogue/entries/${immunisationId}`)).json();
    expect(official).toMatchObject({
      view: 'full',
      hosting: 'city_data_centre',
      securityLevel: 3,
      securityState: 'approved',
      contact: { email: 'cntt@soyte.example' },
    });

    const open = (await get(null, `/api/data/catalogue/entries/${permitsId}`)).json();
    expect(open).toMatchObject({
      hosting: 'cloud',
      recordCount: 1000,
      contact: { email: 'capphep@soxd.example' },
    });
    expect(open).not.toHaveProperty('securityLevel');
    const service = await h.t.platform.data.catalogue.publicEntries();
    expect(service.map((entry) => entry.view)).toEqual(['public', 'public']);
    expect(service.find((entry) => entry.id === immunisationId)).not.toHaveProperty('hosting');
    expect(await h.t.platform.data.catalogue.entry(immunisationId)).toMatchObject({
      view: 'full',
      securityLevel: 3,
    });
    expect(await h.t.platform.data.catalogue.entry('no-such-entry')).toBeNull();
  });

  it('finds entries without accents and by filter', async () => {
    const search = async (query: string) =>
      (await get(null, `/api/data/catalogue/entries?${query}`))
        .json()
        .entries.map((e: { id: string }) => e.id);
    expect(await search('q=tiem chung')).toEqual([immunisationId]);
    expect(await search('q=LỊCH SU TIEM')).toEqual([immunisationId]);
    expect(await search('sharingLevel=open')).toEqual([permitsId]);
    expect(await search('nationalConnection=land')).toEqual([permitsId]);
    expect(await search('ownerAgencyId=so-y-te')).toEqual([immunisationId]);
    expect((await get(null, '/api/data/catalogue/entries?sharingLevel=secret')).statusCode).toBe(400);
  });
});

describe('changes and history', () => {
  it('keeps every approved version with who, when and why', async () => {
    const url = `/api/data/catalogue/entries/${immunisationId}/proposals`;
    const current = { ...restrictedEntry, legalBasis: 'Luật Phòng bệnh 2025' };
    const same = await post('stewardYte', url, { entry: current, reason: 'Không đổi gì' });
    expect(same.statusCode).toBe(422);
    const change = await post('stewardYte', url, {
      entry: { ...current, recordCount: 8_100_000 },
      reason: 'Cập nhật số bản ghi',
    });
    expect(change.statusCode).toBe(201);
    expect(change.json().changedFields).toEqual(['recordCount']);
    expect(
      (await post('stewardYte', url, { entry: { ...current, recordCount: 1 }, reason: 'lại' })).statusCode,
    ).toBe(409);
    // The open proposal shows to officials, not to the public; the version in force stays.
    expect(
      (await get('cityAdmin', `/api/data/catalogue/entries/${immunisationId}`)).json().openProposal,
    ).toMatchObject({
      version: 3,
      reason: 'Cập nhật số bản ghi',
    });
    expect(
      (await get('reporterYte', `/api/data/catalogue/entries/${immunisationId}`)).json().recordCount,
    ).toBe(8_000_000);
    await post('stewardCity', `/api/data/catalogue/entries/${immunisationId}/versions/3/approve`, {
      reason: 'Đồng ý',
    });

    const detail = (await get('reporterYte', `/api/data/catalogue/entries/${immunisationId}`)).json();
    expect(detail).toMatchObject({ version: 3, recordCount: 8_100_000 });
    expect(
      detail.history.map(
        (v: {
          version: number;
          proposedBy: string;
          reason: string;
          decidedBy: string;
          changedFields: string[];
        }) => ({
          version: v.version,
          proposedBy: v.proposedBy,
          reason: v.reason,
          decidedBy: v.decidedBy,
          changed: v.changedFields.length,
        }),
      ),
    ).toEqual([
      {
        version: 2,
        proposedBy: 'steward.yte',
        reason: 'Bổ sung căn cứ pháp lý',
        decidedBy: 'admin.city',
        changed: 17,
      },
      {
        version: 3,
        proposedBy: 'steward.yte',
        reason: 'Cập nhật số bản ghi',
        decidedBy: 'steward.city',
        changed: 1,
      },
    ]);
    expect(detail.history.every((v: { decidedAt: string }) => !Number.isNaN(Date.parse(v.decidedAt)))).toBe(
      true,
    );
    const old = (await get(null, `/api/data/catalogue/entries/${immunisationId}/versions/2`)).json();
    expect(old).toMatchObject({ version: 2, state: 'approved', proposedBy: null });
    expect(old.entry).not.toHaveProperty('recordCount');
    // A public reader does not learn that a hidden field changed.
    expect(
      (await get(null, `/api/data/catalogue/entries/${immunisationId}/versions/3`)).json().changedFields,
    ).toEqual([]);

    const actions = await sql<{ action: string }>`
      select action from platform.audit_log where object_id like ${`${immunisationId}@%`} order by seq`.execute(
      h.t.platform.context.database.db,
    );
    expect(actions.rows.map((row) => row.action)).toEqual([
      'data.catalogue.propose',
      'data.catalogue.reject',
      'data.catalogue.propose',
      'data.catalogue.approve',
      'data.catalogue.propose',
      'data.catalogue.approve',
    ]);
  });

  it('moves an entry to another agency only with stewardship of both', async () => {
    const url = `/api/data/catalogue/entries/${immunisationId}/proposals`;
    const moved = {
      ...restrictedEntry,
      legalBasis: 'Luật Phòng bệnh 2025',
      recordCount: 8_100_000,
      ownerAgencyId: 'so-xay-dung',
    };
    expect((await post('stewardYte', url, { entry: moved, reason: 'Chuyển' })).statusCode).toBe(403);
    expect((await post('stewardXd', url, { entry: moved, reason: 'Chuyển' })).statusCode).toBe(403);
    expect((await post('stewardCity', url, { entry: moved, reason: 'Chuyển' })).statusCode).toBe(201);
    expect(
      (
        await post('cityAdmin', `/api/data/catalogue/entries/${immunisationId}/versions/4/reject`, {
          reason: 'Không chuyển',
        })
      ).json().state,
    ).toBe('rejected');
  });
});

describe('XLSX export', () => {
  async function workbook(who: string | null) {
    const response = await get(who, '/api/data/catalogue.xlsx');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: Record<string, unknown>[] = [];
    for (let r = 2; r <= sheet.rowCount; r++) {
      const values = (sheet.getRow(r).values as unknown[]).slice(1);
      rows.push(Object.fromEntries(headers.map((header, i) => [header.split('\n')[1], values[i] ?? null])));
    }
    return { headers, rows };
  }

  it('gives the public part to anonymous callers', async () => {
    const { headers, rows } = await workbook(null);
    expect(rows).toHaveLength(2);
    expect(headers.some((header) => header.includes('Security level'))).toBe(false);
    const immunisation = rows.find((row) => row['Entry id'] === immunisationId)!;
    expect(immunisation).toMatchObject({
      'Name (Vietnamese)': 'Cơ sở dữ liệu tiêm chủng',
      'Sharing level': 'restricted',
    });
    expect(immunisation.Hosting).toBeNull();
    expect(immunisation.Contact).toBeNull();
    expect(immunisation['Records (approx.)']).toBeNull();
    const permits = rows.find((row) => row['Entry id'] === permitsId)!;
    expect(permits).toMatchObject({ Hosting: 'cloud', 'Records (approx.)': 1000 });
  });

  it('gives every field to officials', async () => {
    const { headers, rows } = await workbook('stewardXd');
    expect(headers.some((header) => header.includes('Security level'))).toBe(true);
    const immunisation = rows.find((row) => row['Entry id'] === immunisationId)!;
    expect(immunisation).toMatchObject({
      Hosting: 'city_data_centre',
      'Security level': 3,
      'Records (approx.)': 8_100_000,
      'Approving authority': 'Sở Y tế',
    });
  });
});
