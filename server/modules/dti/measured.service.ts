import type { AuditLog } from '../../platform/audit/audit.ts';
import { type Actor, anonymous, requireRole } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { conflict } from '../../platform/errors.ts';
import type { MetricsService } from '../metrics/index.ts';
import type { CyclesService } from './cycles.service.ts';
import { PLAN_TASKS_ON_TIME } from './dti.reference.ts';
import type { Provenance } from './dti.schema.ts';
import type { DtiDb } from './dti.tables.ts';
import { applies } from './engine/index.ts';

/** A plan task as the plan module lists it: `status` is `overdue` once the deadline passed undone. */
export type PlanTask = { code: string; deadline: string; status: string };
/** The lead agency's tasks in the city's plan (the composition root passes the plan module's list). */
export type PlanTasksOf = (agencyId: string) => Promise<PlanTask[]>;

/**
 * Share of the agency's tasks of the year done on time: of the tasks due in the year (deadline
 * passed) or already done, how many are done. The plan module keeps no completion date, so a done
 * task counts as on time, and a task past its deadline and not done counts as late.
 */
export function planCompletion(tasks: PlanTask[], year: number, today: string) {
  const ofYear = tasks.filter((t) => t.deadline.startsWith(`${year}-`) && t.status !== 'cancelled');
  const counted = ofYear.filter((t) => t.status === 'done' || t.deadline < today);
  const done = counted.filter((t) => t.status === 'done').length;
  return { done, counted: counted.length, share: counted.length === 0 ? null : done / counted.length };
}

/** Fills the measured sub-indices of a cycle from metrics and the plan, with provenance. */
export function createMeasuredService(deps: {
  db: DtiDb;
  audit: AuditLog;
  clock: Clock;
  metrics: MetricsService;
  planTasksOf: PlanTasksOf;
  cycles: CyclesService;
}) {
  const { db, audit, clock, metrics, planTasksOf, cycles } = deps;

  async function measure(indicatorCode: string, unitId: string, year: number) {
    const computedAt = clock.now().toISOString();
    if (indicatorCode === PLAN_TASKS_ON_TIME) {
      const result = planCompletion(await planTasksOf(unitId), year, clock.today());
      const provenance: Provenance = {
        kind: 'measured',
        indicatorCode,
        period: String(year),
        observedValue: result.share,
        computedAt,
        detail: `plan: ${result.done}/${result.counted} nhiệm vụ hoàn thành / tasks done`,
      };
      return { value: result.share, provenance };
    }
    // Approved values only (an anonymous viewer sees nothing else).
    const [observation] = await metrics.observations(anonymous, {
      indicatorCodes: [indicatorCode],
      agencyIds: [unitId],
      periods: [String(year)],
    });
    const value = observation?.value ?? null;
    const provenance: Provenance = {
      kind: 'measured',
      indicatorCode,
      period: String(year),
      observedValue: value,
      computedAt,
      detail: observation ? `metrics observation ${observation.id}` : 'no approved value',
    };
    return { value, provenance };
  }

  return {
    /** Recomputes every measured item of an open cycle (on opening, and on demand). */
    async recompute(actor: Actor, cycleId: string, options: { system?: boolean } = {}) {
      if (!options.system) requireRole(actor.principal, ['plan_owner', 'index_appraiser']);
      const cycle = await cycles.cycleRow(cycleId);
      if (cycle.status !== 'open')
        throw conflict({ vi: 'Kỳ đánh giá đã khóa.', en: 'The assessment cycle is locked.' });
      const measuredSubs = (await cycles.subIndices(cycle)).filter(
        (s) => s.source === 'measured' && s.indicatorCode,
      );
      const units = await db
        .selectFrom('dti.cycle_units')
        .selectAll()
        .where('cycle_id', '=', cycleId)
        .execute();
      // Read everything first: PGlite has one connection, nothing may run beside the transaction.
      const rows: { unitId: string; code: string; value: number | null; provenance: Provenance }[] = [];
      for (const unit of units)
        for (const sub of measuredSubs) {
          if (!applies(sub, { id: unit.unit_id, kind: unit.unit_kind, tags: unit.tags })) continue;
          const { value, provenance } = await measure(sub.indicatorCode as string, unit.unit_id, cycle.year);
          rows.push({ unitId: unit.unit_id, code: sub.code, value, provenance });
        }
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        for (const row of rows)
          await trx
            .insertInto('dti.entries')
            .values({
              cycle_id: cycleId,
              unit_id: row.unitId,
              sub_index_code: row.code,
              value: row.value,
              evidence: '[]',
              status: 'accepted',
              appraised_value: row.value,
              reason: null,
              provenance: JSON.stringify(row.provenance),
              updated_at: now,
              updated_by: 'system:dti.measured',
            })
            .onConflict((oc) =>
              oc.columns(['cycle_id', 'unit_id', 'sub_index_code']).doUpdateSet({
                value: row.value,
                appraised_value: row.value,
                provenance: JSON.stringify(row.provenance),
                updated_at: now,
              }),
            )
            .execute();
        await audit.record(trx, {
          actor,
          action: 'dti.measured.recompute',
          objectType: 'dti.cycle',
          objectId: cycleId,
          details: { items: rows.length },
        });
      });
      return { items: rows.length };
    },
  };
}

export type MeasuredService = ReturnType<typeof createMeasuredService>;
