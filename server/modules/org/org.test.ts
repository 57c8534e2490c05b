import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';

let t: TestPlatform;
beforeAll(async () => {
  t = await createTestPlatform();
});
afterAll(() => t.close());

const get = async (url: string) => {
  const response = await t.server.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() };
};

describe('agencies and administrative units as of a date', () => {
  it('lists the 30 districts on 2024-01-01 and no post-reform commune', async () => {
    const { status, body } = await get('/api/org/units?at=2024-01-01');
    expect(status).toBe(200);
    const kinds = body.units.map((unit: { kind: string }) => unit.kind);
    expect(kinds.filter((kind: string) => kind === 'district')).toHaveLength(30);
    expect(kinds.filter((kind: string) => kind === 'ward' || kind === 'commune')).toHaveLength(0);
    expect(kinds.filter((kind: string) => kind === 'department')).toHaveLength(21);
  });

  it('lists the 126 wards and communes on 2026-01-01, no district, 15 departments', async () => {
    const { body } = await get('/api/org/tree?at=2026-01-01');
    const [city] = body.tree;
    expect(city.id).toBe('hanoi');
    const byKind = (kind: string) => city.children.filter((unit: { kind: string }) => unit.kind === kind);
    expect(byKind('ward')).toHaveLength(51);
    expect(byKind('commune')).toHaveLength(75);
    expect(byKind('district')).toHaveLength(0);
    expect(byKind('department')).toHaveLength(15);
  });

  it('links every ward and commune to its predecessor districts', async () => {
    const { body } = await get('/api/org/units?at=2026-01-01');
    const local = body.units.filter(
      (unit: { kind: string }) => unit.kind === 'ward' || unit.kind === 'commune',
    );
    expect(local).toHaveLength(126);
    for (const unit of local.slice(0, 126)) {
      const detail = await get(`/api/org/units/${unit.id}`);
      expect(detail.body.predecessors.length, unit.nameVi).toBeGreaterThan(0);
      for (const link of detail.body.predecessors) expect(link.unit.kind).toBe('district');
    }
    const hongHa = local.find((unit: { nameVi: string }) => unit.nameVi === 'Phường Hồng Hà');
    const detail = await get(`/api/org/units/${hongHa.id}`);
    expect(detail.body.predecessors[0]).toMatchObject({ sharePct: 49, unit: { nameVi: 'Quận Tây Hồ' } });
  });

  it('shows the successors of a district and of a merged department', async () => {
    const district = await get('/api/org/units/dist-001');
    expect(district.body.validTo).toBe('2025-07-01');
    expect(district.body.successors.map((link: { unit: { nameVi: string } }) => link.unit.nameVi)).toContain(
      'Phường Ba Đình',
    );
    const transport = await get('/api/org/units/so-gtvt');
    expect(transport.body.successors).toEqual([
      expect.objectContaining({
        effectiveOn: '2025-03-01',
        kind: 'merger',
        unit: expect.objectContaining({ id: 'so-xay-dung' }),
      }),
    ]);
  });

  it('finds units by an unaccented name', async () => {
    const { body } = await get('/api/org/units?at=2026-01-01&q=hoan%20kiem');
    expect(body.units.map((unit: { nameVi: string }) => unit.nameVi)).toContain('Phường Hoàn Kiếm');
  });

  it('draws 126 polygons now and 30 before the reform, with attribution', async () => {
    const now = await get('/api/org/boundaries?at=2026-01-01');
    expect(now.body.features).toHaveLength(126);
    expect(now.body.attribution[0].en).toContain('OpenStreetMap');
    const before = await get('/api/org/boundaries?at=2025-06-30');
    expect(before.body.features).toHaveLength(30);
    expect(before.body.attribution[0].en).toContain('OCHA');
  });

  it('answers an unknown unit and a bad date with problem+json', async () => {
    const missing = await t.server.inject({ method: 'GET', url: '/api/org/units/khong-co' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const badDate = await get('/api/org/units?at=2025-13-40');
    expect(badDate.status).toBe(400);
    expect(badDate.body.code).toBe('validation_failed');
    expect(badDate.body.errors[0].path).toBe('querystring.at');
  });

  it('does not reload an unchanged reference register', async () => {
    expect(await t.platform.org.ensureReferenceData()).toEqual({ loaded: false });
  });
});
