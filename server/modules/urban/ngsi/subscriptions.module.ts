import type { PlatformContext } from '../../../platform/module.ts';
import type { ChangeFeed } from '../changes.ts';
import { createSubscriptionNotifier, type NotifierOptions } from './subscriptions.notifier.ts';
import { subscriptionRoutes } from './subscriptions.routes.ts';
import { createSubscriptionService } from './subscriptions.service.ts';
import { createSubscriptionStore } from './subscriptions.store.ts';

/**
 * Subscriptions wired together: the API, and the notifier listening on the change feed from the
 * moment the module exists (it only queues in-process work; no socket is opened until a delivery).
 */
export function createSubscriptions(
  context: PlatformContext,
  changes: ChangeFeed,
  options: Partial<NotifierOptions> = {},
) {
  const db = context.database.db;
  const store = createSubscriptionStore(db);
  // In production private and loopback endpoints need naming in NGSI_NOTIFY_ALLOWED_HOSTS (SSRF).
  const policy = {
    production: context.config.nodeEnv === 'production',
    allowedHosts: context.config.ngsiNotifyAllowedHosts,
  };
  const notifier = createSubscriptionNotifier({
    db,
    store,
    clock: context.clock,
    log: context.log,
    policy,
    options,
  });
  const service = createSubscriptionService({
    db,
    store,
    audit: context.audit,
    clock: context.clock,
    policy,
    notifier,
  });
  const unsubscribe = changes.subscribe((batch) => notifier.onChanges(batch));
  return {
    routes: subscriptionRoutes(service, context.config.publicUrl),
    service,
    /** Waits for queued notifications (tests, and a graceful stop). */
    drain: () => notifier.drain(),
    async stop() {
      unsubscribe();
      await notifier.drain();
    },
  };
}
