import { type AnyRootRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';

/**
 * The operations centre (`/trung-tam-dieu-hanh`, operators) and its public map view
 * (`/ban-do-do-thi`, anyone), loaded on demand.
 */
export function iocRoutes<TRoot extends AnyRootRoute>(rootRoute: TRoot) {
  const operations = createRoute({
    getParentRoute: () => rootRoute,
    path: '/trung-tam-dieu-hanh',
    component: lazyRouteComponent(() => import('./OperationsPage.tsx'), 'OperationsPage'),
  });
  const publicMap = createRoute({
    getParentRoute: () => rootRoute,
    path: '/ban-do-do-thi',
    component: lazyRouteComponent(() => import('./PublicMapPage.tsx'), 'PublicMapPage'),
  });
  return [operations, publicMap] as const;
}
