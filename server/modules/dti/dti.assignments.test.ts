import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { type Principal, systemActor } from '../../platform/auth/principal.ts';
import { dtiRoutes } from './dti.routes.ts';
import { createDtiHarness, type DtiHarness, dtiPrincipals } from './dti.test-support.ts';

/**
 * Appraiser assignment (docs/dti.md, "Who may do what"): an assigned unit is reached only by its
 * appraisers; an unassigned one by every appraiser (the shared pool); the council sees all.
 */
let t: TestPlatform;
let h: DtiHarness;
let cycleId: string;
const ids: Record<'lan' | 'minh' | 'clerk', string> = { lan: '', minh: '', clerk: '' };

const evidence = [{ documentNumber: '12/KH', title: 'Kế hoạch chuyển đổi số 2025', date: '2025-01-15' }];
const base = () => `/api/dti/cycles/${cycleId}`;
const assignUrl = (unit: string, official: string) => `${base()}/units/${unit}/appraisers/${official}`;
const review = (who: string, unit: string, code: string, payload: object) =>
  h.as(who, { method: 'POST', url: `${base()}/units/${unit}/entries/${code}/review`, payload });
const unitsSeenBy = async (who: string) =>
  (await h.as(who, { method: 'GET', url: base() })).json().units.map((u: { unitId: string }) => u.unitId);

/** Real officials (the assignment API checks the org register), signed in through the harness. */
async function addOfficial(key: keyof typeof ids, role: 'index_appraiser' | 'case_officer') {
  const unitId = role === 'index_appraiser' ? 'hanoi' : 'so-y-te';
  const { id } = await t.platform.org.createOfficial(systemActor('test'), {
    fullName: `Thẩm định ${key}`,
    memberships: [{ unitId, role }],
  });
  ids[key] = id;
  const template = dtiPrincipals.appraiser as Extract<Principal, { kind: 'official' }>;
  dtiPrincipals[key] = { ...template, officialId: id, username: key, memberships: [{ unitId, role }] };
}

beforeAll(async () => {
  t = await createTestPlatform();
  h = await createDtiHarness(dtiRoutes(t.platform.dti));
  await addOfficial('lan', 'index_appraiser');
  await addOfficial('minh', 'index_appraiser');
  await addOfficial('clerk', 'case_officer');
  const [dept] = (
    await h.as(null, { method: 'GET', url: '/api/dti/frameworks?year=2025&unitSet=departments' })
  ).json();
  const opened = await h.as('council', {
    method: 'POST',
    url: '/api/dti/cycles',
    payload: { frameworkId: dept.id, units: [{ unitId: 'so-y-te' }, { unitId: 'so-xay-dung' }] },
  });
  cycleId = opened.json().id;
  for (const [who, unit] of [
    ['reporterYte', 'so-y-te'],
    ['reporterXd', 'so-xay-dung'],
  ] as const) {
    await h.as(who, {
      method: 'PUT',
      url: `${base()}/units/${unit}/entries/1.1`,
      payload: { value: true, evidence },
    });
    expect((await h.as(who, { method: 'POST', url: `${base()}/units/${unit}/submit` })).statusCode).toBe(200);
  }
});
afterAll(async () => {
  await h?.close();
  await t?.close();
});

describe('dti appraiser assignment', () => {
  it('only the council assigns, and only city appraisers to units of the cycle', async () => {
    expect((await h.as('lan', { method: 'PUT', url: assignUrl('so-y-te', ids.lan) })).statusCode).toBe(403);
    expect((await h.as('reporterYte', { method: 'GET', url: '/api/dti/appraisers' })).statusCode).toBe(403);
    const candidates = (await h.as('council', { method: 'GET', url: '/api/dti/appraisers' })).json();
    expect(candidates.map((c: { officialId: string }) => c.officialId)).toEqual(
      expect.arrayContaining([ids.lan, ids.minh]),
    );
    expect(candidates.map((c: { officialId: string }) => c.officialId)).not.toContain(ids.clerk);
    const notAppraiser = await h.as('council', { method: 'PUT', url: assignUrl('so-y-te', ids.clerk) });
    expect(notAppraiser.statusCode).toBe(404);
    expect(notAppraiser.json().vi.detail).toContain('thẩm định viên');
    expect(
      (await h.as('council', { method: 'PUT', url: assignUrl('so-tai-chinh', ids.lan) })).statusCode,
    ).toBe(404);
    const assigned = await h.as('council', { method: 'PUT', url: assignUrl('so-y-te', ids.lan) });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toEqual({
      unitId: 'so-y-te',
      appraisers: [{ officialId: ids.lan, fullName: 'Thẩm định lan' }],
    });
    // Assigning twice changes nothing and is audited once.
    expect((await h.as('council', { method: 'PUT', url: assignUrl('so-y-te', ids.lan) })).statusCode).toBe(
      200,
    );
    const audited = await t.platform.context.database.db
      .selectFrom('platform.audit_log')
      .select('action')
      .where('action', '=', 'dti.assignment.add')
      .execute();
    expect(audited).toHaveLength(1);
  });

  it('an assigned unit is reached only by its appraisers; unassigned units stay in the pool; the council sees all', async () => {
    expect(await unitsSeenBy('lan')).toEqual(['so-xay-dung', 'so-y-te']);
    expect(await unitsSeenBy('minh')).toEqual(['so-xay-dung']);
    expect(await unitsSeenBy('council')).toEqual(['so-xay-dung', 'so-y-te']);
    const entries = await h.as('minh', { method: 'GET', url: `${base()}/units/so-y-te/entries` });
    expect(entries.statusCode).toBe(403);
    expect(entries.json().vi.detail).toContain('phân công');
    expect(entries.json().en.detail).toContain('assigned');
    const refused = await review('minh', 'so-y-te', '1.1', { decision: 'accept' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().en.detail).toContain('assigned to other appraisers');
    expect((await review('lan', 'so-y-te', '1.1', { decision: 'accept' })).json()).toMatchObject({
      status: 'accepted',
    });
    // Evidence files follow the same rule.
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    );
    const upload = multipartBody({ filename: 'kh.pdf', contentType: 'application/pdf', bytes: pdf });
    const filesUrl = `${base()}/units/so-y-te/evidence-files`;
    const stored = await h.as('reporterYte', { method: 'POST', url: filesUrl, ...upload });
    expect(stored.statusCode).toBe(201);
    const fileUrl = `${filesUrl}/${stored.json().fileId}`;
    expect((await h.as('minh', { method: 'GET', url: fileUrl })).statusCode).toBe(403);
    expect((await h.as('lan', { method: 'GET', url: fileUrl })).statusCode).toBe(200);
    expect((await h.as('council', { method: 'GET', url: fileUrl })).statusCode).toBe(200);
    // The pool: nobody is assigned to so-xay-dung yet.
    expect((await review('minh', 'so-xay-dung', '1.1', { decision: 'accept' })).statusCode).toBe(200);
  });

  it('progress per unit: the council sees every unit with its appraisers; an appraiser only what they reach', async () => {
    const council = (await h.as('council', { method: 'GET', url: `${base()}/appraisal` })).json();
    expect(council).toHaveLength(2);
    const yte = council.find((u: { unitId: string }) => u.unitId === 'so-y-te');
    expect(yte).toMatchObject({
      nameVi: 'Sở Y tế',
      status: 'submitted',
      appraisers: [{ officialId: ids.lan }],
      assignedToMe: false,
    });
    // 1.1, accepted above, and the measured plan-completion item (accepted as it is computed).
    expect(yte.items).toMatchObject({ accepted: 2, submitted: 0, clarification: 0 });
    const minh = (await h.as('minh', { method: 'GET', url: `${base()}/appraisal` })).json();
    expect(minh.map((u: { unitId: string }) => u.unitId)).toEqual(['so-xay-dung']);
    const lan = (await h.as('lan', { method: 'GET', url: `${base()}/appraisal` })).json();
    expect(lan.find((u: { unitId: string }) => u.unitId === 'so-y-te').assignedToMe).toBe(true);
    expect((await h.as('reporterYte', { method: 'GET', url: `${base()}/appraisal` })).statusCode).toBe(403);
    const list = (await h.as('council', { method: 'GET', url: `${base()}/assignments` })).json();
    expect(list).toEqual([{ unitId: 'so-y-te', officialId: ids.lan, fullName: 'Thẩm định lan' }]);
    expect((await h.as('minh', { method: 'GET', url: `${base()}/assignments` })).json()).toEqual([]);
  });

  it('once assigned, the pool closes for that unit; unassigning reopens it, audited', async () => {
    await h.as('council', { method: 'PUT', url: assignUrl('so-xay-dung', ids.lan) });
    expect(await unitsSeenBy('minh')).toEqual([]);
    expect((await review('minh', 'so-xay-dung', '1.1', { decision: 'accept' })).statusCode).toBe(403);
    expect((await h.as('lan', { method: 'DELETE', url: assignUrl('so-xay-dung', ids.lan) })).statusCode).toBe(
      403,
    );
    const removed = await h.as('council', { method: 'DELETE', url: assignUrl('so-xay-dung', ids.lan) });
    expect(removed.json()).toEqual({ unitId: 'so-xay-dung', appraisers: [] });
    expect(
      (await h.as('council', { method: 'DELETE', url: assignUrl('so-xay-dung', ids.lan) })).statusCode,
    ).toBe(404);
    expect(await unitsSeenBy('minh')).toEqual(['so-xay-dung']);
    const actions = await t.platform.context.database.db
      .selectFrom('platform.audit_log')
      .select('action')
      .where('action', 'in', ['dti.assignment.add', 'dti.assignment.remove'])
      .execute();
    expect(actions.map((a: { action: string }) => a.action).sort()).toEqual([
      'dti.assignment.add',
      'dti.assignment.add',
      'dti.assignment.remove',
    ]);
  });

  it('assignments lock with the cycle', async () => {
    expect((await h.as('council', { method: 'POST', url: `${base()}/finalise` })).statusCode).toBe(200);
    const locked = await h.as('council', { method: 'PUT', url: assignUrl('so-xay-dung', ids.minh) });
    expect(locked.statusCode).toBe(409);
  });
});
