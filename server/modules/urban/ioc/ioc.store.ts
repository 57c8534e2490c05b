import { type Kysely, sql } from 'kysely';
import { compactTerm, expandTerm } from '../terms.ts';
import { type Indicator, SILENT_AFTER_MINUTES } from './layers.ts';

/** How a device is drawn: an active alert wins, then its registry status, then silence. */
export type DeviceState = 'alert' | 'silent' | 'ok' | 'maintenance' | 'retired';

export type DevicePoint = {
  id: string;
  entityId: string;
  type: string;
  domain: string;
  unitId: string;
  lon: number | null;
  lat: number | null;
  state: DeviceState;
  simulated: boolean;
  lastSeenAt: string | null;
  /** The latest value of each attribute (numbers, text, booleans), by compact name. */
  values: Record<string, number | string | boolean>;
};

type DeviceRow = {
  id: string;
  entity_id: string;
  entity_type: string;
  domain: string;
  unit_id: string;
  lon: number | null;
  lat: number | null;
  status: 'active' | 'maintenance' | 'retired';
  simulated: boolean;
  attrs: Record<string, { value?: unknown }> | string | null;
  modified_at: Date | string | null;
  alerting: boolean;
};

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function stateOf(row: DeviceRow, now: Date): DeviceState {
  if (row.status !== 'active') return row.status;
  if (row.alerting) return 'alert';
  const seen = row.modified_at === null ? 0 : new Date(row.modified_at).getTime();
  return now.getTime() - seen > SILENT_AFTER_MINUTES * 60_000 ? 'silent' : 'ok';
}

function valuesOf(attrs: DeviceRow['attrs']): DevicePoint['values'] {
  const parsed = typeof attrs === 'string' ? JSON.parse(attrs) : (attrs ?? {});
  const values: DevicePoint['values'] = {};
  for (const [name, attribute] of Object.entries(parsed as Record<string, { value?: unknown }>)) {
    const value = attribute?.value;
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
      values[compactTerm(name)] = value;
  }
  return values;
}

/** Time buckets of `stepMinutes`, as epoch seconds, for grouping readings in SQL. */
const bucketOf = (stepMinutes: number) =>
  sql<number>`floor(extract(epoch from r.observed_at) / ${stepMinutes * 60}) * ${stepMinutes * 60}`;

/**
 * The operations centre's reads over the urban tables: devices with their state, counts for the
 * tiles, ward choropleths from the latest state, and time series and replays from the readings.
 */
export function createIocStore(
  // biome-ignore lint/suspicious/noExplicitAny: urban tables through raw SQL.
  db: Kysely<any>,
) {
  async function devices(where: ReturnType<typeof sql>, now: Date, limit?: number): Promise<DevicePoint[]> {
    const { rows } = await sql<DeviceRow>`
      select d.id, d.entity_id, d.entity_type, d.domain, d.unit_id, d.lon, d.lat, d.status, d.simulated,
        e.attrs, e.modified_at,
        exists (select 1 from urban.alerts a where a.entity_id = d.entity_id and a.cleared_at is null) as alerting
      from urban.devices d left join urban.entities e on e.id = d.entity_id
      where ${where} order by d.id ${limit === undefined ? sql`` : sql`limit ${limit}`}`.execute(db);
    return rows.map((row) => ({
      id: row.id,
      entityId: row.entity_id,
      type: compactTerm(row.entity_type),
      domain: row.domain,
      unitId: row.unit_id,
      lon: row.lon === null ? null : Number(row.lon),
      lat: row.lat === null ? null : Number(row.lat),
      state: stateOf(row, now),
      simulated: row.simulated,
      lastSeenAt: iso(row.modified_at),
      values: valuesOf(row.attrs),
    }));
  }

  return {
    /** Devices of the given types (compact names), with their state at `now`: a page in id order. */
    devicesOfTypes(types: string[], now: Date, page: { after?: string; limit: number }) {
      if (types.length === 0) return Promise.resolve([]);
      const ofTypes = sql`d.entity_type in (${sql.join(types.map(expandTerm))})`;
      return devices(page.after ? sql`${ofTypes} and d.id > ${page.after}` : ofTypes, now, page.limit);
    },

    /** The devices reporting on these entities (after a change), limited to the given types. */
    devicesOfEntities(entityIds: string[], types: string[], now: Date) {
      if (entityIds.length === 0 || types.length === 0) return Promise.resolve([]);
      return devices(
        sql`d.entity_id in (${sql.join(entityIds)}) and d.entity_type in (${sql.join(types.map(expandTerm))})`,
        now,
      );
    },

    /** Mean of the latest numeric value of an indicator per ward or commune, with how many devices. */
    async wardValues(indicator: Indicator) {
      const attr = expandTerm(indicator.attr);
      const { rows } = await sql<{ unit_id: string; value: number; devices: number; simulated: boolean }>`
        select d.unit_id, avg((e.attrs -> ${attr} ->> 'value')::float8) as value, count(*)::int as devices,
          bool_or(d.simulated) as simulated
        from urban.devices d join urban.entities e on e.id = d.entity_id
        where d.entity_type = ${expandTerm(indicator.type)} and d.status = 'active'
          and jsonb_typeof(e.attrs -> ${attr} -> 'value') = 'number'
        group by d.unit_id order by d.unit_id`.execute(db);
      return rows.map((row) => ({
        unitId: row.unit_id,
        value: Number(row.value),
        devices: Number(row.devices),
        simulated: row.simulated,
      }));
    },

    /** Counts for the tiles: devices by domain and state, alerts by severity, incidents by state. */
    async counts(now: Date) {
      const silentBefore = new Date(now.getTime() - SILENT_AFTER_MINUTES * 60_000);
      const dayAgo = new Date(now.getTime() - 86_400_000);
      const [byDomain, alerts, incidents, dead] = await Promise.all([
        sql<{ domain: string; total: number; reporting: number; simulated: number }>`
          select d.domain, count(*)::int as total,
            count(*) filter (where d.status = 'active' and e.modified_at >= ${silentBefore})::int as reporting,
            count(*) filter (where d.simulated)::int as simulated
          from urban.devices d left join urban.entities e on e.id = d.entity_id
          where d.status <> 'retired' group by d.domain order by d.domain`.execute(db),
        sql<{ severity: string; count: number }>`
          select severity, count(*)::int as count from urban.alerts where cleared_at is null
          group by severity`.execute(db),
        sql<{ state: string; count: number; overdue: number }>`
          select state, count(*)::int as count,
            count(*) filter (where deadline < ${now} and state in ('acknowledged', 'dispatched'))::int as overdue
          from urban.incidents where state <> 'closed' group by state`.execute(db),
        sql<{ count: number }>`
          select count(*)::int as count from urban.dead_letters where received_at >= ${dayAgo}`.execute(db),
      ]);
      return {
        devices: byDomain.rows.map((row) => ({
          domain: row.domain,
          total: Number(row.total),
          reporting: Number(row.reporting),
          simulated: Number(row.simulated),
        })),
        activeAlerts: Object.fromEntries(alerts.rows.map((row) => [row.severity, Number(row.count)])),
        openIncidents: Object.fromEntries(incidents.rows.map((row) => [row.state, Number(row.count)])),
        overdueIncidents: incidents.rows.reduce((sum, row) => sum + Number(row.overdue), 0),
        deadLettersLastDay: Number(dead.rows[0]?.count ?? 0),
      };
    },

    /**
     * One indicator over time, in buckets of `stepMinutes` from `from` to `to`: for one entity,
     * or averaged over a ward's devices (with `unitId`), or per ward (neither: the replay).
     */
    async series(
      indicator: Indicator,
      range: { from: Date; to: Date; stepMinutes: number },
      scope: { entityId?: string; unitId?: string },
    ) {
      const attr = expandTerm(indicator.attr);
      const where = [
        sql`d.entity_type = ${expandTerm(indicator.type)}`,
        sql`r.observed_at >= ${range.from}`,
        sql`r.observed_at < ${range.to}`,
        sql`r.num is not null`,
      ];
      if (scope.entityId) where.push(sql`d.entity_id = ${scope.entityId}`);
      if (scope.unitId) where.push(sql`d.unit_id = ${scope.unitId}`);
      const { rows } = await sql<{ unit_id: string; bucket: number; avg: number; min: number; max: number }>`
        select d.unit_id, ${bucketOf(range.stepMinutes)} as bucket,
          avg(r.num) as avg, min(r.num) as min, max(r.num) as max
        from urban.devices d join urban.readings r on r.entity_id = d.entity_id and r.attr = ${attr}
        where ${sql.join(where, sql` and `)}
        group by d.unit_id, bucket order by bucket, d.unit_id`.execute(db);
      return rows.map((row) => ({
        unitId: row.unit_id,
        at: new Date(Number(row.bucket) * 1000).toISOString(),
        avg: Number(row.avg),
        min: Number(row.min),
        max: Number(row.max),
      }));
    },

    /** Alerts that were active at some moment of the window (for the replay), oldest first. */
    async alertsBetween(from: Date, to: Date, types: string[]) {
      if (types.length === 0) return [];
      const { rows } = await sql<{
        id: string;
        entity_id: string;
        entity_type: string;
        unit_id: string | null;
        severity: string;
        sent_at: Date;
        cleared_at: Date | null;
        headline_vi: string;
        headline_en: string;
      }>`
        select a.id, a.entity_id, a.entity_type, a.unit_id, a.severity, a.sent_at, a.cleared_at,
          a.cap -> 'info' -> 0 ->> 'headline' as headline_vi, a.cap -> 'info' -> 1 ->> 'headline' as headline_en
        from urban.alerts a
        where a.sent_at < ${to} and (a.cleared_at is null or a.cleared_at >= ${from})
          and a.entity_type in (${sql.join(types.map(expandTerm))})
        order by a.sent_at limit 2000`.execute(db);
      return rows.map((row) => ({
        id: row.id,
        entityId: row.entity_id,
        entityType: compactTerm(row.entity_type),
        unitId: row.unit_id,
        severity: row.severity,
        headline: { vi: row.headline_vi, en: row.headline_en },
        sentAt: iso(row.sent_at) as string,
        clearedAt: iso(row.cleared_at),
      }));
    },

    /** Alerts raised or cleared, and incidents moved, after the given instants (the live poller). */
    async changedSince(since: Date) {
      const [alerts, incidents] = await Promise.all([
        sql<{
          id: string;
          entity_id: string;
          entity_type: string;
          unit_id: string | null;
          severity: string;
          cleared: boolean;
          at: Date;
        }>`
          select id, entity_id, entity_type, unit_id, severity, cleared_at is not null as cleared,
            greatest(sent_at, coalesce(cleared_at, sent_at)) as at
          from urban.alerts where sent_at > ${since} or cleared_at > ${since}
          order by at limit 500`.execute(db),
        sql<{ id: string; alert_id: string; state: string; unit_id: string | null; at: Date }>`
          select id, alert_id, state, unit_id, modified_at as at from urban.incidents
          where modified_at > ${since} order by modified_at limit 500`.execute(db),
      ]);
      return {
        alerts: alerts.rows.map((row) => ({
          id: row.id,
          entityId: row.entity_id,
          entityType: compactTerm(row.entity_type),
          unitId: row.unit_id,
          severity: row.severity,
          cleared: row.cleared,
          at: new Date(row.at),
        })),
        incidents: incidents.rows.map((row) => ({
          id: row.id,
          alertId: row.alert_id,
          state: row.state,
          unitId: row.unit_id,
          at: new Date(row.at),
        })),
      };
    },
  };
}

export type IocStore = ReturnType<typeof createIocStore>;
