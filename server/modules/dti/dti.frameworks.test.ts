import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { dtiRoutes } from './dti.routes.ts';
import { createDtiHarness, type DtiHarness } from './dti.test-support.ts';

let t: TestPlatform;
let h: DtiHarness;

beforeAll(async () => {
  t = await createTestPlatform();
  h = await createDtiHarness(dtiRoutes(t.platform.dti));
});
afterAll(async () => {
  await h?.close();
  await t?.close();
});

type Summary = {
  id: string;
  code: string;
  year: number;
  version: number;
  weightsArePlaceholders: boolean;
  counts: Record<string, number>;
};

async function frameworks(query = ''): Promise<Summary[]> {
  const res = await h.as(null, { method: 'GET', url: `/api/dti/frameworks${query}` });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('dti frameworks', () => {
  it('seeds the 2025 Hanoi sets and the national 922 structure, once, labelled as placeholders', async () => {
    expect((await t.platform.dti.frameworks.ensureReferenceData()).inserted).toBe(0);
    const all = await frameworks();
    const dept = all.find((f) => f.code === 'hanoi-department' && f.year === 2025);
    const commune = all.find((f) => f.code === 'hanoi-commune' && f.year === 2025);
    const national = all.find((f) => f.code === 'national-province');
    expect(dept?.counts).toMatchObject({ mainIndices: 9, subIndices: 34, maxPoints: 1000 });
    expect(commune?.counts).toMatchObject({ mainIndices: 8, subIndices: 47, maxPoints: 1000 });
    expect(national?.counts).toMatchObject({ mainIndices: 9, subIndices: 98, maxPoints: 1000 });
    expect(
      all.filter((f) => f.version === 1 && f.code.startsWith('hanoi')).every((f) => f.weightsArePlaceholders),
    ).toBe(true);
    const tree = (await h.as(null, { method: 'GET', url: `/api/dti/frameworks/${dept?.id}` })).json().tree;
    const subs = tree.groups.flatMap(
      (g: { indices: { subIndices: { nameEn: string; source: string }[] }[] }) =>
        g.indices.flatMap((m) => m.subIndices),
    );
    expect(subs.every((s: { nameEn: string }) => s.nameEn.includes('(placeholder)'))).toBe(true);
    expect(subs.filter((s: { source: string }) => s.source === 'measured')).toHaveLength(1);
  });

  it('saves a new version and copies forward, audited; older versions stay as they were', async () => {
    const [dept] = await frameworks('?year=2025&unitSet=departments');
    const detail = (await h.as(null, { method: 'GET', url: `/api/dti/frameworks/${dept?.id}` })).json();
    detail.tree.groups[0].indices[0].subIndices[0].maxPoints = 30;
    const saved = await h.as('council', {
      method: 'POST',
      url: `/api/dti/frameworks/${dept?.id}/versions`,
      payload: { tree: detail.tree, weightsArePlaceholders: true },
    });
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ version: 2, basedOnId: dept?.id, reference: false });
    const copied = await h.as('council', {
      method: 'POST',
      url: `/api/dti/frameworks/${saved.json().id}/copy`,
      payload: { year: 2026 },
    });
    expect(copied.statusCode).toBe(201);
    expect(copied.json()).toMatchObject({ year: 2026, version: 1, weightsArePlaceholders: true });
    expect(copied.json().tree.groups[0].indices[0].subIndices[0].maxPoints).toBe(30);
    const original = (await h.as(null, { method: 'GET', url: `/api/dti/frameworks/${dept?.id}` })).json();
    expect(original.tree.groups[0].indices[0].subIndices[0].maxPoints).not.toBe(30);
    const audit = await t.platform.context.database.db
      .selectFrom('platform.audit_log')
      .select('action')
      .where('object_type', '=', 'dti.framework')
      .execute();
    expect(audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['dti.framework.seed', 'dti.framework.version', 'dti.framework.copy']),
    );
  });

  it('denies edits to everyone but the council', async () => {
    const [dept] = await frameworks('?year=2025&unitSet=departments');
    for (const who of [null, 'appraiser', 'reporterYte']) {
      const res = await h.as(who, {
        method: 'POST',
        url: `/api/dti/frameworks/${dept?.id}/copy`,
        payload: { year: 2027 },
      });
      expect(res.statusCode).toBe(who ? 403 : 401);
    }
  });

  it('refuses invalid trees with bilingual problem+json', async () => {
    const [dept] = await frameworks('?year=2025&unitSet=departments');
    const detail = (await h.as(null, { method: 'GET', url: `/api/dti/frameworks/${dept?.id}` })).json();
    const sub = detail.tree.groups[0].indices[0].subIndices[0];
    sub.source = 'measured';
    sub.indicatorCode = undefined;
    const res = await h.as('council', {
      method: 'POST',
      url: `/api/dti/frameworks/${dept?.id}/versions`,
      payload: { tree: detail.tree, weightsArePlaceholders: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const field = res.json().errors.find((f: { path: string }) => f.path.endsWith('indicatorCode'));
    expect(field.vi).toContain('Chỉ số đo tự động');
    expect(field.en).toContain('measured sub-index');
    // Duplicate codes: refused by the framework validation, also bilingual.
    detail.tree.groups[0].indices[0].subIndices[0] = { ...detail.tree.groups[0].indices[0].subIndices[1] };
    const dup = await h.as('council', {
      method: 'POST',
      url: `/api/dti/frameworks/${dept?.id}/versions`,
      payload: { tree: detail.tree, weightsArePlaceholders: true },
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().errors[0].vi).toContain('trùng');
    expect(dup.json().errors[0].en).toContain('duplicated');
  });
});
