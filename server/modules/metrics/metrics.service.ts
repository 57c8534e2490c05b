import { isDeepStrictEqual } from 'node:util';
import type { AuditLog } from '../../platform/audit/audit.ts';
import { type Actor, CITY_UNIT_ID, requireRole } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, validationFailed } from '../../platform/errors.ts';
import type { FileStore } from '../../platform/files.ts';
import { INDICATOR_CODE, validIndicator } from './metrics.rules.ts';
import type { MetricsStore, MetricsTrx } from './metrics.store.ts';
import type { Indicator, MetricsService, RecomputeResult } from './metrics.types.ts';
import { toIndicator } from './metrics.views.ts';
import { createObservationsService } from './observations.service.ts';
import { createRollupsService } from './rollups.service.ts';
import { createSourcesService } from './sources.service.ts';

/** What the module's own routes and job use beyond the contract. */
export type MetricsServiceExtras = {
  boundIndicators(source: string): Promise<string[]>;
  /** Recompute asked for by a person (the on-demand route): the request is audited, then run. */
  recomputeFor(actor: Actor, options: { source?: string; periods?: string[] }): Promise<RecomputeResult>;
};

/** Fields an indicator cannot change once it has observations: they would change what those mean. */
const MEANING: (keyof Indicator)[] = ['unit', 'aggregation', 'periodType'];

export function createMetricsService(deps: {
  store: MetricsStore;
  audit: AuditLog;
  clock: Clock;
  files: FileStore;
  unitExists?: (unitId: string) => Promise<boolean>;
}): MetricsService & MetricsServiceExtras {
  const { store, audit, clock } = deps;
  const observations = createObservationsService(deps);
  const sources = createSourcesService({ store, audit, clock });

  const upsertIndicator: MetricsService['upsertIndicator'] = async (actor, input, outerTrx) => {
    // The indicator register is the city's: plan owners (a city-wide role, held at `hanoi`).
    if (!actor.system) requireRole(actor.principal, 'plan_owner', CITY_UNIT_ID);
    const indicator = validIndicator(input);
    if (indicator.computedSource) {
      const source = sources.requireSource(indicator.computedSource);
      if (source.unit !== indicator.unit) {
        throw validationFailed([
          {
            path: 'unit',
            message: {
              vi: `nguồn ${source.name} đo bằng đơn vị ${source.unit}`,
              en: `source ${source.name} measures in ${source.unit}`,
            },
          },
        ]);
      }
    }
    const upsert = async (trx: MetricsTrx) => {
      const beforeRow = await store.indicator(indicator.code, trx);
      const before = beforeRow ? toIndicator(beforeRow) : null;
      if (before && isDeepStrictEqual(before, indicator)) return indicator;
      const changed = before ? MEANING.filter((key) => before[key] !== indicator[key]) : [];
      if (changed.length > 0 && (await store.countObservationsOf(trx, indicator.code)) > 0) {
        throw new AppError('conflict', {
          vi: `Chỉ tiêu ${indicator.code} đã có số liệu; không đổi được ${changed.join(', ')}. Hãy tạo chỉ tiêu mới.`,
          en: `Indicator ${indicator.code} has observations; its ${changed.join(', ')} cannot change. Create a new indicator.`,
        });
      }
      await store.upsertIndicator(trx, {
        code: indicator.code,
        name_vi: indicator.nameVi,
        name_en: indicator.nameEn,
        description_vi: indicator.descriptionVi,
        description_en: indicator.descriptionEn,
        unit: indicator.unit,
        direction: indicator.direction,
        aggregation: indicator.aggregation,
        period_type: indicator.periodType,
        decimals: indicator.decimals,
        computed_source: indicator.computedSource,
        example: indicator.example,
        updated_at: clock.now(),
      });
      await audit.record(trx, {
        actor,
        action: before ? 'metrics.indicator.update' : 'metrics.indicator.create',
        objectType: 'metrics.indicator',
        objectId: indicator.code,
        before,
        after: indicator,
        details: before
          ? {
              fields: (Object.keys(indicator) as (keyof Indicator)[]).filter(
                (k) => before[k] !== indicator[k],
              ),
            }
          : { computedSource: indicator.computedSource },
      });
      return indicator;
    };
    return outerTrx ? upsert(outerTrx as MetricsTrx) : store.db.transaction().execute(upsert);
  };

  return {
    upsertIndicator,
    async indicator(code, trx) {
      if (!INDICATOR_CODE.test(code)) return null;
      const row = await store.indicator(code, trx as MetricsTrx | undefined);
      return row ? toIndicator(row) : null;
    },
    indicators: async () => (await store.indicators()).map(toIndicator),
    ...observations,
    ...createRollupsService({ store }),
    registerSource: sources.registerSource,
    sources: sources.sources,
    refreshRuns: sources.refreshRuns,
    recompute: sources.recompute,
    async boundIndicators(source) {
      return (await store.indicators({ source })).map((row) => row.code);
    },
    async recomputeFor(actor, options) {
      if (!actor.system) requireRole(actor.principal, 'plan_owner', CITY_UNIT_ID);
      if (options.source) sources.requireSource(options.source);
      await store.db.transaction().execute((trx) =>
        audit.record(trx, {
          actor,
          action: 'metrics.recompute.request',
          objectType: 'metrics.source',
          objectId: options.source ?? null,
          details: { source: options.source ?? 'all', periods: options.periods ?? 'default' },
        }),
      );
      return sources.recompute(options);
    },
  };
}
