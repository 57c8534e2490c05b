import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../../test/support/platform.ts';
import { createDataHarness, type DataHarness } from '../data.test-support.ts';

/**
 * The dictionary end to end over HTTP: the seed, search, validation of definitions, the approval
 * flow with four eyes, immutability of approved versions (service and database), versions,
 * deprecation, code lists, and who may do what.
 */
let h: DataHarness;

beforeAll(async () => {
  h = await createDataHarness(await createTestPlatform());
});
afterAll(async () => h?.close());

const draft = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  agencyId: 'so-y-te',
  nameVi: 'Số thẻ bảo hiểm y tế',
  nameEn: 'Health insurance card number',
  type: 'string',
  constraints: { pattern: '^[A-Z]{2}[0-9]{13}$' },
  sensitivity: 'personal',
  verificationClass: 'government_verified',
  source: 'insurance',
  ...extra,
});

const post = (who: string | null, url: string, payload: object = {}) =>
  h.as(who, { method: 'POST', url, payload, headers: who ? {} : { authorization: 'Bearer anonymous' } });

describe('the reference seed', () => {
  it('holds the population-database fields and common items, approved as version 1', async () => {
    const response = await h.as(null, { method: 'GET', url: '/api/data/items?limit=1000' });
    expect(response.statusCode).toBe(200);
    const { items, total } = response.json();
    expect(total).toBeGreaterThanOrEqual(60);
    const codes = items.map((item: { code: string }) => item.code);
    for (const code of [
      'person.fullName',
      'person.personalId',
      'person.ethnicity',
      'person.religion',
      'address.permanent',
      'household.relationToHead',
      'business.enterpriseCode',
      'land.parcelNumber',
      'vehicle.plate',
    ])
      expect(codes).toContain(code);
    expect(
      items.every(
        (item: { status: string; version: number }) => item.status === 'approved' && item.version === 1,
      ),
    ).toBe(true);
    const ethnicity = items.find((item: { code: string }) => item.code === 'person.ethnicity');
    expect(ethnicity).toMatchObject({
      sensitivity: 'sensitive_personal',
      codeList: 'ethnicGroup',
      source: 'population',
    });
  });

  it('lists the 54 ethnic groups with codes 01–54 and says where the list comes from', async () => {
    const response = await h.as(null, { method: 'GET', url: '/api/data/code-lists/ethnicGroup' });
    const list = response.json();
    expect(list.values).toHaveLength(54);
    expect(list.values.map((v: { code: string }) => v.code)).toEqual(
      Array.from({ length: 54 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    expect(list.values[0]).toMatchObject({ code: '01', labelVi: 'Kinh' });
    expect(list.values.map((v: { labelVi: string }) => v.labelVi)).toContain('Si La');
    expect(list.sourceVi).toContain('1019/QĐ-TCTK');
  });

  it('serves administrative units from org as a dynamic list valid on a date', async () => {
    const today = (await h.as(null, { method: 'GET', url: '/api/data/code-lists/adminUnit' })).json();
    expect(today.dynamic).toBe(true);
    const codes = today.values.map((v: { code: string }) => v.code);
    expect(codes).toContain('00070'); // Phường Hoàn Kiếm, since 1 Jul 2025
    expect(codes).not.toContain('002'); // the district of Hoàn Kiếm ended on 1 Jul 2025
    const before = (
      await h.as(null, { method: 'GET', url: '/api/data/code-lists/adminUnit?at=2025-06-30' })
    ).json();
    const codesBefore = before.values.map((v: { code: string }) => v.code);
    expect(codesBefore).toContain('002');
    expect(codesBefore).not.toContain('00070');
    const lists = (await h.as(null, { method: 'GET', url: '/api/data/code-lists' })).json();
    expect(lists.map((l: { code: string }) => l.code)).toEqual(
      expect.arrayContaining([
        'ethnicGroup',
        'religion',
        'householdRelation',
        'maritalStatus',
        'sex',
        'adminUnit',
      ]),
    );
    expect((await h.as(null, { method: 'GET', url: '/api/data/code-lists/nothing' })).statusCode).toBe(404);
  });

  it('finds items without accents', async () => {
    const search = async (q: string) =>
      (await h.as(null, { method: 'GET', url: `/api/data/items?q=${encodeURIComponent(q)}` }))
        .json()
        .items.map((item: { code: string }) => item.code);
    expect(await search('dan toc')).toContain('person.ethnicity');
    expect(await search('DÂN TỘC')).toContain('person.ethnicity');
    expect(await search('ton giao')).toContain('person.religion');
    const head = await search('so dinh danh ca nhan chu ho');
    expect(head).toContain('household.headPersonalId');
    expect(head).not.toContain('person.personalId');
    expect(await search('bien so xe')).toContain('vehicle.plate');
    expect(await search('khong co muc nao nhu the')).toEqual([]);
  });
});

describe('who may write', () => {
  it('refuses anonymous callers (401), citizens and officials without the role (403)', async () => {
    expect((await post(null, '/api/data/items', draft('health.cardNumber'))).statusCode).toBe(401);
    expect((await post('citizen', '/api/data/items', draft('health.cardNumber'))).statusCode).toBe(403);
    expect((await post('reporterYte', '/api/data/items', draft('health.cardNumber'))).statusCode).toBe(403);
  });

  it('keeps a steward to their own agency', async () => {
    const response = await post('stewardXd', '/api/data/items', draft('health.cardNumber'));
    expect(response.statusCode).toBe(403);
    expect(response.json().vi.detail).toContain('so-y-te');
  });
});

describe('validation of definitions', () => {
  const expectFields = async (payload: object, paths: string[]) => {
    const response = await post('stewardYte', '/api/data/items', payload);
    expect(response.statusCode).toBe(400);
    // Zod names body fields `body.<field>`; the service's own checks name the field.
    const found = response.json().errors.map((e: { path: string }) => e.path.replace(/^body\./, ''));
    expect(found).toEqual(expect.arrayContaining(paths));
  };

  it('refuses bad codes, unknown fields and unknown agencies', async () => {
    await expectFields(draft('Health.card_number'), ['code']);
    await expectFields(draft('health'), ['code']);
    await expectFields(draft('1health.card'), ['code']);
    const unknownField = await post('stewardYte', '/api/data/items', {
      ...draft('health.cardNumber'),
      colour: 'red',
    });
    expect(unknownField.statusCode).toBe(400);
    const elsewhere = await post(
      'cityAdmin',
      '/api/data/items',
      draft('health.cardNumber', { agencyId: 'so-khong-co' }),
    );
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().errors[0].path).toBe('agencyId');
  });

  it('refuses constraints that are broken or do not fit the type', async () => {
    await expectFields(draft('health.cardNumber', { constraints: { pattern: '([a-z' } }), [
      'constraints.pattern',
    ]);
    await expectFields(draft('health.cardNumber', { constraints: { minLength: 9, maxLength: 3 } }), [
      'constraints.minLength',
    ]);
    await expectFields(draft('health.cardNumber', { constraints: { minimum: 1 } }), ['constraints.minimum']);
    await expectFields(draft('health.visits', { type: 'integer', constraints: { minimum: 0.5 } }), [
      'constraints.minimum',
    ]);
    await expectFields(draft('health.visits', { type: 'integer', constraints: { minimum: 5, maximum: 1 } }), [
      'constraints.minimum',
    ]);
    const unknownConstraint = await post(
      'stewardYte',
      '/api/data/items',
      draft('health.cardNumber', { constraints: { format: 'email' } }),
    );
    expect(unknownConstraint.statusCode).toBe(400);
  });

  it('needs a known code list for the type code, and only for it', async () => {
    await expectFields(draft('health.insurer', { type: 'code', constraints: {} }), ['codeList']);
    await expectFields(draft('health.insurer', { type: 'code', constraints: {}, codeList: 'insurers' }), [
      'codeList',
    ]);
    await expectFields(draft('health.cardNumber', { codeList: 'sex' }), ['codeList']);
    const badSource = await post(
      'stewardYte',
      '/api/data/items',
      draft('health.cardNumber', { source: 'moon' }),
    );
    expect(badSource.statusCode).toBe(400);
  });
});

describe('the approval flow', () => {
  it('takes a draft through submit, rejection, resubmission and approval, with four eyes', async () => {
    const created = await post('stewardYte', '/api/data/items', draft('health.insuranceCardNumber'));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      version: 1,
      status: 'draft',
      current: false,
      createdBy: 'steward.yte',
    });

    // Drafts are for officials.
    expect(
      (await h.as(null, { method: 'GET', url: '/api/data/items/health.insuranceCardNumber' })).statusCode,
    ).toBe(404);
    expect(
      (await h.as('stewardXd', { method: 'GET', url: '/api/data/items/health.insuranceCardNumber' }))
        .statusCode,
    ).toBe(200);
    const drafts = (await h.as('stewardXd', { method: 'GET', url: '/api/data/items?status=draft' })).json();
    expect(drafts.items.map((item: { code: string }) => item.code)).toContain('health.insuranceCardNumber');
    expect((await h.as(null, { method: 'GET', url: '/api/data/items?status=draft' })).json().total).toBe(0);

    const url = '/api/data/items/health.insuranceCardNumber/versions/1';
    // Another agency's steward may not edit it; its own may.
    expect((await h.as('stewardXd', { method: 'PATCH', url, payload: { nameEn: 'x' } })).statusCode).toBe(
      403,
    );
    const edited = await h.as('stewardYte', {
      method: 'PATCH',
      url,
      payload: {
        descriptionVi: 'Mã thẻ BHYT gồm 15 ký tự.',
        constraints: { pattern: '^[A-Z]{2}[0-9]{13}$', maxLength: 15 },
      },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().constraints).toEqual({ pattern: '^[A-Z]{2}[0-9]{13}$', maxLength: 15 });

    // Only submitted versions are decided; only the city decides.
    expect((await post('cityAdmin', `${url}/approve`)).statusCode).toBe(409);
    expect((await post('stewardYte', `${url}/submit`)).json().status).toBe('submitted');
    expect((await h.as('stewardYte', { method: 'PATCH', url, payload: { nameEn: 'x' } })).statusCode).toBe(
      409,
    );
    expect((await post('stewardYte', `${url}/approve`)).statusCode).toBe(403);
    expect((await post('stewardXd', `${url}/reject`, { reason: 'không' })).statusCode).toBe(403);
    expect((await post('cityAdmin', `${url}/reject`, {})).statusCode).toBe(400);

    const rejected = await post('stewardCity', `${url}/reject`, { reason: 'Thiếu mô tả tiếng Anh' });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({
      status: 'draft',
      rejection: { by: 'steward.city', reason: 'Thiếu mô tả tiếng Anh' },
    });
    await h.as('stewardYte', {
      method: 'PATCH',
      url,
      payload: { descriptionEn: 'The 15-character card code.' },
    });
    await post('stewardYte', `${url}/submit`);
    const approved = await post('cityAdmin', `${url}/approve`, { note: 'Đồng ý' });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      current: true,
      approvedBy: 'admin.city',
      approvalNote: 'Đồng ý',
    });

    // Now public.
    const visible = await h.as(null, { method: 'GET', url: '/api/data/items/health.insuranceCardNumber' });
    expect(visible.statusCode).toBe(200);

    const actions = await sql<{ action: string }>`
      select action from platform.audit_log where object_id like 'health.insuranceCardNumber@%' order by seq`.execute(
      h.t.platform.context.database.db,
    );
    expect(actions.rows.map((row) => row.action)).toEqual([
      'data.item.create',
      'data.item.update',
      'data.item.submit',
      'data.item.reject',
      'data.item.update',
      'data.item.submit',
      'data.item.approve',
    ]);
  });

  it('does not let whoever submitted a version decide on it', async () => {
    await post(
      'stewardCity',
      '/api/data/items',
      draft('health.bedCount', { agencyId: 'hanoi', type: 'integer', constraints: {} }),
    );
    const url = '/api/data/items/health.bedCount/versions/1';
    await post('stewardCity', `${url}/submit`);
    const self = await post('stewardCity', `${url}/approve`);
    expect(self.statusCode).toBe(403);
    expect(self.json().en.detail).toMatch(/proposed/);
    expect((await post('stewardCity2', `${url}/approve`)).json().status).toBe('approved');
  });

  it('refuses a second item with the same code', async () => {
    const again = await post('stewardYte', '/api/data/items', draft('person.fullName'));
    expect(again.statusCode).toBe(409);
  });
});

describe('approved versions', () => {
  it('never change: the service answers 409 and the database refuses', async () => {
    const patch = await h.as('cityAdmin', {
      method: 'PATCH',
      url: '/api/data/items/person.fullName/versions/1',
      payload: { nameEn: 'Name' },
    });
    expect(patch.statusCode).toBe(409);
    const db = h.t.platform.context.database.db;
    await expect(
      sql`update data.dictionary_items set name_en = 'Name' where code = 'person.fullName' and version = 1`.execute(
        db,
      ),
    ).rejects.toThrow(/immutable/);
    await expect(
      sql`delete from data.dictionary_items where code = 'person.fullName' and version = 1`.execute(db),
    ).rejects.toThrow(/cannot be deleted/);
    const item = (await h.as(null, { method: 'GET', url: '/api/data/items/person.fullName' })).json();
    expect(item.nameEn).toBe('Full name at birth');
  });

  it('change by a new version; the old one stays readable', async () => {
    const created = await post('stewardYte', '/api/data/items/person.otherName/versions', {
      agencyId: 'so-y-te',
      constraints: { minLength: 1, maxLength: 150, pattern: "^[\\p{L}\\p{M} '.-]+$" },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      version: 2,
      status: 'draft',
      current: false,
      agencyId: 'so-y-te',
    });
    // One open version at a time.
    expect(
      (await post('stewardXd', '/api/data/items/person.otherName/versions', { agencyId: 'so-xay-dung' }))
        .statusCode,
    ).toBe(409);
    // Before approval, the public still sees version 1.
    expect(
      (await h.as(null, { method: 'GET', url: '/api/data/items/person.otherName' })).json().version,
    ).toBe(1);
    await post('stewardYte', '/api/data/items/person.otherName/versions/2/submit');
    await post('cityAdmin', '/api/data/items/person.otherName/versions/2/approve');

    const detail = (await h.as(null, { method: 'GET', url: '/api/data/items/person.otherName' })).json();
    expect(detail).toMatchObject({ version: 2, current: true, constraints: { maxLength: 150 } });
    expect(detail.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'approved'],
      [2, 'approved'],
    ]);
    const first = (
      await h.as(null, { method: 'GET', url: '/api/data/items/person.otherName/versions/1' })
    ).json();
    expect(first).toMatchObject({ version: 1, current: false, constraints: { maxLength: 100 } });
    expect(await h.t.platform.data.dictionary.item('person.otherName')).toMatchObject({ version: 2 });
    expect(await h.t.platform.data.dictionary.item('person.otherName', 1)).toMatchObject({ version: 1 });
    const list = (await h.as(null, { method: 'GET', url: '/api/data/items?q=other name' })).json();
    expect(list.items.filter((item: { code: string }) => item.code === 'person.otherName')).toHaveLength(1);
  });
});

describe('deprecation', () => {
  it('is the city’s, names an approved replacement, and closes the item to new versions', async () => {
    const url = '/api/data/items/vehicle.ownerName/deprecate';
    expect((await post('stewardXd', url, { reason: 'Thay thế' })).statusCode).toBe(403);
    const unknown = await post('cityAdmin', url, { reason: 'Thay thế', replacedBy: 'vehicle.nothing' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].path).toBe('replacedBy');
    expect(
      (await post('cityAdmin', url, { reason: 'Thay thế', replacedBy: 'vehicle.ownerName' })).statusCode,
    ).toBe(400);
    expect((await post('cityAdmin', url, {})).statusCode).toBe(400);

    const deprecated = await post('cityAdmin', url, {
      reason: 'Dùng tên người hoặc tên doanh nghiệp theo mục chung',
      replacedBy: 'business.name',
    });
    expect(deprecated.statusCode).toBe(200);
    expect(deprecated.json()).toMatchObject({
      status: 'deprecated',
      replacedBy: 'business.name',
      current: true,
    });
    expect((await post('cityAdmin', url, { reason: 'lại' })).statusCode).toBe(409);
    expect(
      (await post('stewardXd', '/api/data/items/vehicle.ownerName/versions', { agencyId: 'so-xay-dung' }))
        .statusCode,
    ).toBe(409);

    const list = (await h.as(null, { method: 'GET', url: '/api/data/items?status=deprecated' })).json();
    expect(list.items.map((item: { code: string }) => item.code)).toEqual(['vehicle.ownerName']);
    const approvedOnly = (
      await h.as(null, { method: 'GET', url: '/api/data/items?status=approved&limit=1000' })
    ).json();
    expect(approvedOnly.items.map((item: { code: string }) => item.code)).not.toContain('vehicle.ownerName');
    const db = h.t.platform.context.database.db;
    await expect(
      sql`update data.dictionary_items set status = 'approved' where code = 'vehicle.ownerName'`.execute(db),
    ).rejects.toThrow(/immutable/);
  });

  it('waits for an open version to be settled', async () => {
    await post('stewardYte', '/api/data/items/person.homeTown/versions', { agencyId: 'so-y-te' });
    const response = await post('cityAdmin', '/api/data/items/person.homeTown/deprecate', { reason: 'x' });
    expect(response.statusCode).toBe(409);
  });
});

describe('the service other modules use', () => {
  it('validates values against the current version, in both languages', async () => {
    const dictionary = h.t.platform.data.dictionary;
    expect(await dictionary.validateValue('person.personalId', '001099000001')).toBeNull();
    const wrong = await dictionary.validateValue('person.personalId', '12345');
    expect(wrong?.vi).toContain('Số định danh cá nhân');
    expect(wrong?.en).toContain('Personal identification number');
    expect(await dictionary.validateValue('person.ethnicity', '01')).toBeNull();
    expect(await dictionary.validateValue('person.ethnicity', '55')).not.toBeNull();
    expect(await dictionary.validateValue('address.hanoiUnit', '00070')).toBeNull();
    expect(await dictionary.validateValue('address.hanoiUnit', '002')).not.toBeNull();
    expect(await dictionary.validateValue('land.area', -1)).not.toBeNull();
    await expect(dictionary.validateValue('nothing.here', 1)).rejects.toThrow();
    expect((await dictionary.codeList('sex')).map((v) => v.code)).toEqual(['1', '2']);
    const found = await dictionary.items({ q: 'quoc tich' });
    expect(found.map((item) => item.code)).toContain('person.nationality');
  });
});
