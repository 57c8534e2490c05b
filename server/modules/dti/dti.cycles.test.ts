import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { dtiRoutes } from './dti.routes.ts';
import { createDtiHarness, type DtiHarness } from './dti.test-support.ts';

let t: TestPlatform;
let h: DtiHarness;
let cycleId: string;

beforeAll(async () => {
  t = await createTestPlatform();
  h = await createDtiHarness(dtiRoutes(t.platform.dti));
});
afterAll(async () => {
  await h?.close();
  await t?.close();
});

const evidence = [{ documentNumber: '12/KH-SYT', title: 'Kế hoạch chuyển đổi số 2025', date: '2025-01-15' }];
const entryUrl = (unit: string, code: string) => `/api/dti/cycles/${cycleId}/units/${unit}/entries/${code}`;
const put = (who: string, unit: string, code: string, payload: Record<string, unknown>) =>
  h.as(who, { method: 'PUT', url: entryUrl(unit, code), payload });
const review = (who: string, unit: string, code: string, payload: Record<string, unknown>) =>
  h.as(who, { method: 'POST', url: `${entryUrl(unit, code)}/review`, payload });
const submit = (who: string, unit: string) =>
  h.as(who, { method: 'POST', url: `/api/dti/cycles/${cycleId}/units/${unit}/submit` });

describe('dti assessment cycle', () => {
  it('the council opens a cycle; nobody else may', async () => {
    const [dept] = (
      await h.as(null, { method: 'GET', url: '/api/dti/frameworks?year=2025&unitSet=departments' })
    ).json();
    const body = {
      frameworkId: dept.id,
      units: [{ unitId: 'so-y-te' }, { unitId: 'so-xay-dung', tags: ['digital_economy_duty'] }],
    };
    expect(
      (await h.as('reporterYte', { method: 'POST', url: '/api/dti/cycles', payload: body })).statusCode,
    ).toBe(403);
    expect(
      (await h.as('appraiser', { method: 'POST', url: '/api/dti/cycles', payload: body })).statusCode,
    ).toBe(403);
    const opened = await h.as('council', { method: 'POST', url: '/api/dti/cycles', payload: body });
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({ status: 'open', year: 2025, weightsArePlaceholders: true });
    cycleId = opened.json().id;
    expect(
      (await h.as('council', { method: 'POST', url: '/api/dti/cycles', payload: body })).statusCode,
    ).toBe(409);
  });

  it('units self-assess with autosave and see only their own drafts', async () => {
    expect((await put('reporterYte', 'so-y-te', '1.1', { value: true, evidence })).statusCode).toBe(200);
    expect((await put('reporterYte', 'so-y-te', '1.2', { value: 1 })).statusCode).toBe(200);
    expect((await put('reporterYte', 'so-y-te', '1.2', { value: 1 })).json()).toMatchObject({
      status: 'draft',
    });
    expect((await put('reporterXd', 'so-y-te', '1.1', { value: 0 })).statusCode).toBe(403);
    expect((await put('reporterYte', 'so-y-te', '9.1', { value: 1 })).statusCode).toBe(409);
    expect((await put('reporterYte', 'so-y-te', 'nope', { value: 1 })).statusCode).toBe(404);
    const bad = await put('reporterYte', 'so-y-te', '1.3', {
      value: 1,
      evidence: [{ documentNumber: '', title: 'x', date: 'hôm qua' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toHaveProperty('vi');
    expect(bad.json().errors[0]).toHaveProperty('en');
    const url = `/api/dti/cycles/${cycleId}/units/so-y-te/entries`;
    expect((await h.as('reporterXd', { method: 'GET', url })).statusCode).toBe(403);
    expect((await h.as('caseOfficer', { method: 'GET', url })).statusCode).toBe(403);
    expect((await h.as(null, { method: 'GET', url })).statusCode).toBe(401);
    // Two self-assessed items and the measured plan-completion item filled at opening.
    expect((await h.as('appraiser', { method: 'GET', url })).json()).toHaveLength(3);
    const mine = (await h.as('reporterYte', { method: 'GET', url: `/api/dti/cycles/${cycleId}` })).json();
    expect(mine.units.map((u: { unitId: string }) => u.unitId)).toEqual(['so-y-te']);
  });

  it('evidence files: uploaded by the unit, cited in an item, read by those who see the unit', async () => {
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    );
    const upload = multipartBody({ filename: 'quyết định.pdf', contentType: 'application/pdf', bytes: pdf });
    const filesUrl = `/api/dti/cycles/${cycleId}/units/so-y-te/evidence-files`;
    const denied = await h.as('reporterXd', {
      method: 'POST',
      url: filesUrl,
      payload: upload.payload,
      headers: upload.headers,
    });
    expect(denied.statusCode).toBe(403);
    const stored = await h.as('reporterYte', {
      method: 'POST',
      url: filesUrl,
      payload: upload.payload,
      headers: upload.headers,
    });
    expect(stored.statusCode).toBe(201);
    const fileId = stored.json().fileId;
    const cited = await put('reporterYte', 'so-y-te', '1.3', {
      value: 1,
      evidence: [{ ...evidence[0], fileId }],
    });
    expect(cited.statusCode).toBe(200);
    expect(cited.json().evidence[0].fileId).toBe(fileId);
    // A file of another unit (or none at all) cannot be cited.
    expect(
      (await put('reporterXd', 'so-xay-dung', '1.3', { value: 1, evidence: [{ ...evidence[0], fileId }] }))
        .statusCode,
    ).toBe(404);
    expect((await h.as('reporterXd', { method: 'GET', url: `${filesUrl}/${fileId}` })).statusCode).toBe(403);
    const read = await h.as('appraiser', { method: 'GET', url: `${filesUrl}/${fileId}` });
    expect(read.statusCode).toBe(200);
    expect(read.rawPayload.equals(pdf)).toBe(true);
  });

  it('submission needs evidence where required, then locks the items', async () => {
    const refused = await submit('reporterYte', 'so-y-te');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ path: 'entries.1.2.evidence' });
    expect(refused.json().errors[0].vi).toContain('minh chứng');
    await put('reporterYte', 'so-y-te', '1.2', { value: 1, evidence });
    expect((await submit('reporterXd', 'so-y-te')).statusCode).toBe(403);
    expect((await submit('reporterYte', 'so-y-te')).statusCode).toBe(200);
    expect((await put('reporterYte', 'so-y-te', '1.1', { value: false })).statusCode).toBe(409);
    expect((await put('reporterYte', 'so-y-te', '2.1', { value: 1 })).statusCode).toBe(409);
  });

  it('appraisers accept, adjust with a reason, or reopen one item for clarification', async () => {
    const noReason = await review('appraiser', 'so-y-te', '1.1', { decision: 'adjust', value: 0 });
    expect(noReason.statusCode).toBe(400);
    const field = noReason.json().errors.find((e: { path: string }) => e.path.endsWith('reason'));
    expect(field.vi).toContain('lý do');
    expect(field.en).toContain('reason');
    expect((await review('reporterYte', 'so-y-te', '1.1', { decision: 'accept' })).statusCode).toBe(403);
    const adjusted = await review('appraiser', 'so-y-te', '1.1', {
      decision: 'adjust',
      value: 0,
      reason: 'Văn bản chưa ban hành',
    });
    expect(adjusted.json()).toMatchObject({ status: 'adjusted', appraisedValue: 0, value: 1 });
    expect(
      (await review('appraiser', 'so-y-te', '1.2', { decision: 'clarify', reason: 'Bổ sung tệp' })).json(),
    ).toMatchObject({
      status: 'clarification',
    });
    // Only the item sent back reopens.
    expect((await put('reporterYte', 'so-y-te', '1.2', { value: 1, evidence })).statusCode).toBe(200);
    expect((await put('reporterYte', 'so-y-te', '1.1', { value: 1, evidence })).statusCode).toBe(409);
    expect((await submit('reporterYte', 'so-y-te')).json()).toMatchObject({ items: 1 });
    expect((await review('appraiser', 'so-y-te', '1.2', { decision: 'accept' })).json()).toMatchObject({
      status: 'accepted',
      appraisedValue: 1,
    });
  });

  it('the council finalises once all is appraised, then publishes; everything is locked and audited', async () => {
    const early = await h.as('council', { method: 'POST', url: `/api/dti/cycles/${cycleId}/finalise` });
    expect(early.statusCode).toBe(409);
    expect((await submit('reporterXd', 'so-xay-dung')).statusCode).toBe(200);
    expect((await review('appraiser', 'so-y-te', '1.3', { decision: 'accept' })).statusCode).toBe(200);
    expect(
      (await h.as('appraiser', { method: 'POST', url: `/api/dti/cycles/${cycleId}/finalise` })).statusCode,
    ).toBe(403);
    expect(
      (await h.as('council', { method: 'POST', url: `/api/dti/cycles/${cycleId}/publish` })).statusCode,
    ).toBe(409);
    const finalised = await h.as('council', { method: 'POST', url: `/api/dti/cycles/${cycleId}/finalise` });
    expect(finalised.json()).toMatchObject({ status: 'finalised' });
    expect((await review('appraiser', 'so-y-te', '1.2', { decision: 'accept' })).statusCode).toBe(409);
    const published = await h.as('council', { method: 'POST', url: `/api/dti/cycles/${cycleId}/publish` });
    expect(published.json()).toMatchObject({ status: 'published' });
    const actions = (
      await t.platform.context.database.db
        .selectFrom('platform.audit_log')
        .select('action')
        .where('action', 'like', 'dti.%')
        .execute()
    ).map((a: { action: string }) => a.action);
    for (const action of [
      'dti.cycle.open',
      'dti.entry.save',
      'dti.unit.submit',
      'dti.entry.adjust',
      'dti.entry.clarify',
      'dti.entry.accept',
      'dti.cycle.finalise',
      'dti.cycle.publish',
    ])
      expect(actions).toContain(action);
  });
});
