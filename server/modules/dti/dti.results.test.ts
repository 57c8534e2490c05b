import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { dtiRoutes } from './dti.routes.ts';
import { createDtiHarness, type DtiHarness } from './dti.test-support.ts';

let t: TestPlatform;
let h: DtiHarness;
const cycle: Record<number, string> = {};
const evidence = [{ documentNumber: '1/QĐ', title: 'Quyết định', date: '2025-02-01' }];
const units = [{ unitId: 'so-y-te' }, { unitId: 'so-xay-dung' }, { unitId: 'comm-00070' }];
const reporters: Record<string, string> = { 'so-y-te': 'reporterYte', 'so-xay-dung': 'reporterXd' };

/** Opens a cycle, lets two units claim `claims`, appraises every item and finalises it. */
async function runCycle(frameworkId: string, claims: Record<string, string[]>) {
  const opened = await h.as('council', {
    method: 'POST',
    url: '/api/dti/cycles',
    payload: { frameworkId, units },
  });
  expect(opened.statusCode).toBe(201);
  const id: string = opened.json().id;
  for (const [unit, codes] of Object.entries(claims)) {
    const who = reporters[unit] as string;
    for (const code of codes)
      await h.as(who, {
        method: 'PUT',
        url: `/api/dti/cycles/${id}/units/${unit}/entries/${code}`,
        payload: { value: true, evidence },
      });
    expect(
      (await h.as(who, { method: 'POST', url: `/api/dti/cycles/${id}/units/${unit}/submit` })).statusCode,
    ).toBe(200);
    for (const code of codes)
      await h.as('appraiser', {
        method: 'POST',
        url: `/api/dti/cycles/${id}/units/${unit}/entries/${code}/review`,
        payload: { decision: 'accept' },
      });
  }
  // The ward submits without claims (every item 0 points).
  expect(
    (await h.as('reporterWard', { method: 'POST', url: `/api/dti/cycles/${id}/units/comm-00070/submit` }))
      .statusCode,
  ).toBe(200);
  expect((await h.as('council', { method: 'POST', url: `/api/dti/cycles/${id}/finalise` })).statusCode).toBe(
    200,
  );
  return id;
}

beforeAll(async () => {
  t = await createTestPlatform();
  h = await createDtiHarness(dtiRoutes(t.platform.dti));
  const [dept] = (
    await h.as(null, { method: 'GET', url: '/api/dti/frameworks?year=2025&unitSet=departments' })
  ).json();
  const copy = (
    await h.as('council', {
      method: 'POST',
      url: `/api/dti/frameworks/${dept.id}/copy`,
      payload: { year: 2024 },
    })
  ).json();
  cycle[2024] = await runCycle(copy.id, { 'so-y-te': ['1.1'], 'so-xay-dung': ['1.1', '1.2', '1.3'] });
  await h.as('council', { method: 'POST', url: `/api/dti/cycles/${cycle[2024]}/publish` });
  cycle[2025] = await runCycle(dept.id, { 'so-y-te': ['1.1', '1.2', '2.1', '2.2'], 'so-xay-dung': ['1.1'] });
});
afterAll(async () => {
  await h?.close();
  await t?.close();
});

type UnitResult = {
  unitId: string;
  unitNameVi: string;
  mainIndices: Record<string, number | null>;
  index: number;
  rank: number;
  peerGroup: string;
  peerRank: number;
  change: { index: number; rank: number } | null;
};

describe('dti results', () => {
  it('before publication only the council and appraisers see results', async () => {
    const url = `/api/dti/cycles/${cycle[2025]}/results`;
    expect((await h.as('reporterYte', { method: 'GET', url })).statusCode).toBe(403);
    expect((await h.as(null, { method: 'GET', url })).statusCode).toBe(401);
    expect(
      (await h.as(null, { method: 'GET', url: `/api/dti/public/cycles/${cycle[2025]}/results` })).statusCode,
    ).toBe(404);
    const res = await h.as('appraiser', { method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ weightsArePlaceholders: true, status: 'finalised' });
  });

  it('ranks overall and by peer group, with the change since last year, once published', async () => {
    await h.as('council', { method: 'POST', url: `/api/dti/cycles/${cycle[2025]}/publish` });
    const list = (await h.as(null, { method: 'GET', url: '/api/dti/public/cycles' })).json();
    expect(list.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([cycle[2024], cycle[2025]]));
    const res = await h.as(null, { method: 'GET', url: `/api/dti/public/cycles/${cycle[2025]}/results` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.previousCycleId).toBe(cycle[2024]);
    const byId = Object.fromEntries(body.units.map((u: UnitResult) => [u.unitId, u])) as Record<
      string,
      UnitResult
    >;
    expect(byId['so-y-te']?.rank).toBe(1);
    // Names come from the unit register; group labels from the framework the cycle was opened with.
    expect(byId['so-y-te']?.unitNameVi).toBe('Sở Y tế');
    expect(body.groups.length).toBeGreaterThan(0);
    expect(body.groups[0].nameVi).toBeTruthy();
    // Main indices for the radar: labelled in framework order, one index per main index of each unit.
    expect(body.mainIndices.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(byId['so-y-te']?.mainIndices ?? {})).toEqual(
      body.mainIndices.map((m: { code: string }) => m.code),
    );
    expect(byId['so-y-te']?.change?.rank).toBeGreaterThan(0);
    expect(byId['so-xay-dung']?.change?.index).toBeLessThan(0);
    expect(byId['comm-00070']?.peerGroup).not.toBe(byId['so-y-te']?.peerGroup);
    expect(byId['comm-00070']?.peerRank).toBe(1);
    for (const u of body.units as UnitResult[]) expect(u.index).toBeGreaterThanOrEqual(0);
  });

  it('exports the published ranking as XLSX, saying the weights are placeholders', async () => {
    const res = await h.as(null, {
      method: 'GET',
      url: `/api/dti/public/cycles/${cycle[2025]}/results.xlsx`,
    });
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('DTI');
    expect(String(sheet?.getRow(2).getCell(2).value)).toContain('Placeholder weights');
    expect(sheet?.getRow(4).getCell(2).value).toBe('so-y-te');
    expect(sheet?.getRow(4).getCell(3).value).toBe('Sở Y tế');
    expect(
      (await h.as(null, { method: 'GET', url: `/api/dti/public/cycles/${cycle[2024]}x/results.xlsx` }))
        .statusCode,
    ).toBe(400);
  });

  it('gives rank intervals that contain each rank', async () => {
    const res = await h.as(null, {
      method: 'GET',
      url: `/api/dti/public/cycles/${cycle[2025]}/sensitivity?perturbations=50&spread=0.3`,
    });
    expect(res.statusCode).toBe(200);
    for (const u of res.json().units) {
      expect(u.minRank).toBeLessThanOrEqual(u.rank);
      expect(u.maxRank).toBeGreaterThanOrEqual(u.rank);
    }
    const bad = await h.as(null, {
      method: 'GET',
      url: `/api/dti/public/cycles/${cycle[2025]}/sensitivity?perturbations=0`,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].vi).toBeTruthy();
  });

  it('what-if moves a unit’s score and rank; officials only', async () => {
    const changes = { '1.1': 1, '1.2': 1, '1.3': 1, '2.1': 1, '2.2': 1, '2.3': 1 };
    const url = `/api/dti/cycles/${cycle[2025]}/what-if`;
    expect(
      (await h.as(null, { method: 'POST', url, payload: { unitId: 'so-xay-dung', changes } })).statusCode,
    ).toBe(401);
    const res = await h.as('appraiser', { method: 'POST', url, payload: { unitId: 'so-xay-dung', changes } });
    expect(res.statusCode).toBe(200);
    expect(res.json().after.index).toBeGreaterThan(res.json().before.index);
    expect(res.json().after.rank).toBeLessThan(res.json().before.rank);
  });
});
