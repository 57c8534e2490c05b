import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../../test/support/platform.ts';
import { createDataHarness, type DataHarness } from '../data.test-support.ts';
import type { DataItem } from './dictionary.schema.ts';

/**
 * The published forms of the dictionary: the JSON Schema 2020-12 documents compile in a real
 * validator (Ajv) and agree with the service's own `validateValue` on every item for a wide set of
 * samples, and the CSV is what a spreadsheet can open safely.
 */
let h: DataHarness;

beforeAll(async () => {
  h = await createDataHarness(await createTestPlatform());
});
afterAll(async () => h?.close());

function validator() {
  const ajv = new Ajv2020({ allErrors: true });
  formats.default(ajv);
  ajv.addKeyword('x-dataItem');
  return ajv;
}

const uuid = '3f0c6a1e-5b7d-4c1a-9e2f-0a1b2c3d4e5f';
const square = [
  [
    [105.85, 21.02],
    [105.86, 21.02],
    [105.86, 21.03],
    [105.85, 21.02],
  ],
];
/** Values of every shape, valid for some items and not for others. */
const samples: unknown[] = [
  '',
  'Nguyễn Văn An',
  "O'Neil-Trần",
  'Nguyễn Văn An 2',
  '001099000001',
  '00109900000',
  '123456789',
  'VN',
  'vn',
  '0912345678',
  '091234567',
  'an.nguyen@example.vn',
  'not an email',
  '0101234567',
  '0101234567-001',
  '4711',
  'ODT',
  'AB 123456',
  '29A-123.45',
  '30E1-678.90',
  '29-123.45',
  '01',
  '1',
  '2',
  '3',
  '54',
  '55',
  'AB',
  'Z',
  '00070',
  '002',
  '2024-02-29',
  '2023-02-29',
  '2025-13-01',
  '2025-07-01T08:00:00+07:00',
  '2025-07-01T25:00:00Z',
  '2025-07-01 08:00:00',
  'x'.repeat(301),
  0,
  1,
  -1,
  2.5,
  15,
  1e9,
  true,
  false,
  null,
  [],
  {},
  { detail: 'Số 1 Tràng Tiền', communeCode: '00070', provinceCode: '01' },
  { detail: '', communeCode: '00070', provinceCode: '01' },
  { detail: 'Số 1', communeCode: '70', provinceCode: '01' },
  { detail: 'Số 1', communeCode: '00070', provinceCode: '01', country: 'VN' },
  { type: 'Polygon', coordinates: square },
  { type: 'MultiPolygon', coordinates: [square] },
  { type: 'Polygon', coordinates: [[[105.85, 21.02]]] },
  { type: 'Point', coordinates: [105.85, 21.02] },
  { type: 'Polygon', coordinates: square, bbox: [105.85, 21.02, 105.86, 21.03] },
  { type: 'Polygon', coordinates: square, bbox: ['x'] },
  { fileId: uuid, mediaType: 'application/pdf', bytes: 1024 },
  { fileId: uuid, mediaType: 'application/pdf', bytes: 1024, sha256: 'a'.repeat(64) },
  { fileId: uuid, mediaType: 'application/zip', bytes: 1024 },
  { fileId: uuid, mediaType: 'image/png', bytes: 20 * 1024 * 1024 },
  { fileId: 'file-1', mediaType: 'image/png', bytes: 10 },
];

describe('JSON Schema', () => {
  it('publishes a 2020-12 document that Ajv compiles, one $defs entry per current item', async () => {
    const response = await h.as(null, { method: 'GET', url: '/api/data/items/schema.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/schema+json');
    const document = response.json();
    expect(document.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const ajv = validator();
    ajv.addSchema(document);
    const items = (await h.as(null, { method: 'GET', url: '/api/data/items?limit=1000' })).json()
      .items as DataItem[];
    expect(
      Object.keys(document.$defs)
        .filter((key) => !key.startsWith('code-list.'))
        .sort(),
    ).toEqual(items.map((item) => item.code).sort());
    expect(document.$defs['person.ethnicity']['x-dataItem']).toMatchObject({
      sensitivity: 'sensitive_personal',
      verificationClass: 'government_verified',
      source: 'population',
      version: 1,
    });
  });

  it('agrees with validateValue on every item for every sample', async () => {
    const document = (await h.as(null, { method: 'GET', url: '/api/data/items/schema.json' })).json();
    const ajv = validator();
    ajv.addSchema(document);
    const dictionary = h.t.platform.data.dictionary;
    const items = await dictionary.items({ status: 'approved' });
    let valid = 0;
    let invalid = 0;
    for (const item of items) {
      const check = ajv.getSchema(`${document.$id}#/$defs/${item.code}`);
      expect(check, item.code).toBeDefined();
      const outcomes = new Set<boolean>();
      for (const sample of samples) {
        const bySchema = check!(sample) as boolean;
        const byService = (await dictionary.validateValue(item.code, sample)) === null;
        expect({ item: item.code, sample, bySchema }).toEqual({
          item: item.code,
          sample,
          bySchema: byService,
        });
        outcomes.add(byService);
        if (byService) valid++;
        else invalid++;
      }
      // Every item accepts some sample and refuses another, so agreement is not vacuous.
      expect([item.code, [...outcomes].sort()]).toEqual([item.code, [false, true]]);
    }
    expect(valid).toBeGreaterThan(items.length);
    expect(invalid).toBeGreaterThan(items.length);
  });

  it('agrees on arbitrary values too', async () => {
    const document = (await h.as(null, { method: 'GET', url: '/api/data/items/schema.json' })).json();
    const ajv = validator();
    ajv.addSchema(document);
    const dictionary = h.t.platform.data.dictionary;
    const codes = [
      'person.personalId',
      'person.fullName',
      'land.area',
      'address.permanent',
      'person.dateOfBirth',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...codes), fc.jsonValue(), async (code, value) => {
        const bySchema = ajv.getSchema(`${document.$id}#/$defs/${code}`)!(value);
        const byService = (await dictionary.validateValue(code, value)) === null;
        expect(bySchema).toBe(byService);
      }),
      { numRuns: 300 },
    );
  });

  it('publishes each item on its own, code list included', async () => {
    const response = await h.as(null, { method: 'GET', url: '/api/data/items/person.ethnicity/schema.json' });
    expect(response.statusCode).toBe(200);
    const schema = response.json();
    expect(schema.$id).toMatch(/\/api\/data\/items\/person\.ethnicity\/schema\.json$/);
    expect(schema.title).toBe('Dân tộc / Ethnic group');
    const check = validator().compile(schema);
    expect(check('01')).toBe(true);
    expect(check('54')).toBe(true);
    expect(check('55')).toBe(false);
    expect(check(1)).toBe(false);
    const plate = validator().compile(
      (
        await h.as(null, { method: 'GET', url: '/api/data/items/vehicle.plate/schema.json?version=1' })
      ).json(),
    );
    expect(plate('29A-123.45')).toBe(true);
    expect(plate('29A 123 45')).toBe(false);
    expect(
      (await h.as(null, { method: 'GET', url: '/api/data/items/vehicle.plate/schema.json?version=9' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await h.as(null, { method: 'GET', url: '/api/data/items/no.suchItem/schema.json' })).statusCode,
    ).toBe(404);
  });
});

describe('CSV', () => {
  it('is UTF-8 with a BOM, one row per published item, and defuses formulas', async () => {
    // A steward's draft whose name looks like a formula, approved by the city.
    const created = await h.as('stewardYte', {
      method: 'POST',
      url: '/api/data/items',
      payload: {
        code: 'health.formulaTest',
        agencyId: 'so-y-te',
        nameVi: '=HYPERLINK("http://evil.example","bấm")',
        nameEn: '+cmd',
        type: 'boolean',
        sensitivity: 'internal',
        verificationClass: 'self_declared',
      },
    });
    expect(created.statusCode).toBe(201);
    await h.as('stewardYte', { method: 'POST', url: '/api/data/items/health.formulaTest/versions/1/submit' });
    await h.as('cityAdmin', {
      method: 'POST',
      url: '/api/data/items/health.formulaTest/versions/1/approve',
      payload: {},
    });

    const response = await h.as(null, { method: 'GET', url: '/api/data/items.csv' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const bytes = response.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 5)).toEqual(['code', 'version', 'status', 'name_vi', 'name_en']);
    const published = (await h.as(null, { method: 'GET', url: '/api/data/items?limit=1000' })).json().total;
    expect(lines).toHaveLength(published + 1);
    const row = lines.find((line) => line.startsWith('health.formulaTest,'))!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""bấm"")"`);
    expect(row).toContain(",'+cmd,");
    expect(lines.find((line) => line.startsWith('person.fullName,'))).toContain(
      'Họ, chữ đệm và tên khai sinh',
    );
  });
});
