import { type AnyRootRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';

/** Public pages of the registry pilots (schools, food safety, jobs, social security, health stations), loaded on demand. */
export function pilotsRoutes<TRoot extends AnyRootRoute>(rootRoute: TRoot) {
  const schools = createRoute({
    getParentRoute: () => rootRoute,
    path: '/truong-hoc',
    component: lazyRouteComponent(() => import('./SchoolsPage.tsx'), 'SchoolsPage'),
  });
  const food = createRoute({
    getParentRoute: () => rootRoute,
    path: '/an-toan-thuc-pham',
    component: lazyRouteComponent(() => import('./FoodSafetyPage.tsx'), 'FoodSafetyPage'),
  });
  const certificate = createRoute({
    getParentRoute: () => rootRoute,
    path: '/an-toan-thuc-pham/$id',
    component: lazyRouteComponent(() => import('./CertificatePage.tsx'), 'CertificatePage'),
  });
  const jobs = createRoute({
    getParentRoute: () => rootRoute,
    path: '/viec-lam',
    component: lazyRouteComponent(() => import('./JobsPage.tsx'), 'JobsPage'),
  });
  const social = createRoute({
    getParentRoute: () => rootRoute,
    path: '/an-sinh-xa-hoi',
    component: lazyRouteComponent(() => import('./SocialPage.tsx'), 'SocialPage'),
  });
  const health = createRoute({
    getParentRoute: () => rootRoute,
    path: '/tram-y-te',
    component: lazyRouteComponent(() => import('./HealthPage.tsx'), 'HealthPage'),
  });
  return [schools, food, certificate, jobs, social, health] as const;
}
