import { sql } from 'kysely';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/database.ts';
import type { Bilingual } from '../../../platform/errors.ts';
import type { ComputedSource } from '../../../platform/kpi.ts';
import type { Period } from '../../../platform/period.ts';
import { expandTerm } from '../terms.ts';
import { bounds, describe, simulatedNote } from './shared.ts';

export const ACKNOWLEDGE_MEDIAN = 'urban.alert_acknowledge_minutes_median';
export const DISPATCH_MEDIAN = 'urban.alert_dispatch_minutes_median';
export const FLOOD_ON_TIME = 'urban.flood_incidents_resolved_on_time_share';

// Simulated sensors raise CAP alerts with status Test (alerts/cap.ts): that marks demo figures.
const TEST = sql`a.cap ->> 'status' = 'Test'`;

/** Median minutes from an alert to a step of its incident, over the alerts raised in the period. */
function medianSource(
  database: Database,
  step: 'acknowledged_at' | 'dispatched_at',
  name: string,
  label: Bilingual,
  what: Bilingual,
): ComputedSource {
  const column = sql.ref(`i.${step}`);
  return {
    name,
    label,
    description: describe({
      vi: `Trung vị số phút từ lúc cảnh báo được phát ra đến lúc sự cố của nó được ${what.vi}, tính trên các cảnh báo phát ra trong kỳ đã được ${what.vi}. Cảnh báo chưa được ${what.vi} không được tính.`,
      en: `Median minutes from an alert being raised to its incident being ${what.en}, over the alerts raised in the period that were ${what.en}. Alerts not yet ${what.en} are not counted.`,
    }),
    unit: 'minutes',
    scope: 'city',
    async compute(period: Period) {
      const { from, to } = bounds(period);
      const statement = sql<{ median: number | null; measured: string | number; simulated: string | number }>`
select percentile_cont(0.5) within group (order by extract(epoch from (${column} - a.sent_at)) / 60) as median,
  count(*) as measured, count(*) filter (where ${TEST}) as simulated
from urban.alerts a join urban.incidents i on i.alert_id = a.id
where a.sent_at >= ${from} and a.sent_at < ${to} and ${column} is not null`;
      const row = (await statement.execute(database.db)).rows[0];
      const measured = Number(row?.measured ?? 0);
      const simulated = Number(row?.simulated ?? 0);
      return {
        value: measured && row?.median !== null ? Number(row?.median) : null,
        denominator: measured,
        demo: simulated > 0,
        query: `${statement.compile(database.db).sql}\n-- $1 = ${from.toISOString()}, $2 = ${to.toISOString()}`,
        ...(simulated > 0
          ? { note: simulatedNote(simulated, measured, { vi: 'cảnh báo', en: 'alerts' }) }
          : {}),
      };
    },
  };
}

/**
 * Flood incidents dispatched in the period whose outcome is known (resolved, or their deadline
 * passed): the share resolved by the deadline (dispatch time + the rule's response minutes).
 */
function floodOnTimeSource(database: Database, clock: Clock): ComputedSource {
  return {
    name: FLOOD_ON_TIME,
    label: {
      vi: 'Tỷ lệ sự cố ngập úng được xử lý đúng hạn',
      en: 'Share of flood incidents resolved within their deadline',
    },
    description: describe({
      vi: 'Sự cố do cảnh báo ngập úng (FloodMonitoring) được điều phối trong kỳ và đã có kết quả (đã xử lý, hoặc đã quá hạn): số sự cố được đánh dấu đã xử lý trước hoặc đúng hạn (thời điểm điều phối cộng thời gian phản hồi của quy tắc) ÷ số sự cố đó.',
      en: 'Incidents of flood alerts (FloodMonitoring) dispatched in the period whose outcome is known (resolved, or past their deadline): those marked resolved by their deadline (dispatch time plus the rule’s response time) ÷ all of them.',
    }),
    unit: '%',
    scope: 'city',
    async compute(period: Period) {
      const { from, to } = bounds(period);
      const now = clock.now();
      const statement = sql<{ met: string | number; decided: string | number; simulated: string | number }>`
select count(*) filter (where i.resolved_at is not null and i.resolved_at <= i.deadline) as met,
  count(*) as decided, count(*) filter (where ${TEST}) as simulated
from urban.incidents i join urban.alerts a on a.id = i.alert_id
where a.entity_type = ${expandTerm('FloodMonitoring')} and i.deadline is not null
  and i.dispatched_at >= ${from} and i.dispatched_at < ${to}
  and (i.resolved_at is not null or i.deadline < ${now})`;
      const row = (await statement.execute(database.db)).rows[0];
      const met = Number(row?.met ?? 0);
      const decided = Number(row?.decided ?? 0);
      const simulated = Number(row?.simulated ?? 0);
      return {
        value: decided ? (met / decided) * 100 : null,
        numerator: met,
        denominator: decided,
        demo: simulated > 0,
        query: `${statement.compile(database.db).sql}\n-- $1 = FloodMonitoring, $2 = ${from.toISOString()}, $3 = ${to.toISOString()}, $4 = ${now.toISOString()}`,
        ...(simulated > 0
          ? { note: simulatedNote(simulated, decided, { vi: 'sự cố', en: 'incidents' }) }
          : {}),
      };
    },
  };
}

export function responseSources(deps: { database: Database; clock: Clock }): ComputedSource[] {
  return [
    medianSource(
      deps.database,
      'acknowledged_at',
      ACKNOWLEDGE_MEDIAN,
      {
        vi: 'Thời gian tiếp nhận cảnh báo (trung vị, phút)',
        en: 'Time to acknowledge an alert (median, minutes)',
      },
      { vi: 'tiếp nhận', en: 'acknowledged' },
    ),
    medianSource(
      deps.database,
      'dispatched_at',
      DISPATCH_MEDIAN,
      {
        vi: 'Thời gian điều phối xử lý cảnh báo (trung vị, phút)',
        en: 'Time to dispatch an alert (median, minutes)',
      },
      { vi: 'điều phối', en: 'dispatched' },
    ),
    floodOnTimeSource(deps.database, deps.clock),
  ];
}
