import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormDefinition } from '../../../../shared/forms/form-rules.ts';
import { signInCitizen } from '../../../../test/support/citizens.ts';
import { type OfficialSession, signInOfficial } from '../../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { seedDemoOfficials } from '../../../demo/officials.ts';
import { searchAudit } from '../../../platform/audit/audit.ts';

/**
 * The procedure catalogue over HTTP: the seeded procedures, Vietnamese-aware search, the published
 * form, versioning (a published version is frozen; editing opens a new draft), the agency scope of
 * editors, the denials, and bad input that changes nothing.
 */
let t: TestPlatform;
let admin: OfficialSession; // city_admin
let healthAdmin: OfficialSession; // agency_admin of so-y-te
let caseOfficer: OfficialSession; // case_officer of so-y-te (not an editor)

// biome-ignore lint/suspicious/noExplicitAny: assertions read whatever JSON the API answers.
type Json = any;
const get = async (url: string) => {
  const response = await t.server.inject({ url });
  return { status: response.statusCode, body: response.json() as Json };
};
const FOOD = 'cap-giay-chung-nhan-atttp';
const RESIDENCE = 'dang-ky-thuong-tru';

beforeAll(async () => {
  // Only what these tests need (not every module's demo data): the demo officials and residents.
  t = await createTestPlatform();
  await t.platform.population.ensureGenerated(30);
  await seedDemoOfficials({
    org: t.platform.org,
    identity: t.platform.identity,
    log: t.platform.context.log,
  });
  [admin, healthAdmin, caseOfficer] = await Promise.all([
    signInOfficial(t, 'admin.hanoi'),
    signInOfficial(t, 'quantri.soyte'),
    signInOfficial(t, 'hoso.soyte'),
  ]);
}, 400_000);
afterAll(() => t?.close());

const versionsOf = async (code: string) =>
  ((await admin.request({ url: `/api/services/procedures/${code}/forms` })).json() as Json)
    .versions as Json[];
/** Audit entries of this part (sign-ins in a test write their own). */
const auditCount = async () =>
  (await searchAudit(t.platform.context.database, { limit: 10_000 })).filter((entry) =>
    entry.action.startsWith('services.'),
  ).length;

describe('the procedure catalogue (public)', () => {
  it('seeds at least eight published procedures across the pilot domains, each with a form bound to dictionary items', async () => {
    const { status, body } = await get('/api/services/procedures?limit=200');
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThanOrEqual(8);
    expect(body.fields.length).toBeGreaterThanOrEqual(8);
    for (const procedure of body.items) {
      expect(procedure.publishedVersion).toBe(1);
      expect(procedure.legalBasis.length).toBeGreaterThan(0);
      const page = await get(`/api/services/procedures/${procedure.code}`);
      expect(page.status).toBe(200);
      expect(page.body.items).toContain('person.fullName');
    }
    const interconnected = body.items.find((p: Json) => p.code === 'lien-thong-khai-sinh-thuong-tru-bhyt');
    expect(interconnected.legalBasis.join(' ')).toContain('63/2024');
    expect(interconnected.minimumAcr).toBe('urn:hanoi:acr:vneid:2');
    expect(interconnected.agencyLevel).toBe('commune');
    expect(interconnected.agencyIds).toContain('comm-00070');
  });

  it('documents its routes in the OpenAPI document', async () => {
    const spec = (await get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    expect(
      Object.keys(spec.paths)
        .filter((path) => path.startsWith('/api/services/procedures'))
        .sort(),
    ).toEqual([
      '/api/services/procedures',
      '/api/services/procedures/{code}',
      '/api/services/procedures/{code}/form',
      '/api/services/procedures/{code}/forms',
      '/api/services/procedures/{code}/forms/draft',
      '/api/services/procedures/{code}/forms/draft/publish',
      '/api/services/procedures/{code}/forms/validate',
    ]);
  });

  it('searches without diacritics, by field and by agency', async () => {
    const folded = await get('/api/services/procedures?q=dang%20ky%20thuong%20tru');
    expect(folded.body.items.map((p: Json) => p.code)).toContain(RESIDENCE);
    expect(folded.body.items.map((p: Json) => p.code)).not.toContain(FOOD);
    const accented = await get(`/api/services/procedures?q=${encodeURIComponent('Thường Trú')}`);
    expect(accented.body.items.map((p: Json) => p.code)).toEqual(folded.body.items.map((p: Json) => p.code));
    const byField = await get(`/api/services/procedures?field=${encodeURIComponent('an toan thuc pham')}`);
    expect(byField.body.items.map((p: Json) => p.code)).toEqual([FOOD]);
    const byAgency = await get('/api/services/procedures?agencyId=so-y-te');
    expect(byAgency.body.items.map((p: Json) => p.code)).toEqual([FOOD]);
    const none = await get('/api/services/procedures?q=khong-co-thu-tuc-nay');
    expect(none.body).toMatchObject({ items: [], total: 0 });
  });

  it('serves the published form with its code lists; unknown codes are 404 problems', async () => {
    const { status, body } = await get(`/api/services/procedures/${RESIDENCE}/form`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ procedureCode: RESIDENCE, version: 1, status: 'published' });
    expect(body.codeLists.sex.map((o: Json) => o.value)).toEqual(['1', '2']);
    expect(body.codeLists.householdRelation.length).toBeGreaterThan(3);
    expect(body.items).toContain('address.permanent');
    const missing = await t.server.inject({ url: '/api/services/procedures/khong-co/form' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect((await get('/api/services/procedures/Bad_Code')).status).toBe(400);
  });

  it('validates answers with the shared rules plus the dictionary items’ constraints (service)', async () => {
    const procedures = t.platform.services.procedures;
    const form = (await procedures.form(RESIDENCE))!;
    const answers = {
      fullName: 'Nguyễn Văn An',
      personalId: '001234567890',
      dateOfBirth: '1990-05-01',
      phone: '0912345678',
      newAddress: { detail: 'Số 1 Tràng Tiền', communeCode: '00070', provinceCode: '01' },
      basis: 'owner',
      movingWith: [],
    };
    const files = [{ key: 'accommodationProof', mediaType: 'application/pdf', bytes: 1000 }];
    expect(await procedures.validate(form.definition, answers, files)).toMatchObject({
      valid: true,
      issues: [],
    });
    // person.personalId requires 12 digits (dictionary), person.sex takes only the sex code list.
    const bad = await procedures.validate(
      form.definition,
      { ...answers, personalId: '12345', sex: '9' },
      files,
    );
    expect(bad.issues.map((issue) => issue.path).sort()).toEqual(['personalId', 'sex']);
    // Rented: the floor-area field shows, and under 15 m² blocks the submission.
    const rented = await procedures.validate(
      form.definition,
      { ...answers, basis: 'rented', floorArea: 10, headFullName: 'Trần Thị Bình', relationToHead: 'xx' },
      [...files, { key: 'ownerConsent', mediaType: 'image/png', bytes: 10 }],
    );
    expect(rented.issues.map((issue) => issue.path).sort()).toEqual(['blocks.0', 'relationToHead']);
    expect(await procedures.get('khong-co')).toBeNull();
    expect(await procedures.form(RESIDENCE, 99)).toBeNull();
  });
});

const editedDefinition = (definition: FormDefinition): FormDefinition => ({
  ...definition,
  sections: definition.sections.map((section) =>
    section.key === 'premises'
      ? {
          ...section,
          fields: [
            ...section.fields,
            {
              key: 'seats',
              labelVi: 'Số chỗ ngồi',
              labelEn: 'Seats',
              type: 'number',
              min: 0,
              visibleIf: { '==': [{ var: 'kind' }, 'catering'] },
              requiredIf: { '>': [{ var: 'mealsPerDay' }, 100] },
            },
          ],
        }
      : section,
  ),
});

describe('form versions (officials)', () => {
  it('an agency administrator edits their agency’s form: a new draft; the published version stays frozen until publication', async () => {
    const published = (await get(`/api/services/procedures/${FOOD}/form`)).body;
    const definition = editedDefinition(published.definition);
    const saved = await healthAdmin.request({
      method: 'PUT',
      url: `/api/services/procedures/${FOOD}/forms/draft`,
      payload: { definition },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, status: 'draft', createdBy: 'quantri.soyte' });
    // Saving again updates the same draft, it does not open a third version.
    const again = await healthAdmin.request({
      method: 'PUT',
      url: `/api/services/procedures/${FOOD}/forms/draft`,
      payload: { definition },
    });
    expect(again.json().version).toBe(2);
    expect((await versionsOf(FOOD)).map((v) => [v.version, v.status])).toEqual([
      [1, 'published'],
      [2, 'draft'],
    ]);
    // The public still gets version 1.
    const publicForm = (await get(`/api/services/procedures/${FOOD}/form`)).body;
    expect(publicForm.version).toBe(1);
    expect(JSON.stringify(publicForm.definition)).not.toContain('seats');

    // Preview-validate against the draft: seats required above 100 meals a day.
    const preview = await healthAdmin.request({
      method: 'POST',
      url: `/api/services/procedures/${FOOD}/forms/validate`,
      payload: { answers: { kind: 'catering', mealsPerDay: 150 } },
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().issues.map((issue: Json) => issue.path)).toContain('seats');

    const publishedNow = await healthAdmin.request({
      method: 'POST',
      url: `/api/services/procedures/${FOOD}/forms/draft/publish`,
    });
    expect(publishedNow.statusCode, publishedNow.body).toBe(200);
    expect(publishedNow.json()).toMatchObject({
      version: 2,
      status: 'published',
      publishedBy: 'quantri.soyte',
    });
    expect((await get(`/api/services/procedures/${FOOD}/form`)).body.version).toBe(2);
    // Version 1 is still there as it was: a dossier that used it can read it back.
    const v1 = (await get(`/api/services/procedures/${FOOD}/form?version=1`)).body;
    expect(v1.definition).toEqual(published.definition);
    expect((await get(`/api/services/procedures/${FOOD}`)).body.publishedVersion).toBe(2);

    // Publishing with no draft is a conflict; the next edit opens version 3.
    const nothing = await healthAdmin.request({
      method: 'POST',
      url: `/api/services/procedures/${FOOD}/forms/draft/publish`,
    });
    expect(nothing.statusCode).toBe(409);
    const third = await healthAdmin.request({
      method: 'PUT',
      url: `/api/services/procedures/${FOOD}/forms/draft`,
      payload: { definition: published.definition },
    });
    expect(third.json()).toMatchObject({ version: 3, status: 'draft' });

    const actions = (await searchAudit(t.platform.context.database, { limit: 10_000 }))
      .filter((entry) => entry.object_id?.startsWith(`${FOOD}@`))
      .map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'services.form.draft.create',
        'services.form.draft.update',
        'services.form.publish',
      ]),
    );
  });

  it('the database refuses to change or delete a published version', async () => {
    const db = t.platform.context.database.db;
    await expect(
      db
        .updateTable('services.procedure_forms')
        .set({ definition: '{}' })
        .where('procedure_code', '=', RESIDENCE)
        .where('version', '=', 1)
        .execute(),
    ).rejects.toThrow(/frozen/);
    await expect(
      db.deleteFrom('services.procedure_forms').where('procedure_code', '=', RESIDENCE).execute(),
    ).rejects.toThrow(/frozen/);
  });

  it('refuses a bad definition as problem+json and changes nothing', async () => {
    const before = await versionsOf(RESIDENCE);
    const audits = await auditCount();
    const form = (await get(`/api/services/procedures/${RESIDENCE}/form`)).body.definition as FormDefinition;
    const cases: [unknown, string][] = [
      [{ ...form, sections: [] }, 'body.definition.sections'],
      [
        {
          ...form,
          sections: [
            {
              ...form.sections[0]!,
              fields: [{ key: 'x', labelVi: 'x', labelEn: 'x', type: 'text', visibleIf: { nosuch: [1] } }],
            },
          ],
        },
        'body.definition.sections.0.fields.0.visibleIf',
      ],
      [
        {
          ...form,
          sections: [
            {
              ...form.sections[0]!,
              fields: [{ key: 'x', labelVi: 'x', labelEn: 'x', type: 'date', item: 'person.fullName' }],
            },
          ],
        },
        'body.definition.sections.0.fields.0.type',
      ],
      [
        {
          ...form,
          sections: [
            {
              ...form.sections[0]!,
              fields: [{ key: 'x', labelVi: 'x', labelEn: 'x', type: 'text', item: 'person.noSuchThing' }],
            },
          ],
        },
        'body.definition.sections.0.fields.0.item',
      ],
    ];
    for (const [definition, path] of cases) {
      const response = await admin.request({
        method: 'PUT',
        url: `/api/services/procedures/${RESIDENCE}/forms/draft`,
        payload: { definition },
      });
      expect(response.statusCode, JSON.stringify(definition).slice(0, 200)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect((response.json().errors as Json[]).map((e) => e.path)).toContain(path);
    }
    expect(await versionsOf(RESIDENCE)).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });

  it('denies editing to anonymous callers, citizens, non-editors and other agencies’ administrators', async () => {
    const definition = (await get(`/api/services/procedures/${RESIDENCE}/form`)).body.definition;
    const before = await versionsOf(RESIDENCE);
    const audits = await auditCount();
    const put = {
      method: 'PUT' as const,
      url: `/api/services/procedures/${RESIDENCE}/forms/draft`,
      payload: { definition },
    };

    const anonymous = await t.server.inject(put);
    expect(anonymous.statusCode).toBe(403);
    expect(anonymous.json().code).toBe('csrf_failed');
    expect((await t.server.inject({ url: `/api/services/procedures/${RESIDENCE}/forms` })).statusCode).toBe(
      401,
    );
    // A citizen signed in through the VNeID simulator.
    const citizen = await signInCitizen(t);
    const asCitizen = await t.server.inject({ ...put, headers: citizen.headers });
    expect(asCitizen.json().code).toBe('forbidden');
    expect(asCitizen.statusCode).toBe(403);

    expect((await caseOfficer.request(put)).statusCode).toBe(403);
    // The health department's administrator may not edit a commune-level procedure…
    expect((await healthAdmin.request(put)).statusCode).toBe(403);
    expect(
      (await healthAdmin.request({ url: `/api/services/procedures/${RESIDENCE}/forms` })).statusCode,
    ).toBe(403);
    expect(
      (
        await healthAdmin.request({
          method: 'POST',
          url: `/api/services/procedures/${RESIDENCE}/forms/draft/publish`,
        })
      ).statusCode,
    ).toBe(403);
    // …nor create one for another agency.
    const created = await healthAdmin.request({
      method: 'POST',
      url: '/api/services/procedures',
      payload: {
        code: 'thu-tuc-thu',
        nameVi: 'Thủ tục thử',
        nameEn: 'Test procedure',
        agencyLevel: 'department',
        agencyIds: ['so-xay-dung'],
        fieldVi: 'Thử',
        fieldEn: 'Test',
        legalBasis: ['Không'],
        processingDays: 5,
        feeVnd: 0,
        onlineLevel: 'full',
        requiredDocuments: [],
        resultType: { vi: 'Kết quả', en: 'Result' },
        minimumAcr: 'urn:hanoi:acr:vneid:1',
        notesVi: null,
        notesEn: null,
      },
    });
    expect(created.statusCode).toBe(403);
    // Even the city administrator is refused without the matching CSRF token.
    const noCsrf = await admin.request({ ...put, headers: { 'x-csrf-token': 'wrong' } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('csrf_failed');
    expect(await versionsOf(RESIDENCE)).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });

  it('the city administrator creates a procedure and edits its details, audited', async () => {
    const input = {
      code: 'thu-tuc-thu',
      nameVi: 'Thủ tục thử nghiệm',
      nameEn: 'Trial procedure',
      agencyLevel: 'department',
      agencyIds: ['so-y-te'],
      fieldVi: 'Y tế',
      fieldEn: 'Health',
      legalBasis: ['Không có (thử nghiệm) / None (trial)'],
      processingDays: 5,
      feeVnd: 0,
      onlineLevel: 'full',
      requiredDocuments: [],
      resultType: { vi: 'Kết quả', en: 'Result' },
      minimumAcr: 'urn:hanoi:acr:vneid:1',
      notesVi: null,
      notesEn: null,
    };
    const created = await admin.request({ method: 'POST', url: '/api/services/procedures', payload: input });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code: 'thu-tuc-thu', publishedVersion: null });
    // Not listed publicly until a form is published.
    expect((await get('/api/services/procedures/thu-tuc-thu')).status).toBe(404);
    const duplicate = await admin.request({
      method: 'POST',
      url: '/api/services/procedures',
      payload: input,
    });
    expect(duplicate.statusCode).toBe(409);
    const unknownAgency = await admin.request({
      method: 'POST',
      url: '/api/services/procedures',
      payload: { ...input, code: 'thu-tuc-khac', agencyIds: ['khong-co-don-vi'] },
    });
    expect(unknownAgency.statusCode).toBe(400);
    const patched = await healthAdmin.request({
      method: 'PATCH',
      url: '/api/services/procedures/thu-tuc-thu',
      payload: { processingDays: 7 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().processingDays).toBe(7);
    const entries = (await searchAudit(t.platform.context.database, { limit: 10_000 })).filter(
      (entry) => entry.object_id === 'thu-tuc-thu',
    );
    expect(entries.map((entry) => entry.action).sort()).toEqual([
      'services.procedure.create',
      'services.procedure.update',
    ]);
  });
});
