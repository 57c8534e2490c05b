import { type AnyRootRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';

/**
 * The digital-transformation index's console hub, the council's cycle management and the
 * appraisers' workspace, all loaded on demand.
 */
export function dtiAppraisalRoutes<TRoot extends AnyRootRoute>(rootRoute: TRoot) {
  const hub = createRoute({
    getParentRoute: () => rootRoute,
    path: '/console/chi-so-cds',
    component: lazyRouteComponent(() => import('../hub/HubPage.tsx'), 'HubPage'),
  });
  const cycles = createRoute({
    getParentRoute: () => rootRoute,
    path: '/console/chi-so-cds/ky-danh-gia',
    component: lazyRouteComponent(() => import('../council/CouncilCyclesPage.tsx'), 'CouncilCyclesPage'),
  });
  const queue = createRoute({
    getParentRoute: () => rootRoute,
    path: '/console/chi-so-cds/tham-dinh',
    component: lazyRouteComponent(() => import('./QueuePage.tsx'), 'QueuePage'),
  });
  const unit = createRoute({
    getParentRoute: () => rootRoute,
    path: '/console/chi-so-cds/tham-dinh/$cycleId/$unitId',
    component: lazyRouteComponent(() => import('./AppraisePage.tsx'), 'AppraisePage'),
  });
  return [hub, cycles, queue, unit] as const;
}
