import { type AnyRootRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { periodSearch, taskBoardSearch } from './search.ts';

/**
 * The pages of plan monitoring (Plan 239), all loaded on demand. Public: `/ke-hoach` (performance,
 * no sign-in). Officials: overview, target, tasks, agency, cycles. Console: reporting and review
 * (`/console/bao-cao`), and the plan owner's target edit.
 */
export function planRoutes<TRoot extends AnyRootRoute>(rootRoute: TRoot) {
  const performance = createRoute({
    getParentRoute: () => rootRoute,
    path: '/ke-hoach',
    validateSearch: periodSearch,
    component: lazyRouteComponent(() => import('./public/PerformancePage.tsx'), 'PerformancePage'),
  });
  const overview = createRoute({
    getParentRoute: () => rootRoute,
    path: '/ke-hoach/tong-quan',
    validateSearch: periodSearch,
    component: lazyRouteComponent(() => import('./overview/OverviewPage.tsx'), 'OverviewPage'),
  });
  const target = createRoute({
    getParentRoute: () => rootRoute,
    path: '/ke-hoach/chi-tieu/$code',
    validateSearch: periodSearch,
    component: lazyRouteComponent(() => import('./target/TargetPage.tsx'), 'TargetPage'),
  });
  const tasks = createRoute({
    getParentRoute: () => rootRoute,
    path: '/ke-hoach/nhiem-vu',
    validateSearch: taskBoardSearch,
    component: lazyRouteComponent(() => import('./tasks/TaskBoardPage.tsx'), 'TaskBoardPage'),
  });
  const task = createRoute({
    getParentRoute: () => rootRoute,
    path: '/ke-hoach/nhiem-vu/$taskId',
    component: lazyRouteComponent(() => import('./tasks/TaskPage.tsx'), 'TaskPage'),
  });
  const agency = createRoute({
    getParentRoute: () => rootRoute,
    path: '/ke-hoach/co-quan/$agencyId',
    component: lazyRouteComponent(() => import('./agency/AgencyPlanPage.tsx'), 'AgencyPlanPage'),
  });
  const cycles = createRoute({
    getParentRoute: () => rootRoute,
    path: '/ke-hoach/ky-bao-cao',
    component: lazyRouteComponent(() => import('./cycles/CyclesPage.tsx'), 'CyclesPage'),
  });
  const completion = createRoute({
    getParentRoute: () => rootRoute,
    path: '/ke-hoach/ky-bao-cao/$cycleId',
    component: lazyRouteComponent(() => import('./cycles/CompletionPage.tsx'), 'CompletionPage'),
  });
  const reports = createRoute({
    getParentRoute: () => rootRoute,
    path: '/console/bao-cao',
    component: lazyRouteComponent(() => import('./report/ReportsHome.tsx'), 'ReportsHome'),
  });
  const worklist = createRoute({
    getParentRoute: () => rootRoute,
    path: '/console/bao-cao/$cycleId/$agencyId',
    component: lazyRouteComponent(() => import('./report/WorklistPage.tsx'), 'WorklistPage'),
  });
  const targetEdit = createRoute({
    getParentRoute: () => rootRoute,
    path: '/console/ke-hoach/chi-tieu/$code',
    component: lazyRouteComponent(() => import('./target/edit/TargetEditPage.tsx'), 'TargetEditPage'),
  });
  return [
    performance,
    overview,
    target,
    tasks,
    task,
    agency,
    cycles,
    completion,
    reports,
    worklist,
    targetEdit,
  ] as const;
}
