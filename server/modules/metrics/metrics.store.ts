import { type ColumnType, type Generated, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import type { PeriodType } from '../../platform/period.ts';
import type { Aggregation, Direction, ObservationStatus, Provenance } from './metrics.types.ts';

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
      const { id: _id, indicator_code: _code, period: _period, agency_id: _agency, ...changes } = row;
      const provenance = JSON.stringify(row.provenance);
      return trx
        .insertInto('metrics.observations')
        .values({ ...row, provenance })
        .onConflict((oc) =>
          oc.columns(['indicator_code', 'period', 'agency_id']).doUpdateSet({ ...changes, provenance }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
    },

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

    setStatus(trx: MetricsTrx, ids: string[], status: ObservationStatus, at: Date) {
      return trx
        .updateTable('metrics.observations')
        .set({ status, updated_at: at })
        .where('id', 'in', ids)
        .execute();
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

    /** Serialises writers of one observation key across instances (recompute and people). */
    lockKey(trx: MetricsTrx, key: string) {
      return sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
    },
  };
}

export type MetricsStore = ReturnType<typeof createMetricsStore>;
