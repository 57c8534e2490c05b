import { type AnyRootRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';

/** `/console/van-hanh`: the city administrator's operations page (docs/observability.md). */
export function operationsRoutes<TRoot extends AnyRootRoute>(rootRoute: TRoot) {
  const operations = createRoute({
    getParentRoute: () => rootRoute,
    path: '/console/van-hanh',
    component: lazyRouteComponent(() => import('./OperationsPage.tsx'), 'OperationsPage'),
  });
  return [operations] as const;
}
