import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../platform/db/database.ts';
import type { DossierTables } from './dossiers.tables.ts';
import type { DataProvider, ResultsPort } from './ports.ts';

export const EARLIER_DOSSIERS_SERVICE_ID = 'HN/GOV/hanoi/dvc/earlier-dossiers';

/**
 * The platform's own registry of earlier dossiers and issued results as a data provider of the
 * exchange (once-only): for each dictionary item, the newest of the answers the citizen gave in a
 * dossier that was not withdrawn or refused, and the items of their valid issued results.
 * Self-declared: the form shows it editable, "from your dossier of <date>".
 */
export function createEarlierDossiersProvider(
  database: Database,
  /** The results part, when present: valid issued results count as earlier answers too. */
  results: () => Pick<ResultsPort, 'resultsOf'> | null,
): DataProvider & {
  /** Items answered so far; grows as dossiers are submitted. */
  learn(items: string[]): boolean;
  /** Items answered in stored dossiers. */
  loadKnownItems(): Promise<string[]>;
} {
  const db = database.db as unknown as Kysely<DossierTables>;
  const items: string[] = [];
  /** Adds items; true when the list grew. */
  const learn = (more: string[]) => {
    const before = items.length;
    for (const item of more) if (!items.includes(item)) items.push(item);
    return items.length > before;
  };
  return {
    serviceId: EARLIER_DOSSIERS_SERVICE_ID,
    providerAgencyId: 'hanoi',
    nameVi: 'Hồ sơ đã nộp trước đây của công dân (Cổng dịch vụ công Hà Nội)',
    nameEn: 'The citizen’s earlier dossiers (Hanoi public-service portal)',
    items,
    verification: 'self-declared',
    learn,
    async loadKnownItems() {
      const rows = await sql<{ item: string }>`
        select distinct p.value->>'item' as item
        from services.dossiers d, jsonb_each(d.provenance) p
        where p.value ? 'item'`.execute(database.db);
      return rows.rows.map((row) => row.item);
    },
    async fetch(personalId, wanted) {
      const rows = await db
        .selectFrom('services.dossiers')
        .select(['answers', 'provenance', 'submitted_at'])
        .where('personal_id', '=', personalId)
        .where('state', 'not in', ['withdrawn', 'refused'])
        .orderBy('submitted_at', 'desc')
        .limit(50)
        .execute();
      const values: Record<string, unknown> = {};
      const updatedAt: Record<string, string> = {};
      for (const row of rows) {
        for (const [key, provenance] of Object.entries(row.provenance)) {
          const item = 'item' in provenance ? provenance.item : undefined;
          if (!item || !wanted.includes(item) || item in values) continue;
          const value = row.answers[key];
          if (value === undefined || value === null || value === '') continue;
          values[item] = value;
          updatedAt[item] = row.submitted_at.toISOString();
        }
      }
      const issued = results()?.resultsOf ? await results()!.resultsOf!(personalId) : [];
      for (const result of issued) {
        if (result.status !== 'valid') continue;
        for (const [item, value] of Object.entries(result.items)) {
          if (!wanted.includes(item) || value === undefined || value === null || value === '') continue;
          if (item in updatedAt && updatedAt[item]! >= new Date(result.issuedAt).toISOString()) continue;
          values[item] = value;
          updatedAt[item] = new Date(result.issuedAt).toISOString();
        }
      }
      return { values, updatedAt };
    },
  };
}
