import { sql } from 'kysely';
import type { Database } from '../../../platform/db/database.ts';
import type { ComputedSource } from '../../../platform/kpi.ts';
import type { Period } from '../../../platform/period.ts';

/**
 * KPIs measured from dossiers, for Plan 239 targets G03, G04, G20, G21 and G27. Each figure covers
 * the dossiers of the period (Hanoi dates, end exclusive) and carries its statement.
 */
export const FULLY_ONLINE_SHARE = 'services.dossiers_fully_online_share';
export const PREFILLED_SHARE = 'services.dossiers_prefilled_share';
export const ON_TIME_ELECTRONIC_SHARE = 'services.results_on_time_electronic_share';
export const RECEIVED_ONLINE_SHARE = 'services.dossiers_received_online_share';
export const SATISFACTION_SHARE = 'services.satisfaction_share';

/** Which Plan 239 target each source measures. */
export const dossierKpiTargets: Record<string, string> = {
  G03: FULLY_ONLINE_SHARE,
  G04: PREFILLED_SHARE,
  G20: ON_TIME_ELECTRONIC_SHARE,
  G21: RECEIVED_ONLINE_SHARE,
  G27: SATISFACTION_SHARE,
};

const bounds = (period: Period) => ({
  from: new Date(`${period.start}T00:00:00+07:00`),
  to: new Date(`${period.end}T00:00:00+07:00`),
});

type Ratio = { numerator: number; denominator: number; demo: boolean };

export function dossierKpiSources(database: Database): ComputedSource[] {
  const ratio = async (period: Period, statement: string, run: (from: Date, to: Date) => Promise<Ratio>) => {
    const { from, to } = bounds(period);
    const r = await run(from, to);
    return {
      value: r.denominator ? (r.numerator / r.denominator) * 100 : null,
      numerator: r.numerator,
      denominator: r.denominator,
      demo: r.demo,
      query: `${statement}\n-- $1 = ${from.toISOString()}, $2 = ${to.toISOString()}`,
    };
  };
  const one = async (query: ReturnType<typeof sql<Ratio>>) => {
    const row = (await query.execute(database.db)).rows[0];
    return {
      numerator: Number(row?.numerator ?? 0),
      denominator: Number(row?.denominator ?? 0),
      demo: Boolean(row?.demo),
    };
  };
  const source = (
    name: string,
    label: { vi: string; en: string },
    description: { vi: string; en: string },
    statement: string,
    build: (from: Date, to: Date) => ReturnType<typeof sql<Ratio>>,
  ): ComputedSource => ({
    name,
    label,
    description,
    unit: '%',
    scope: 'city',
    compute: (period) => ratio(period, statement, (from, to) => one(build(from, to))),
  });

  return [
    source(
      FULLY_ONLINE_SHARE,
      { vi: 'Tỷ lệ hồ sơ xử lý hoàn toàn trực tuyến', en: 'Share of dossiers processed fully online' },
      {
        vi: 'Hồ sơ nộp trực tuyến của thủ tục trực tuyến toàn trình (trừ hồ sơ bị từ chối, rút) ÷ mọi hồ sơ nộp trong kỳ.',
        en: 'Dossiers filed online for full-process online procedures (refused and withdrawn excluded) ÷ all dossiers filed in the period.',
      },
      `select count(*) filter (where channel = 'online' and online_level = 'full' and state not in ('refused','withdrawn')) as numerator, count(*) as denominator, bool_or(demo) as demo from services.dossiers where submitted_at >= $1 and submitted_at < $2`,
      (from, to) =>
        sql<Ratio>`select count(*) filter (where channel = 'online' and online_level = 'full' and state not in ('refused','withdrawn')) as numerator, count(*) as denominator, coalesce(bool_or(demo), false) as demo from services.dossiers where submitted_at >= ${from} and submitted_at < ${to}`,
    ),
    source(
      PREFILLED_SHARE,
      {
        vi: 'Tỷ lệ hồ sơ trực tuyến được điền sẵn dữ liệu',
        en: 'Share of online dossiers pre-filled with data',
      },
      {
        vi: 'Hồ sơ trực tuyến có ít nhất một trường lấy từ dữ liệu đã cung cấp (qua trao đổi dữ liệu, có đồng ý) ÷ hồ sơ trực tuyến trong kỳ. Đo theo hồ sơ, thay cho tỷ lệ dịch vụ.',
        en: 'Online dossiers with at least one field taken from data supplied before (through the exchange, under consent) ÷ online dossiers of the period. Measured per dossier, as a proxy for the share of services.',
      },
      `select count(*) filter (where exists (select 1 from jsonb_each(provenance) p where p.value->>'source' in ('exchange','earlier-dossier'))) as numerator, count(*) as denominator from services.dossiers where channel = 'online' and submitted_at >= $1 and submitted_at < $2`,
      (from, to) =>
        sql<Ratio>`select count(*) filter (where exists (select 1 from jsonb_each(provenance) p where p.value->>'source' in ('exchange','earlier-dossier'))) as numerator, count(*) as denominator, coalesce(bool_or(demo), false) as demo from services.dossiers where channel = 'online' and submitted_at >= ${from} and submitted_at < ${to}`,
    ),
    source(
      ON_TIME_ELECTRONIC_SHARE,
      {
        vi: 'Tỷ lệ kết quả trả đúng hoặc trước hạn, có bản điện tử',
        en: 'Results on time or early, with an electronic copy',
      },
      {
        vi: 'Hồ sơ có kết quả điện tử được cấp trong kỳ, ngày quyết định không muộn hơn ngày hẹn ÷ hồ sơ đã quyết định (phê duyệt, không giải quyết) trong kỳ.',
        en: 'Dossiers with an electronic result, decided no later than the due date ÷ dossiers decided (approved or denied) in the period.',
      },
      `select count(*) filter (where result_id is not null and ((decided_at + interval '7 hours') at time zone 'UTC')::date <= due_date) as numerator, count(*) as denominator from services.dossiers where decided_at >= $1 and decided_at < $2 and state not in ('refused','withdrawn')`,
      (from, to) =>
        sql<Ratio>`select count(*) filter (where result_id is not null and ((decided_at + interval '7 hours') at time zone 'UTC')::date <= due_date) as numerator, count(*) as denominator, coalesce(bool_or(demo), false) as demo from services.dossiers where decided_at >= ${from} and decided_at < ${to} and state not in ('refused','withdrawn')`,
    ),
    source(
      RECEIVED_ONLINE_SHARE,
      { vi: 'Tỷ lệ hồ sơ tiếp nhận trực tuyến', en: 'Share of dossiers received online' },
      {
        vi: 'Hồ sơ nộp trực tuyến ÷ mọi hồ sơ (trực tuyến và tại quầy) trong kỳ.',
        en: 'Dossiers filed online ÷ all dossiers (online and at the counter) of the period.',
      },
      `select count(*) filter (where channel = 'online') as numerator, count(*) as denominator from services.dossiers where submitted_at >= $1 and submitted_at < $2`,
      (from, to) =>
        sql<Ratio>`select count(*) filter (where channel = 'online') as numerator, count(*) as denominator, coalesce(bool_or(demo), false) as demo from services.dossiers where submitted_at >= ${from} and submitted_at < ${to}`,
    ),
    source(
      SATISFACTION_SHARE,
      { vi: 'Mức độ hài lòng của người dân', en: 'Citizen satisfaction' },
      {
        vi: 'Đánh giá 4 hoặc 5 sao ÷ mọi đánh giá sau khi hồ sơ kết thúc, trong kỳ.',
        en: 'Ratings of 4 or 5 stars ÷ all ratings given after closure, in the period.',
      },
      `select count(*) filter (where rating >= 4) as numerator, count(*) as denominator from services.dossiers where rated_at >= $1 and rated_at < $2`,
      (from, to) =>
        sql<Ratio>`select count(*) filter (where rating >= 4) as numerator, count(*) as denominator, coalesce(bool_or(demo), false) as demo from services.dossiers where rated_at >= ${from} and rated_at < ${to}`,
    ),
  ];
}

/** Early / on time / late among decided dossiers, online vs counter, fully online share. */
export async function dossierStatistics(database: Database, from: Date, to: Date) {
  const row = (
    await sql<Record<string, string | number>>`
      select
        count(*) filter (where decided_at is not null and due_date is not null and ((decided_at + interval '7 hours') at time zone 'UTC')::date < due_date) as early,
        count(*) filter (where decided_at is not null and due_date is not null and ((decided_at + interval '7 hours') at time zone 'UTC')::date = due_date) as on_time,
        count(*) filter (where decided_at is not null and due_date is not null and ((decided_at + interval '7 hours') at time zone 'UTC')::date > due_date) as late,
        count(*) filter (where channel = 'online') as online,
        count(*) filter (where channel = 'counter') as counter,
        count(*) filter (where channel = 'online' and online_level = 'full') as fully_online,
        count(*) as total
      from services.dossiers where submitted_at >= ${from} and submitted_at < ${to}`.execute(database.db)
  ).rows[0]!;
  const n = (key: string) => Number(row[key] ?? 0);
  return {
    early: n('early'),
    onTime: n('on_time'),
    late: n('late'),
    online: n('online'),
    counter: n('counter'),
    fullyOnline: n('fully_online'),
    total: n('total'),
    fullyOnlineShare: n('total') ? (n('fully_online') / n('total')) * 100 : null,
  };
}
