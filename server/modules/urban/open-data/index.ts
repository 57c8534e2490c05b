import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/database.ts';
import type { FollowerBuilder } from '../../data/index.ts';
import type { OrgService } from '../../org/index.ts';
import { buildPilotDataset } from './aggregates.ts';
import { PILOT_DATASETS } from './pilots.ts';

/**
 * The pilots' open datasets of daily aggregates by ward and commune, one per pilot type, for the
 * open-data portal to follow (`data.service.portal.registerFollower`, in the composition root).
 */
export function urbanOpenData(deps: {
  database: Database;
  clock: Clock;
  org: Pick<OrgService, 'units'>;
}): Record<string, FollowerBuilder> {
  return Object.fromEntries(
    PILOT_DATASETS.map((pilot) => [`urban.${pilot.type}`, () => buildPilotDataset(deps, pilot)]),
  );
}
