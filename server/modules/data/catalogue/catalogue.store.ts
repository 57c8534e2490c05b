import type { Database } from '../../../platform/db/database.ts';
import type {
  CatalogueDb,
  CatalogueTrx,
  EntryRow,
  Executor,
  NewVersionRow,
  ProposalState,
  VersionChanges,
  VersionRow,
} from './catalogue.tables.ts';

/** All SQL of the catalogue. */
export function createCatalogueStore(database: Database) {
  const db = database.db as CatalogueDb;

  return {
    db,

    entry(id: string, executor: Executor = db): Promise<EntryRow | undefined> {
      return executor
        .selectFrom('data.catalogue_entries')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
    },

    lockEntry(trx: CatalogueTrx, id: string): Promise<EntryRow | undefined> {
      return trx
        .selectFrom('data.catalogue_entries')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    entries(executor: Executor = db): Promise<EntryRow[]> {
      return executor.selectFrom('data.catalogue_entries').selectAll().orderBy('id').execute();
    },

    /** The approved version in force of every entry that has one. */
    currentVersions(executor: Executor = db): Promise<(VersionRow & { demo: boolean })[]> {
      return executor
        .selectFrom('data.catalogue_entries as e')
        .innerJoin('data.catalogue_versions as v', (join) =>
          join.onRef('v.entry_id', '=', 'e.id').onRef('v.version', '=', 'e.current_version'),
        )
        .selectAll('v')
        .select('e.demo')
        .orderBy('v.name_vi')
        .execute();
    },

    versionsOf(id: string, executor: Executor = db): Promise<VersionRow[]> {
      return executor
        .selectFrom('data.catalogue_versions')
        .selectAll()
        .where('entry_id', '=', id)
        .orderBy('version')
        .execute();
    },

    versionsInState(state: ProposalState, executor: Executor = db): Promise<VersionRow[]> {
      return executor
        .selectFrom('data.catalogue_versions')
        .selectAll()
        .where('state', '=', state)
        .orderBy('proposed_at', 'desc')
        .execute();
    },

    async insertEntry(trx: CatalogueTrx, row: EntryRow) {
      await trx.insertInto('data.catalogue_entries').values(row).execute();
    },

    async setCurrentVersion(trx: CatalogueTrx, id: string, version: number) {
      await trx
        .updateTable('data.catalogue_entries')
        .set({ current_version: version })
        .where('id', '=', id)
        .execute();
    },

    async insertVersion(trx: CatalogueTrx, row: NewVersionRow) {
      await trx.insertInto('data.catalogue_versions').values(row).execute();
    },

    async updateVersion(trx: CatalogueTrx, id: string, version: number, changes: VersionChanges) {
      await trx
        .updateTable('data.catalogue_versions')
        .set(changes)
        .where('entry_id', '=', id)
        .where('version', '=', version)
        .execute();
    },
  };
}

export type CatalogueStore = ReturnType<typeof createCatalogueStore>;
