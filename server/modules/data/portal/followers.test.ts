import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { anonymous } from '../../../platform/auth/principal.ts';
import { csvSeedFile, type SeedDataset } from '../index.ts';

/** Datasets other modules contribute: published by refresh, republished only when changed, failures isolated. */
let t: TestPlatform;
beforeAll(async () => {
  t = await createTestPlatform();
});
afterAll(async () => {
  await t?.close();
});

const schema = {
  fields: [
    { name: 'day', type: 'date' as const, title: 'Ngày / Day' },
    { name: 'count', type: 'integer' as const, title: 'Số / Count' },
  ],
};
function seed(rows: (string | number)[][], demo: boolean): SeedDataset {
  return {
    managedBy: 'seed:test-follower',
    demo,
    fields: {
      name: 'bo-du-lieu-theo-doi',
      titleVi: 'Bộ dữ liệu theo dõi (mô phỏng / simulated)',
      titleEn: 'Follower dataset (simulated)',
      descriptionVi: 'Thử nghiệm.',
      descriptionEn: 'Test.',
      organizationId: 'so-kh-cn',
      contactName: null,
      contactEmail: null,
      keywords: [],
      themes: ['TECH'],
      licenseId: 'CC-BY-4.0',
      temporalStart: null,
      temporalEnd: null,
      spatialUnitIds: ['hanoi'],
      frequency: 'DAILY',
      private: false,
    },
    files: [
      csvSeedFile({ name: 'Số liệu / Figures', filename: 'so-lieu.csv', description: 'Test.', schema, rows }),
    ],
  };
}

describe('open-data followers of other modules', () => {
  it('publishes, skips null, isolates a failure, and republishes only on change', async () => {
    const portal = t.platform.data.portal;
    let rows: (string | number)[][] | null = null;
    portal.registerFollower('test', async () => (rows ? seed(rows, true) : null));
    portal.registerFollower('broken', async () => {
      throw new Error('boom');
    });
    expect(() => portal.registerFollower('test', async () => null)).toThrow(/twice/);

    let outcomes = await portal.refresh();
    expect(outcomes['bo-du-lieu-theo-doi']).toBeUndefined();
    expect(outcomes.broken).toBe('failed');

    rows = [['2026-11-01', 3]];
    outcomes = await portal.refresh();
    expect(outcomes['bo-du-lieu-theo-doi']).toBe('created');
    expect((await portal.refresh())['bo-du-lieu-theo-doi']).toBe('unchanged');
    rows = [['2026-11-01', 4]];
    expect((await portal.refresh())['bo-du-lieu-theo-doi']).toBe('updated');

    const shown = await portal.show(anonymous, 'bo-du-lieu-theo-doi');
    expect(shown.demo).toBe(true);
    expect(shown.resources).toHaveLength(1);
    expect(shown.resources[0]!.schema?.fields.map((f) => f.name)).toEqual(['day', 'count']);
  });
});
