import { type ColumnType, type Generated, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import type { PeriodType } from '../../platform/period.ts';
import type { Aggregation, Direction, ObservationStatus, Provenance } from './metrics.types.ts';
import {
  type RollupKey,
  type RollupPick,
  type RollupTable,
  refreshRollups,
  rollupReadQuery,
} from './rollups.store.ts';

type IndicatorTable = {
  code: string;
  name_vi: string;
  name_en: string;
  description_vi: string | null;
  description_en: string | null;
  unit: string;
  direction: Direction;
  aggregation: Aggregation;
  period_type: PeriodType;
  decimals: number;
  computed_source: string | null;
  example: boolean;
  created_at: Generated<Date>;
  updated_at: Date;
};
type ObservationTable = {
  id: string;
  indicator_code: string;
  period: string;
  agency_id: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: ObservationStatus;
  comment: string | null;
  provenance: ColumnType<Provenance, string, string>;
  example: boolean;
  demo: boolean;
  updated_at: Date;
};
type EvidenceTable = {
  id: string;
  observation_id: string;
  file_id: string;
  filename: string;
  media_type: string;
  size_bytes: number;
  description: string | null;
  uploaded_at: Date;
  uploaded_by: string | null;
};
type SourceRunTable = {
  id: Generated<number>;
  source: string;
  at: Date;
  periods: ColumnType<string[], string, string>;
  written: number;
  unchanged: number;
  error: string | null;
  query: string | null;
};

export type MetricsTables = {
  'metrics.indicators': IndicatorTable;
  'metrics.observations': ObservationTable;
  'metrics.evidence': EvidenceTable;
  'metrics.source_runs': SourceRunTable;
  'metrics.rollups': RollupTable;
};

export type IndicatorRow = Selectable<IndicatorTable>;
export type ObservationRow = Selectable<ObservationTable>;
export type EvidenceRow = Selectable<EvidenceTable>;
export type SourceRunRow = Selectable<SourceRunTable>;
export type NewObservationRow = Omit<ObservationRow, 'provenance'> & { provenance: Provenance };

type MetricsDb = Kysely<MetricsTables>;
export type MetricsTrx = Transaction<MetricsTables>;
type Executor = MetricsDb | MetricsTrx;

/** Which rows a reader may see besides approved ones: every row, or those of some agencies. */
export type DraftScope = 'all' | string[];

/** Every statement the metrics module runs. */
export function createMetricsStore(database: Database) {
  const db = database.db as MetricsDb;

  /**
   * THE writer of `metrics.observations`: every statement that changes an observation runs inside
   * it, and it recomputes, in the same transaction, the rollup of each indicator × period where
   * an approved row was written, replaced or moved — so the rollups cannot fall behind.
   */
  async function writeObservations<T>(
    trx: MetricsTrx,
    write: () => Promise<{
      result: T;
      changed: { key: RollupKey; before: ObservationStatus | null; after: ObservationStatus }[];
    }>,
  ): Promise<T> {
    const { result, changed } = await write();
    await refreshRollups(
      trx,
      changed.filter((c) => c.before === 'approved' || c.after === 'approved').map((c) => c.key),
    );
    return result;
  }

  function saveObservations(trx: MetricsTrx, rows: NewObservationRow[]): Promise<ObservationRow[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return writeObservations(trx, async () => {
      // The statuses being replaced, locked: an approved row that is overwritten leaves its rollup.
      const groups = new Map<string, { code: string; period: string; agencies: string[] }>();
      for (const row of rows) {
        const id = `${row.indicator_code}\u0000${row.period}`;
        const group = groups.get(id) ?? { code: row.indicator_code, period: row.period, agencies: [] };
        group.agencies.push(row.agency_id);
        groups.set(id, group);
      }
      const replaced = await trx
        .selectFrom('metrics.observations')
        .select(['indicator_code', 'period', 'agency_id', 'status'])
        .where((eb) =>
          eb.or(
            [...groups.values()].map((group) =>
              eb.and([
                eb('indicator_code', '=', group.code),
                eb('period', '=', group.period),
                eb('agency_id', 'in', group.agencies),
              ]),
            ),
          ),
        )
        .forUpdate()
        .execute();
      const statusOf = new Map(
        replaced.map((row) => [`${row.indicator_code}\u0000${row.period}\u0000${row.agency_id}`, row.status]),
      );
      const saved = await trx
        .insertInto('metrics.observations')
        .values(rows.map((row) => ({ ...row, provenance: JSON.stringify(row.provenance) })))
        .onConflict((oc) =>
          oc.columns(['indicator_code', 'period', 'agency_id']).doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            numerator: eb.ref('excluded.numerator'),
            denominator: eb.ref('excluded.denominator'),
            status: eb.ref('excluded.status'),
            comment: eb.ref('excluded.comment'),
            provenance: eb.ref('excluded.provenance'),
            example: eb.ref('excluded.example'),
            demo: eb.ref('excluded.demo'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returningAll()
        .execute();
      return {
        result: saved,
        changed: rows.map((row) => ({
          key: { code: row.indicator_code, period: row.period },
          before: statusOf.get(`${row.indicator_code}\u0000${row.period}\u0000${row.agency_id}`) ?? null,
          after: row.status,
        })),
      };
    });
  }

  return {
    db,

    indicator(code: string, executor: Executor = db) {
      return executor
        .selectFrom('metrics.indicators')
        .selectAll()
        .where('code', '=', code)
        .executeTakeFirst();
    },

    indicators(options: { source?: string } = {}) {
      let query = db.selectFrom('metrics.indicators').selectAll();
      if (options.source) query = query.where('computed_source', '=', options.source);
      return query.orderBy('code').execute();
    },

    upsertIndicator(trx: MetricsTrx, row: Omit<IndicatorRow, 'created_at'>) {
      const { code, ...changes } = row;
      return trx
        .insertInto('metrics.indicators')
        .values(row)
        .onConflict((oc) => oc.column('code').doUpdateSet(changes))
        .execute();
    },

    async countObservationsOf(trx: MetricsTrx, code: string): Promise<number> {
      const row = await trx
        .selectFrom('metrics.observations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('indicator_code', '=', code)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** The observation of indicator × period × agency, locked for the rest of the transaction. */
    observationForUpdate(trx: MetricsTrx, key: { code: string; period: string; agencyId: string }) {
      return trx
        .selectFrom('metrics.observations')
        .selectAll()
        .where('indicator_code', '=', key.code)
        .where('period', '=', key.period)
        .where('agency_id', '=', key.agencyId)
        .forUpdate()
        .executeTakeFirst();
    },

    observationById(id: string, executor: Executor = db) {
      return executor.selectFrom('metrics.observations').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Inserts or replaces the observation of indicator × period × agency; the id of an existing one stays. */
    async saveObservation(trx: MetricsTrx, row: NewObservationRow): Promise<ObservationRow> {
      const [saved] = await saveObservations(trx, [row]);
      return saved!;
    },

    /** `saveObservation` for many rows in one statement (loads). */
    saveObservations,

    observationsForUpdate(trx: MetricsTrx, match: { agencyId: string; period: string; codes: string[] }) {
      return trx
        .selectFrom('metrics.observations')
        .selectAll()
        .where('agency_id', '=', match.agencyId)
        .where('period', '=', match.period)
        .where('indicator_code', 'in', match.codes)
        .orderBy('indicator_code')
        .forUpdate()
        .execute();
    },

    /** Moves the observations to `status`; the rollups of those approved before or after follow. */
    setStatus(trx: MetricsTrx, ids: string[], status: ObservationStatus, at: Date): Promise<void> {
      if (ids.length === 0) return Promise.resolve();
      return writeObservations(trx, async () => {
        const before = await trx
          .selectFrom('metrics.observations')
          .select(['indicator_code', 'period', 'status'])
          .where('id', 'in', ids)
          .forUpdate()
          .execute();
        await trx
          .updateTable('metrics.observations')
          .set({ status, updated_at: at })
          .where('id', 'in', ids)
          .execute();
        return {
          result: undefined,
          changed: before.map((row) => ({
            key: { code: row.indicator_code, period: row.period },
            before: row.status,
            after: status,
          })),
        };
      });
    },

    listObservations(filter: {
      indicatorCodes?: string[];
      agencyIds?: string[];
      periods?: string[];
      statuses?: ObservationStatus[];
      scope: DraftScope;
      limit: number;
    }) {
      let query = db.selectFrom('metrics.observations').selectAll();
      if (filter.indicatorCodes) query = query.where('indicator_code', 'in', filter.indicatorCodes);
      if (filter.agencyIds) query = query.where('agency_id', 'in', filter.agencyIds);
      if (filter.periods) query = query.where('period', 'in', filter.periods);
      if (filter.statuses) query = query.where('status', 'in', filter.statuses);
      const scope = filter.scope;
      if (scope !== 'all') {
        query = query.where((eb) =>
          scope.length === 0
            ? eb('status', '=', 'approved')
            : eb.or([eb('status', '=', 'approved'), eb('agency_id', 'in', scope)]),
        );
      }
      return query
        .orderBy('indicator_code')
        .orderBy('period')
        .orderBy('agency_id')
        .limit(filter.limit)
        .execute();
    },

    evidenceOf(observationIds: string[], executor: Executor = db) {
      if (observationIds.length === 0) return Promise.resolve([] as EvidenceRow[]);
      return executor
        .selectFrom('metrics.evidence')
        .selectAll()
        .where('observation_id', 'in', observationIds)
        .orderBy('uploaded_at')
        .orderBy('id')
        .execute();
    },

    evidence(id: string) {
      return db.selectFrom('metrics.evidence').selectAll().where('id', '=', id).executeTakeFirst();
    },

    insertEvidence(trx: MetricsTrx, row: EvidenceRow) {
      return trx.insertInto('metrics.evidence').values(row).execute();
    },

    insertRun(row: Omit<SourceRunRow, 'id' | 'periods'> & { periods: string[] }) {
      return db
        .insertInto('metrics.source_runs')
        .values({ ...row, periods: JSON.stringify(row.periods) })
        .execute();
    },

    /** The latest run of each source. */
    lastRuns() {
      return db
        .selectFrom('metrics.source_runs as r')
        .selectAll('r')
        .where(
          'r.id',
          'in',
          db
            .selectFrom('metrics.source_runs')
            .select((eb) => eb.fn.max('id').as('id'))
            .groupBy('source'),
        )
        .execute();
    },

    /** Rollups by request (see `rollupReadQuery`): one statement, a few index probes per request. */
    async rollups(requests: { code: string; upTo: string | null; pick: RollupPick }[]) {
      if (requests.length === 0) return [];
      return (await rollupReadQuery(requests).execute(db)).rows;
    },

    /** Which of the agencies have a value (any status) for which indicators in a period. */
    enteredValues(period: string, codes: string[], agencyIds: string[]) {
      if (codes.length === 0 || agencyIds.length === 0)
        return Promise.resolve([] as { indicator_code: string; agency_id: string }[]);
      return db
        .selectFrom('metrics.observations')
        .select(['indicator_code', 'agency_id'])
        .where('period', '=', period)
        .where('value', 'is not', null)
        .where('indicator_code', 'in', codes)
        .where('agency_id', 'in', agencyIds)
        .execute();
    },

    /** Serialises writers of one observation key across instances (recompute and people). */
    lockKey(trx: MetricsTrx, key: string) {
      return sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
    },
  };
}

export type MetricsStore = ReturnType<typeof createMetricsStore>;
