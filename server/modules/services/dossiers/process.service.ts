import { type Kysely, sql, type Transaction } from 'kysely';
import {
  type Actor,
  CITY_UNIT_ID,
  holdsRole,
  type Principal,
  requireOfficial,
  requireRole,
} from '../../../platform/auth/principal.ts';
import { isoDateInHanoi } from '../../../platform/clock.ts';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../../platform/errors.ts';
import type { PlatformContext } from '../../../platform/module.ts';
import type { OrgService } from '../../org/index.ts';
import type { PopulationService } from '../../population/index.ts';
import { contactPhoneOf } from './contact.ts';
import {
  type AttachmentRow,
  clockRunning,
  type DossierRow,
  type DossierState,
  type DossierTables,
  type EventRow,
  stateLabels,
} from './dossiers.tables.ts';
import { nextDossierCode, policyFor, topLevelFields } from './drafts.service.ts';
import type { ProceduresPort, ResultsPort, WorkingCalendarPort } from './ports.ts';

/** Bounds on suspensions and extensions (a reason is always required). */
export const MAX_SUSPENSIONS = 2;
export const MAX_EXTENSION_DAYS = 15;

export type OfficerAction =
  | { action: 'start_intake' }
  | { action: 'request_supplement'; reason: string }
  | { action: 'refuse_intake'; reason: string }
  | { action: 'receive' }
  | { action: 'assign'; officialId?: string; step?: string }
  | { action: 'send_to_agency'; targetAgencyId: string; reason: string }
  | { action: 'return_from_agency'; reason?: string }
  | { action: 'suspend'; reason: string }
  | { action: 'resume'; reason?: string }
  | { action: 'extend'; days: number; reason: string }
  | { action: 'approve'; reason?: string }
  | { action: 'deny'; reason: string }
  | { action: 'record_payment'; reference: string }
  | { action: 'issue_result' }
  | { action: 'close' };

/**
 * The states each officer action is allowed from: the one table the state machine checks and the
 * officer's screen reads (`allowedActions`), so the two never disagree.
 */
export const officerActionStates: Record<OfficerAction['action'], readonly DossierState[]> = {
  start_intake: ['submitted'],
  request_supplement: ['intake_review', 'received', 'in_processing'],
  refuse_intake: ['submitted', 'intake_review'],
  receive: ['submitted', 'intake_review'],
  assign: ['received', 'in_processing'],
  send_to_agency: ['in_processing'],
  return_from_agency: ['sent_to_agency'],
  suspend: ['received', 'in_processing'],
  resume: ['suspended'],
  extend: ['received', 'in_processing', 'sent_to_agency'],
  approve: ['in_processing'],
  deny: ['in_processing'],
  record_payment: ['awaiting_payment'],
  issue_result: ['approved'],
  close: ['result_issued', 'denied', 'refused'],
};

/** What a case officer may do with a dossier now; a consulted agency only sends it back. */
function allowedActions(state: DossierState, consulted: boolean): OfficerAction['action'][] {
  if (consulted) return state === 'sent_to_agency' ? ['return_from_agency'] : [];
  return (Object.keys(officerActionStates) as OfficerAction['action'][]).filter((action) =>
    officerActionStates[action].includes(state),
  );
}

type Trx = Transaction<DossierTables>;

export type ProcessDeps = {
  context: PlatformContext;
  procedures: () => ProceduresPort;
  results: () => ResultsPort;
  population: PopulationService;
  calendar: WorkingCalendarPort;
  org: OrgService;
  /** Told the dictionary items of an issued result (the once-only provider offers them). */
  onIssued?: (items: string[]) => void;
};

const reasonRequired = (reason: string | undefined) => {
  if (!reason || reason.trim().length < 3) {
    throw validationFailed([
      { path: 'reason', message: { vi: 'Cần nêu lý do.', en: 'A reason is required.' } },
    ]);
  }
  return reason.trim();
};

const wrongState = (row: DossierRow, action: string) =>
  new AppError(
    'conflict',
    {
      vi: `Không thể thực hiện "${action}" khi hồ sơ ở trạng thái "${stateLabels[row.state].vi}".`,
      en: `"${action}" is not possible while the dossier is "${stateLabels[row.state].en}".`,
    },
    { state: row.state },
  );

export function createProcessService(deps: ProcessDeps) {
  const { context, calendar } = deps;
  const db = context.database.db as unknown as Kysely<DossierTables>;
  const now = () => context.clock.now();

  const dueOf = (row: Pick<DossierRow, 'received_at' | 'processing_days' | 'pauses' | 'extension_days'>) =>
    row.received_at
      ? calendar.dueDate({
          receivedAt: row.received_at,
          workingDays: row.processing_days,
          pauses: row.pauses.map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null })),
          extensionDays: row.extension_days,
        })
      : null;

  async function byCode(executor: Kysely<DossierTables> | Trx, code: string, lock = false) {
    if (!/^[A-Z0-9]{1,20}-\d{8}-\d{4,6}$/.test(code)) return undefined;
    let query = executor.selectFrom('services.dossiers').selectAll().where('code', '=', code);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  async function appendEvent(
    trx: Trx,
    row: DossierRow,
    actor: Actor,
    event: { kind: string; to: DossierState; reason?: string | null; details?: Record<string, unknown> },
    at: Date,
  ) {
    const principal = actor.principal;
    await trx
      .insertInto('services.dossier_events')
      .values({
        dossier_id: row.id,
        at,
        kind: event.kind,
        from_state: row.state,
        to_state: event.to,
        actor_kind: actor.system ? 'system' : principal.kind,
        actor_id: principal.kind === 'anonymous' ? (actor.system ?? null) : principal.accountId,
        actor_label: principal.kind === 'anonymous' ? (actor.system ?? null) : principal.fullName,
        reason: event.reason ?? null,
        details: JSON.stringify(event.details ?? {}) as never,
      })
      .execute();
  }

  async function notifyCitizen(
    trx: Trx,
    row: DossierRow,
    subject: { vi: string; en: string },
    body: { vi: string; en: string },
    topic: string,
  ) {
    if (!row.account_id) return;
    await context.notify.send(trx as never, {
      recipient: { kind: 'citizen', id: row.account_id, email: row.contact_email, phone: row.contact_phone },
      topic,
      subject,
      body,
      link: `/ho-so-cua-toi/${row.code}`,
    });
  }

  /** Writes a changed row, its event, the audit entry, optionally a notice — one transaction. */
  async function commit(
    trx: Trx,
    actor: Actor,
    before: DossierRow,
    changes: Partial<DossierRow>,
    event: { kind: string; reason?: string | null; details?: Record<string, unknown> },
    notice?: { vi: string; en: string },
  ) {
    const at = now();
    const after: DossierRow = { ...before, ...changes, version: before.version + 1, updated_at: at };
    const set: Record<string, unknown> = { ...changes, version: after.version, updated_at: at };
    if (changes.pauses) set.pauses = JSON.stringify(changes.pauses);
    const updated = await trx
      .updateTable('services.dossiers')
      .set(set as never)
      .where('id', '=', before.id)
      .where('version', '=', before.version)
      .returning('id')
      .executeTakeFirst();
    if (!updated)
      throw conflict({
        vi: 'Hồ sơ vừa được người khác cập nhật.',
        en: 'The dossier was just changed by someone else.',
      });
    await appendEvent(trx, before, actor, { ...event, to: after.state }, at);
    await context.audit.record(trx as never, {
      actor,
      agencyId: before.agency_id,
      action: `services.dossier.${event.kind}`,
      objectType: 'services.dossier',
      objectId: before.id,
      before: { state: before.state, due: before.due_date, version: before.version },
      after: { state: after.state, due: after.due_date, version: after.version },
      details: {
        code: before.code,
        from: before.state,
        to: after.state,
        ...(event.reason ? { reason: event.reason } : {}),
      },
    });
    if (notice) {
      await notifyCitizen(
        trx,
        after,
        {
          vi: `Hồ sơ ${before.code}: ${stateLabels[after.state].vi}`,
          en: `Dossier ${before.code}: ${stateLabels[after.state].en}`,
        },
        notice,
        `services.dossier.${event.kind}`,
      );
    }
    return after;
  }

  const pauseOpen = (row: DossierRow, kind: 'supplement' | 'suspension', at: Date) => [
    ...row.pauses,
    { from: at.toISOString(), to: null, kind },
  ];
  const pauseClosed = (row: DossierRow, at: Date) =>
    row.pauses.map((p) => (p.to === null ? { ...p, to: at.toISOString() } : p));

  function plan(
    row: DossierRow,
    input: OfficerAction,
    at: Date,
  ): {
    changes: Partial<DossierRow>;
    kind: string;
    reason?: string;
    details?: Record<string, unknown>;
    notice?: { vi: string; en: string };
  } {
    const inState = () => {
      if (!officerActionStates[input.action].includes(row.state)) throw wrongState(row, input.action);
    };
    switch (input.action) {
      case 'start_intake':
        inState();
        return { changes: { state: 'intake_review' }, kind: 'intake_review' };
      case 'request_supplement': {
        inState();
        const reason = reasonRequired(input.reason);
        const running = clockRunning.includes(row.state);
        return {
          changes: {
            state: 'supplement_requested',
            resume_state: row.state,
            ...(running ? { pauses: pauseOpen(row, 'supplement', at) } : {}),
          },
          kind: 'supplement_requested',
          reason,
          details: { clockPaused: running },
          notice: {
            vi: `Cơ quan yêu cầu bổ sung hồ sơ: ${reason}. Thời hạn giải quyết tạm dừng cho đến khi bạn bổ sung.`,
            en: `The agency asks for a supplement: ${reason}. The legal clock is paused until you supply it.`,
          },
        };
      }
      case 'refuse_intake': {
        inState();
        const reason = reasonRequired(input.reason);
        return {
          changes: { state: 'refused', decided_at: at },
          kind: 'refused',
          reason,
          notice: {
            vi: `Hồ sơ không được tiếp nhận: ${reason}.`,
            en: `The dossier was refused at intake: ${reason}.`,
          },
        };
      }
      case 'receive': {
        inState();
        const next = { ...row, received_at: at, pauses: [], extension_days: 0 };
        const due = dueOf(next);
        return {
          changes: { state: 'received', received_at: at, due_date: due, appointment_date: due },
          kind: 'received',
          details: { dueDate: due, workingDays: row.processing_days },
          notice: {
            vi: `Hồ sơ đã được tiếp nhận. Ngày hẹn trả kết quả: ${due}.`,
            en: `The dossier was received. Appointment date for the result: ${due}.`,
          },
        };
      }
      case 'assign':
        inState();
        return {
          changes: {
            state: 'in_processing',
            assigned_official_id: input.officialId ?? row.assigned_official_id,
            step: input.step ?? row.step,
          },
          kind: row.state === 'received' ? 'in_processing' : 'step',
          details: { officialId: input.officialId ?? null, step: input.step ?? null },
        };
      case 'send_to_agency': {
        inState();
        const reason = reasonRequired(input.reason);
        return {
          changes: { state: 'sent_to_agency', target_agency_id: input.targetAgencyId },
          kind: 'sent_to_agency',
          reason,
          details: { targetAgencyId: input.targetAgencyId },
        };
      }
      case 'return_from_agency':
        inState();
        return {
          changes: { state: 'in_processing', target_agency_id: null },
          kind: 'returned_from_agency',
          reason: input.reason,
        };
      case 'suspend': {
        inState();
        const reason = reasonRequired(input.reason);
        if (row.suspensions >= MAX_SUSPENSIONS) {
          throw new AppError('conflict', {
            vi: `Mỗi hồ sơ chỉ được tạm dừng tối đa ${MAX_SUSPENSIONS} lần.`,
            en: `A dossier can be suspended at most ${MAX_SUSPENSIONS} times.`,
          });
        }
        return {
          changes: {
            state: 'suspended',
            resume_state: row.state,
            suspensions: row.suspensions + 1,
            pauses: pauseOpen(row, 'suspension', at),
          },
          kind: 'suspended',
          reason,
          notice: { vi: `Hồ sơ tạm dừng xử lý: ${reason}.`, en: `Processing is suspended: ${reason}.` },
        };
      }
      case 'resume': {
        inState();
        const pauses = pauseClosed(row, at);
        const due = dueOf({ ...row, pauses });
        return {
          changes: {
            state: row.resume_state ?? 'in_processing',
            resume_state: null,
            pauses,
            due_date: due,
            appointment_date: due,
          },
          kind: 'resumed',
          reason: input.reason,
          details: { dueDate: due },
          notice: {
            vi: `Hồ sơ tiếp tục được xử lý. Ngày hẹn mới: ${due}.`,
            en: `Processing resumed. New appointment date: ${due}.`,
          },
        };
      }
      case 'extend': {
        inState();
        const reason = reasonRequired(input.reason);
        if (row.extension_days + input.days > MAX_EXTENSION_DAYS) {
          throw new AppError('conflict', {
            vi: `Tổng số ngày gia hạn không vượt quá ${MAX_EXTENSION_DAYS} ngày làm việc.`,
            en: `Extensions may not exceed ${MAX_EXTENSION_DAYS} working days in total.`,
          });
        }
        const extension = row.extension_days + input.days;
        const due = dueOf({ ...row, extension_days: extension });
        return {
          changes: { extension_days: extension, due_date: due, appointment_date: due },
          kind: 'extended',
          reason,
          details: { days: input.days, dueDate: due },
          notice: {
            vi: `Thời hạn giải quyết được gia hạn ${input.days} ngày làm việc (${reason}). Ngày hẹn mới: ${due}.`,
            en: `The deadline was extended by ${input.days} working days (${reason}). New appointment date: ${due}.`,
          },
        };
      }
      case 'approve': {
        inState();
        const fee = row.fee_vnd > 0 && !row.paid_at;
        return {
          changes: { state: fee ? 'awaiting_payment' : 'approved', decided_at: at },
          kind: fee ? 'awaiting_payment' : 'approved',
          reason: input.reason,
          details: { feeVnd: row.fee_vnd },
          notice: fee
            ? {
                vi: `Hồ sơ được chấp thuận. Vui lòng nộp phí ${row.fee_vnd.toLocaleString('vi-VN')} đồng.`,
                en: `The dossier was approved. Please pay the fee of ${row.fee_vnd} VND.`,
              }
            : {
                vi: 'Hồ sơ được chấp thuận. Kết quả sẽ được trả sớm.',
                en: 'The dossier was approved. The result will be issued shortly.',
              },
        };
      }
      case 'record_payment':
        inState();
        return {
          changes: { state: 'approved', paid_at: at },
          kind: 'paid',
          details: { reference: input.reference, amountVnd: row.fee_vnd },
        };
      case 'deny': {
        inState();
        const reason = reasonRequired(input.reason);
        return {
          changes: { state: 'denied', decided_at: at },
          kind: 'denied',
          reason,
          notice: {
            vi: `Hồ sơ không được giải quyết: ${reason}.`,
            en: `The application was denied: ${reason}.`,
          },
        };
      }
      case 'close':
        inState();
        return {
          changes: { state: 'closed', closed_at: at },
          kind: 'closed',
          notice: {
            vi: 'Hồ sơ đã kết thúc. Mời bạn đánh giá mức độ hài lòng.',
            en: 'The dossier is closed. Please rate the service.',
          },
        };
      case 'issue_result':
        throw new Error('issue_result is handled apart');
    }
  }

  async function detailOf(row: DossierRow) {
    const [events, attachments] = await Promise.all([
      db
        .selectFrom('services.dossier_events')
        .selectAll()
        .where('dossier_id', '=', row.id)
        .orderBy('seq')
        .execute() as unknown as Promise<EventRow[]>,
      db
        .selectFrom('services.dossier_attachments')
        .selectAll()
        .where('dossier_id', '=', row.id)
        .orderBy('added_at')
        .execute(),
    ]);
    return {
      ...summaryOf(row),
      formVersion: row.form_version,
      answers: row.answers,
      provenance: row.provenance,
      pauses: row.pauses,
      extensionDays: row.extension_days,
      suspensions: row.suspensions,
      assignedOfficialId: row.assigned_official_id,
      step: row.step,
      targetAgencyId: row.target_agency_id,
      resultId: row.result_id,
      paidAt: row.paid_at?.toISOString() ?? null,
      rating: row.rating,
      ratingComment: row.rating_comment,
      attachments: attachments.map((a: AttachmentRow) => ({
        id: a.id,
        key: a.key,
        filename: a.filename,
        mediaType: a.media_type,
        sizeBytes: a.size_bytes,
        sha256: a.sha256,
        phase: a.phase,
        addedAt: a.added_at.toISOString(),
      })),
      events: events.map((e) => ({
        seq: Number(e.seq),
        at: e.at.toISOString(),
        kind: e.kind,
        fromState: e.from_state,
        toState: e.to_state,
        actorKind: e.actor_kind,
        actorLabel: e.actor_label,
        reason: e.reason,
        details: e.details,
      })),
    };
  }

  function deadlineOf(row: DossierRow) {
    const today = context.clock.today();
    if (!row.due_date || !row.received_at)
      return { daysLeft: null, overdue: false, colour: 'no-clock' as const };
    const decided = [
      'approved',
      'denied',
      'result_issued',
      'closed',
      'awaiting_payment',
      'withdrawn',
      'refused',
    ].includes(row.state);
    if (decided) return { daysLeft: null, overdue: false, colour: 'done' as const };
    if (row.state === 'supplement_requested' || row.state === 'suspended') {
      return { daysLeft: null, overdue: false, colour: 'paused' as const };
    }
    const daysLeft =
      row.due_date >= today
        ? calendar.workingDaysBetween(today, row.due_date)
        : -calendar.workingDaysBetween(row.due_date, today);
    const overdue = row.due_date < today;
    return {
      daysLeft,
      overdue,
      colour: overdue ? ('overdue' as const) : daysLeft <= 2 ? ('due-soon' as const) : ('on-track' as const),
    };
  }

  function summaryOf(row: DossierRow) {
    return {
      id: row.id,
      code: row.code,
      procedureCode: row.procedure_code,
      procedureNameVi: row.procedure_name_vi,
      procedureNameEn: row.procedure_name_en,
      agencyId: row.agency_id,
      applicantName: row.applicant_name,
      channel: row.channel,
      state: row.state,
      stateVi: stateLabels[row.state].vi,
      stateEn: stateLabels[row.state].en,
      submittedAt: row.submitted_at.toISOString(),
      receivedAt: row.received_at?.toISOString() ?? null,
      dueDate: row.due_date,
      appointmentDate: row.appointment_date,
      decidedAt: row.decided_at?.toISOString() ?? null,
      closedAt: row.closed_at?.toISOString() ?? null,
      feeVnd: row.fee_vnd,
      deadline: deadlineOf(row),
    };
  }

  async function ownDossier(principal: Principal, code: string, lockWith?: Trx) {
    if (principal.kind !== 'citizen')
      throw forbidden({ vi: 'Chức năng này dành cho công dân.', en: 'This is for citizens.' });
    const row = await byCode(lockWith ?? db, code, Boolean(lockWith));
    if (!row || row.personal_id !== principal.personalId)
      throw notFound({ vi: `hồ sơ ${code}`, en: `Dossier ${code}` });
    return row;
  }

  /** An official sees a dossier of an agency where they hold case_officer (or any at the city). */
  /**
   * The competent agency's case officers handle a dossier. While it is sent to another agency for
   * its part, that agency's case officers may read it and send it back, and nothing else.
   */
  async function officerDossier(principal: Principal, code: string, lockWith?: Trx, action?: string) {
    const official = requireOfficial(principal);
    const row = await byCode(lockWith ?? db, code, Boolean(lockWith));
    if (!row) throw notFound({ vi: `hồ sơ ${code}`, en: `Dossier ${code}` });
    const consulted =
      row.state === 'sent_to_agency' &&
      row.target_agency_id !== null &&
      holdsRole(official, 'case_officer', row.target_agency_id) &&
      (action === undefined || action === 'return_from_agency');
    if (!consulted) requireRole(official, 'case_officer', row.agency_id);
    return row;
  }

  /** The dossier as a case officer sees it, with what they may do now. */
  async function officerView(principal: Principal, row: DossierRow) {
    const consulted = !holdsRole(principal, 'case_officer', row.agency_id);
    return { ...(await detailOf(row)), allowedActions: allowedActions(row.state, consulted) };
  }

  const lookups = new Map<string, { count: number; since: number }>();

  return {
    dueOf,
    summaryOf,

    async mine(principal: Principal) {
      if (principal.kind !== 'citizen')
        throw forbidden({ vi: 'Chức năng này dành cho công dân.', en: 'This is for citizens.' });
      const rows = await db
        .selectFrom('services.dossiers')
        .selectAll()
        .where('personal_id', '=', principal.personalId)
        .orderBy('submitted_at', 'desc')
        .limit(200)
        .execute();
      return rows.map(summaryOf);
    },

    async citizenDetail(principal: Principal, code: string) {
      return detailOf(await ownDossier(principal, code));
    },

    async officerDetail(principal: Principal, code: string) {
      return officerView(principal, await officerDossier(principal, code));
    },

    async byId(id: string) {
      return db.selectFrom('services.dossiers').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** The case officer's queue for one agency, with deadline colouring and filters. */
    async queue(
      principal: Principal,
      filter: {
        agencyId?: string;
        state?: DossierState[];
        procedureCode?: string;
        overdue?: boolean;
        q?: string;
        limit: number;
      },
    ) {
      const official = requireOfficial(principal);
      const agencies = official.memberships.filter((m) => m.role === 'case_officer').map((m) => m.unitId);
      if (agencies.length === 0) requireRole(official, 'case_officer');
      const agencyId = filter.agencyId ?? (agencies.includes(CITY_UNIT_ID) ? undefined : agencies[0]);
      if (agencyId) requireRole(official, 'case_officer', agencyId);
      let query = db.selectFrom('services.dossiers').selectAll();
      // An agency's queue holds its own dossiers and those another agency sent it for its part.
      if (agencyId)
        query = query.where((eb) =>
          eb.or([
            eb('agency_id', '=', agencyId),
            eb.and([eb('target_agency_id', '=', agencyId), eb('state', '=', 'sent_to_agency')]),
          ]),
        );
      if (filter.state?.length) query = query.where('state', 'in', filter.state);
      else query = query.where('state', 'not in', ['closed', 'withdrawn', 'refused']);
      if (filter.procedureCode) query = query.where('procedure_code', '=', filter.procedureCode);
      if (filter.overdue)
        query = query.where('due_date', '<', context.clock.today()).where('state', 'in', clockRunning);
      if (filter.q)
        query = query.where((eb) =>
          eb.or([eb('code', 'ilike', `%${filter.q}%`), eb('applicant_name', 'ilike', `%${filter.q}%`)]),
        );
      const rows = await query
        .orderBy(sql`due_date asc nulls last`)
        .orderBy('submitted_at')
        .limit(filter.limit)
        .execute();
      return { agencyId: agencyId ?? null, items: rows.map(summaryOf) };
    },

    async act(actor: Actor, code: string, input: OfficerAction) {
      if (input.action === 'issue_result') return this.issueResult(actor, code);
      if (input.action === 'send_to_agency' && !(await deps.org.unitExists(input.targetAgencyId))) {
        throw validationFailed([
          { path: 'targetAgencyId', message: { vi: 'Không có cơ quan này.', en: 'No such agency.' } },
        ]);
      }
      const after = await db.transaction().execute(async (trx) => {
        const row = await officerDossier(actor.principal, code, trx, input.action);
        const step = plan(row, input, now());
        return commit(
          trx,
          actor,
          row,
          step.changes,
          { kind: step.kind, reason: step.reason, details: step.details },
          step.notice,
        );
      });
      return officerView(actor.principal, after);
    },

    /**
     * A dossier filed at the counter, entered by a case officer of the agency: received at once
     * (the clock starts), answers typed by the officer, paper documents checked at the counter.
     */
    async counterIntake(
      actor: Actor,
      input: {
        procedureCode: string;
        agencyId: string;
        personalId: string;
        applicantName: string;
        answers: Record<string, unknown>;
      },
    ) {
      requireRole(actor.principal, 'case_officer', input.agencyId);
      const procedure = await deps.procedures().get(input.procedureCode);
      if (!procedure || procedure.publishedVersion === null) {
        throw notFound({ vi: `thủ tục ${input.procedureCode}`, en: `Procedure ${input.procedureCode}` });
      }
      if (!procedure.agencyIds.includes(input.agencyId)) {
        throw validationFailed([
          {
            path: 'agencyId',
            message: {
              vi: 'Cơ quan không giải quyết thủ tục này.',
              en: 'This agency does not handle the procedure.',
            },
          },
        ]);
      }
      const form = await deps.procedures().form(procedure.code, procedure.publishedVersion);
      if (!form) throw notFound({ vi: `biểu mẫu ${procedure.code}`, en: `Form ${procedure.code}` });
      const validation = await deps.procedures().validate(form.definition, input.answers, []);
      const issues = validation.issues.filter((issue) => !issue.path.startsWith('attachments'));
      if (issues.length > 0) {
        throw validationFailed(
          issues.map((issue) => ({ path: issue.path, message: { vi: issue.vi, en: issue.en } })),
        );
      }
      const answers = validation.values ?? input.answers;
      const itemOf = new Map(
        topLevelFields(form.definition)
          .filter((f) => f.item)
          .map((f) => [f.key, f.item!]),
      );
      const provenance = Object.fromEntries(
        Object.keys(answers).map((key) => [
          key,
          { source: 'typed' as const, ...(itemOf.get(key) ? { item: itemOf.get(key) } : {}) },
        ]),
      );
      const at = now();
      const resident = await deps.population.findByPersonalId(input.personalId);
      const row = await db.transaction().execute(async (trx) => {
        const code = await nextDossierCode(trx, input.agencyId, isoDateInHanoi(at));
        const base = {
          received_at: at,
          processing_days: procedure.processingDays,
          pauses: [],
          extension_days: 0,
        };
        const due = dueOf(base);
        const inserted: DossierRow = {
          id: crypto.randomUUID(),
          code,
          procedure_code: procedure.code,
          procedure_name_vi: procedure.nameVi,
          procedure_name_en: procedure.nameEn,
          form_version: form.version,
          agency_id: input.agencyId,
          account_id: null,
          personal_id: input.personalId,
          id_last4: input.personalId.slice(-4),
          applicant_name: input.applicantName,
          contact_email: resident?.email ?? null,
          contact_phone: contactPhoneOf(answers, itemOf),
          channel: 'counter',
          online_level: procedure.onlineLevel,
          state: 'received',
          resume_state: null,
          answers,
          provenance,
          processing_days: procedure.processingDays,
          fee_vnd: procedure.feeVnd,
          paid_at: null,
          payment_intent_id: null,
          submitted_at: at,
          received_at: at,
          due_date: due,
          pauses: [],
          extension_days: 0,
          suspensions: 0,
          assigned_official_id: null,
          step: null,
          target_agency_id: null,
          decided_at: null,
          result_id: null,
          closed_at: null,
          appointment_date: due,
          apology_for_due: null,
          rating: null,
          rating_comment: null,
          rated_at: null,
          draft_id: null,
          demo: false,
          version: 1,
          updated_at: at,
        };
        await trx
          .insertInto('services.dossiers')
          .values({
            ...inserted,
            answers: JSON.stringify(answers),
            provenance: JSON.stringify(provenance),
            pauses: '[]',
          } as never)
          .execute();
        await appendEvent(
          trx,
          { ...inserted, state: null as never },
          actor,
          { kind: 'submitted', to: 'submitted', details: { channel: 'counter' } },
          at,
        );
        await appendEvent(
          trx,
          { ...inserted, state: 'submitted' },
          actor,
          { kind: 'received', to: 'received', details: { dueDate: due } },
          at,
        );
        await context.audit.record(trx as never, {
          actor,
          agencyId: input.agencyId,
          action: 'services.dossier.counter_intake',
          objectType: 'services.dossier',
          objectId: inserted.id,
          after: { code, procedure: procedure.code, answers },
          details: { code, procedure: procedure.code, channel: 'counter' },
        });
        return inserted;
      });
      return detailOf(row);
    },

    /** Approved → the results part issues the signed result → result_issued. */
    async issueResult(actor: Actor, code: string) {
      const row = await officerDossier(actor.principal, code);
      if (!officerActionStates.issue_result.includes(row.state)) throw wrongState(row, 'issue_result');
      const procedure = await deps.procedures().get(row.procedure_code);
      const form = await deps.procedures().form(row.procedure_code, row.form_version);
      const fields = (form ? topLevelFields(form.definition) : [])
        .filter(
          (field) =>
            ['string', 'number', 'boolean'].includes(typeof row.answers[field.key]) &&
            row.answers[field.key] !== '',
        )
        .slice(0, 60)
        .map((field) => ({
          labelVi: field.labelVi,
          labelEn: field.labelEn,
          value: row.answers[field.key] as string | number | boolean,
        }));
      const items: Record<string, unknown> = {};
      for (const [key, provenance] of Object.entries(row.provenance)) {
        if ('item' in provenance && provenance.item && row.answers[key] !== undefined)
          items[provenance.item] = row.answers[key];
      }
      const result = await deps.results().issueResult({
        dossierId: row.id,
        dossierCode: row.code,
        procedureCode: row.procedure_code,
        agencyId: row.agency_id,
        subject: { personalId: row.personal_id, fullName: row.applicant_name },
        titleVi: procedure?.resultType.vi ?? row.procedure_name_vi,
        titleEn: procedure?.resultType.en ?? row.procedure_name_en,
        fields,
        items,
        actor,
      });
      deps.onIssued?.(Object.keys(items));
      const after = await db.transaction().execute(async (trx) => {
        const locked = await officerDossier(actor.principal, code, trx);
        if (!officerActionStates.issue_result.includes(locked.state))
          throw wrongState(locked, 'issue_result');
        return commit(
          trx,
          actor,
          locked,
          { state: 'result_issued', result_id: result.id },
          { kind: 'result_issued', details: { resultId: result.id } },
          {
            vi: `Kết quả đã được cấp (mã ${result.id}); bạn có thể tải bản điện tử có chữ ký số.`,
            en: `The result was issued (id ${result.id}); you can download the signed copy.`,
          },
        );
      });
      return officerView(actor.principal, after);
    },

    /** The citizen's dossier awaiting payment (for the fee's payment intent). */
    async awaitingPayment(principal: Principal, code: string) {
      const row = await ownDossier(principal, code);
      if (row.state !== 'awaiting_payment') throw wrongState(row, 'pay');
      return row;
    },

    async rememberIntent(row: DossierRow, intentId: string) {
      await db
        .updateTable('services.dossiers')
        .set({ payment_intent_id: intentId })
        .where('id', '=', row.id)
        .execute();
    },

    /** A verified payment event moves the dossier from awaiting payment to approved (idempotent). */
    async settlePayment(event: {
      intentId: string;
      orderRef: string;
      amountVnd: number;
      status: string;
      simulated: boolean;
    }) {
      if (event.status !== 'paid') return null;
      const after = await db.transaction().execute(async (trx) => {
        const row = await byCode(trx, event.orderRef, true);
        if (!row || row.payment_intent_id !== event.intentId)
          throw notFound({ vi: 'hồ sơ của khoản thanh toán', en: 'The dossier of this payment' });
        if (row.paid_at) return row;
        if (row.state !== 'awaiting_payment') throw wrongState(row, 'pay');
        if (event.amountVnd !== row.fee_vnd) {
          throw new AppError('unprocessable', {
            vi: 'Số tiền thanh toán không khớp lệ phí.',
            en: 'The amount paid does not match the fee.',
          });
        }
        const actor: Actor = {
          principal: { kind: 'anonymous' },
          requestId: null,
          ip: null,
          system: 'payments',
        };
        return commit(
          trx,
          actor,
          row,
          { state: 'approved', paid_at: now() },
          {
            kind: 'paid',
            details: { intentId: event.intentId, amountVnd: event.amountVnd, simulated: event.simulated },
          },
          {
            vi: `Đã nhận lệ phí ${row.fee_vnd.toLocaleString('vi-VN')} đồng${event.simulated ? ' (thanh toán mô phỏng)' : ''}.`,
            en: `The fee of ${row.fee_vnd} VND was received${event.simulated ? ' (simulated payment)' : ''}.`,
          },
        );
      });
      return detailOf(after);
    },

    /** Citizen: supplement files while a supplement is requested. */
    async addSupplementFile(
      actor: Actor,
      code: string,
      key: string,
      file: { filename: string; bytes: Buffer },
    ) {
      const row = await ownDossier(actor.principal, code);
      if (row.state !== 'supplement_requested') throw wrongState(row, 'supplement');
      const form = await deps.procedures().form(row.procedure_code, row.form_version);
      const spec = form?.definition.attachments.find((a) => a.key === key);
      const policy = spec
        ? policyFor(spec.mediaTypes, spec.maxBytes)
        : { kinds: ['pdf', 'png', 'jpeg'] as const, maxBytes: 10 * 1024 * 1024 };
      return db.transaction().execute(async (trx) => {
        const stored = await context.files.save(trx as never, {
          filename: file.filename,
          bytes: file.bytes,
          purpose: 'services.dossier',
          policy: { kinds: [...policy.kinds], maxBytes: policy.maxBytes },
          actor,
        });
        const id = crypto.randomUUID();
        await trx
          .insertInto('services.dossier_attachments')
          .values({
            id,
            dossier_id: row.id,
            key,
            file_id: stored.id,
            filename: stored.filename,
            media_type: stored.mediaType,
            size_bytes: stored.sizeBytes,
            sha256: stored.sha256,
            phase: 'supplement',
            added_at: now(),
          })
          .execute();
        return {
          id,
          key,
          filename: stored.filename,
          mediaType: stored.mediaType,
          sizeBytes: stored.sizeBytes,
        };
      });
    },

    /** Citizen: the supplement is complete; the clock resumes with the remaining working days. */
    async provideSupplement(actor: Actor, code: string, note: string | undefined) {
      const after = await db.transaction().execute(async (trx) => {
        const row = await ownDossier(actor.principal, code, trx);
        if (row.state !== 'supplement_requested') throw wrongState(row, 'supplement');
        const pauses = pauseClosed(row, now());
        const due = row.received_at ? dueOf({ ...row, pauses }) : null;
        return commit(
          trx,
          actor,
          row,
          {
            state: row.resume_state ?? 'intake_review',
            resume_state: null,
            pauses,
            due_date: due,
            ...(due ? { appointment_date: due } : {}),
          },
          { kind: 'supplement_provided', reason: note ?? null, details: { dueDate: due } },
          due
            ? {
                vi: `Đã nhận hồ sơ bổ sung. Ngày hẹn trả kết quả: ${due}.`,
                en: `Supplement received. Appointment date: ${due}.`,
              }
            : undefined,
        );
      });
      return detailOf(after);
    },

    async withdraw(actor: Actor, code: string, reason: string | undefined) {
      const after = await db.transaction().execute(async (trx) => {
        const row = await ownDossier(actor.principal, code, trx);
        if (
          ![
            'submitted',
            'intake_review',
            'supplement_requested',
            'received',
            'in_processing',
            'suspended',
          ].includes(row.state)
        )
          throw wrongState(row, 'withdraw');
        const pauses = row.pauses.some((p) => p.to === null) ? pauseClosed(row, now()) : row.pauses;
        return commit(
          trx,
          actor,
          row,
          { state: 'withdrawn', closed_at: now(), pauses },
          { kind: 'withdrawn', reason: reason ?? null },
        );
      });
      return detailOf(after);
    },

    async rate(actor: Actor, code: string, input: { score: number; comment?: string }) {
      const after = await db.transaction().execute(async (trx) => {
        const row = await ownDossier(actor.principal, code, trx);
        if (row.state !== 'closed') throw wrongState(row, 'rate');
        if (row.rating !== null)
          throw conflict({ vi: 'Bạn đã đánh giá hồ sơ này.', en: 'You have already rated this dossier.' });
        return commit(
          trx,
          actor,
          row,
          { rating: input.score, rating_comment: input.comment ?? null, rated_at: now() },
          { kind: 'rated', details: { score: input.score } },
        );
      });
      return detailOf(after);
    },

    async attachmentFile(principal: Principal, code: string, attachmentId: string) {
      const row =
        principal.kind === 'citizen'
          ? await ownDossier(principal, code)
          : await officerDossier(principal, code);
      if (!/^[0-9a-f-]{36}$/.test(attachmentId)) throw notFound({ vi: 'tệp đính kèm', en: 'Attachment' });
      const attachment = await db
        .selectFrom('services.dossier_attachments')
        .selectAll()
        .where('id', '=', attachmentId)
        .where('dossier_id', '=', row.id)
        .executeTakeFirst();
      const file = attachment ? await context.files.content(attachment.file_id) : null;
      if (!file) throw notFound({ vi: 'tệp đính kèm', en: 'Attachment' });
      return file;
    },

    /**
     * Public status lookup by code + last 4 digits of the ID number: reveals only status and dates.
     * A wrong pair answers exactly like a missing dossier; at most 20 tries a minute per address.
     */
    async status(code: string, idLast4: string, ip: string | null) {
      const key = ip ?? 'unknown';
      const nowMs = now().getTime();
      const seen = lookups.get(key);
      if (!seen || nowMs - seen.since > 60_000) lookups.set(key, { count: 1, since: nowMs });
      else if (++seen.count > 20) {
        throw new AppError(
          'too_many_requests',
          {
            vi: 'Tra cứu quá nhiều lần, vui lòng thử lại sau một phút.',
            en: 'Too many lookups; try again in a minute.',
          },
          { headers: { 'retry-after': '60' } },
        );
      }
      if (lookups.size > 10_000) lookups.clear();
      const row = await byCode(db, code.trim().toUpperCase());
      if (!row || row.id_last4 !== idLast4)
        throw notFound({
          vi: 'hồ sơ với mã và số định danh này',
          en: 'A dossier with this code and ID number',
        });
      return {
        code: row.code,
        procedureNameVi: row.procedure_name_vi,
        procedureNameEn: row.procedure_name_en,
        state: row.state,
        stateVi: stateLabels[row.state].vi,
        stateEn: stateLabels[row.state].en,
        submittedAt: isoDateInHanoi(row.submitted_at),
        receivedAt: row.received_at ? isoDateInHanoi(row.received_at) : null,
        appointmentDate: row.appointment_date,
        closedAt: row.closed_at ? isoDateInHanoi(row.closed_at) : null,
      };
    },

    /** The overdue job: an apology notice with a new appointment date, once per due date. */
    async sendApologies(): Promise<number> {
      const today = context.clock.today();
      const overdue = await db
        .selectFrom('services.dossiers')
        .selectAll()
        .where('state', 'in', clockRunning)
        .where('due_date', '<', today)
        .execute();
      let sent = 0;
      for (const candidate of overdue) {
        if (candidate.apology_for_due === candidate.due_date) continue;
        await db.transaction().execute(async (trx) => {
          const row = await trx
            .selectFrom('services.dossiers')
            .selectAll()
            .where('id', '=', candidate.id)
            .forUpdate()
            .executeTakeFirst();
          if (!row || row.apology_for_due === row.due_date || !clockRunning.includes(row.state)) return;
          const appointment = calendar.addWorkingDays(today, Math.max(3, Math.ceil(row.processing_days / 3)));
          await commit(
            trx,
            {
              principal: { kind: 'anonymous' },
              requestId: null,
              ip: null,
              system: 'job:services.dossiers.apologies',
            },
            row,
            { appointment_date: appointment, apology_for_due: row.due_date },
            { kind: 'apology', details: { dueDate: row.due_date, newAppointment: appointment } },
            {
              vi: `Chúng tôi xin lỗi vì hồ sơ ${row.code} chưa được giải quyết đúng hạn (${row.due_date}). Ngày hẹn mới: ${appointment}.`,
              en: `We apologise: dossier ${row.code} was not settled by its due date (${row.due_date}). New appointment date: ${appointment}.`,
            },
          );
          sent += 1;
        });
      }
      return sent;
    },

    holdsCaseOfficer: (principal: Principal, agencyId: string) =>
      holdsRole(principal, 'case_officer', agencyId),
  };
}

export type ProcessService = ReturnType<typeof createProcessService>;
