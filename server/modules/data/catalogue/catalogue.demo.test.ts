import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../../test/support/platform.ts';
import { createDataHarness, type DataHarness } from '../data.test-support.ts';
import { demoEntries } from './catalogue.demo.ts';

/** Demo catalogue entries: present only with demo data on, labelled as examples everywhere. */
let h: DataHarness;

beforeAll(async () => {
  h = await createDataHarness(await createTestPlatform({ demo: true, demoPopulation: 50 }));
});
afterAll(async () => h?.close());

describe('demo catalogue entries', () => {
  it('are labelled examples across departments, owned by units in force, holding dictionary items', async () => {
    const { entries } = (await h.as(null, { method: 'GET', url: '/api/data/catalogue/entries' })).json();
    expect(entries).toHaveLength(demoEntries.length);
    const owners = new Set<string>();
    for (const entry of entries) {
      expect(entry.demo).toBe(true);
      expect(entry.nameVi).toMatch(/^\[Ví dụ\] /);
      expect(entry.nameEn).toMatch(/^\[Example\] /);
      expect(entry.descriptionVi).toContain('không phải hệ thống thật');
      expect(entry.descriptionEn).toContain('not a real system');
      expect(await h.t.platform.org.unitExists(entry.ownerAgencyId, h.t.platform.org.today())).toBe(true);
      for (const code of entry.dataItems)
        expect(await h.t.platform.data.dictionary.item(code), code).not.toBeNull();
      owners.add(entry.ownerAgencyId);
    }
    expect(owners.size).toBeGreaterThanOrEqual(5);
    expect(new Set(entries.map((entry: { sharingLevel: string }) => entry.sharingLevel))).toEqual(
      new Set(['open', 'shared', 'restricted']),
    );
    const published = await h.t.platform.data.catalogue.publicEntries();
    expect(published.every((entry) => entry.demo)).toBe(true);
  });

  it('are seeded once, and take no change proposals', async () => {
    await h.t.platform.seedDemo();
    expect((await h.as(null, { method: 'GET', url: '/api/data/catalogue/entries' })).json().total).toBe(
      demoEntries.length,
    );
    const [first] = demoEntries;
    const response = await h.as('cityAdmin', {
      method: 'POST',
      url: `/api/data/catalogue/entries/${first!.id}/proposals`,
      payload: { entry: { ...first!.entry, recordCount: 1 }, reason: 'thử' },
    });
    expect(response.statusCode).toBe(409);
  });

  it('are marked in the XLSX export', async () => {
    const response = await h.as(null, { method: 'GET', url: '/api/data/catalogue.xlsx' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const demoColumn = headers.findIndex((header) => header.includes('Demo example')) + 1;
    expect(demoColumn).toBeGreaterThan(0);
    expect(sheet.rowCount).toBe(demoEntries.length + 1);
    for (let r = 2; r <= sheet.rowCount; r++)
      expect(String(sheet.getRow(r).getCell(demoColumn).value)).toContain('Demo example, not a real system');
  });
});
