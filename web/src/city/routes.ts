import { type AnyRootRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { outageSearch } from './search.ts';

/** Public pages of the sensor pilots and utility notices (air, floods, parking, outages), loaded on demand. */
export function cityRoutes<TRoot extends AnyRootRoute>(rootRoute: TRoot) {
  const air = createRoute({
    getParentRoute: () => rootRoute,
    path: '/khong-khi',
    component: lazyRouteComponent(() => import('./AirQualityPage.tsx'), 'AirQualityPage'),
  });
  const floods = createRoute({
    getParentRoute: () => rootRoute,
    path: '/ngap-ung',
    component: lazyRouteComponent(() => import('./FloodPage.tsx'), 'FloodPage'),
  });
  const parking = createRoute({
    getParentRoute: () => rootRoute,
    path: '/bai-do-xe',
    component: lazyRouteComponent(() => import('./ParkingPage.tsx'), 'ParkingPage'),
  });
  const outages = createRoute({
    getParentRoute: () => rootRoute,
    path: '/mat-dien-nuoc',
    validateSearch: outageSearch,
    component: lazyRouteComponent(() => import('./OutagesPage.tsx'), 'OutagesPage'),
  });
  return [air, floods, parking, outages] as const;
}
