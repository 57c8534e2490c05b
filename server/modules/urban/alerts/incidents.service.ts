import { type Kysely, sql } from 'kysely';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import { type Actor, CITY_UNIT_ID, requireRole } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { OrgService } from '../../org/index.ts';
import { compactTerm, expandTerm } from '../terms.ts';
import type { CapAlert } from './cap.ts';
import type { AgencyNotices } from './notices.ts';

/**
 * Incidents: each alert opens one, which moves new → acknowledged → dispatched (to an agency, with
 * a deadline from the rule's response time) → resolved → closed. Each step by an operations-centre
 * operator or the city administrator for the incident's ward, audited in its transaction; the
 * agency an incident is dispatched to is notified.
 */
export const incidentStates = ['new', 'acknowledged', 'dispatched', 'resolved', 'closed'] as const;
export type IncidentState = (typeof incidentStates)[number];
export type Transition = 'acknowledge' | 'dispatch' | 'resolve' | 'close';

const steps: Record<Transition, { from: IncidentState; to: IncidentState }> = {
  acknowledge: { from: 'new', to: 'acknowledged' },
  dispatch: { from: 'acknowledged', to: 'dispatched' },
  resolve: { from: 'dispatched', to: 'resolved' },
  close: { from: 'resolved', to: 'closed' },
};
const stamps: Record<Transition, string> = {
  acknowledge: 'acknowledged',
  dispatch: 'dispatched',
  resolve: 'resolved',
  close: 'closed',
};
const OPERATORS = ['ioc_operator', 'city_admin'] as const;

type AlertRow = {
  id: string;
  rule_id: string | null;
  entity_id: string;
  entity_type: string;
  unit_id: string | null;
  agency_id: string;
  severity: string;
  value: Record<string, unknown>;
  sent_at: Date;
  cleared_at: Date | null;
  cap: CapAlert;
  incident_id: string;
  incident_state: IncidentState;
};
type IncidentRow = {
  id: string;
  alert_id: string;
  state: IncidentState;
  unit_id: string | null;
  agency_id: string;
  deadline: Date | null;
  note: string | null;
  opened_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  dispatched_at: Date | null;
  dispatched_by: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  headline_vi: string;
  headline_en: string;
  severity: string;
  response_minutes: number | null;
};

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function toAlert(row: AlertRow) {
  return {
    id: row.id,
    ruleId: row.rule_id,
    entityId: row.entity_id,
    entityType: compactTerm(row.entity_type),
    unitId: row.unit_id,
    agencyId: row.agency_id,
    severity: row.severity,
    value: row.value,
    sentAt: iso(row.sent_at) as string,
    clearedAt: iso(row.cleared_at),
    active: row.cleared_at === null,
    incident: { id: row.incident_id, state: row.incident_state },
    cap: row.cap,
  };
}

function toIncident(row: IncidentRow, now: Date) {
  return {
    id: row.id,
    alertId: row.alert_id,
    state: row.state,
    headline: { vi: row.headline_vi, en: row.headline_en },
    severity: row.severity,
    unitId: row.unit_id,
    agencyId: row.agency_id,
    deadline: iso(row.deadline),
    overdue:
      row.deadline !== null &&
      (row.state === 'dispatched' || row.state === 'acknowledged') &&
      new Date(row.deadline).getTime() < now.getTime(),
    note: row.note,
    openedAt: iso(row.opened_at) as string,
    acknowledgedAt: iso(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by,
    dispatchedAt: iso(row.dispatched_at),
    dispatchedBy: row.dispatched_by,
    resolvedAt: iso(row.resolved_at),
    resolvedBy: row.resolved_by,
    closedAt: iso(row.closed_at),
    closedBy: row.closed_by,
  };
}

export type AlertsQuery = {
  active?: boolean;
  severity?: string;
  type?: string;
  unitId?: string;
  limit: number;
  offset: number;
};

/** Entity types whose alerts the public feed carries: floods and air quality. */
export const PUBLIC_TYPES = ['FloodMonitoring', 'AirQualityObserved'].map(expandTerm);

export function createIncidentsService(deps: {
  // biome-ignore lint/suspicious/noExplicitAny: urban tables through raw SQL.
  db: Kysely<any>;
  audit: AuditLog;
  clock: Clock;
  org: OrgService;
  notices: AgencyNotices;
}) {
  const { db, audit, clock } = deps;

  const incidentSelect = sql`
    select i.*, a.cap -> 'info' -> 0 ->> 'headline' as headline_vi, a.cap -> 'info' -> 1 ->> 'headline' as headline_en,
      a.severity, r.response_minutes
    from urban.incidents i join urban.alerts a on a.id = i.alert_id
    left join urban.alert_rules r on r.id = a.rule_id`;

  async function incidentRow(id: string, executor: Kysely<unknown> = db): Promise<IncidentRow> {
    const { rows } = await sql<IncidentRow>`${incidentSelect} where i.id = ${id}`.execute(executor);
    if (!rows[0]) throw notFound({ vi: `sự cố ${id}`, en: `Incident ${id}` });
    return rows[0];
  }

  async function alerts(where: ReturnType<typeof sql>, limit: number, offset: number) {
    const { rows } = await sql<AlertRow>`
      select a.*, i.id as incident_id, i.state as incident_state
      from urban.alerts a join urban.incidents i on i.alert_id = a.id
      where ${where} order by a.sent_at desc, a.id limit ${limit} offset ${offset}`.execute(db);
    return rows;
  }

  return {
    async listAlerts(actor: Actor, query: AlertsQuery) {
      requireRole(actor.principal, [...OPERATORS], query.unitId ?? CITY_UNIT_ID);
      const conditions = [sql`true`];
      if (query.active !== undefined)
        conditions.push(query.active ? sql`a.cleared_at is null` : sql`a.cleared_at is not null`);
      if (query.severity) conditions.push(sql`a.severity = ${query.severity}`);
      if (query.type) conditions.push(sql`a.entity_type = ${expandTerm(query.type)}`);
      if (query.unitId) conditions.push(sql`a.unit_id = ${query.unitId}`);
      const rows = await alerts(sql.join(conditions, sql` and `), query.limit, query.offset);
      return { items: rows.map(toAlert) };
    },

    async alert(id: string) {
      const rows = await alerts(sql`a.id = ${id}`, 1, 0);
      if (!rows[0]) throw notFound({ vi: `cảnh báo ${id}`, en: `Alert ${id}` });
      return rows[0];
    },

    /**
     * Flood and air-quality alerts for the public feeds (no personal data in them): the current ones
     * and those cleared since `clearedSince` (served as CAP Cancel messages).
     */
    async publicAlerts(clearedSince: Date, limit = 100) {
      return alerts(
        sql`(a.cleared_at is null or a.cleared_at > ${clearedSince}) and a.entity_type in (${sql.join(PUBLIC_TYPES)})`,
        limit,
        0,
      );
    },

    async board(actor: Actor, query: { state?: IncidentState; unitId?: string }) {
      requireRole(actor.principal, [...OPERATORS], query.unitId ?? CITY_UNIT_ID);
      const conditions = [sql`true`];
      if (query.state) conditions.push(sql`i.state = ${query.state}`);
      if (query.unitId) conditions.push(sql`i.unit_id = ${query.unitId}`);
      const { rows } = await sql<IncidentRow>`
        ${incidentSelect} where ${sql.join(conditions, sql` and `)} order by i.opened_at desc limit 500`.execute(
        db,
      );
      const now = clock.now();
      const items = rows.map((row) => toIncident(row, now));
      const columns = Object.fromEntries(
        incidentStates.map((state) => [state, items.filter((item) => item.state === state)]),
      );
      return { columns };
    },

    async incident(actor: Actor, id: string) {
      const row = await incidentRow(id);
      requireRole(actor.principal, [...OPERATORS], row.unit_id ?? CITY_UNIT_ID);
      return toIncident(row, clock.now());
    },

    async transition(
      actor: Actor,
      id: string,
      step: Transition,
      input: { agencyId?: string; note?: string },
    ) {
      const current = await incidentRow(id);
      requireRole(actor.principal, [...OPERATORS], current.unit_id ?? CITY_UNIT_ID);
      const who = actor.principal.kind === 'official' ? actor.principal.username : null;
      const agencyId = step === 'dispatch' ? (input.agencyId ?? current.agency_id) : current.agency_id;
      if (step === 'dispatch' && !(await deps.org.unitExists(agencyId, clock.today())))
        throw new AppError('unprocessable', {
          vi: `Cơ quan ${agencyId} không có hoặc đã hết hiệu lực.`,
          en: `Agency ${agencyId} does not exist or is no longer valid.`,
        });
      const { from, to } = steps[step];
      const now = clock.now();
      const people = step === 'dispatch' ? await deps.notices.recipients(agencyId) : [];
      const row = await db.transaction().execute(async (trx) => {
        const locked = await sql<{ state: IncidentState }>`
          select state from urban.incidents where id = ${id} for update`.execute(trx);
        if (locked.rows[0]?.state !== from)
          throw new AppError('conflict', {
            vi: `Sự cố đang ở trạng thái “${locked.rows[0]?.state}”, không thể chuyển sang “${to}”.`,
            en: `The incident is “${locked.rows[0]?.state}”; it cannot move to “${to}”.`,
          });
        const deadline =
          step === 'dispatch' ? new Date(now.getTime() + (current.response_minutes ?? 60) * 60_000) : null;
        await sql`
          update urban.incidents set state = ${to}, modified_at = ${now},
            ${sql.ref(`${stamps[step]}_at`)} = ${now}, ${sql.ref(`${stamps[step]}_by`)} = ${who},
            agency_id = ${agencyId},
            deadline = ${step === 'dispatch' ? deadline : sql`deadline`},
            note = ${input.note ?? sql`note`}
          where id = ${id}`.execute(trx);
        let notified: number | null = null;
        if (step === 'dispatch')
          notified = await deps.notices.send(trx, people, {
            topic: 'urban.incident.dispatch',
            subject: {
              vi: `Giao xử lý sự cố: ${current.headline_vi}`,
              en: `Incident dispatched to you: ${current.headline_en}`,
            },
            body: {
              vi: `Trung tâm điều hành giao cơ quan xử lý sự cố “${current.headline_vi}”, hạn phản hồi ${deadline!.toISOString()}. Mã sự cố: ${id}.`,
              en: `The operations centre dispatched the incident “${current.headline_en}” to your agency; respond by ${deadline!.toISOString()}. Incident id: ${id}.`,
            },
          });
        await audit.record(trx, {
          actor,
          agencyId,
          action: `urban.incident.${step}`,
          objectType: 'urban.incident',
          objectId: id,
          before: { state: from, agencyId: current.agency_id },
          after: { state: to, agencyId, ...(deadline ? { deadline: deadline.toISOString() } : {}) },
          details: { alertId: current.alert_id, ...(notified === null ? {} : { notified }) },
        });
        return incidentRow(id, trx as unknown as Kysely<unknown>);
      });
      return toIncident(row, now);
    },
  };
}

export type IncidentsService = ReturnType<typeof createIncidentsService>;
