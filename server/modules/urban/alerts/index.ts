import type { PlatformContext } from '../../../platform/module.ts';
import type { OrgService } from '../../org/index.ts';
import type { ChangeFeed } from '../changes.ts';
import { alertsRoutes } from './alerts.routes.ts';
import { createAlertEngine, SILENCE_JOB } from './engine.ts';
import { createIncidentsService } from './incidents.service.ts';
import { createAgencyNotices } from './notices.ts';
import { publicAlertsRoutes } from './public.routes.ts';
import { createRulesService } from './rules.service.ts';

export { SILENCE_JOB } from './engine.ts';

/**
 * Alert rules, alerts and incidents wired together: the engine listens on the change feed from the
 * moment the part exists (it only queues), and the silence job runs every minute.
 */
export function createAlerts(context: PlatformContext, deps: { org: OrgService; changes: ChangeFeed }) {
  const db = context.database.db;
  const notices = createAgencyNotices({ org: deps.org, notify: context.notify });
  const engine = createAlertEngine({
    db,
    audit: context.audit,
    clock: context.clock,
    log: context.log,
    org: deps.org,
    notices,
    publicUrl: context.config.publicUrl,
  });
  const rules = createRulesService({
    db,
    audit: context.audit,
    clock: context.clock,
    org: deps.org,
    changed: () => engine.invalidate(),
  });
  const incidents = createIncidentsService({
    db,
    audit: context.audit,
    clock: context.clock,
    org: deps.org,
    notices,
  });
  context.jobs.define(SILENCE_JOB, () => engine.checkSilence(), { cron: '* * * * *' });
  const unsubscribe = deps.changes.subscribe((batch) => engine.onChanges(batch));
  return {
    routes: async (app: Parameters<ReturnType<typeof alertsRoutes>>[0]) => {
      await app.register(alertsRoutes(rules, incidents));
      await app.register(publicAlertsRoutes(incidents, context.config.publicUrl, context.clock));
    },
    /** The rules service (the demo seed writes the default rules through it, so the engine re-reads at once). */
    rules,
    /** Waits until every queued change batch has been evaluated (tests, and a graceful stop). */
    drain: () => engine.drain(),
    async stop() {
      unsubscribe();
      await engine.drain();
    },
  };
}
