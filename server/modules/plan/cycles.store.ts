import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import type {
  CycleRow,
  Executor,
  ObligationRow,
  PlanDb,
  PlanTrx,
  SubmissionEventRow,
  SubmissionRow,
} from './plan.tables.ts';

/** Reporting cycles, obligations, submissions and their events, reminders sent. */
export function createCyclesStore(database: Database) {
  const db = database.db as PlanDb;

  return {
    db,

    cycles(planId: string): Promise<CycleRow[]> {
      return db
        .selectFrom('plan.cycles')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('period', 'desc')
        .execute();
    },

    openCycles(): Promise<CycleRow[]> {
      return db
        .selectFrom('plan.cycles')
        .selectAll()
        .where('status', '=', 'open')
        .orderBy('due_on')
        .execute();
    },

    cycle(id: string, executor: Executor = db): Promise<CycleRow | undefined> {
      return executor.selectFrom('plan.cycles').selectAll().where('id', '=', id).executeTakeFirst();
    },

    cycleOfPeriod(planId: string, period: string, executor: Executor = db) {
      return executor
        .selectFrom('plan.cycles')
        .selectAll()
        .where('plan_id', '=', planId)
        .where('period', '=', period)
        .executeTakeFirst();
    },

    insertCycle(trx: PlanTrx, row: CycleRow) {
      return trx.insertInto('plan.cycles').values(row).execute();
    },

    updateCycle(trx: PlanTrx, id: string, changes: Partial<Pick<CycleRow, 'due_on' | 'status'>>) {
      return trx.updateTable('plan.cycles').set(changes).where('id', '=', id).execute();
    },

    obligations(cycleIds: string[], options: { agencyId?: string } = {}, executor: Executor = db) {
      if (cycleIds.length === 0) return Promise.resolve([] as ObligationRow[]);
      let query = executor.selectFrom('plan.obligations').selectAll().where('cycle_id', 'in', cycleIds);
      if (options.agencyId) query = query.where('agency_id', '=', options.agencyId);
      return query.orderBy('agency_id').orderBy('id').execute();
    },

    obligationsOfAgency(agencyId: string, planId: string) {
      return db
        .selectFrom('plan.obligations as o')
        .innerJoin('plan.cycles as c', 'c.id', 'o.cycle_id')
        .selectAll('o')
        .where('o.agency_id', '=', agencyId)
        .where('c.plan_id', '=', planId)
        .execute();
    },

    async insertObligations(trx: PlanTrx, rows: ObligationRow[]) {
      for (let i = 0; i < rows.length; i += 200) {
        await trx
          .insertInto('plan.obligations')
          .values(rows.slice(i, i + 200))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },

    deleteObligations(trx: PlanTrx, cycleId: string, ids: string[]) {
      if (ids.length === 0) return Promise.resolve([] as ObligationRow[]);
      return trx
        .deleteFrom('plan.obligations')
        .where('cycle_id', '=', cycleId)
        .where('id', 'in', ids)
        .returningAll()
        .execute();
    },

    submissions(cycleIds: string[], executor: Executor = db): Promise<SubmissionRow[]> {
      if (cycleIds.length === 0) return Promise.resolve([]);
      return executor.selectFrom('plan.submissions').selectAll().where('cycle_id', 'in', cycleIds).execute();
    },

    submissionsOfAgency(agencyId: string): Promise<SubmissionRow[]> {
      return db.selectFrom('plan.submissions').selectAll().where('agency_id', '=', agencyId).execute();
    },

    submission(cycleId: string, agencyId: string, executor: Executor = db) {
      return executor
        .selectFrom('plan.submissions')
        .selectAll()
        .where('cycle_id', '=', cycleId)
        .where('agency_id', '=', agencyId)
        .executeTakeFirst();
    },

    /** The submission, locked until the transaction ends (one state change at a time). */
    submissionForUpdate(trx: PlanTrx, cycleId: string, agencyId: string) {
      return trx
        .selectFrom('plan.submissions')
        .selectAll()
        .where('cycle_id', '=', cycleId)
        .where('agency_id', '=', agencyId)
        .forUpdate()
        .executeTakeFirst();
    },

    /** Creates the draft submissions that are missing. */
    async ensureSubmissions(trx: PlanTrx, cycleId: string, agencyIds: string[], now: Date) {
      const unique = [...new Set(agencyIds)];
      if (unique.length === 0) return;
      await trx
        .insertInto('plan.submissions')
        .values(
          unique.map((agency_id) => ({
            cycle_id: cycleId,
            agency_id,
            state: 'draft' as const,
            submitted_at: null,
            submitted_by: null,
            late: false,
            reviewed_at: null,
            reviewed_by: null,
            return_reason: null,
            updated_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(['cycle_id', 'agency_id']).doNothing())
        .execute();
    },

    updateSubmission(
      trx: PlanTrx,
      cycleId: string,
      agencyId: string,
      changes: Partial<Omit<SubmissionRow, 'cycle_id' | 'agency_id'>>,
    ) {
      return trx
        .updateTable('plan.submissions')
        .set(changes)
        .where('cycle_id', '=', cycleId)
        .where('agency_id', '=', agencyId)
        .execute();
    },

    insertEvent(trx: PlanTrx, row: Omit<SubmissionEventRow, 'id'>) {
      return trx.insertInto('plan.submission_events').values(row).execute();
    },

    events(cycleId: string, agencyId: string, executor: Executor = db): Promise<SubmissionEventRow[]> {
      return executor
        .selectFrom('plan.submission_events')
        .selectAll()
        .where('cycle_id', '=', cycleId)
        .where('agency_id', '=', agencyId)
        .orderBy('id')
        .execute();
    },

    /** Reports entered per agency in a cycle (completion counts). */
    taskReportCounts(cycleId: string) {
      return db
        .selectFrom('plan.task_reports')
        .select(['agency_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('cycle_id', '=', cycleId)
        .groupBy('agency_id')
        .execute();
    },

    /** Records a reminder unless one of this kind went out that day; false when it already had. */
    async claimReminder(
      trx: PlanTrx,
      row: {
        cycle_id: string;
        agency_id: string;
        kind: 'before_due' | 'overdue';
        on_date: string;
        recipients: number;
      },
    ): Promise<boolean> {
      const result = await trx
        .insertInto('plan.reminders_sent')
        .values(row)
        .onConflict((oc) => oc.columns(['cycle_id', 'agency_id', 'kind', 'on_date']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    lockKey(trx: PlanTrx, key: string) {
      return sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
    },
  };
}

export type CyclesStore = ReturnType<typeof createCyclesStore>;
