import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors.ts';
import { type PilotDeps, REGISTRY_ROLES, requireAgency, requireScope, requireWard } from './common.ts';

/**
 * Social-security pilot: when and where each ward pays each benefit, and how many beneficiaries a
 * ward has per benefit and month. Aggregates only — the module never stores or shows a person —
 * and a count below SUPPRESS_BELOW is shown as suppressed, so that no household can be singled out.
 */
export const benefits = {
  social_allowance: { vi: 'Trợ cấp xã hội hằng tháng', en: 'Monthly social allowance' },
  elderly: { vi: 'Trợ cấp người cao tuổi', en: 'Elderly allowance' },
  disability: { vi: 'Trợ cấp người khuyết tật', en: 'Disability allowance' },
  merit: { vi: 'Trợ cấp ưu đãi người có công', en: 'Allowance for people with meritorious service' },
  orphan: { vi: 'Trợ cấp trẻ em mồ côi', en: 'Allowance for orphaned children' },
} as const;
export type Benefit = keyof typeof benefits;
export const benefitCodes = Object.keys(benefits) as [Benefit, ...Benefit[]];
export const SUPPRESS_BELOW = 5;
export const SUPPRESSION_NOTE = {
  vi: `Số dưới ${SUPPRESS_BELOW} được ẩn (ghi “<${SUPPRESS_BELOW}”) để không thể nhận ra người hưởng; không có tổng theo phường vì tổng sẽ làm lộ số bị ẩn.`,
  en: `Counts below ${SUPPRESS_BELOW} are suppressed (shown as “<${SUPPRESS_BELOW}”) so no beneficiary can be singled out; there are no ward totals, which would reveal suppressed cells.`,
};
export const ALLOWANCE_PROCEDURE = {
  code: 'tro-cap-xa-hoi-hang-thang',
  name: { vi: 'Trợ cấp xã hội hằng tháng', en: 'Monthly social allowance' },
  url: '/dich-vu-cong/tro-cap-xa-hoi-hang-thang',
};

type ScheduleRow = {
  id: string;
  unit_id: string;
  agency_id: string;
  benefit: Benefit;
  pay_date: string;
  from_time: string;
  to_time: string;
  place: string;
  note: string | null;
  demo: boolean;
};
type CountRow = { unit_id: string; benefit: Benefit; period: string; count: number; demo: boolean };

const toSchedule = (row: ScheduleRow) => ({
  id: row.id,
  unitId: row.unit_id,
  agencyId: row.agency_id,
  benefit: row.benefit,
  benefitName: benefits[row.benefit],
  payDate: row.pay_date,
  fromTime: row.from_time,
  toTime: row.to_time,
  place: row.place,
  note: row.note,
  demo: row.demo,
});

/** A count as the public sees it: the number, or `null` with `suppressed` when below the threshold. */
export function publicCount(count: number) {
  return count < SUPPRESS_BELOW ? { count: null, suppressed: true } : { count, suppressed: false };
}

const toCount = (row: CountRow) => ({
  unitId: row.unit_id,
  benefit: row.benefit,
  benefitName: benefits[row.benefit],
  period: row.period,
  ...publicCount(row.count),
  demo: row.demo,
});

export function createSocialService(deps: PilotDeps) {
  const { db, audit, clock, org } = deps;

  return {
    benefits: () => benefitCodes.map((code) => ({ code, name: benefits[code] })),

    /** Payment schedules from `from` (default today) on. */
    async schedules(query: {
      unitId?: string;
      benefit?: Benefit;
      from?: string;
      to?: string;
      limit: number;
      offset: number;
    }) {
      const where = [sql`pay_date >= ${query.from ?? clock.today()}`];
      if (query.to) where.push(sql`pay_date <= ${query.to}`);
      if (query.unitId) where.push(sql`unit_id = ${query.unitId}`);
      if (query.benefit) where.push(sql`benefit = ${query.benefit}`);
      const condition = sql.join(where, sql` and `);
      const [{ rows }, total] = await Promise.all([
        sql<ScheduleRow>`select * from pilots.payment_schedules where ${condition}
          order by pay_date, from_time, unit_id, id limit ${query.limit} offset ${query.offset}`.execute(db),
        sql<{
          n: number;
        }>`select count(*)::int as n from pilots.payment_schedules where ${condition}`.execute(db),
      ]);
      return { total: total.rows[0]?.n ?? 0, items: rows.map(toSchedule), procedure: ALLOWANCE_PROCEDURE };
    },

    /** Beneficiary counts per ward, benefit and month (latest month when none is asked), suppressed below 5. */
    async counts(query: {
      unitId?: string;
      benefit?: Benefit;
      period?: string;
      limit: number;
      offset: number;
    }) {
      const period =
        query.period ??
        (await sql<{ p: string | null }>`select max(period) as p from pilots.beneficiary_counts`.execute(db))
          .rows[0]?.p ??
        null;
      const where = [sql`period = ${period ?? ''}`];
      if (query.unitId) where.push(sql`unit_id = ${query.unitId}`);
      if (query.benefit) where.push(sql`benefit = ${query.benefit}`);
      const condition = sql.join(where, sql` and `);
      const [{ rows }, total] = await Promise.all([
        sql<CountRow>`select unit_id, benefit, period, count, demo from pilots.beneficiary_counts where ${condition}
          order by unit_id, benefit limit ${query.limit} offset ${query.offset}`.execute(db),
        sql<{
          n: number;
        }>`select count(*)::int as n from pilots.beneficiary_counts where ${condition}`.execute(db),
      ]);
      return {
        period,
        total: total.rows[0]?.n ?? 0,
        items: rows.map(toCount),
        suppression: SUPPRESSION_NOTE,
      };
    },

    async createSchedule(
      actor: Actor,
      input: {
        unitId: string;
        agencyId?: string;
        benefit: Benefit;
        payDate: string;
        fromTime: string;
        toTime: string;
        place: string;
        note?: string;
      },
    ) {
      const agencyId = input.agencyId ?? input.unitId;
      requireScope(actor, REGISTRY_ROLES, { agencyId, unitId: input.unitId });
      const today = clock.today();
      await requireWard(org, input.unitId, today);
      await requireAgency(org, agencyId, today);
      if (input.toTime <= input.fromTime)
        throw new AppError('unprocessable', {
          vi: 'Giờ kết thúc phải sau giờ bắt đầu.',
          en: 'The end time must be after the start time.',
        });
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        await sql`insert into pilots.payment_schedules (id, unit_id, agency_id, benefit, pay_date, from_time, to_time, place, note, demo, created_at)
          values (${id}, ${input.unitId}, ${agencyId}, ${input.benefit}, ${input.payDate}, ${input.fromTime},
            ${input.toTime}, ${input.place}, ${input.note ?? null}, false, ${clock.now()})`.execute(trx);
        await audit.record(trx, {
          actor,
          agencyId,
          action: 'pilots.payment_schedule.create',
          objectType: 'pilots.payment_schedule',
          objectId: id,
          after: input,
        });
      });
      const { rows } =
        await sql<ScheduleRow>`select * from pilots.payment_schedules where id = ${id}`.execute(db);
      return toSchedule(rows[0]!);
    },

    /** Sets one aggregate count (ward, benefit, month); the answer is what the public sees. */
    async setCount(
      actor: Actor,
      input: { unitId: string; agencyId?: string; benefit: Benefit; period: string; count: number },
    ) {
      const agencyId = input.agencyId ?? input.unitId;
      requireScope(actor, REGISTRY_ROLES, { agencyId, unitId: input.unitId });
      const today = clock.today();
      await requireWard(org, input.unitId, today);
      await requireAgency(org, agencyId, today);
      const now = clock.now();
      const key = `${input.unitId}/${input.benefit}/${input.period}`;
      await db.transaction().execute(async (trx) => {
        const before = await sql<{ count: number }>`select count from pilots.beneficiary_counts
          where unit_id = ${input.unitId} and benefit = ${input.benefit} and period = ${input.period} for update`.execute(
          trx,
        );
        await sql`insert into pilots.beneficiary_counts (unit_id, benefit, period, count, agency_id, demo, modified_at)
          values (${input.unitId}, ${input.benefit}, ${input.period}, ${input.count}, ${agencyId}, false, ${now})
          on conflict (unit_id, benefit, period) do update set count = excluded.count,
            agency_id = excluded.agency_id, demo = false, modified_at = excluded.modified_at`.execute(trx);
        await audit.record(trx, {
          actor,
          agencyId,
          action: 'pilots.beneficiary_count.set',
          objectType: 'pilots.beneficiary_count',
          objectId: key,
          before: before.rows[0] ?? null,
          after: { count: input.count },
        });
      });
      return toCount({
        unit_id: input.unitId,
        benefit: input.benefit,
        period: input.period,
        count: input.count,
        demo: false,
      });
    },

    /** Open-data aggregate: beneficiaries per ward, benefit and month, suppressed below the threshold. */
    async aggregate() {
      const { rows } =
        await sql<CountRow>`select unit_id, benefit, period, count, demo from pilots.beneficiary_counts
        order by period, unit_id, benefit`.execute(db);
      return rows.map(toCount);
    },
  };
}

export type SocialService = ReturnType<typeof createSocialService>;
