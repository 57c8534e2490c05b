import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import type {
  Executor,
  PlanDb,
  PlanTables,
  PlanTrx,
  TaskReportEvidenceRow,
  TaskReportRow,
  TaskRow,
} from './plan.tables.ts';

export type TaskFilter = {
  planId: string;
  /** Lead or coordinating agency among these. */
  agencyIds?: string[];
  pillar?: string;
  /** Effective status: `overdue` is a passed deadline on a task neither done nor cancelled. */
  status?: 'not_started' | 'in_progress' | 'done' | 'overdue' | 'cancelled';
  overdue?: boolean;
  example?: boolean;
  q?: string;
  today: string;
  limit: number;
  offset: number;
};

const isOverdue = (today: string) =>
  sql<boolean>`(t.deadline < ${today}::date and t.status not in ('done', 'cancelled'))`;

/** Tasks, their coordinators and linked targets, and task reports with their evidence. */
export function createTasksStore(database: Database) {
  const db = database.db as PlanDb;

  function filtered(filter: TaskFilter) {
    let query = db.selectFrom('plan.tasks as t').where('t.plan_id', '=', filter.planId);
    if (filter.pillar) query = query.where('t.pillar_code', '=', filter.pillar);
    if (filter.example !== undefined) query = query.where('t.example', '=', filter.example);
    if (filter.agencyIds) {
      const agencies = filter.agencyIds.length > 0 ? filter.agencyIds : ['∅'];
      query = query.where((eb: ExpressionBuilder<PlanTables & { t: PlanTables['plan.tasks'] }, 't'>) =>
        eb.or([
          eb('t.lead_agency_id', 'in', agencies),
          eb.exists(
            eb
              .selectFrom('plan.task_coordinators as c')
              .select('c.task_id')
              .whereRef('c.task_id', '=', 't.id')
              .where('c.agency_id', 'in', agencies),
          ),
        ]),
      );
    }
    if (filter.overdue === true) query = query.where(isOverdue(filter.today));
    if (filter.overdue === false) query = query.where(sql<boolean>`not ${isOverdue(filter.today)}`);
    if (filter.status === 'overdue') query = query.where(isOverdue(filter.today));
    else if (filter.status) {
      query = query.where('t.status', '=', filter.status);
      if (filter.status === 'not_started' || filter.status === 'in_progress')
        query = query.where(sql<boolean>`not ${isOverdue(filter.today)}`);
    }
    if (filter.q) {
      const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) =>
        eb.or([
          eb('t.code', 'ilike', like),
          eb('t.title_vi', 'ilike', like),
          eb('t.title_en', 'ilike', like),
        ]),
      );
    }
    return query;
  }

  return {
    db,

    async tasks(filter: TaskFilter): Promise<{ total: number; rows: TaskRow[] }> {
      const [total, rows] = await Promise.all([
        filtered(filter)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
        filtered(filter).selectAll('t').orderBy('t.code').limit(filter.limit).offset(filter.offset).execute(),
      ]);
      return { total: Number(total.n), rows };
    },

    task(id: string, executor: Executor = db): Promise<TaskRow | undefined> {
      return executor.selectFrom('plan.tasks').selectAll().where('id', '=', id).executeTakeFirst();
    },

    tasksByIds(ids: string[], executor: Executor = db): Promise<TaskRow[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return executor.selectFrom('plan.tasks').selectAll().where('id', 'in', ids).orderBy('code').execute();
    },

    taskByCode(planId: string, code: string, executor: Executor = db) {
      return executor
        .selectFrom('plan.tasks')
        .selectAll()
        .where('plan_id', '=', planId)
        .where('code', '=', code)
        .executeTakeFirst();
    },

    /** Tasks that run during [start, end) — candidates for a cycle's obligations. */
    tasksActiveBetween(planId: string, start: string, end: string): Promise<TaskRow[]> {
      return db
        .selectFrom('plan.tasks')
        .selectAll()
        .where('plan_id', '=', planId)
        .where('status', '!=', 'cancelled')
        .where('start_on', '<', end)
        .where(sql<boolean>`(deadline >= ${start}::date or status != 'done')`)
        .orderBy('code')
        .execute();
    },

    coordinators(taskIds: string[], executor: Executor = db) {
      if (taskIds.length === 0) return Promise.resolve([] as { task_id: string; agency_id: string }[]);
      return executor
        .selectFrom('plan.task_coordinators')
        .selectAll()
        .where('task_id', 'in', taskIds)
        .orderBy('agency_id')
        .execute();
    },

    linkedTargets(taskIds: string[], executor: Executor = db) {
      if (taskIds.length === 0)
        return Promise.resolve([] as { task_id: string; target_id: string; code: string }[]);
      return executor
        .selectFrom('plan.task_targets as l')
        .innerJoin('plan.targets as t', 't.id', 'l.target_id')
        .select(['l.task_id', 'l.target_id', 't.code'])
        .where('l.task_id', 'in', taskIds)
        .orderBy('t.position')
        .execute();
    },

    tasksOfTarget(targetId: string) {
      return db
        .selectFrom('plan.task_targets as l')
        .innerJoin('plan.tasks as t', 't.id', 'l.task_id')
        .select(['t.id', 't.code', 't.title_vi', 't.title_en'])
        .where('l.target_id', '=', targetId)
        .orderBy('t.code')
        .execute();
    },

    insertTask(trx: PlanTrx, row: Omit<TaskRow, 'created_at'>) {
      return trx.insertInto('plan.tasks').values(row).execute();
    },

    updateTask(
      trx: PlanTrx,
      id: string,
      changes: Partial<Omit<TaskRow, 'id' | 'plan_id' | 'code' | 'created_at'>>,
    ) {
      return trx
        .updateTable('plan.tasks')
        .set({ ...changes, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    },

    async setCoordinators(trx: PlanTrx, taskId: string, agencyIds: string[]) {
      await trx.deleteFrom('plan.task_coordinators').where('task_id', '=', taskId).execute();
      if (agencyIds.length > 0)
        await trx
          .insertInto('plan.task_coordinators')
          .values([...new Set(agencyIds)].map((agency_id) => ({ task_id: taskId, agency_id })))
          .execute();
    },

    async setLinkedTargets(trx: PlanTrx, taskId: string, targetIds: string[]) {
      await trx.deleteFrom('plan.task_targets').where('task_id', '=', taskId).execute();
      if (targetIds.length > 0)
        await trx
          .insertInto('plan.task_targets')
          .values([...new Set(targetIds)].map((target_id) => ({ task_id: taskId, target_id })))
          .execute();
    },

    reports(taskIds: string[], executor: Executor = db): Promise<TaskReportRow[]> {
      if (taskIds.length === 0) return Promise.resolve([]);
      return executor
        .selectFrom('plan.task_reports')
        .selectAll()
        .where('task_id', 'in', taskIds)
        .orderBy('period', 'desc')
        .execute();
    },

    report(taskId: string, period: string, executor: Executor = db) {
      return executor
        .selectFrom('plan.task_reports')
        .selectAll()
        .where('task_id', '=', taskId)
        .where('period', '=', period)
        .executeTakeFirst();
    },

    reportsOfCycle(cycleId: string, agencyId?: string, executor: Executor = db): Promise<TaskReportRow[]> {
      let query = executor.selectFrom('plan.task_reports').selectAll().where('cycle_id', '=', cycleId);
      if (agencyId) query = query.where('agency_id', '=', agencyId);
      return query.execute();
    },

    saveReport(trx: PlanTrx, row: TaskReportRow) {
      const { task_id: _t, period: _p, ...changes } = row;
      return trx
        .insertInto('plan.task_reports')
        .values(row)
        .onConflict((oc) => oc.columns(['task_id', 'period']).doUpdateSet(changes))
        .execute();
    },

    evidence(
      keys: { taskId: string; period: string }[],
      executor: Executor = db,
    ): Promise<TaskReportEvidenceRow[]> {
      const taskIds = [...new Set(keys.map((k) => k.taskId))];
      if (taskIds.length === 0) return Promise.resolve([]);
      return executor
        .selectFrom('plan.task_report_evidence')
        .selectAll()
        .where('task_id', 'in', taskIds)
        .orderBy('uploaded_at')
        .execute()
        .then((rows) =>
          rows.filter((row) => keys.some((k) => k.taskId === row.task_id && k.period === row.period)),
        );
    },

    evidenceByFile(fileId: string) {
      return db
        .selectFrom('plan.task_report_evidence')
        .selectAll()
        .where('file_id', '=', fileId)
        .executeTakeFirst();
    },

    insertEvidence(trx: PlanTrx, row: TaskReportEvidenceRow) {
      return trx.insertInto('plan.task_report_evidence').values(row).execute();
    },
  };
}

export type TasksStore = ReturnType<typeof createTasksStore>;
