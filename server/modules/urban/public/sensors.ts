import { type Kysely, sql } from 'kysely';
import type { OrgService } from '../../org/index.ts';
import { aqiLevel, nowcast, vnAqiOverall } from '../aqi.ts';
import { expandTerm } from '../terms.ts';

/**
 * What the public pages show of the sensor pilots: air quality with VN_AQI, flood levels on
 * flood-prone streets, car-park availability. Only these types (water-quality points and
 * substations are critical infrastructure) and only measurements, names and places.
 */
type Attribute = { value?: unknown; observedAt?: string };
type EntityRow = {
  id: string;
  attrs: Record<string, Attribute>;
  lon: number | null;
  lat: number | null;
  simulated: boolean;
  unit_id: string | null;
  device_id: string | null;
};
export type SensorQuery = { unitId?: string; limit: number; offset: number };

const term = (name: string) => expandTerm(name);
const num = (attr: Attribute | undefined) => (typeof attr?.value === 'number' ? attr.value : null);
const HOUR_MS = 3_600_000;
/** Street water (m) at which a flood-prone street counts as flooded, when its entity sets no `alertThreshold`. */
export const FLOOD_THRESHOLD_M = 0.3;

export function createPublicSensors(deps: {
  // biome-ignore lint/suspicious/noExplicitAny: urban tables through raw SQL.
  db: Kysely<any>;
  org: OrgService;
}) {
  const { db, org } = deps;

  /** Entities of a type, with the ward of the device that reports on them (retired devices left out). */
  async function entities(type: string, query: SensorQuery) {
    const where = sql.join(
      [
        sql`e.type = ${expandTerm(type)}`,
        sql`(d.status is null or d.status <> 'retired')`,
        ...(query.unitId ? [sql`d.unit_id = ${query.unitId}`] : []),
      ],
      sql` and `,
    );
    const from = sql`from urban.entities e left join urban.devices d on d.entity_id = e.id where ${where}`;
    const [page, count, units] = await Promise.all([
      sql<EntityRow>`select e.id, e.attrs, e.lon, e.lat, e.simulated, d.unit_id, d.id as device_id ${from}
        order by e.id limit ${query.limit} offset ${query.offset}`.execute(db),
      sql<{ total: number }>`select count(*)::int as total ${from}`.execute(db),
      org.units({}),
    ]);
    const names = new Map(units.map((unit) => [unit.id, { vi: unit.nameVi, en: unit.nameEn }]));
    const common = (row: EntityRow) => ({
      id: row.id,
      name:
        typeof row.attrs[term('name')]?.value === 'string'
          ? (row.attrs[term('name')]!.value as string)
          : (row.device_id ?? row.id.split(':').at(-1) ?? row.id),
      unitId: row.unit_id,
      unitName: row.unit_id ? (names.get(row.unit_id) ?? null) : null,
      lon: row.lon,
      lat: row.lat,
      simulated: row.simulated,
    });
    return { rows: page.rows, total: count.rows[0]?.total ?? 0, common };
  }

  const envelope = <T extends { simulated: boolean }>(items: T[], total: number, query: SensorQuery) => ({
    items,
    total,
    limit: query.limit,
    offset: query.offset,
    simulated: items.some((item) => item.simulated),
  });

  /** Hourly means of PM2.5 and PM10 for the 12 hours up to `until`, latest hour first. */
  async function hourlyPm(entityId: string, until: Date) {
    const { rows } = await sql<{ attr: string; h: number; avg: number }>`
      select attr, floor(extract(epoch from (${until}::timestamptz - observed_at)) / 3600)::int as h,
        avg(num)::float8 as avg
      from urban.readings
      where entity_id = ${entityId} and attr in (${term('pm25')}, ${term('pm10')}) and num is not null
        and observed_at > ${new Date(until.getTime() - 12 * HOUR_MS)}::timestamptz and observed_at <= ${until}::timestamptz
      group by 1, 2`.execute(db);
    const series = (attr: string) => {
      const hours: (number | null)[] = Array.from({ length: 12 }, () => null);
      for (const row of rows) if (row.attr === attr && row.h >= 0 && row.h < 12) hours[row.h] = row.avg;
      return hours;
    };
    return { pm25: series(term('pm25')), pm10: series(term('pm10')) };
  }

  return {
    async airQuality(query: SensorQuery) {
      const { rows, total, common } = await entities('AirQualityObserved', query);
      const items = [];
      for (const row of rows) {
        const pm25 = row.attrs[term('pm25')];
        const pm10 = row.attrs[term('pm10')];
        const observed = pm25?.observedAt ?? pm10?.observedAt;
        // The hourly index is the NowCast of the 12 hours ending at the station's latest reading.
        const hourly = observed ? await hourlyPm(row.id, new Date(observed)) : null;
        const overall = hourly
          ? vnAqiOverall({ pm25: nowcast(hourly.pm25), pm10: nowcast(hourly.pm10) })
          : null;
        const level = overall ? aqiLevel(overall.aqi) : null;
        items.push({
          ...common(row),
          observedAt: observed ?? null,
          pm25: num(pm25),
          pm10: num(pm10),
          no2: num(row.attrs[term('no2')]),
          aqi: overall?.aqi ?? null,
          dominant: overall?.dominant ?? null,
          level: level?.level ?? null,
          color: level?.color ?? null,
          category: level?.category ?? null,
          advice: level?.advice ?? null,
        });
      }
      return envelope(items, total, query);
    },

    async floodLevels(query: SensorQuery) {
      const { rows, total, common } = await entities('FloodMonitoring', query);
      const items = rows.map((row) => {
        const level = row.attrs[term('currentLevel')];
        const threshold = num(row.attrs[term('alertThreshold')]) ?? FLOOD_THRESHOLD_M;
        const value = num(level);
        return {
          ...common(row),
          observedAt: level?.observedAt ?? null,
          currentLevel: value,
          threshold,
          precipitation: num(row.attrs[term('precipitation')]),
          flooded: value !== null && value >= threshold,
        };
      });
      return envelope(items, total, query);
    },

    async parking(query: SensorQuery) {
      const { rows, total, common } = await entities('OffStreetParking', query);
      const items = rows.map((row) => {
        const available = row.attrs[term('availableSpotNumber')];
        const free = num(available);
        const capacity = num(row.attrs[term('totalSpotNumber')]);
        const state =
          free === null
            ? null
            : free <= 0
              ? 'full'
              : capacity && free / capacity < 0.1
                ? 'almost_full'
                : 'available';
        return {
          ...common(row),
          observedAt: available?.observedAt ?? null,
          totalSpotNumber: capacity,
          availableSpotNumber: free,
          state,
        };
      });
      return envelope(items, total, query);
    },
  };
}

export type PublicSensors = ReturnType<typeof createPublicSensors>;
