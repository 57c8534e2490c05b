import { type AnyRootRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';

/**
 * The index results (docs/dti.md): public `/chi-so-chuyen-doi-so` (latest published cycle, or the
 * one named), and the council's and appraisers' `/console/chi-so-cds/ket-qua/<cycle>`.
 */
export function dtiResultsRoutes<TRoot extends AnyRootRoute>(rootRoute: TRoot) {
  const publicLatest = createRoute({
    getParentRoute: () => rootRoute,
    path: '/chi-so-chuyen-doi-so',
    component: lazyRouteComponent(() => import('./PublicResultsPage.tsx'), 'PublicResultsPage'),
  });
  const publicCycle = createRoute({
    getParentRoute: () => rootRoute,
    path: '/chi-so-chuyen-doi-so/$cycleId',
    component: lazyRouteComponent(() => import('./PublicResultsPage.tsx'), 'PublicResultsPage'),
  });
  const official = createRoute({
    getParentRoute: () => rootRoute,
    path: '/console/chi-so-cds/ket-qua/$cycleId',
    component: lazyRouteComponent(() => import('./OfficialResultsPage.tsx'), 'OfficialResultsPage'),
  });
  return [publicLatest, publicCycle, official] as const;
}
