import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor, Role } from '../../platform/auth/principal.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { iso, type PilotDeps, REGISTRY_ROLES, requireAgency, requireScope, requireWard } from './common.ts';

/**
 * Health pilot: commune health stations and their load today — visits so far against the daily
 * capacity, and people waiting now — from the stations' own reports (officials' reports, not sensors).
 */
/** Who reports a station's load: its reporters as well as those who keep the register. */
export const REPORTER_ROLES: Role[] = ['agency_reporter', ...REGISTRY_ROLES];

type StationRow = {
  id: string;
  name: string;
  address: string;
  unit_id: string;
  agency_id: string;
  capacity_per_day: number;
  demo: boolean;
  reported_at: Date | null;
  visits_today: number | null;
  waiting: number | null;
  report_demo: boolean | null;
};

/** Midnight in Hanoi (UTC+7, no daylight saving) of a date. */
const startOfDay = (date: string) => new Date(`${date}T00:00:00+07:00`);

function toStation(row: StationRow) {
  const report =
    row.reported_at === null
      ? null
      : {
          reportedAt: iso(row.reported_at),
          visitsToday: row.visits_today!,
          waiting: row.waiting!,
          loadPct: Math.round((row.visits_today! / row.capacity_per_day) * 100),
          demo: row.report_demo ?? false,
        };
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    unitId: row.unit_id,
    agencyId: row.agency_id,
    capacityPerDay: row.capacity_per_day,
    demo: row.demo,
    today: report,
    level:
      report === null ? 'unknown' : report.loadPct >= 90 ? 'high' : report.loadPct >= 60 ? 'medium' : 'low',
  };
}

export function createHealthService(deps: PilotDeps) {
  const { db, audit, clock, org } = deps;

  // Each station with its newest report of today (none: no report yet today).
  const stationSelect = (since: Date) => sql`
    select s.*, r.reported_at, r.visits_today, r.waiting, r.demo as report_demo
    from pilots.stations s
    left join lateral (select * from pilots.station_reports where station_id = s.id and reported_at >= ${since}
      order by reported_at desc limit 1) r on true`;

  async function stationRow(id: string) {
    const { rows } =
      await sql<StationRow>`${stationSelect(startOfDay(clock.today()))} where s.id = ${id}`.execute(db);
    if (!rows[0]) throw notFound({ vi: `trạm y tế ${id}`, en: `Health station ${id}` });
    return rows[0];
  }

  const service = {
    async stations(query: { unitId?: string; limit: number; offset: number }) {
      const where = query.unitId ? sql`s.unit_id = ${query.unitId}` : sql`true`;
      const [{ rows }, total] = await Promise.all([
        sql<StationRow>`${stationSelect(startOfDay(clock.today()))} where ${where}
          order by s.name, s.id limit ${query.limit} offset ${query.offset}`.execute(db),
        sql<{ n: number }>`select count(*)::int as n from pilots.stations s where ${where}`.execute(db),
      ]);
      return { date: clock.today(), total: total.rows[0]?.n ?? 0, items: rows.map(toStation) };
    },

    async station(id: string) {
      return toStation(await stationRow(id));
    },

    async createStation(
      actor: Actor,
      input: {
        id: string;
        name: string;
        address: string;
        unitId: string;
        agencyId?: string;
        capacityPerDay: number;
      },
    ) {
      const agencyId = input.agencyId ?? input.unitId;
      requireScope(actor, REGISTRY_ROLES, { agencyId, unitId: input.unitId });
      const today = clock.today();
      await requireWard(org, input.unitId, today);
      await requireAgency(org, agencyId, today);
      await db.transaction().execute(async (trx) => {
        const taken = await sql`select 1 from pilots.stations where id = ${input.id}`.execute(trx);
        if (taken.rows.length > 0)
          throw conflict({ vi: `Trạm ${input.id} đã có.`, en: `Station ${input.id} already exists.` });
        await sql`insert into pilots.stations (id, name, address, unit_id, agency_id, capacity_per_day, demo, created_at)
          values (${input.id}, ${input.name}, ${input.address}, ${input.unitId}, ${agencyId}, ${input.capacityPerDay},
            false, ${clock.now()})`.execute(trx);
        await audit.record(trx, {
          actor,
          agencyId,
          action: 'pilots.station.create',
          objectType: 'pilots.station',
          objectId: input.id,
          after: input,
        });
      });
      return service.station(input.id);
    },

    /** A station's load now: visits so far today and people waiting. */
    async report(actor: Actor, stationId: string, input: { visitsToday: number; waiting: number }) {
      const row = await stationRow(stationId);
      requireScope(actor, REPORTER_ROLES, { agencyId: row.agency_id, unitId: row.unit_id });
      if (row.visits_today !== null && input.visitsToday < row.visits_today)
        throw new AppError('unprocessable', {
          vi: `Số lượt khám hôm nay không thể giảm (đã báo ${row.visits_today}).`,
          en: `Today's visits cannot go down (${row.visits_today} already reported).`,
        });
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        await sql`insert into pilots.station_reports (id, station_id, reported_at, visits_today, waiting, reported_by, demo)
          values (${id}, ${stationId}, ${clock.now()}, ${input.visitsToday}, ${input.waiting},
            ${actor.principal.kind === 'official' ? actor.principal.username : null}, false)`.execute(trx);
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          action: 'pilots.station.report',
          objectType: 'pilots.station',
          objectId: stationId,
          after: input,
        });
      });
      return service.station(stationId);
    },

    /** Open-data aggregate: each station's capacity and today's latest load. */
    async aggregate() {
      const { items } = await service.stations({ limit: 10_000, offset: 0 });
      return items;
    },
  };
  return service;
}

export type HealthService = ReturnType<typeof createHealthService>;
