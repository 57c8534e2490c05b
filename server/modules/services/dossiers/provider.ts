import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../platform/db/database.ts';
import type { DossierTables } from './dossiers.tables.ts';
import type { DataProvider } from './ports.ts';

export const EARLIER_DOSSIERS_SERVICE_ID = 'HN/GOV/hanoi/dvc/earlier-dossiers';

/**
 * The platform's own registry of earlier dossiers as a data provider of the exchange (once-only):
 * for each dictionary item, the newest of the answers the citizen gave in a dossier that was not
 * withdrawn or refused. Self-declared: the form shows it editable, "from your dossier of <date>".
 * Issued results are a provider of their own (results/provider.ts, government-verified); both are
 * partial, so an item either may hold is asked of both and the verified value wins.
 */
export function createEarlierDossiersProvider(database: Database): DataProvider & {
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
    partial: true,
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
      return { values, updatedAt };
    },
  };
}
