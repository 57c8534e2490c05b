import type { Database } from '../../../platform/db/database.ts';
import type {
  CodeListRow,
  CodeListValueRow,
  DictionaryDb,
  DictionaryTrx,
  Executor,
  ItemChanges,
  ItemRow,
  NewItemRow,
} from './dictionary.tables.ts';

/** All SQL of the dictionary: code lists, their values, item versions, the reference hash. */
export function createDictionaryStore(database: Database) {
  const db = database.db as DictionaryDb;

  return {
    db,

    codeLists(executor: Executor = db): Promise<CodeListRow[]> {
      return executor.selectFrom('data.code_lists').selectAll().orderBy('code').execute();
    },

    codeList(code: string, executor: Executor = db): Promise<CodeListRow | undefined> {
      return executor.selectFrom('data.code_lists').selectAll().where('code', '=', code).executeTakeFirst();
    },

    codeListValues(code: string, executor: Executor = db): Promise<CodeListValueRow[]> {
      return executor
        .selectFrom('data.code_list_values')
        .selectAll()
        .where('list_code', '=', code)
        .orderBy('position')
        .execute();
    },

    async valueCounts(executor: Executor = db): Promise<Map<string, number>> {
      const rows = await executor
        .selectFrom('data.code_list_values')
        .select((eb) => ['list_code', eb.fn.countAll<number>().as('count')])
        .groupBy('list_code')
        .execute();
      return new Map(rows.map((row) => [row.list_code, Number(row.count)]));
    },

    async upsertCodeList(trx: DictionaryTrx, list: CodeListRow, values: CodeListValueRow[]) {
      await trx
        .insertInto('data.code_lists')
        .values(list)
        .onConflict((oc) =>
          oc.column('code').doUpdateSet({
            name_vi: list.name_vi,
            name_en: list.name_en,
            description_vi: list.description_vi,
            description_en: list.description_en,
            source_vi: list.source_vi,
            source_en: list.source_en,
            dynamic: list.dynamic,
          }),
        )
        .execute();
      // Values are reference data, not versioned: the seed is the truth for them.
      await trx.deleteFrom('data.code_list_values').where('list_code', '=', list.code).execute();
      if (values.length) await trx.insertInto('data.code_list_values').values(values).execute();
    },

    versionsOf(code: string, executor: Executor = db): Promise<ItemRow[]> {
      return executor
        .selectFrom('data.dictionary_items')
        .selectAll()
        .where('code', '=', code)
        .orderBy('version')
        .execute();
    },

    version(code: string, version: number, executor: Executor = db): Promise<ItemRow | undefined> {
      return executor
        .selectFrom('data.dictionary_items')
        .selectAll()
        .where('code', '=', code)
        .where('version', '=', version)
        .executeTakeFirst();
    },

    /** Every version of every item, optionally narrowed; the dictionary is small (hundreds of rows). */
    allVersions(
      filter: { sensitivity?: string; source?: string; type?: string } = {},
      executor: Executor = db,
    ) {
      let query = executor.selectFrom('data.dictionary_items').selectAll();
      if (filter.sensitivity)
        query = query.where('sensitivity', '=', filter.sensitivity as ItemRow['sensitivity']);
      if (filter.source) query = query.where('source', '=', filter.source);
      if (filter.type) query = query.where('type', '=', filter.type as ItemRow['type']);
      return query.orderBy('code').orderBy('version').execute();
    },

    async existingCodes(executor: Executor = db): Promise<Set<string>> {
      const rows = await executor.selectFrom('data.dictionary_items').select('code').distinct().execute();
      return new Set(rows.map((row) => row.code));
    },

    async insertVersion(trx: DictionaryTrx, row: NewItemRow) {
      await trx.insertInto('data.dictionary_items').values(row).execute();
    },

    async updateVersion(trx: DictionaryTrx, code: string, version: number, changes: ItemChanges) {
      await trx
        .updateTable('data.dictionary_items')
        .set(changes)
        .where('code', '=', code)
        .where('version', '=', version)
        .execute();
    },

    /** Locks the versions of one item for the rest of the transaction (status changes race otherwise). */
    async lockItem(trx: DictionaryTrx, code: string): Promise<ItemRow[]> {
      return trx
        .selectFrom('data.dictionary_items')
        .selectAll()
        .where('code', '=', code)
        .orderBy('version')
        .forUpdate()
        .execute();
    },

    async referenceHash(executor: Executor = db): Promise<string | null> {
      const row = await executor
        .selectFrom('data.dictionary_reference')
        .select('content_hash')
        .executeTakeFirst();
      return row?.content_hash ?? null;
    },

    async setReferenceHash(trx: DictionaryTrx, hash: string, at: Date) {
      await trx
        .insertInto('data.dictionary_reference')
        .values({ content_hash: hash, loaded_at: at })
        .onConflict((oc) => oc.column('id').doUpdateSet({ content_hash: hash, loaded_at: at }))
        .execute();
    },
  };
}

export type DictionaryStore = ReturnType<typeof createDictionaryStore>;
