import { type AnyRootRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';

/**
 * The DTI framework screens (docs/dti.md, "Frameworks"), loaded on demand: the list by year and
 * unit set, and one version as a tree. Reading is public; the council (plan owners) edits.
 */
export function dtiFrameworkRoutes<TRoot extends AnyRootRoute>(rootRoute: TRoot) {
  const list = createRoute({
    getParentRoute: () => rootRoute,
    path: '/console/chi-so-cds/bo-chi-so',
    component: lazyRouteComponent(() => import('./FrameworksPage.tsx'), 'FrameworksPage'),
  });
  const framework = createRoute({
    getParentRoute: () => rootRoute,
    path: '/console/chi-so-cds/bo-chi-so/$frameworkId',
    component: lazyRouteComponent(() => import('./FrameworkPage.tsx'), 'FrameworkPage'),
  });
  return [list, framework] as const;
}
