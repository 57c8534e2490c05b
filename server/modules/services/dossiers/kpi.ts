import { sql } from 'kysely';
import type { Database } from '../../../platform/db/database.ts';
import type { ComputedSource } from '../../../platform/kpi.ts';
import type { Period } from '../../../platform/period.ts';

/**
 * KPIs measured from dossiers, for Plan 239 targets G03, G04, G20, G21 and G27. Each figure covers
 * the dossiers filed on this platform in the period (Hanoi dates, end exclusive) — not those of the
 * national public-service portal or other systems — and carries its statement. The descriptions say
 * so, since the plan shows them beside the targets.
 */
export const FULLY_ONLINE_SHARE = 'services.dossiers_fully_online_share';
export const PREFILLED_SHARE = 'services.dossiers_prefilled_share';
export const ON_TIME_ELECTRONIC_SHARE = 'services.results_on_time_electronic_share';
export const RECEIVED_ONLINE_SHARE = 'services.dossiers_received_online_share';
export const SATISFACTION_SHARE = 'services.satisfaction_share';

/**
 * Which Plan 239 target each source was built for. plan.reference.ts binds G03, G20, G21 and G27;
 * not G04, whose target counts services while this source counts dossiers.
 */
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
      {
        vi: 'Tỷ lệ hồ sơ xử lý hoàn toàn trực tuyến (hồ sơ trên nền tảng này)',
        en: 'Share of dossiers processed fully online (this platform’s dossiers)',
      },
      {
        vi: 'Hồ sơ nộp trực tuyến của thủ tục trực tuyến toàn trình (trừ hồ sơ bị từ chối, rút) ÷ mọi hồ sơ nộp trên nền tảng này (trực tuyến và tại quầy) trong kỳ. Xét theo kênh nộp và mức độ của thủ tục. Không gồm hồ sơ trên Cổng Dịch vụ công quốc gia hay hệ thống khác.',
        en: 'Dossiers filed online for full-process online procedures (refused and withdrawn excluded) ÷ all dossiers filed on this platform (online and at its counters) in the period. Judged by the filing channel and the procedure’s online level. Dossiers on the national public-service portal or other systems are not counted.',
      },
      `select count(*) filter (where channel = 'online' and online_level = 'full' and state not in ('refused','withdrawn')) as numerator, count(*) as denominator, bool_or(demo) as demo from services.dossiers where submitted_at >= $1 and submitted_at < $2`,
      (from, to) =>
        sql<Ratio>`select count(*) filter (where channel = 'online' and online_level = 'full' and state not in ('refused','withdrawn')) as numerator, count(*) as denominator, coalesce(bool_or(demo), false) as demo from services.dossiers where submitted_at >= ${from} and submitted_at < ${to}`,
    ),
    source(
      PREFILLED_SHARE,
      {
        vi: 'Tỷ lệ hồ sơ trực tuyến được điền sẵn dữ liệu (hồ sơ trên nền tảng này)',
        en: 'Share of online dossiers pre-filled with data (this platform’s dossiers)',
      },
      {
        vi: 'Hồ sơ trực tuyến trên nền tảng này có ít nhất một trường lấy từ dữ liệu đã cung cấp (qua trao đổi dữ liệu có đồng ý, hoặc từ hồ sơ trước) ÷ hồ sơ trực tuyến trên nền tảng này trong kỳ. Đo theo hồ sơ và phụ thuộc việc người nộp đồng ý; không đo tỷ lệ dịch vụ được thiết kế lại, điền sẵn của chỉ tiêu G04, nên không gắn với G04.',
        en: 'Online dossiers on this platform with at least one field taken from data supplied before (through the exchange under consent, or from an earlier dossier) ÷ online dossiers on this platform in the period. Counted per dossier and depends on the applicant’s consent; it does not measure the share of services redesigned and pre-filling that target G04 counts, so it is not bound to G04.',
      },
      `select count(*) filter (where exists (select 1 from jsonb_each(provenance) p where p.value->>'source' in ('exchange','earlier-dossier'))) as numerator, count(*) as denominator from services.dossiers where channel = 'online' and submitted_at >= $1 and submitted_at < $2`,
      (from, to) =>
        sql<Ratio>`select count(*) filter (where exists (select 1 from jsonb_each(provenance) p where p.value->>'source' in ('exchange','earlier-dossier'))) as numerator, count(*) as denominator, coalesce(bool_or(demo), false) as demo from services.dossiers where channel = 'online' and submitted_at >= ${from} and submitted_at < ${to}`,
    ),
    source(
      ON_TIME_ELECTRONIC_SHARE,
      {
        vi: 'Tỷ lệ kết quả trả đúng hoặc trước hạn, có bản điện tử (hồ sơ trên nền tảng này)',
        en: 'Results on time or early, with an electronic copy (this platform’s dossiers)',
      },
      {
        vi: 'Hồ sơ đã có kết quả điện tử, ngày quyết định không muộn hơn ngày hẹn ÷ hồ sơ quyết định (phê duyệt, không giải quyết) trên nền tảng này trong kỳ. Đúng hạn xét theo ngày quyết định, không theo ngày cấp kết quả; hồ sơ không giải quyết và hồ sơ chưa cấp kết quả (như đang chờ nộp phí) chỉ được tính ở mẫu số. Không gồm hồ sơ trên Cổng Dịch vụ công quốc gia hay hệ thống khác.',
        en: 'Dossiers with an electronic result issued, decided no later than the due date ÷ dossiers decided (approved or denied) on this platform in the period. Timeliness is judged by the decision date, not the date the result was issued; denied dossiers and those without a result yet (e.g. awaiting the fee) count in the denominator only. Dossiers on the national public-service portal or other systems are not counted.',
      },
      `select count(*) filter (where result_id is not null and ((decided_at + interval '7 hours') at time zone 'UTC')::date <= due_date) as numerator, count(*) as denominator from services.dossiers where decided_at >= $1 and decided_at < $2 and state not in ('refused','withdrawn')`,
      (from, to) =>
        sql<Ratio>`select count(*) filter (where result_id is not null and ((decided_at + interval '7 hours') at time zone 'UTC')::date <= due_date) as numerator, count(*) as denominator, coalesce(bool_or(demo), false) as demo from services.dossiers where decided_at >= ${from} and decided_at < ${to} and state not in ('refused','withdrawn')`,
    ),
    source(
      RECEIVED_ONLINE_SHARE,
      {
        vi: 'Tỷ lệ hồ sơ tiếp nhận trực tuyến (hồ sơ trên nền tảng này)',
        en: 'Share of dossiers received online (this platform’s dossiers)',
      },
      {
        vi: 'Hồ sơ nộp trực tuyến ÷ mọi hồ sơ (trực tuyến và tại quầy) nộp trên nền tảng này trong kỳ. Hồ sơ tại quầy chỉ được tính khi cán bộ nhập vào nền tảng. Không gồm hồ sơ trên Cổng Dịch vụ công quốc gia hay hệ thống khác.',
        en: 'Dossiers filed online ÷ all dossiers (online and at the counter) filed on this platform in the period. Counter dossiers count only when an officer records them here. Dossiers on the national public-service portal or other systems are not counted.',
      },
      `select count(*) filter (where channel = 'online') as numerator, count(*) as denominator from services.dossiers where submitted_at >= $1 and submitted_at < $2`,
      (from, to) =>
        sql<Ratio>`select count(*) filter (where channel = 'online') as numerator, count(*) as denominator, coalesce(bool_or(demo), false) as demo from services.dossiers where submitted_at >= ${from} and submitted_at < ${to}`,
    ),
    source(
      SATISFACTION_SHARE,
      {
        vi: 'Mức độ hài lòng của người nộp hồ sơ (đánh giá trên nền tảng này)',
        en: 'Applicant satisfaction (ratings on this platform)',
      },
      {
        vi: 'Đánh giá 4 hoặc 5 sao ÷ mọi đánh giá người nộp gửi sau khi hồ sơ trên nền tảng này kết thúc, trong kỳ. Chỉ những người tự nguyện đánh giá, không phải khảo sát chọn mẫu (như SIPAS); hồ sơ nộp theo số định danh cá nhân nên doanh nghiệp không được tách riêng. Không gồm đánh giá trên Cổng Dịch vụ công quốc gia.',
        en: 'Ratings of 4 or 5 stars ÷ all ratings applicants gave after their dossier on this platform closed, in the period. Only those who chose to rate, not a sampled survey (such as SIPAS); dossiers are filed under a personal identity number, so businesses are not told apart. Ratings on the national public-service portal are not counted.',
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
