import type { PlatformContext, PlatformModule } from '../../platform/module.ts';
import type { OrgService } from '../org/index.ts';
import { metricsRoutes } from './metrics.routes.ts';
import { createMetricsService } from './metrics.service.ts';
import { createMetricsStore } from './metrics.store.ts';
import type { MetricsService } from './metrics.types.ts';
import { metricsTables } from './migrations/0001_metrics.ts';
import { metricsRollups } from './migrations/0002_rollups.ts';
import { observationsRoutes } from './observations.routes.ts';

export { aggregate } from './metrics.rules.ts';
export type {
  Aggregation,
  Direction,
  EvidenceRef,
  Indicator,
  MetricsService,
  Observation,
  ObservationStatus,
  Provenance,
  RecomputeResult,
  RollupPoint,
  RollupRequest,
  SourceInfo,
} from './metrics.types.ts';

export const RECOMPUTE_JOB = 'metrics.recompute';

/**
 * Indicators, periods and observations (manual, imported or computed) with their evidence and
 * provenance; computed sources that other modules register (`registerSource`) and that are
 * recomputed every hour and on demand. With `org`, agencies are checked against the register.
 */
export function createMetricsModule(
  context: PlatformContext,
  deps: { org?: Pick<OrgService, 'unitExists'> } = {},
): PlatformModule & { service: MetricsService } {
  const org = deps.org;
  const service = createMetricsService({
    store: createMetricsStore(context.database),
    audit: context.audit,
    clock: context.clock,
    files: context.files,
    ...(org ? { unitExists: (unitId: string) => org.unitExists(unitId) } : {}),
  });
  context.jobs.define<{ source?: string; periods?: string[] }>(
    RECOMPUTE_JOB,
    async (data) => {
      const result = await service.recompute({ source: data.source, periods: data.periods });
      const log =
        result.failed.length > 0 ? context.log.warn.bind(context.log) : context.log.info.bind(context.log);
      log({ ...result }, 'Tính lại chỉ tiêu / indicators recomputed');
    },
    { cron: '0 * * * *' },
  );
  return {
    name: 'metrics',
    migrations: [metricsTables, metricsRollups],
    routes: async (app) => {
      app.addHook('onReady', async () => {
        await service
          .refreshRuns()
          .catch((error: unknown) => context.log.warn({ err: error }, 'metrics runs unread'));
      });
      await app.register(metricsRoutes(service));
      await app.register(observationsRoutes(service));
    },
    service,
  };
}
