import type { PlatformContext } from '../../../platform/module.ts';
import type { ChangeFeed } from '../changes.ts';
import { iocRoutes } from './ioc.routes.ts';
import { createIocService } from './ioc.service.ts';
import { createIocStore } from './ioc.store.ts';
import { createLiveHub } from './live.ts';

/** The operations centre's reads, its live updates, and the public map (docs/smart-urban.md). */
export function createIoc(context: PlatformContext, deps: { changes: ChangeFeed }) {
  const store = createIocStore(context.database.db);
  const service = createIocService({ store, clock: context.clock });
  const hub = createLiveHub({ store, changes: deps.changes, clock: context.clock, log: context.log });
  return {
    routes: iocRoutes(service, hub),
    stop: () => hub.stop(),
  };
}
