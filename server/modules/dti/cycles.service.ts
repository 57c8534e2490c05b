import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../platform/audit/audit.ts';
import {
  type Actor,
  holdsRole,
  type Principal,
  requireOfficial,
  requireRole,
} from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.ts';
import type { OrgService } from '../org/index.ts';
import { appraiserReaches, appraisersByUnit } from './assignments.service.ts';
import type { CycleView, EntryView } from './cycles.schema.ts';
import type { Evidence, SubIndex } from './dti.schema.ts';
import type { CycleRow, CycleUnitRow, DtiDb, DtiTrx, EntryRow, EntryStatus } from './dti.tables.ts';
import type { FrameworksService } from './frameworks.service.ts';

const cycleWhat = { vi: 'kỳ đánh giá', en: 'Assessment cycle' };
const unitWhat = { vi: 'đơn vị trong kỳ đánh giá', en: 'Unit in this cycle' };
const subWhat = { vi: 'chỉ số thành phần', en: 'Sub-index' };
const notAssigned = {
  vi: 'Đơn vị này đã được phân công cho thẩm định viên khác.',
  en: 'This unit is assigned to other appraisers.',
};

/** Who may do what (docs/dti.md, "Who may do what"): council = plan_owner, appraisers = index_appraiser. */
export const isCouncil = (p: Principal) => holdsRole(p, 'plan_owner');
export const isAppraiser = (p: Principal) => holdsRole(p, 'index_appraiser');
const isReporterOf = (p: Principal, unitId: string) => holdsRole(p, 'agency_reporter', unitId);
/** A unit's drafts: its own reporters, the council, and the appraisers it is assigned to (any, if none). */
const maySeeUnit = (p: Principal, unitId: string, assigned: readonly string[] | undefined) =>
  isCouncil(p) || isReporterOf(p, unitId) || appraiserReaches(p, assigned);

export const peerGroupOf = (kind: string) =>
  kind === 'ward' || kind === 'commune' ? 'communes' : `${kind}s`;

export function toEntry(row: EntryRow): EntryView {
  return {
    unitId: row.unit_id,
    code: row.sub_index_code,
    value: row.value,
    evidence: row.evidence,
    status: row.status,
    appraisedValue: row.appraised_value,
    reason: row.reason,
    provenance: row.provenance,
    updatedAt: row.updated_at.toISOString(),
  };
}

const who = (actor: Actor) =>
  actor.principal.kind === 'official' ? actor.principal.username : (actor.system ?? null);

/** The assessment cycle: open → self-assessment → submit → appraisal → finalise → publish. */
export function createCyclesService(deps: {
  db: DtiDb;
  audit: AuditLog;
  clock: Clock;
  org: OrgService;
  frameworks: FrameworksService;
}) {
  const { db, audit, clock, org, frameworks } = deps;

  async function cycleRow(cycleId: string, trx: DtiDb | DtiTrx = db): Promise<CycleRow> {
    const row = await trx.selectFrom('dti.cycles').selectAll().where('id', '=', cycleId).executeTakeFirst();
    if (!row) throw notFound(cycleWhat);
    return row;
  }
  async function unitRow(trx: DtiDb | DtiTrx, cycleId: string, unitId: string): Promise<CycleUnitRow> {
    const row = await trx
      .selectFrom('dti.cycle_units')
      .selectAll()
      .where('cycle_id', '=', cycleId)
      .where('unit_id', '=', unitId)
      .executeTakeFirst();
    if (!row) throw notFound(unitWhat);
    return row;
  }
  async function subIndices(cycle: CycleRow): Promise<SubIndex[]> {
    const framework = await frameworks.row(cycle.framework_id);
    return framework.tree.groups.flatMap((g) => g.indices.flatMap((m) => m.subIndices));
  }
  const requireOpen = (cycle: CycleRow) => {
    if (cycle.status !== 'open')
      throw conflict({ vi: 'Kỳ đánh giá đã khóa.', en: 'The assessment cycle is locked.' });
  };
  const entryOf = (trx: DtiTrx, cycleId: string, unitId: string, code: string) =>
    trx
      .selectFrom('dti.entries')
      .selectAll()
      .where('cycle_id', '=', cycleId)
      .where('unit_id', '=', unitId)
      .where('sub_index_code', '=', code)
      .executeTakeFirst();

  async function view(cycle: CycleRow, viewer: Principal): Promise<CycleView> {
    const framework = await frameworks.row(cycle.framework_id);
    const units = await db
      .selectFrom('dti.cycle_units')
      .selectAll()
      .where('cycle_id', '=', cycle.id)
      .orderBy('unit_id')
      .execute();
    const assigned = await appraisersByUnit(db, cycle.id);
    return {
      id: cycle.id,
      frameworkId: cycle.framework_id,
      frameworkCode: cycle.framework_code,
      year: cycle.year,
      status: cycle.status,
      openedAt: cycle.opened_at.toISOString(),
      finalisedAt: cycle.finalised_at?.toISOString() ?? null,
      publishedAt: cycle.published_at?.toISOString() ?? null,
      weightsArePlaceholders: framework.weights_are_placeholders,
      // Reporters see only their own units, appraisers those they reach.
      units: units
        .filter((u) => maySeeUnit(viewer, u.unit_id, assigned.get(u.unit_id)))
        .map((u) => ({
          unitId: u.unit_id,
          unitKind: u.unit_kind,
          peerGroup: u.peer_group,
          tags: u.tags,
          status: u.status,
          submittedAt: u.submitted_at?.toISOString() ?? null,
        })),
    };
  }

  /** For the evidence files too: who may read the unit's drafts in this cycle. */
  async function maySee(viewer: Principal, cycleId: string, unitId: string, trx: DtiDb | DtiTrx = db) {
    return maySeeUnit(viewer, unitId, (await appraisersByUnit(trx, cycleId, unitId)).get(unitId));
  }

  return {
    cycleRow,
    subIndices,
    maySee,

    async open(actor: Actor, input: { frameworkId: string; units?: { unitId: string; tags: string[] }[] }) {
      requireRole(actor.principal, 'plan_owner');
      const framework = await frameworks.row(input.frameworkId);
      const today = clock.today();
      let units: { unitId: string; kind: string; tags: string[] }[];
      if (input.units) {
        units = [];
        for (const u of input.units) {
          if (!(await org.unitExists(u.unitId, today)))
            throw notFound({ vi: `đơn vị ${u.unitId}`, en: `Unit ${u.unitId}` });
          units.push({ unitId: u.unitId, kind: (await org.unit(u.unitId)).kind, tags: u.tags });
        }
      } else if (framework.unit_set === 'departments') {
        units = (await org.units({ at: today, kind: 'department' })).map((u) => ({
          unitId: u.id,
          kind: u.kind,
          tags: [],
        }));
      } else if (framework.unit_set === 'communes') {
        const found = [
          ...(await org.units({ at: today, kind: 'ward' })),
          ...(await org.units({ at: today, kind: 'commune' })),
        ];
        units = found.map((u) => ({ unitId: u.id, kind: u.kind, tags: [] }));
      } else {
        throw new AppError('unprocessable', {
          vi: 'Bộ chỉ số cấp tỉnh cần danh sách đơn vị.',
          en: 'A provincial framework needs an explicit list of units.',
        });
      }
      const exists = await db
        .selectFrom('dti.cycles')
        .select('id')
        .where('framework_code', '=', framework.code)
        .where('year', '=', framework.year)
        .executeTakeFirst();
      if (exists)
        throw conflict({
          vi: `Đã có kỳ đánh giá ${framework.code} năm ${framework.year}.`,
          en: `A ${framework.code} cycle for ${framework.year} already exists.`,
        });
      const cycle: CycleRow = {
        id: randomUUID(),
        framework_id: framework.id,
        framework_code: framework.code,
        year: framework.year,
        status: 'open',
        opened_at: clock.now(),
        finalised_at: null,
        published_at: null,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('dti.cycles').values(cycle).execute();
        if (units.length > 0)
          await trx
            .insertInto('dti.cycle_units')
            .values(
              units.map((u) => ({
                cycle_id: cycle.id,
                unit_id: u.unitId,
                unit_kind: u.kind,
                peer_group: peerGroupOf(u.kind),
                tags: JSON.stringify(u.tags),
                status: 'draft' as const,
                submitted_at: null,
              })),
            )
            .execute();
        await audit.record(trx, {
          actor,
          action: 'dti.cycle.open',
          objectType: 'dti.cycle',
          objectId: cycle.id,
          after: { frameworkId: framework.id, units: units.map((u) => u.unitId) },
          details: { frameworkCode: framework.code, year: framework.year, units: units.length },
        });
      });
      return view(cycle, actor.principal);
    },

    async list(viewer: Principal) {
      requireOfficial(viewer);
      const rows = await db
        .selectFrom('dti.cycles')
        .selectAll()
        .orderBy('year', 'desc')
        .orderBy('framework_code')
        .execute();
      return Promise.all(rows.map((row) => view(row, viewer)));
    },

    async get(viewer: Principal, cycleId: string) {
      requireOfficial(viewer);
      return view(await cycleRow(cycleId), viewer);
    },

    async entries(viewer: Principal, cycleId: string, unitId: string): Promise<EntryView[]> {
      if (!(await maySee(viewer, cycleId, unitId)))
        throw isAppraiser(viewer) ? forbidden(notAssigned) : forbidden();
      await unitRow(db, cycleId, unitId);
      const rows = await db
        .selectFrom('dti.entries')
        .selectAll()
        .where('cycle_id', '=', cycleId)
        .where('unit_id', '=', unitId)
        .orderBy('sub_index_code')
        .execute();
      return rows.map(toEntry);
    },

    /** Autosave of one self-assessed item: only while the unit is drafting, or the item is back for clarification. */
    async saveEntry(
      actor: Actor,
      ids: { cycleId: string; unitId: string; code: string },
      input: { value: number | boolean | null; evidence: Evidence[] },
    ): Promise<EntryView> {
      requireRole(actor.principal, 'agency_reporter', ids.unitId);
      const cycle = await cycleRow(ids.cycleId);
      requireOpen(cycle);
      const sub = (await subIndices(cycle)).find((s) => s.code === ids.code);
      if (!sub) throw notFound(subWhat);
      if (sub.source !== 'self')
        throw conflict({
          vi: 'Chỉ số này do hệ thống đo hoặc do thẩm định viên chấm, đơn vị không tự kê khai.',
          en: 'This sub-index is measured or set by appraisers; units do not self-assess it.',
        });
      const value = typeof input.value === 'boolean' ? (input.value ? 1 : 0) : input.value;
      return db.transaction().execute(async (trx) => {
        const unit = await unitRow(trx, ids.cycleId, ids.unitId);
        const before = await entryOf(trx, ids.cycleId, ids.unitId, ids.code);
        // A cited file must be one this unit uploaded for this cycle.
        for (const item of input.evidence)
          if (
            item.fileId &&
            !(await trx
              .selectFrom('dti.evidence_files')
              .select('file_id')
              .where('file_id', '=', item.fileId)
              .where('cycle_id', '=', ids.cycleId)
              .where('unit_id', '=', ids.unitId)
              .executeTakeFirst())
          )
            throw notFound({ vi: `tệp minh chứng ${item.fileId}`, en: `Evidence file ${item.fileId}` });
        const editable = before
          ? before.status === 'draft' || before.status === 'clarification'
          : unit.status === 'draft';
        if (!editable)
          throw conflict({
            vi: 'Mục này đã nộp và bị khóa.',
            en: 'This item has been submitted and is locked.',
          });
        const row: EntryRow = {
          cycle_id: ids.cycleId,
          unit_id: ids.unitId,
          sub_index_code: ids.code,
          value,
          evidence: input.evidence,
          status: before?.status ?? 'draft',
          appraised_value: before?.appraised_value ?? null,
          reason: before?.reason ?? null,
          provenance: null,
          updated_at: clock.now(),
          updated_by: who(actor),
        };
        await trx
          .insertInto('dti.entries')
          .values({ ...row, evidence: JSON.stringify(row.evidence), provenance: JSON.stringify(null) })
          .onConflict((oc) =>
            oc.columns(['cycle_id', 'unit_id', 'sub_index_code']).doUpdateSet({
              value: row.value,
              evidence: JSON.stringify(row.evidence),
              updated_at: row.updated_at,
              updated_by: row.updated_by,
            }),
          )
          .execute();
        await audit.record(trx, {
          actor,
          agencyId: ids.unitId,
          action: 'dti.entry.save',
          objectType: 'dti.entry',
          objectId: `${ids.cycleId}/${ids.unitId}/${ids.code}`,
          before: before ? { value: before.value, evidence: before.evidence } : undefined,
          after: { value, evidence: input.evidence },
        });
        return toEntry(row);
      });
    },

    /** Submits the unit's self-assessment (and answers to clarification requests): the items lock. */
    async submit(actor: Actor, cycleId: string, unitId: string) {
      requireRole(actor.principal, 'agency_reporter', unitId);
      const cycle = await cycleRow(cycleId);
      requireOpen(cycle);
      const subs = await subIndices(cycle);
      return db.transaction().execute(async (trx) => {
        const unit = await unitRow(trx, cycleId, unitId);
        const rows = await trx
          .selectFrom('dti.entries')
          .selectAll()
          .where('cycle_id', '=', cycleId)
          .where('unit_id', '=', unitId)
          .execute();
        const open = rows.filter((r) => r.status === 'draft' || r.status === 'clarification');
        if (unit.status === 'submitted' && open.length === 0)
          throw conflict({ vi: 'Đơn vị đã nộp bản tự đánh giá.', en: 'The unit has already submitted.' });
        const missing = open.filter((r) => {
          const sub = subs.find((s) => s.code === r.sub_index_code);
          return sub?.evidence.required && r.value !== null && r.value !== 0 && r.evidence.length === 0;
        });
        if (missing.length > 0)
          throw new AppError(
            'validation_failed',
            { vi: 'Một số mục còn thiếu minh chứng.', en: 'Some items lack the required evidence.' },
            {
              fields: missing.map((r) => ({
                path: `entries.${r.sub_index_code}.evidence`,
                message: {
                  vi: 'Cần minh chứng (số, tên, ngày văn bản).',
                  en: 'Evidence is required (document number, title, date).',
                },
              })),
            },
          );
        const now = clock.now();
        await trx
          .updateTable('dti.cycle_units')
          .set({ status: 'submitted', submitted_at: now })
          .where('cycle_id', '=', cycleId)
          .where('unit_id', '=', unitId)
          .execute();
        await trx
          .updateTable('dti.entries')
          .set({ status: 'submitted', updated_at: now, updated_by: who(actor) })
          .where('cycle_id', '=', cycleId)
          .where('unit_id', '=', unitId)
          .where('status', 'in', ['draft', 'clarification'])
          .execute();
        await audit.record(trx, {
          actor,
          agencyId: unitId,
          action: 'dti.unit.submit',
          objectType: 'dti.cycle_unit',
          objectId: `${cycleId}/${unitId}`,
          details: { items: open.map((r) => r.sub_index_code) },
        });
        return { unitId, status: 'submitted' as const, items: open.length };
      });
    },

    /** An appraiser's decision on one item: accept, adjust (with a reason) or send back for clarification. */
    async review(
      actor: Actor,
      ids: { cycleId: string; unitId: string; code: string },
      input: { decision: 'accept' | 'adjust' | 'clarify'; value?: number; reason?: string },
    ): Promise<EntryView> {
      requireRole(actor.principal, 'index_appraiser');
      const cycle = await cycleRow(ids.cycleId);
      requireOpen(cycle);
      const sub = (await subIndices(cycle)).find((s) => s.code === ids.code);
      if (!sub) throw notFound(subWhat);
      return db.transaction().execute(async (trx) => {
        const unit = await unitRow(trx, ids.cycleId, ids.unitId);
        // Appraising is the assigned appraisers' alone: being the unit's reporter or the council does not count.
        const assigned = (await appraisersByUnit(trx, ids.cycleId, ids.unitId)).get(ids.unitId);
        if (!appraiserReaches(actor.principal, assigned)) throw forbidden(notAssigned);
        if (unit.status !== 'submitted')
          throw conflict({ vi: 'Đơn vị chưa nộp bản tự đánh giá.', en: 'The unit has not submitted yet.' });
        const before = await entryOf(trx, ids.cycleId, ids.unitId, ids.code);
        if (before && (before.status === 'draft' || before.status === 'clarification'))
          throw conflict({
            vi: 'Mục này đang chờ đơn vị giải trình.',
            en: 'This item is waiting for the unit.',
          });
        // Items the unit left empty (or appraiser-set ones) can still be adjusted, not accepted or returned.
        if (!before && input.decision !== 'adjust')
          throw conflict({ vi: 'Đơn vị chưa kê khai mục này.', en: 'The unit has not filled in this item.' });
        const status: EntryStatus =
          input.decision === 'accept'
            ? 'accepted'
            : input.decision === 'adjust'
              ? 'adjusted'
              : 'clarification';
        const appraised =
          input.decision === 'adjust'
            ? (input.value ?? null)
            : input.decision === 'accept'
              ? (before?.value ?? null)
              : null;
        const row: EntryRow = {
          cycle_id: ids.cycleId,
          unit_id: ids.unitId,
          sub_index_code: ids.code,
          value: before?.value ?? null,
          evidence: before?.evidence ?? [],
          status,
          appraised_value: appraised,
          reason: input.reason ?? null,
          provenance: before?.provenance ?? null,
          updated_at: clock.now(),
          updated_by: who(actor),
        };
        await trx
          .insertInto('dti.entries')
          .values({
            ...row,
            evidence: JSON.stringify(row.evidence),
            provenance: JSON.stringify(row.provenance),
          })
          .onConflict((oc) =>
            oc.columns(['cycle_id', 'unit_id', 'sub_index_code']).doUpdateSet({
              status,
              appraised_value: appraised,
              reason: row.reason,
              updated_at: row.updated_at,
              updated_by: row.updated_by,
            }),
          )
          .execute();
        await audit.record(trx, {
          actor,
          agencyId: ids.unitId,
          action: `dti.entry.${input.decision}`,
          objectType: 'dti.entry',
          objectId: `${ids.cycleId}/${ids.unitId}/${ids.code}`,
          before: before ? { status: before.status, appraisedValue: before.appraised_value } : undefined,
          after: { status, appraisedValue: appraised },
          details: { reason: input.reason ?? null },
        });
        return toEntry(row);
      });
    },

    /** The council closes appraisal: every unit submitted, no item waiting. */
    async finalise(actor: Actor, cycleId: string) {
      requireRole(actor.principal, 'plan_owner');
      const cycle = await cycleRow(cycleId);
      requireOpen(cycle);
      const finalisedAt = clock.now();
      await db.transaction().execute(async (trx) => {
        const drafting = await trx
          .selectFrom('dti.cycle_units')
          .select('unit_id')
          .where('cycle_id', '=', cycleId)
          .where('status', '=', 'draft')
          .execute();
        const waiting = await trx
          .selectFrom('dti.entries')
          .select(['unit_id', 'sub_index_code'])
          .where('cycle_id', '=', cycleId)
          .where('status', 'in', ['draft', 'submitted', 'clarification'])
          .execute();
        if (drafting.length + waiting.length > 0)
          throw conflict({
            vi: `Chưa thể chốt: ${drafting.length} đơn vị chưa nộp, ${waiting.length} mục chưa thẩm định xong.`,
            en: `Cannot finalise: ${drafting.length} units have not submitted, ${waiting.length} items are not appraised.`,
          });
        await trx
          .updateTable('dti.cycles')
          .set({ status: 'finalised', finalised_at: finalisedAt })
          .where('id', '=', cycleId)
          .execute();
        await audit.record(trx, {
          actor,
          action: 'dti.cycle.finalise',
          objectType: 'dti.cycle',
          objectId: cycleId,
        });
      });
      // Read after the transaction: PGlite has one connection.
      return view({ ...cycle, status: 'finalised', finalised_at: finalisedAt }, actor.principal);
    },

    async publish(actor: Actor, cycleId: string) {
      requireRole(actor.principal, 'plan_owner');
      const cycle = await cycleRow(cycleId);
      if (cycle.status !== 'finalised')
        throw conflict({ vi: 'Chỉ công bố kỳ đã chốt.', en: 'Only a finalised cycle can be published.' });
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('dti.cycles')
          .set({ status: 'published', published_at: now })
          .where('id', '=', cycleId)
          .execute();
        await audit.record(trx, {
          actor,
          action: 'dti.cycle.publish',
          objectType: 'dti.cycle',
          objectId: cycleId,
        });
      });
      return view({ ...cycle, status: 'published', published_at: now }, actor.principal);
    },
  };
}

export type CyclesService = ReturnType<typeof createCyclesService>;
