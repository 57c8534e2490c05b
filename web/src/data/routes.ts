import { type AnyRootRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { catalogueSearch, portalSearch, standardsSearch } from './search.ts';

/**
 * The pages of city data, all loaded on demand. Public: the open-data portal (`/du-lieu`), a
 * dataset (`/du-lieu/bo/:name`), the database catalogue (`/du-lieu/danh-muc-csdl`) and the data
 * standards (`/du-lieu/chuan-du-lieu`). Console: publishing for data stewards (`/console/du-lieu`).
 */
export function dataRoutes<TRoot extends AnyRootRoute>(rootRoute: TRoot) {
  const portal = createRoute({
    getParentRoute: () => rootRoute,
    path: '/du-lieu',
    validateSearch: portalSearch,
    component: lazyRouteComponent(() => import('./portal/PortalHomePage.tsx'), 'PortalHomePage'),
  });
  const dataset = createRoute({
    getParentRoute: () => rootRoute,
    path: '/du-lieu/bo/$name',
    component: lazyRouteComponent(() => import('./dataset/DatasetPage.tsx'), 'DatasetPage'),
  });
  const catalogue = createRoute({
    getParentRoute: () => rootRoute,
    path: '/du-lieu/danh-muc-csdl',
    validateSearch: catalogueSearch,
    component: lazyRouteComponent(() => import('./catalogue/CataloguePage.tsx'), 'CataloguePage'),
  });
  const entry = createRoute({
    getParentRoute: () => rootRoute,
    path: '/du-lieu/danh-muc-csdl/$entryId',
    component: lazyRouteComponent(() => import('./catalogue/EntryPage.tsx'), 'EntryPage'),
  });
  const standards = createRoute({
    getParentRoute: () => rootRoute,
    path: '/du-lieu/chuan-du-lieu',
    validateSearch: standardsSearch,
    component: lazyRouteComponent(() => import('./standards/StandardsPage.tsx'), 'StandardsPage'),
  });
  const item = createRoute({
    getParentRoute: () => rootRoute,
    path: '/du-lieu/chuan-du-lieu/$code',
    component: lazyRouteComponent(() => import('./standards/ItemPage.tsx'), 'ItemPage'),
  });
  const codeList = createRoute({
    getParentRoute: () => rootRoute,
    path: '/du-lieu/chuan-du-lieu/bang-ma/$code',
    component: lazyRouteComponent(() => import('./standards/CodeListPage.tsx'), 'CodeListPage'),
  });
  const publish = createRoute({
    getParentRoute: () => rootRoute,
    path: '/console/du-lieu',
    component: lazyRouteComponent(() => import('./publish/PublisherHome.tsx'), 'PublisherHome'),
  });
  const newDataset = createRoute({
    getParentRoute: () => rootRoute,
    path: '/console/du-lieu/tao-moi',
    component: lazyRouteComponent(() => import('./publish/NewDatasetPage.tsx'), 'NewDatasetPage'),
  });
  const editDataset = createRoute({
    getParentRoute: () => rootRoute,
    path: '/console/du-lieu/bo/$name',
    component: lazyRouteComponent(() => import('./publish/EditDatasetPage.tsx'), 'EditDatasetPage'),
  });
  return [
    portal,
    dataset,
    catalogue,
    entry,
    standards,
    item,
    codeList,
    publish,
    newDataset,
    editDataset,
  ] as const;
}
