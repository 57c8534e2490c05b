import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/database.ts';
import type { ComputedSource } from '../../../platform/kpi.ts';
import { goodAirSource } from './air.ts';
import { responseSources } from './response.ts';
import { uptimeSource } from './uptime.ts';

/**
 * The pilots' KPIs, measured from the urban tables for the metrics module (registered by the
 * composition root): device uptime, alert response times, flood incidents resolved on time, and
 * days of good air. Each covers this platform's devices only and flags figures from simulated ones.
 */
export function urbanKpiSources(deps: { database: Database; clock: Clock }): ComputedSource[] {
  return [uptimeSource(deps), ...responseSources(deps), goodAirSource(deps)];
}
