import type { AuditLog } from '../../platform/audit/audit.ts';
import {
  type Actor,
  CITY_UNIT_ID,
  holdsRole,
  type Principal,
  requireOfficial,
  requireRole,
} from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { conflict, forbidden, notFound } from '../../platform/errors.ts';
import type { OrgService } from '../org/index.ts';
import type { DtiDb, DtiTrx, EntryStatus } from './dti.tables.ts';

/**
 * Appraiser assignment (docs/dti.md, "Who may do what"): the council assigns index_appraisers to
 * the units of a cycle. An assigned unit is reached only by its appraisers; a unit nobody is
 * assigned to stays in the shared pool of every appraiser, so a cycle is never stuck on a missing
 * assignment, and the council's screen flags those units.
 */
export async function appraisersByUnit(db: DtiDb | DtiTrx, cycleId: string, unitId?: string) {
  let query = db
    .selectFrom('dti.assignments')
    .select(['unit_id', 'official_id'])
    .where('cycle_id', '=', cycleId);
  if (unitId) query = query.where('unit_id', '=', unitId);
  const byUnit = new Map<string, string[]>();
  for (const row of await query.orderBy('official_id').execute())
    byUnit.set(row.unit_id, [...(byUnit.get(row.unit_id) ?? []), row.official_id]);
  return byUnit;
}

/** An appraiser reaches a unit they are assigned to, or one nobody is assigned to. */
export function appraiserReaches(p: Principal, assigned: readonly string[] | undefined) {
  if (p.kind !== 'official' || !holdsRole(p, 'index_appraiser')) return false;
  return !assigned || assigned.length === 0 || assigned.includes(p.officialId);
}

const cycleWhat = { vi: 'kỳ đánh giá', en: 'Assessment cycle' };
const unitWhat = { vi: 'đơn vị trong kỳ đánh giá', en: 'Unit in this cycle' };

type Counts = Record<EntryStatus, number>;
const noCounts = (): Counts => ({ draft: 0, submitted: 0, accepted: 0, adjusted: 0, clarification: 0 });

export function createAssignmentsService(deps: {
  db: DtiDb;
  audit: AuditLog;
  clock: Clock;
  org: OrgService;
}) {
  const { db, audit, clock, org } = deps;

  /** Appraisal is the city's appraisal team: index_appraiser held at the city. */
  const appraisers = () => org.officialsWithRole(CITY_UNIT_ID, 'index_appraiser');

  async function cycle(cycleId: string) {
    const row = await db.selectFrom('dti.cycles').selectAll().where('id', '=', cycleId).executeTakeFirst();
    if (!row) throw notFound(cycleWhat);
    return row;
  }

  function requireCouncilOrAppraiser(viewer: Principal) {
    requireOfficial(viewer);
    if (!holdsRole(viewer, 'plan_owner') && !holdsRole(viewer, 'index_appraiser')) throw forbidden();
  }

  /** Who may see which assignments: the council all, an appraiser those of the units they reach. */
  async function visible(viewer: Principal, cycleId: string) {
    requireCouncilOrAppraiser(viewer);
    await cycle(cycleId);
    const units = await db
      .selectFrom('dti.cycle_units')
      .selectAll()
      .where('cycle_id', '=', cycleId)
      .orderBy('unit_id')
      .execute();
    const byUnit = await appraisersByUnit(db, cycleId);
    const council = holdsRole(viewer, 'plan_owner');
    return {
      units: units.filter((u) => council || appraiserReaches(viewer, byUnit.get(u.unit_id))),
      byUnit,
    };
  }

  async function names() {
    return new Map((await appraisers()).map((a) => [a.id, a.fullName]));
  }

  async function change(
    actor: Actor,
    ids: { cycleId: string; unitId: string; officialId: string },
    add: boolean,
  ) {
    requireRole(actor.principal, 'plan_owner');
    const row = await cycle(ids.cycleId);
    if (row.status !== 'open')
      throw conflict({ vi: 'Kỳ đánh giá đã khóa.', en: 'The assessment cycle is locked.' });
    const unit = await db
      .selectFrom('dti.cycle_units')
      .select('unit_id')
      .where('cycle_id', '=', ids.cycleId)
      .where('unit_id', '=', ids.unitId)
      .executeTakeFirst();
    if (!unit) throw notFound(unitWhat);
    if (add && !(await appraisers()).some((a) => a.id === ids.officialId))
      throw notFound({
        vi: `thẩm định viên ${ids.officialId} (cán bộ có vai trò thẩm định chỉ số cấp thành phố)`,
        en: `Appraiser ${ids.officialId} (an official holding index_appraiser at the city)`,
      });
    const by = actor.principal.kind === 'official' ? actor.principal.username : (actor.system ?? null);
    await db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('dti.assignments')
        .select('official_id')
        .where('cycle_id', '=', ids.cycleId)
        .where('unit_id', '=', ids.unitId)
        .where('official_id', '=', ids.officialId)
        .executeTakeFirst();
      // Assigning twice is a no-op (and not audited twice); removing what is not there is an error.
      if (add && existing) return;
      if (!add && !existing)
        throw notFound({ vi: 'phân công thẩm định này', en: 'This appraiser assignment' });
      if (add)
        await trx
          .insertInto('dti.assignments')
          .values({
            cycle_id: ids.cycleId,
            unit_id: ids.unitId,
            official_id: ids.officialId,
            assigned_at: clock.now(),
            assigned_by: by,
          })
          .execute();
      else
        await trx
          .deleteFrom('dti.assignments')
          .where('cycle_id', '=', ids.cycleId)
          .where('unit_id', '=', ids.unitId)
          .where('official_id', '=', ids.officialId)
          .execute();
      await audit.record(trx, {
        actor,
        agencyId: ids.unitId,
        action: add ? 'dti.assignment.add' : 'dti.assignment.remove',
        objectType: 'dti.cycle_unit',
        objectId: `${ids.cycleId}/${ids.unitId}`,
        before: add ? undefined : { officialId: ids.officialId },
        after: add ? { officialId: ids.officialId } : undefined,
      });
    });
    return unitAssignments(ids.cycleId, ids.unitId);
  }

  async function unitAssignments(cycleId: string, unitId: string) {
    const fullNames = await names();
    const officials = (await appraisersByUnit(db, cycleId, unitId)).get(unitId) ?? [];
    return {
      unitId,
      appraisers: officials.map((id) => ({ officialId: id, fullName: fullNames.get(id) ?? id })),
    };
  }

  return {
    /** The officials the council may assign. */
    async candidates(viewer: Principal) {
      requireRole(viewer, 'plan_owner');
      return (await appraisers()).map((a) => ({ officialId: a.id, fullName: a.fullName }));
    },

    assign: (actor: Actor, ids: { cycleId: string; unitId: string; officialId: string }) =>
      change(actor, ids, true),
    unassign: (actor: Actor, ids: { cycleId: string; unitId: string; officialId: string }) =>
      change(actor, ids, false),

    async list(viewer: Principal, cycleId: string) {
      const { units, byUnit } = await visible(viewer, cycleId);
      const fullNames = await names();
      return units.flatMap((u) =>
        (byUnit.get(u.unit_id) ?? []).map((id) => ({
          unitId: u.unit_id,
          officialId: id,
          fullName: fullNames.get(id) ?? id,
        })),
      );
    },

    /** Per unit the viewer reaches: submission, items by status, and who appraises it. */
    async progress(viewer: Principal, cycleId: string) {
      const { units, byUnit } = await visible(viewer, cycleId);
      const fullNames = await names();
      const counts = new Map<string, Counts>();
      const rows = await db
        .selectFrom('dti.entries')
        .select(['unit_id', 'status', db.fn.countAll<string>().as('n')])
        .where('cycle_id', '=', cycleId)
        .groupBy(['unit_id', 'status'])
        .execute();
      for (const row of rows) {
        const c = counts.get(row.unit_id) ?? noCounts();
        c[row.status] = Number(row.n);
        counts.set(row.unit_id, c);
      }
      const unitNames = new Map((await org.units({ at: clock.today() })).map((u) => [u.id, u]));
      const me = viewer.kind === 'official' ? viewer.officialId : null;
      return units.map((u) => {
        const assigned = byUnit.get(u.unit_id) ?? [];
        const unit = unitNames.get(u.unit_id);
        return {
          unitId: u.unit_id,
          nameVi: unit?.nameVi ?? u.unit_id,
          nameEn: unit?.nameEn ?? u.unit_id,
          status: u.status,
          submittedAt: u.submitted_at?.toISOString() ?? null,
          items: counts.get(u.unit_id) ?? noCounts(),
          appraisers: assigned.map((id) => ({ officialId: id, fullName: fullNames.get(id) ?? id })),
          assignedToMe: me !== null && assigned.includes(me),
        };
      });
    },
  };
}

export type AssignmentsService = ReturnType<typeof createAssignmentsService>;
