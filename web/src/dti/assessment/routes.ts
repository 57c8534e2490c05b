import { type AnyRootRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';

/** The units' self-assessment of the digital-transformation index (console), loaded on demand. */
export function dtiAssessmentRoutes<TRoot extends AnyRootRoute>(rootRoute: TRoot) {
  const list = createRoute({
    getParentRoute: () => rootRoute,
    path: '/console/chi-so-cds/tu-danh-gia',
    component: lazyRouteComponent(() => import('./AssessmentListPage.tsx'), 'AssessmentListPage'),
  });
  const form = createRoute({
    getParentRoute: () => rootRoute,
    path: '/console/chi-so-cds/tu-danh-gia/$cycleId/$unitId',
    component: lazyRouteComponent(() => import('./AssessmentFormPage.tsx'), 'AssessmentFormPage'),
  });
  return [list, form] as const;
}
