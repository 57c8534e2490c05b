import { createRootRoute, createRoute, createRouter, lazyRouteComponent } from '@tanstack/react-router';
import { agenciesSearch, unitSearch } from '../agencies/search.ts';
import { cityRoutes } from '../city/routes.ts';
import { auditSearch } from '../console/audit-search.ts';
import { dataRoutes } from '../data/routes.ts';
import { dtiAppraisalRoutes } from '../dti/appraisal/routes.ts';
import { dtiAssessmentRoutes } from '../dti/assessment/routes.ts';
import { dtiFrameworkRoutes } from '../dti/frameworks/routes.ts';
import { dtiResultsRoutes } from '../dti/results/routes.ts';
import { iocRoutes } from '../ioc/routes.ts';
import { inboxSearch } from '../notifications/search.ts';
import { operationsRoutes } from '../operations/routes.ts';
import { pilotsRoutes } from '../pilots/routes.ts';
import { planRoutes } from '../plan/routes.ts';
import { HomePage } from '../portal/HomePage.tsx';
import { SignInPage, signInSearch } from '../portal/SignInPage.tsx';
import { procedureSearch } from '../procedures/search.ts';
import { AppLayout } from './AppLayout.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

/**
 * Every page of the web app. Paths are Vietnamese (the site's first language); heavier areas
 * (map, console) are loaded on demand.
 */
const rootRoute = createRootRoute({ component: AppLayout, notFoundComponent: NotFoundPage });

const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomePage });

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/dang-nhap',
  validateSearch: signInSearch,
  component: SignInPage,
});

const accountRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/tai-khoan',
  component: lazyRouteComponent(() => import('../account/AccountPage.tsx'), 'AccountPage'),
});

const agenciesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/co-quan',
  validateSearch: agenciesSearch,
  component: lazyRouteComponent(() => import('../agencies/AgenciesPage.tsx'), 'AgenciesPage'),
});

const unitRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/co-quan/$unitId',
  validateSearch: unitSearch,
  component: lazyRouteComponent(() => import('../agencies/UnitPage.tsx'), 'UnitPage'),
});

const consoleRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/console',
  component: lazyRouteComponent(() => import('../console/ConsoleHome.tsx'), 'ConsoleHome'),
});

const auditRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/console/nhat-ky',
  validateSearch: auditSearch,
  component: lazyRouteComponent(() => import('../console/AuditLogPage.tsx'), 'AuditLogPage'),
});

const clientsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/console/ung-dung',
  component: lazyRouteComponent(() => import('../console/ClientsPage.tsx'), 'ClientsPage'),
});

const officialsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/console/co-quan/$unitId/can-bo',
  component: lazyRouteComponent(() => import('../console/OfficialsPage.tsx'), 'OfficialsPage'),
});

const inboxRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/thong-bao',
  validateSearch: inboxSearch,
  component: lazyRouteComponent(() => import('../notifications/InboxPage.tsx'), 'InboxPage'),
});

const outboxRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/console/hop-thu-di',
  component: lazyRouteComponent(() => import('../notifications/OutboxPage.tsx'), 'OutboxPage'),
});

const myDataRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/du-lieu-cua-toi',
  component: lazyRouteComponent(() => import('../mydata/MyDataPage.tsx'), 'MyDataPage'),
});

const verifyResultRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/verify/$id',
  component: lazyRouteComponent(() => import('../results/VerifyPage.tsx'), 'VerifyPage'),
});

const procedureSearchRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/dich-vu-cong',
  validateSearch: procedureSearch,
  component: lazyRouteComponent(() => import('../procedures/ProcedureSearchPage.tsx'), 'ProcedureSearchPage'),
});

const procedureRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/dich-vu-cong/$code',
  component: lazyRouteComponent(() => import('../procedures/ProcedurePage.tsx'), 'ProcedurePage'),
});

const applyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/dich-vu-cong/$code/nop',
  component: lazyRouteComponent(() => import('../dossiers/ApplyPage.tsx'), 'ApplyPage'),
});

const myDossiersRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/ho-so-cua-toi',
  component: lazyRouteComponent(() => import('../dossiers/MyDossiersPage.tsx'), 'MyDossiersPage'),
});

const dossierDetailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/ho-so-cua-toi/$code',
  component: lazyRouteComponent(() => import('../dossiers/MyDossiersPage.tsx'), 'DossierDetailPage'),
});

const statusLookupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/tra-cuu-ho-so',
  // The receipt's QR code carries the dossier code; only a plausible one is kept.
  validateSearch: (search: Record<string, unknown>): { code?: string } =>
    typeof search.code === 'string' && /^[A-Za-z0-9-]{3,40}$/.test(search.code) ? { code: search.code } : {},
  component: lazyRouteComponent(() => import('../dossiers/StatusLookupPage.tsx'), 'StatusLookupPage'),
});

const procedureAdminRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/console/thu-tuc',
  component: lazyRouteComponent(() => import('../procedures/FormBuilderPage.tsx'), 'ProcedureAdminPage'),
});

const formBuilderRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/console/thu-tuc/$code',
  component: lazyRouteComponent(() => import('../procedures/FormBuilderPage.tsx'), 'FormBuilderPage'),
});

const caseQueueRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/console/ho-so',
  component: lazyRouteComponent(() => import('../casework/QueuePage.tsx'), 'QueuePage'),
});

const caseRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/console/ho-so/$code',
  component: lazyRouteComponent(() => import('../casework/CasePage.tsx'), 'CasePage'),
});

const routeTree = rootRoute.addChildren([
  homeRoute,
  signInRoute,
  accountRoute,
  agenciesRoute,
  unitRoute,
  consoleRoute,
  auditRoute,
  clientsRoute,
  officialsRoute,
  inboxRoute,
  outboxRoute,
  myDataRoute,
  verifyResultRoute,
  procedureSearchRoute,
  procedureRoute,
  applyRoute,
  myDossiersRoute,
  dossierDetailRoute,
  statusLookupRoute,
  procedureAdminRoute,
  formBuilderRoute,
  caseQueueRoute,
  caseRoute,
  ...planRoutes(rootRoute),
  ...dataRoutes(rootRoute),
  ...iocRoutes(rootRoute),
  ...pilotsRoutes(rootRoute),
  ...cityRoutes(rootRoute),
  ...dtiAppraisalRoutes(rootRoute),
  ...dtiAssessmentRoutes(rootRoute),
  ...dtiResultsRoutes(rootRoute),
  ...dtiFrameworkRoutes(rootRoute),
  ...operationsRoutes(rootRoute),
]);

export const router = createRouter({
  routeTree,
  defaultPreload: 'intent',
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
