import type { Database } from '../../../platform/db/database.ts';
import type { Executor, FormRow, ProcedureRow, ProceduresDb, ProceduresTrx } from './procedures.tables.ts';

/** All SQL of the procedure catalogue: procedures and their form versions. */
export type NewProcedure = Omit<
  ProcedureRow,
  'agency_ids' | 'legal_basis' | 'required_documents' | 'result_type'
> & {
  agency_ids: string;
  legal_basis: string;
  required_documents: string;
  result_type: string;
};

export function createProceduresStore(database: Database) {
  const db = database.db as ProceduresDb;

  return {
    db,

    procedures(executor: Executor = db): Promise<ProcedureRow[]> {
      return executor.selectFrom('services.procedures').selectAll().orderBy('code').execute();
    },

    procedure(code: string, executor: Executor = db): Promise<ProcedureRow | undefined> {
      return executor
        .selectFrom('services.procedures')
        .selectAll()
        .where('code', '=', code)
        .executeTakeFirst();
    },

    /** The newest published version per procedure. */
    async publishedVersions(executor: Executor = db): Promise<Map<string, number>> {
      const rows = await executor
        .selectFrom('services.procedure_forms')
        .select((eb) => ['procedure_code', eb.fn.max<number>('version').as('version')])
        .where('status', '=', 'published')
        .groupBy('procedure_code')
        .execute();
      return new Map(rows.map((row) => [row.procedure_code, Number(row.version)]));
    },

    forms(code: string, executor: Executor = db): Promise<FormRow[]> {
      return executor
        .selectFrom('services.procedure_forms')
        .selectAll()
        .where('procedure_code', '=', code)
        .orderBy('version')
        .execute();
    },

    form(code: string, version: number, executor: Executor = db): Promise<FormRow | undefined> {
      return executor
        .selectFrom('services.procedure_forms')
        .selectAll()
        .where('procedure_code', '=', code)
        .where('version', '=', version)
        .executeTakeFirst();
    },

    async insertProcedure(trx: ProceduresTrx, row: NewProcedure) {
      await trx.insertInto('services.procedures').values(row).execute();
    },

    async updateProcedure(trx: ProceduresTrx, code: string, changes: Partial<NewProcedure>) {
      await trx.updateTable('services.procedures').set(changes).where('code', '=', code).execute();
    },

    async insertForm(
      trx: ProceduresTrx,
      row: Omit<FormRow, 'definition'> & { definition: string },
    ): Promise<void> {
      await trx.insertInto('services.procedure_forms').values(row).execute();
    },

    async updateDraft(trx: ProceduresTrx, code: string, version: number, definition: string, at: Date) {
      await trx
        .updateTable('services.procedure_forms')
        .set({ definition, updated_at: at })
        .where('procedure_code', '=', code)
        .where('version', '=', version)
        .where('status', '=', 'draft')
        .execute();
    },

    async publish(trx: ProceduresTrx, code: string, version: number, at: Date, by: string | null) {
      await trx
        .updateTable('services.procedure_forms')
        .set({ status: 'published', published_at: at, published_by: by, updated_at: at })
        .where('procedure_code', '=', code)
        .where('version', '=', version)
        .where('status', '=', 'draft')
        .execute();
    },

    /** Serialises writers of one procedure inside the transaction (the row lock). */
    async lockProcedure(trx: ProceduresTrx, code: string): Promise<ProcedureRow | undefined> {
      return trx
        .selectFrom('services.procedures')
        .selectAll()
        .where('code', '=', code)
        .forUpdate()
        .executeTakeFirst();
    },
  };
}

export type ProceduresStore = ReturnType<typeof createProceduresStore>;
