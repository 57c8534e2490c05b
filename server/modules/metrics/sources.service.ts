import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../platform/audit/audit.ts';
import { CITY_UNIT_ID, systemActor } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { notFound } from '../../platform/errors.ts';
import type { ComputedSource, ComputedValue } from '../../platform/kpi.ts';
import { type Period, parsePeriod, periodContaining, previousPeriod } from '../../platform/period.ts';
import { type Figures, validFigures } from './metrics.rules.ts';
import type { IndicatorRow, MetricsStore, SourceRunRow } from './metrics.store.ts';
import type { Indicator, RecomputeResult, SourceInfo, SourceRun } from './metrics.types.ts';
import { toIndicator, toObservation } from './metrics.views.ts';

const SOURCE_NAME = /^[a-z][a-z0-9_]*\.[a-z0-9_.]+$/;
const recomputeActor = systemActor('metrics:recompute');

const toRun = (row: SourceRunRow): SourceRun => ({
  at: new Date(row.at).toISOString(),
  periods: row.periods,
  query: row.query,
  written: Number(row.written),
  unchanged: Number(row.unchanged),
  error: row.error,
});

const sameNumber = (a: number | null, b: number | null) => (a === null ? b === null : b !== null && a === b);

/** The figures a source computed, checked against the indicator's unit as a person's would be. */
function figuresOf(indicator: Indicator, computed: ComputedValue): Figures {
  const numerator = computed.numerator ?? null;
  const denominator = computed.denominator ?? null;
  if (computed.value === null) return { value: null, numerator, denominator };
  if (indicator.aggregation === 'ratio')
    return validFigures(indicator, { value: computed.value, numerator, denominator });
  return { ...validFigures(indicator, { value: computed.value }), numerator, denominator };
}

/**
 * Computed sources: named functions modules register that compute a value for a period and an
 * agency from the platform's own tables. Every indicator bound to a source takes its values from
 * here, stored as approved observations whose provenance is the query that ran.
 */
export function createSourcesService(deps: { store: MetricsStore; audit: AuditLog; clock: Clock }) {
  const { store, audit, clock } = deps;
  const registry = new Map<string, ComputedSource>();
  const lastRuns = new Map<string, SourceRun>();

  function registerSource(source: ComputedSource) {
    if (!SOURCE_NAME.test(source.name))
      throw new Error(`Computed source name ${source.name} is not <module>.<what>`);
    if (registry.has(source.name)) throw new Error(`Computed source ${source.name} is registered twice`);
    registry.set(source.name, source);
  }

  function requireSource(name: string): ComputedSource {
    const source = registry.get(name);
    if (!source) throw notFound({ vi: `nguồn tính tự động ${name}`, en: `Computed source ${name}` });
    return source;
  }

  function sources(): SourceInfo[] {
    return [...registry.values()].map((source) => ({
      name: source.name,
      label: source.label,
      description: source.description,
      unit: source.unit,
      scope: source.scope,
      lastRun: lastRuns.get(source.name) ?? null,
    }));
  }

  async function refreshRuns() {
    for (const row of await store.lastRuns()) lastRuns.set(row.source, toRun(row));
  }

  /** Stores one computed value unless the stored one already says the same. */
  async function storeComputed(
    source: ComputedSource,
    indicator: Indicator,
    period: Period,
    agencyId: string,
    computed: ComputedValue,
  ): Promise<'written' | 'unchanged'> {
    const figures = figuresOf(indicator, computed);
    return store.db.transaction().execute(async (trx) => {
      const key = { code: indicator.code, period: period.id, agencyId };
      await store.lockKey(trx, `metrics:${key.code}:${key.period}:${key.agencyId}`);
      const before = await store.observationForUpdate(trx, key);
      const provenance = before?.provenance;
      if (
        before?.status === 'approved' &&
        provenance?.kind === 'computed' &&
        provenance.source === source.name &&
        provenance.query === computed.query &&
        before.demo === computed.demo &&
        sameNumber(before.value, figures.value) &&
        sameNumber(before.numerator, figures.numerator) &&
        sameNumber(before.denominator, figures.denominator)
      ) {
        return 'unchanged';
      }
      const now = clock.now();
      const saved = await store.saveObservation(trx, {
        id: before?.id ?? randomUUID(),
        indicator_code: key.code,
        period: key.period,
        agency_id: agencyId,
        ...figures,
        status: 'approved',
        comment: computed.note ? `${computed.note.vi} / ${computed.note.en}` : null,
        provenance: { kind: 'computed', source: source.name, query: computed.query, at: now.toISOString() },
        example: false,
        demo: computed.demo,
        updated_at: now,
      });
      await audit.record(trx, {
        actor: recomputeActor,
        agencyId,
        action: 'metrics.observation.compute',
        objectType: 'metrics.observation',
        objectId: saved.id,
        before: before ? toObservation(before, []) : null,
        after: toObservation(saved, []),
        details: { indicator: key.code, period: key.period, source: source.name, value: figures.value },
      });
      return 'written';
    });
  }

  async function runSource(source: ComputedSource, indicators: IndicatorRow[], periods: Period[] | null) {
    const outcome = { written: 0, unchanged: 0, errors: [] as string[], periods: new Set<string>() };
    let query: string | null = null;
    let agencies: string[];
    try {
      agencies = source.scope === 'city' ? [CITY_UNIT_ID] : ((await source.agencies?.()) ?? []);
    } catch (error) {
      outcome.errors.push(`agencies: ${(error as Error).message}`);
      return { ...outcome, query };
    }
    const today = clock.today();
    for (const indicator of indicators.map(toIndicator)) {
      const chosen = periods
        ? periods.filter((period) => period.type === indicator.periodType)
        : [
            previousPeriod(periodContaining(indicator.periodType, today)),
            periodContaining(indicator.periodType, today),
          ];
      if (chosen.length === 0) {
        outcome.errors.push(`${indicator.code}: no ${indicator.periodType} period among those asked for`);
        continue;
      }
      for (const period of chosen) {
        for (const agencyId of agencies) {
          try {
            const computed = await source.compute(period, source.scope === 'city' ? null : agencyId);
            const done = await storeComputed(source, indicator, period, agencyId, computed);
            outcome[done]++;
            outcome.periods.add(period.id);
            query = computed.query;
          } catch (error) {
            outcome.errors.push(`${indicator.code} ${period.id} ${agencyId}: ${(error as Error).message}`);
          }
        }
      }
    }
    return { ...outcome, query };
  }

  async function recompute(options: { source?: string; periods?: string[] } = {}): Promise<RecomputeResult> {
    const chosen = options.source ? [requireSource(options.source)] : [...registry.values()];
    const periods = options.periods ? options.periods.map(parsePeriod) : null;
    const result: RecomputeResult = { written: 0, unchanged: 0, failed: [] };
    for (const source of chosen) {
      const indicators = await store.indicators({ source: source.name });
      if (indicators.length === 0) continue;
      const outcome = await runSource(source, indicators, periods);
      result.written += outcome.written;
      result.unchanged += outcome.unchanged;
      for (const error of outcome.errors) result.failed.push({ source: source.name, error });
      const run = {
        source: source.name,
        at: clock.now(),
        periods: [...outcome.periods].sort(),
        written: outcome.written,
        unchanged: outcome.unchanged,
        error: outcome.errors.length > 0 ? outcome.errors.join('; ').slice(0, 4000) : null,
        query: outcome.query,
      };
      await store.insertRun(run);
      lastRuns.set(source.name, toRun({ ...run, id: 0 }));
    }
    return result;
  }

  return {
    registerSource,
    requireSource,
    sources,
    refreshRuns,
    recompute,
    has: (name: string) => registry.has(name),
  };
}
