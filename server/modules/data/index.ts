import type { ComputedSource } from '../../platform/kpi.ts';
import type { PlatformContext, PlatformModule } from '../../platform/module.ts';
import type { OrgService } from '../org/index.ts';
import { type CatalogueService, createCataloguePart } from './catalogue/index.ts';
import { createCkanPart } from './ckan/index.ts';
import { createDatastorePart, type DatastoreService } from './datastore/index.ts';
import { createDcatPart } from './dcat/index.ts';
import { createDictionaryPart, type DictionaryService } from './dictionary/index.ts';
import type { DataPart } from './part.ts';
import { createPortalPart, type PlanPublic, type PortalPart } from './portal/index.ts';

export type { CatalogueEntry } from './catalogue/index.ts';
export type { CodeListValue, DataItem, DictionaryService, ItemStatus, ItemType } from './dictionary/index.ts';
export type { FollowerBuilder, SeedDataset, SeedFile, TableSchema } from './portal/index.ts';
export { AGENCIES_PUBLISHING_OPEN_DATA, csvSeedFile } from './portal/index.ts';

/**
 * City data: the data-item dictionary (the city's data standards), the catalogue of databases and
 * information systems, the open-data portal with its DataStore, the CKAN Action API and DCAT-AP.
 * See docs/open-data.md. Each part is created here, in dependency order, and exposed on `service`.
 */
export type DataService = {
  dictionary: DictionaryService;
  catalogue: CatalogueService;
  datastore: DatastoreService;
  portal: PortalPart['service'];
};

export function createDataModule(
  context: PlatformContext,
  deps: { org: OrgService; plan?: PlanPublic; version?: string },
): PlatformModule & { service: DataService; seedReference(): Promise<void>; kpiSources: ComputedSource[] } {
  const dictionary = createDictionaryPart(context, { org: deps.org });
  const catalogue = createCataloguePart(context, { org: deps.org, dictionary: dictionary.service });
  const datastore = createDatastorePart(context);
  const portal = createPortalPart(context, {
    org: deps.org,
    datastore: datastore.service,
    dictionary: dictionary.service,
    catalogue: catalogue.service,
    ...(deps.plan ? { plan: deps.plan } : {}),
  });
  const ckan = createCkanPart(context, {
    portal,
    datastore: datastore.service,
    version: deps.version ?? '0',
  });
  const dcat = createDcatPart(context, { portal });
  const parts: DataPart[] = [dictionary, catalogue, datastore, portal.part, ckan, dcat];
  const service: DataService = {
    dictionary: dictionary.service,
    catalogue: catalogue.service,
    datastore: datastore.service,
    portal: portal.service,
  };
  return {
    name: 'data',
    migrations: parts.flatMap((part) => part.migrations),
    routes: async (app) => {
      for (const part of parts) if (part.routes) await app.register(part.routes);
    },
    async seedReference() {
      for (const part of parts) await part.seedReference?.();
    },
    async seedDemo() {
      for (const part of parts) await part.seedDemo?.();
    },
    service,
    /** Open-data KPIs (G26 and counts), for the metrics module (registered by the composition root). */
    kpiSources: portal.kpiSources,
  };
}
