import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../platform/db/database.ts';
import type { ResultsTables } from './results.tables.ts';

export const ISSUED_RESULTS_SERVICE_ID = 'HN/GOV/hanoi/dvc/issued-results';

/** The shape the exchange expects of a built-in provider (its DataProvider, restated: parts meet by contract). */
export type IssuedResultsProvider = {
  serviceId: string;
  providerAgencyId: string;
  nameVi: string;
  nameEn: string;
  items: string[];
  verification: 'government-verified';
  partial: true;
  fetch(
    personalId: string,
    items: string[],
  ): Promise<{
    values: Record<string, unknown>;
    updatedAt: Record<string, string>;
    issuedBy: Record<string, { agencyId: string; nameVi: string; nameEn: string }>;
  }>;
  /** Items carried by results so far; grows as results are issued. True when the list grew. */
  learn(items: string[]): boolean;
  /** Called when the items grew (the exchange re-reads a provider's items when registered again). */
  watch(listener: () => void): void;
  /** Items carried by stored valid results. */
  loadKnownItems(): Promise<string[]>;
};

/**
 * The citizen's valid issued results as a data provider of the exchange (once-only): for each
 * dictionary item, the value of the newest valid result carrying it. Government-verified: a result
 * is signed by the agency that issued it, which the answer names per item, with the issue date, so
 * the form shows the value locked and says whose result it came from. A revoked result gives
 * nothing. Partial: a citizen holds results for some items only, so the earlier-dossiers provider
 * is still asked for the same items and its value is kept when no result carries one.
 */
export function createIssuedResultsProvider(database: Database): IssuedResultsProvider {
  const db = database.db as unknown as Kysely<ResultsTables>;
  const items: string[] = [];
  const listeners: (() => void)[] = [];
  return {
    serviceId: ISSUED_RESULTS_SERVICE_ID,
    providerAgencyId: 'hanoi',
    nameVi: 'Kết quả giải quyết thủ tục đã cấp cho công dân (có chữ ký số của cơ quan cấp)',
    nameEn: 'Results issued to the citizen (signed by the issuing agency)',
    items,
    verification: 'government-verified',
    partial: true,
    learn(more) {
      const before = items.length;
      for (const item of more) if (!items.includes(item)) items.push(item);
      if (items.length === before) return false;
      for (const listener of listeners) listener();
      return true;
    },
    watch(listener) {
      listeners.push(listener);
    },
    async loadKnownItems() {
      const rows = await sql<{ item: string }>`
        select distinct jsonb_object_keys(items) as item from services.results where status = 'valid'`.execute(
        database.db,
      );
      return rows.rows.map((row) => row.item);
    },
    async fetch(personalId, wanted) {
      const rows = await db
        .selectFrom('services.results')
        .select(['items', 'issued_at', 'agency_id', 'agency_name_vi', 'agency_name_en'])
        .where('personal_id', '=', personalId)
        .where('status', '=', 'valid')
        .orderBy('issued_at', 'desc')
        .orderBy('id')
        .limit(50)
        .execute();
      const values: Record<string, unknown> = {};
      const updatedAt: Record<string, string> = {};
      const issuedBy: Record<string, { agencyId: string; nameVi: string; nameEn: string }> = {};
      for (const row of rows)
        for (const [item, value] of Object.entries(row.items)) {
          if (!wanted.includes(item) || item in values) continue;
          if (value === undefined || value === null || value === '') continue;
          values[item] = value;
          updatedAt[item] = new Date(row.issued_at).toISOString();
          issuedBy[item] = {
            agencyId: row.agency_id,
            nameVi: row.agency_name_vi,
            nameEn: row.agency_name_en,
          };
        }
      return { values, updatedAt, issuedBy };
    },
  };
}
