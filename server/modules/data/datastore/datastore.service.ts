import type { Actor } from '../../../platform/auth/principal.ts';
import { notFound } from '../../../platform/errors.ts';
import type { PlatformContext } from '../../../platform/module.ts';
import { type DatastoreService, type LoadStatus, resourceIdSchema } from './datastore.schema.ts';
import { createDatastoreStore } from './datastore.store.ts';
import { loadCsv } from './loader.ts';
import { type SearchOptions, searchTable } from './search.ts';
import { dropTable, tablePrefix } from './table-sql.ts';

export type DatastoreOptions = Partial<SearchOptions>;

/** Totals are counted exactly up to this many matching rows; past it the planner's estimate (a count over tens of thousands of rows costs more than the page itself). */
export const EXACT_COUNT_THRESHOLD = 10_000;

const checkId = (resourceId: string) => {
  if (!resourceIdSchema.safeParse(resourceId).success)
    throw notFound({ vi: 'bảng dữ liệu (DataStore) của tài nguyên', en: 'DataStore table of the resource' });
};

export function createDatastoreService(
  context: Pick<PlatformContext, 'database' | 'audit' | 'log'>,
  options: DatastoreOptions = {},
): DatastoreService {
  const { database, audit, log } = context;
  const store = createDatastoreStore(database);
  const searchOptions: SearchOptions = {
    exactCountThreshold: options.exactCountThreshold ?? EXACT_COUNT_THRESHOLD,
  };

  return {
    load: (input) => loadCsv({ database, store, audit, log }, input),

    search: (query) => searchTable({ database, store, options: searchOptions }, query),

    async info(resourceId) {
      checkId(resourceId);
      const live = await store.liveTable(resourceId);
      if (!live) return null;
      return {
        rows: live.rows,
        schema: live.schema,
        loadedAt: live.loaded_at.toISOString(),
        indexedFields: live.indexed_fields,
        searchIndexed: await store.hasSearchIndex(live.table_name),
      };
    },

    async loadStatus(resourceId): Promise<LoadStatus | null> {
      checkId(resourceId);
      const row = await store.load(resourceId);
      if (!row) return null;
      return {
        resourceId: row.resource_id,
        state: row.state,
        rows: row.rows,
        bytes: row.bytes,
        report: row.report,
        error: row.error,
        startedAt: row.started_at?.toISOString() ?? null,
        finishedAt: row.finished_at?.toISOString() ?? null,
        updatedAt: row.updated_at.toISOString(),
      };
    },

    async markQueued(resourceId) {
      checkId(resourceId);
      await store.markQueued(resourceId);
    },

    async drop(resourceId: string, actor?: Actor) {
      checkId(resourceId);
      await store.db.transaction().execute(async (trx) => {
        const dropped = await store.removeLive(trx, resourceId);
        if (actor && dropped) {
          await audit.record(trx, {
            actor,
            action: 'data.datastore.drop',
            objectType: 'data.resource',
            objectId: resourceId,
          });
        }
      });
      // Tables of loads that died half-way, if any.
      for (const orphan of await store.orphanTables(tablePrefix(resourceId), null)) {
        await dropTable(orphan).execute(database.db);
      }
    },
  };
}
