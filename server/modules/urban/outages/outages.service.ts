import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import { type Actor, type Role, requireRole } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { OrgService } from '../../org/index.ts';
import { type OutageInput, type OutageRow, outageInput, type PublicOutagesQuery } from './outages.schema.ts';

/** Who writes notices, for the notice's department (a holder at the city reaches every department). */
export const OUTAGE_WRITERS: Role[] = ['agency_admin', 'ioc_operator', 'city_admin'];
const PLACES = new Set(['ward', 'commune']);
const AGENCIES = new Set(['city', 'department', 'agency']);

type Names = Map<string, { vi: string; en: string }>;

const iso = (value: Date | string) => new Date(value).toISOString();

function stateOf(row: OutageRow, now: Date): 'current' | 'upcoming' | 'ended' | 'cancelled' {
  if (row.status === 'cancelled') return 'cancelled';
  if (new Date(row.ends_at) <= now) return 'ended';
  return new Date(row.starts_at) <= now ? 'current' : 'upcoming';
}

export function toNotice(row: OutageRow, now: Date, names: Names) {
  return {
    id: row.id,
    service: row.service,
    kind: row.kind,
    unitId: row.unit_id,
    unitName: names.get(row.unit_id) ?? { vi: row.unit_id, en: row.unit_id },
    areaVi: row.area_vi,
    areaEn: row.area_en,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    reasonVi: row.reason_vi,
    reasonEn: row.reason_en,
    utility: row.utility,
    agencyId: row.agency_id,
    agencyName: names.get(row.agency_id) ?? { vi: row.agency_id, en: row.agency_id },
    state: stateOf(row, now),
    simulated: row.simulated,
    modifiedAt: iso(row.modified_at),
  };
}
export type OutageNotice = ReturnType<typeof toNotice>;

function invalid(issues: { path: PropertyKey[]; message: string }[]) {
  return new AppError(
    'validation_failed',
    { vi: 'Thông báo mất điện, nước không hợp lệ.', en: 'The outage notice is not valid.' },
    {
      fields: issues.map((issue) => {
        const [vi, en] = issue.message.split(' / ');
        return { path: issue.path.join('.'), message: { vi: vi ?? issue.message, en: en ?? issue.message } };
      }),
    },
  );
}

/**
 * Outage notices: written by officials of the responsible department (or city-level holders),
 * each write audited in its transaction; read by anyone (active notices that have not ended).
 */
export function createOutagesService(deps: {
  // biome-ignore lint/suspicious/noExplicitAny: urban tables through raw SQL.
  db: Kysely<any>;
  audit: AuditLog;
  clock: Clock;
  org: OrgService;
}) {
  const { db, audit, clock, org } = deps;

  /** Names of wards, communes and agencies, for answers (reference data: read per call). */
  async function names(): Promise<Names> {
    const units = await org.units({});
    return new Map(units.map((unit) => [unit.id, { vi: unit.nameVi, en: unit.nameEn }]));
  }

  async function requireRow(id: string): Promise<OutageRow> {
    const { rows } = await sql<OutageRow>`select * from urban.outage_notices where id = ${id}`.execute(db);
    if (!rows[0]) throw notFound({ vi: `thông báo ${id}`, en: `Notice ${id}` });
    return rows[0];
  }

  async function validated(raw: OutageInput) {
    const parsed = outageInput.safeParse(raw);
    if (!parsed.success) throw invalid(parsed.error.issues);
    const input = parsed.data;
    const today = clock.today();
    for (const [id, kinds, what] of [
      [input.unitId, PLACES, { vi: 'Phường, xã', en: 'Ward or commune' }],
      [input.agencyId, AGENCIES, { vi: 'Cơ quan chịu trách nhiệm', en: 'Responsible agency' }],
    ] as const) {
      const unit = (await org.unitExists(id, today)) ? await org.unit(id) : null;
      if (!unit || !kinds.has(unit.kind))
        throw new AppError('unprocessable', {
          vi: `${what.vi} ${id} không có hoặc không phù hợp (cần ${[...kinds].join(', ')} đang hiệu lực).`,
          en: `${what.en} ${id} does not exist or does not fit (needs a current ${[...kinds].join(', ')}).`,
        });
    }
    return input;
  }

  const by = (actor: Actor) =>
    actor.principal.kind === 'official' ? actor.principal.username : (actor.system ?? null);

  return {
    async create(actor: Actor, raw: OutageInput, options: { simulated?: boolean } = {}) {
      const input = await validated(raw);
      requireRole(actor.principal, OUTAGE_WRITERS, input.agencyId);
      const now = clock.now();
      const id = randomUUID();
      const lookup = await names();
      const row = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<OutageRow>`
          insert into urban.outage_notices (id, service, kind, unit_id, area_vi, area_en, starts_at, ends_at,
            reason_vi, reason_en, utility, agency_id, status, simulated, created_by, created_at, modified_at)
          values (${id}, ${input.service}, ${input.kind}, ${input.unitId}, ${input.areaVi}, ${input.areaEn},
            ${input.startsAt}::timestamptz, ${input.endsAt}::timestamptz, ${input.reasonVi}, ${input.reasonEn},
            ${input.utility}, ${input.agencyId}, 'active', ${options.simulated ?? false}, ${by(actor)}, ${now}, ${now})
          returning *`.execute(trx);
        const created = rows[0] as OutageRow;
        await audit.record(trx, {
          actor,
          agencyId: input.agencyId,
          action: 'urban.outage.create',
          objectType: 'urban.outage',
          objectId: id,
          after: toNotice(created, now, lookup),
        });
        return created;
      });
      return toNotice(row, now, lookup);
    },

    async update(actor: Actor, id: string, raw: OutageInput) {
      const before = await requireRow(id);
      requireRole(actor.principal, OUTAGE_WRITERS, before.agency_id);
      const input = await validated(raw);
      requireRole(actor.principal, OUTAGE_WRITERS, input.agencyId);
      if (before.status === 'cancelled')
        throw new AppError('conflict', {
          vi: 'Thông báo đã hủy, không sửa được.',
          en: 'The notice was cancelled and cannot be changed.',
        });
      const now = clock.now();
      const lookup = await names();
      const row = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<OutageRow>`
          update urban.outage_notices set service = ${input.service}, kind = ${input.kind}, unit_id = ${input.unitId},
            area_vi = ${input.areaVi}, area_en = ${input.areaEn}, starts_at = ${input.startsAt}::timestamptz,
            ends_at = ${input.endsAt}::timestamptz, reason_vi = ${input.reasonVi}, reason_en = ${input.reasonEn},
            utility = ${input.utility}, agency_id = ${input.agencyId}, modified_at = ${now}
          where id = ${id} and status = 'active' returning *`.execute(trx);
        const after = rows[0];
        if (!after)
          throw new AppError('conflict', {
            vi: 'Thông báo vừa bị hủy, không sửa được.',
            en: 'The notice was just cancelled and cannot be changed.',
          });
        await audit.record(trx, {
          actor,
          agencyId: input.agencyId,
          action: 'urban.outage.update',
          objectType: 'urban.outage',
          objectId: id,
          before: toNotice(before, now, lookup),
          after: toNotice(after, now, lookup),
        });
        return after;
      });
      return toNotice(row, now, lookup);
    },

    /** Withdraws a notice (kept on record, no longer public). */
    async cancel(actor: Actor, id: string) {
      const before = await requireRow(id);
      requireRole(actor.principal, OUTAGE_WRITERS, before.agency_id);
      const now = clock.now();
      const lookup = await names();
      const row = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<OutageRow>`
          update urban.outage_notices set status = 'cancelled', modified_at = ${now}
          where id = ${id} and status = 'active' returning *`.execute(trx);
        const after = rows[0];
        if (!after)
          throw new AppError('conflict', {
            vi: 'Thông báo đã hủy trước đó.',
            en: 'The notice was already cancelled.',
          });
        await audit.record(trx, {
          actor,
          agencyId: before.agency_id,
          action: 'urban.outage.cancel',
          objectType: 'urban.outage',
          objectId: id,
          before: { status: before.status },
          after: { status: 'cancelled' },
        });
        return after;
      });
      return toNotice(row, now, lookup);
    },

    /** Active notices that have not ended, soonest first: current, upcoming, or both. */
    async listPublic(query: PublicOutagesQuery) {
      const now = clock.now();
      const filters = [sql`status = 'active'`, sql`ends_at > ${now}`];
      if (query.when === 'current') filters.push(sql`starts_at <= ${now}`);
      if (query.when === 'upcoming') filters.push(sql`starts_at > ${now}`);
      if (query.unitId) filters.push(sql`unit_id = ${query.unitId}`);
      if (query.service) filters.push(sql`service = ${query.service}`);
      const where = sql.join(filters, sql` and `);
      const [page, count, lookup] = await Promise.all([
        sql<OutageRow>`select * from urban.outage_notices where ${where}
          order by starts_at, ends_at, id limit ${query.limit} offset ${query.offset}`.execute(db),
        sql<{
          total: number;
        }>`select count(*)::int as total from urban.outage_notices where ${where}`.execute(db),
        names(),
      ]);
      return {
        items: page.rows.map((row) => toNotice(row, now, lookup)),
        total: count.rows[0]?.total ?? 0,
        limit: query.limit,
        offset: query.offset,
        simulated: page.rows.some((row) => row.simulated),
      };
    },

    /** One notice, as the public sees it (cancelled ones are not public). */
    async getPublic(id: string) {
      const row = await requireRow(id);
      if (row.status === 'cancelled') throw notFound({ vi: `thông báo ${id}`, en: `Notice ${id}` });
      return toNotice(row, clock.now(), await names());
    },

    /** Is there a simulated notice still to show? (the demo seed adds fresh ones when not) */
    async hasLiveDemo(): Promise<boolean> {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from urban.outage_notices
        where simulated and status = 'active' and ends_at > ${clock.now()}`.execute(db);
      return (rows[0]?.n ?? 0) > 0;
    },
  };
}

export type OutagesService = ReturnType<typeof createOutagesService>;
