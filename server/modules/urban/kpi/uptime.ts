import { sql } from 'kysely';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/database.ts';
import type { ComputedSource } from '../../../platform/kpi.ts';
import type { Period } from '../../../platform/period.ts';
import { expandTerm } from '../terms.ts';
import { bounds, describe, simulatedNote } from './shared.ts';

export const DEVICE_UPTIME = 'urban.device_uptime_share';

/**
 * How often each pilot's devices are expected to report at least once (minutes). The registry keeps
 * no interval per device, so the type's is used; other types: an hour.
 */
export const EXPECTED_MINUTES: Record<string, number> = {
  FloodMonitoring: 15,
  TrafficFlowObserved: 15,
  AirQualityObserved: 60,
  WaterQualityObserved: 60,
  ACMeasurement: 15,
  Streetlight: 60,
  OffStreetParking: 15,
};
const DEFAULT_MINUTES = 60;
/** date_bin's origin: intervals are aligned on it (whole hours and quarters in Hanoi too). */
const ORIGIN = Date.UTC(2000, 0, 1);

type DeviceRow = { id: string; entity_id: string; entity_type: string; simulated: boolean; created_at: Date };

/**
 * Device uptime: of the active devices, the share of their expected intervals in the period (whole
 * intervals between the device's registration or the period's start and the period's end or now)
 * in which they reported at least one reading.
 */
export function uptimeSource(deps: { database: Database; clock: Clock }): ComputedSource {
  const { database, clock } = deps;
  const minutesOf = (type: string) =>
    Object.entries(EXPECTED_MINUTES).find(([t]) => expandTerm(t) === type)?.[1] ?? DEFAULT_MINUTES;

  return {
    name: DEVICE_UPTIME,
    label: { vi: 'Tỷ lệ thời gian thiết bị hoạt động', en: 'Device uptime' },
    description: describe({
      vi: 'Với mỗi thiết bị đang hoạt động (trạng thái hiện tại "active"), chia thời gian từ đầu kỳ (hoặc ngày đăng ký thiết bị) đến cuối kỳ (hoặc hiện tại) thành các khoảng báo cáo dự kiến theo loại (ngập úng, giao thông, điện, bãi đỗ xe: 15 phút; không khí, nước, chiếu sáng: 60 phút): số khoảng có ít nhất một số đo ÷ tổng số khoảng trọn vẹn.',
      en: 'For each active device (current status "active"), the time from the start of the period (or the device’s registration) to its end (or now) is cut into the expected reporting intervals of its type (flood, traffic, power, parking: 15 minutes; air, water, streetlights: 60 minutes): intervals with at least one reading ÷ whole intervals.',
    }),
    unit: '%',
    scope: 'city',
    async compute(period: Period) {
      const { from, to } = bounds(period);
      const until = new Date(Math.min(to.getTime(), clock.now().getTime()));
      const devicesQuery = sql<DeviceRow>`select id, entity_id, entity_type, simulated, created_at
from urban.devices where status = 'active' and created_at < ${until} order by id`;
      const devices = (await devicesQuery.execute(database.db)).rows;
      // Whole intervals only: the one in progress is not yet due.
      const windows = devices.flatMap((d) => {
        const step = minutesOf(d.entity_type) * 60_000;
        const start = Math.max(from.getTime(), new Date(d.created_at).getTime());
        const first = Math.ceil((start - ORIGIN) / step);
        const last = Math.floor((until.getTime() - ORIGIN) / step);
        if (last <= first) return [];
        return [
          {
            device: d,
            minutes: step / 60_000,
            from: new Date(ORIGIN + first * step),
            to: new Date(ORIGIN + last * step),
            due: last - first,
          },
        ];
      });
      let reported = new Map<string, number>();
      const readingsStatement = `select w.entity_id, count(distinct date_bin(make_interval(mins => w.minutes), r.observed_at, timestamptz '2000-01-01T00:00:00Z')) as slots
from (values (entity_id, from_at, to_at, minutes), …) w
join urban.readings r on r.entity_id = w.entity_id and r.observed_at >= w.from_at and r.observed_at < w.to_at
group by w.entity_id`;
      if (windows.length > 0) {
        const values = sql.join(
          windows.map(
            (w) =>
              sql`(${w.device.entity_id}::text, ${w.from}::timestamptz, ${w.to}::timestamptz, ${w.minutes}::int)`,
          ),
        );
        const { rows } = await sql<{ entity_id: string; slots: string | number }>`
          select w.entity_id, count(distinct date_bin(make_interval(mins => w.minutes), r.observed_at, timestamptz '2000-01-01T00:00:00Z')) as slots
          from (values ${values}) as w(entity_id, from_at, to_at, minutes)
          join urban.readings r on r.entity_id = w.entity_id and r.observed_at >= w.from_at and r.observed_at < w.to_at
          group by w.entity_id`.execute(database.db);
        reported = new Map(rows.map((r) => [r.entity_id, Number(r.slots)]));
      }
      const due = windows.reduce((sum, w) => sum + w.due, 0);
      const up = windows.reduce((sum, w) => sum + (reported.get(w.device.entity_id) ?? 0), 0);
      const simulated = windows.filter((w) => w.device.simulated).length;
      return {
        value: due ? (up / due) * 100 : null,
        numerator: up,
        denominator: due,
        demo: simulated > 0,
        query: [
          `${devicesQuery.compile(database.db).sql};`,
          `-- $1 = ${until.toISOString()}`,
          `-- Khoảng dự kiến (phút) / Expected intervals (minutes): ${JSON.stringify(EXPECTED_MINUTES)}, khác / other ${DEFAULT_MINUTES}`,
          `${readingsStatement};`,
          `-- ${windows.length} thiết bị / devices, kỳ / period ${from.toISOString()} – ${until.toISOString()}`,
        ].join('\n'),
        ...(simulated > 0
          ? { note: simulatedNote(simulated, windows.length, { vi: 'thiết bị', en: 'devices' }) }
          : {}),
      };
    },
  };
}
