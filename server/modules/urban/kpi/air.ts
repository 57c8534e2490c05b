import { sql } from 'kysely';
import type { Database } from '../../../platform/db/database.ts';
import type { ComputedSource } from '../../../platform/kpi.ts';
import type { Period } from '../../../platform/period.ts';
import { GOOD_AIR_MAX, vnAqi } from '../aqi.ts';
import { expandTerm } from '../terms.ts';
import { bounds, describe, simulatedNote } from './shared.ts';

export const GOOD_AIR_DAYS = 'urban.good_air_days_share';
/** A daily mean needs at least 18 of the 24 hourly means (75 %), the usual completeness rule. */
export const MIN_HOURS = 18;

type DayRow = { entity_id: string; day: string; mean: number; hours: string | number; simulated: boolean };

/**
 * Station-days with good air: per air-quality device and Hanoi day, the mean of the hourly means of
 * PM2.5, its VN_AQI (aqi.ts); good at VN_AQI ≤ 50.
 */
export function goodAirSource(deps: { database: Database }): ComputedSource {
  const { database } = deps;
  return {
    name: GOOD_AIR_DAYS,
    label: {
      vi: 'Tỷ lệ ngày có chất lượng không khí tốt (VN_AQI PM2.5 ≤ 50)',
      en: 'Share of days with good air (VN_AQI of PM2.5 ≤ 50)',
    },
    description: describe({
      vi: `Với mỗi trạm quan trắc không khí (thiết bị AirQualityObserved) và mỗi ngày (giờ Hà Nội) trong kỳ có ít nhất ${MIN_HOURS} giờ có số đo: trung bình ngày của PM2.5 là trung bình các giá trị trung bình giờ, quy đổi ra chỉ số VN_AQI theo Quyết định 1459/QĐ-TCMT năm 2019. Số ngày-trạm có VN_AQI ≤ ${GOOD_AIR_MAX} (mức Tốt) ÷ số ngày-trạm đủ số liệu.`,
      en: `For each air-quality station (AirQualityObserved device) and each day (Hanoi time) of the period with readings in at least ${MIN_HOURS} hours: the daily mean of PM2.5 is the mean of its hourly means, converted to VN_AQI per Decision 1459/QĐ-TCMT (2019). Station-days with VN_AQI ≤ ${GOOD_AIR_MAX} (Good) ÷ station-days with enough data.`,
    }),
    unit: '%',
    scope: 'city',
    async compute(period: Period) {
      const { from, to } = bounds(period);
      // Hourly bins in UTC then +7 h: Hanoi has whole-hour offset and no daylight saving.
      const statement = sql<DayRow>`
with hourly as (
  select r.entity_id, date_trunc('hour', r.observed_at at time zone 'UTC') as hour, avg(r.num) as value
  from urban.readings r join urban.devices d on d.entity_id = r.entity_id
  where d.entity_type = ${expandTerm('AirQualityObserved')} and r.attr = ${expandTerm('pm25')}
    and r.num is not null and r.observed_at >= ${from} and r.observed_at < ${to}
  group by 1, 2
)
select h.entity_id, to_char((h.hour + interval '7 hours')::date, 'YYYY-MM-DD') as day, avg(h.value) as mean,
  count(*) as hours, bool_or(d.simulated) as simulated
from hourly h join urban.devices d on d.entity_id = h.entity_id
group by 1, 2 order by 1, 2`;
      const days = (await statement.execute(database.db)).rows.filter((d) => Number(d.hours) >= MIN_HOURS);
      const good = days.filter((d) => (vnAqi('pm25', Number(d.mean)) ?? Infinity) <= GOOD_AIR_MAX).length;
      const simulated = days.filter((d) => d.simulated).length;
      return {
        value: days.length ? (good / days.length) * 100 : null,
        numerator: good,
        denominator: days.length,
        demo: simulated > 0,
        query: [
          `${statement.compile(database.db).sql};`,
          `-- $1 = AirQualityObserved, $2 = pm25, $3 = ${from.toISOString()}, $4 = ${to.toISOString()}`,
          `-- Giữ ngày có hours ≥ ${MIN_HOURS}; tốt khi VN_AQI(pm25, mean) ≤ ${GOOD_AIR_MAX} / Days with hours ≥ ${MIN_HOURS}; good when VN_AQI(pm25, mean) ≤ ${GOOD_AIR_MAX}`,
        ].join('\n'),
        ...(simulated > 0
          ? { note: simulatedNote(simulated, days.length, { vi: 'ngày-trạm', en: 'station-days' }) }
          : {}),
      };
    },
  };
}
