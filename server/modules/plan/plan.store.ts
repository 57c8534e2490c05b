import type { Database } from '../../platform/db/database.ts';
import type {
  Executor,
  Milestone,
  OverrideRow,
  PathStep,
  PillarRow,
  PlanDb,
  PlanRow,
  PlanTrx,
  TargetRow,
} from './plan.tables.ts';

export type NewTarget = Omit<TargetRow, 'updated_at' | 'milestones' | 'path_steps'> & {
  milestones: Milestone[];
  path_steps: PathStep[];
};

export type TargetChanges = Partial<
  Omit<TargetRow, 'id' | 'plan_id' | 'code' | 'updated_at' | 'milestones' | 'path_steps'> & {
    milestones: Milestone[];
    path_steps: PathStep[];
  }
>;

const json = (value: unknown) => JSON.stringify(value);

/** Plans, pillars, targets and status overrides. */
export function createPlanStore(database: Database) {
  const db = database.db as PlanDb;

  return {
    db,

    plans(executor: Executor = db): Promise<PlanRow[]> {
      return executor.selectFrom('plan.plans').selectAll().orderBy('issued_on', 'desc').execute();
    },

    plan(id: string, executor: Executor = db): Promise<PlanRow | undefined> {
      return executor.selectFrom('plan.plans').selectAll().where('id', '=', id).executeTakeFirst();
    },

    insertPlan(trx: PlanTrx, row: Omit<PlanRow, 'updated_at'>) {
      return trx
        .insertInto('plan.plans')
        .values(row)
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst()
        .then((result) => Number(result.numInsertedOrUpdatedRows ?? 0n) > 0);
    },

    updatePlan(trx: PlanTrx, id: string, changes: Partial<Omit<PlanRow, 'id' | 'updated_at'>>) {
      return trx
        .updateTable('plan.plans')
        .set({ ...changes, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    },

    pillars(planId: string, executor: Executor = db): Promise<PillarRow[]> {
      return executor
        .selectFrom('plan.pillars')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('position')
        .execute();
    },

    insertPillars(trx: PlanTrx, rows: PillarRow[]) {
      if (rows.length === 0) return Promise.resolve();
      return trx
        .insertInto('plan.pillars')
        .values(rows)
        .onConflict((oc) => oc.columns(['plan_id', 'code']).doNothing())
        .execute()
        .then(() => undefined);
    },

    targets(planId: string, executor: Executor = db): Promise<TargetRow[]> {
      return executor
        .selectFrom('plan.targets')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('position')
        .execute();
    },

    target(planId: string, code: string, executor: Executor = db): Promise<TargetRow | undefined> {
      return executor
        .selectFrom('plan.targets')
        .selectAll()
        .where('plan_id', '=', planId)
        .where('code', '=', code)
        .executeTakeFirst();
    },

    targetsByIds(ids: string[], executor: Executor = db): Promise<TargetRow[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return executor
        .selectFrom('plan.targets')
        .selectAll()
        .where('id', 'in', ids)
        .orderBy('position')
        .execute();
    },

    targetsLedBy(planId: string, agencyId: string): Promise<TargetRow[]> {
      return db
        .selectFrom('plan.targets')
        .selectAll()
        .where('plan_id', '=', planId)
        .where('lead_agency_id', '=', agencyId)
        .orderBy('position')
        .execute();
    },

    /** Inserts targets that are missing; never overwrites one (the plan owner may have edited it). */
    async insertTargets(trx: PlanTrx, rows: NewTarget[]): Promise<number> {
      if (rows.length === 0) return 0;
      const result = await trx
        .insertInto('plan.targets')
        .values(
          rows.map((row) => ({ ...row, milestones: json(row.milestones), path_steps: json(row.path_steps) })),
        )
        .onConflict((oc) => oc.columns(['plan_id', 'code']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n);
    },

    updateTarget(trx: PlanTrx, id: string, changes: TargetChanges) {
      const { milestones, path_steps, ...plain } = changes;
      return trx
        .updateTable('plan.targets')
        .set({
          ...plain,
          ...(milestones ? { milestones: json(milestones) } : {}),
          ...(path_steps ? { path_steps: json(path_steps) } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
    },

    overrides(targetIds: string[], options: { period?: string } = {}, executor: Executor = db) {
      if (targetIds.length === 0) return Promise.resolve([] as OverrideRow[]);
      let query = executor
        .selectFrom('plan.status_overrides')
        .selectAll()
        .where('target_id', 'in', targetIds);
      if (options.period) query = query.where('period', '=', options.period);
      return query.orderBy('period').execute();
    },

    /** Every override of a plan for one period (the overview). */
    overridesOfPlan(planId: string, period: string): Promise<OverrideRow[]> {
      return db
        .selectFrom('plan.status_overrides as o')
        .innerJoin('plan.targets as t', 't.id', 'o.target_id')
        .selectAll('o')
        .where('t.plan_id', '=', planId)
        .where('o.period', '=', period)
        .execute();
    },

    override(trx: PlanTrx, targetId: string, period: string) {
      return trx
        .selectFrom('plan.status_overrides')
        .selectAll()
        .where('target_id', '=', targetId)
        .where('period', '=', period)
        .executeTakeFirst();
    },

    saveOverride(trx: PlanTrx, row: OverrideRow) {
      const { target_id: _t, period: _p, ...changes } = row;
      return trx
        .insertInto('plan.status_overrides')
        .values(row)
        .onConflict((oc) => oc.columns(['target_id', 'period']).doUpdateSet(changes))
        .execute();
    },

    deleteOverride(trx: PlanTrx, targetId: string, period: string) {
      return trx
        .deleteFrom('plan.status_overrides')
        .where('target_id', '=', targetId)
        .where('period', '=', period)
        .execute();
    },

    async counts(planId: string) {
      const [tasks, cycles] = await Promise.all([
        db
          .selectFrom('plan.tasks')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('plan_id', '=', planId)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('plan.cycles')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('plan_id', '=', planId)
          .executeTakeFirstOrThrow(),
      ]);
      return { tasks: Number(tasks.n), cycles: Number(cycles.n) };
    },
  };
}

export type PlanStore = ReturnType<typeof createPlanStore>;
