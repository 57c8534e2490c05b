import type { Actor } from '../../../platform/auth/principal.ts';
import type { ComputedSource } from '../../../platform/kpi.ts';
import type { PlatformContext } from '../../../platform/module.ts';
import type { OrgService } from '../../org/index.ts';
import type { CatalogueService } from '../catalogue/index.ts';
import type { DictionaryService } from '../dictionary/index.ts';
import type { DataPart } from '../part.ts';
import { createCounters } from './counters.ts';
import type { Datastore } from './datastore.contract.ts';
import { airQualityDemo, busStopsDemo, schoolsDemo } from './demo.ts';
import { createFollowers, type FollowerBuilder } from './followers.ts';
import { portalKpiSources } from './kpi.ts';
import { createLinkChecker, LINK_CHECK_JOB } from './links.ts';
import { portalMigrations } from './migrations.ts';
import { createOrganizations } from './organizations.ts';
import { portalRoutes } from './portal.routes.ts';
import { type DatasetInput, datasetInput } from './portal.schema.ts';
import { createPortalService } from './portal.service.ts';
import { createPortalStore } from './portal.store.ts';
import { createResourcesService } from './resources.service.ts';
import {
  boundariesSeed,
  catalogueSeed,
  createSeeder,
  dictionarySeed,
  planSeed,
  type SeedDataset,
  unitsSeed,
} from './seeds.ts';

export type { TableSchema } from './datastore.contract.ts';
export type { FollowerBuilder } from './followers.ts';
export { csvSeedFile } from './followers.ts';
export { AGENCIES_PUBLISHING_OPEN_DATA } from './kpi.ts';
export type { SeedDataset, SeedFile } from './seeds.ts';

export const REFRESH_JOB = 'data.portal.refresh';

/** What the portal needs of the plan module: its public, approved-only performance. */
export type PlanPublic = {
  planId: string;
  publicPerformance(planId: string): Promise<Parameters<typeof planSeed>[0]>;
};

/**
 * The open-data portal part: datasets, resources, versions, quality, counters, link checks, the
 * seeds of the datasets the platform truly has, and the KPI sources. The CKAN and DCAT parts
 * answer over its services (`internals`).
 */
export function createPortalPart(
  context: PlatformContext,
  deps: {
    org: OrgService;
    datastore: Datastore;
    dictionary?: Pick<DictionaryService, 'csv' | 'jsonSchema'>;
    catalogue?: Pick<CatalogueService, 'publicEntries'>;
    plan?: PlanPublic;
  },
) {
  const { config, clock, log } = context;
  const publicUrl = config.publicUrl;
  const store = createPortalStore(context.database);
  const organizations = createOrganizations(deps.org);
  const counters = createCounters({
    store,
    clock,
    onError: (error) => log.warn({ err: error }, 'open-data counters not saved yet'),
  });
  const portal = createPortalService({
    store,
    audit: context.audit,
    clock,
    organizations,
    counters,
    publicUrl,
  });
  const resources = createResourcesService({
    store,
    portal,
    audit: context.audit,
    clock,
    files: context.files,
    counters,
    datastore: () => deps.datastore,
    publicUrl,
  });
  const links = createLinkChecker({ store, clock, log, publicUrl });
  const ensure = createSeeder({ portal, resources, store, log });
  const followers = createFollowers(log);

  /** The datasets whose content follows other parts (the plan, the dictionary, the catalogue) and modules. */
  async function refreshFollowers() {
    const seeds: SeedDataset[] = [];
    if (deps.plan) seeds.push(planSeed(await deps.plan.publicPerformance(deps.plan.planId)));
    if (deps.dictionary)
      seeds.push(
        dictionarySeed({ csv: await deps.dictionary.csv(), jsonSchema: await deps.dictionary.jsonSchema() }),
      );
    if (deps.catalogue) {
      const entries = await deps.catalogue.publicEntries();
      if (entries.length > 0) seeds.push(catalogueSeed(entries));
    }
    const outcomes: Record<string, string> = {};
    for (const seed of seeds) outcomes[seed.fields.name] = await ensure(seed);
    return { ...outcomes, ...(await followers.refresh(ensure)) };
  }

  context.jobs.define(LINK_CHECK_JOB, async () => void (await links.checkDue()), { cron: '20 * * * *' });
  context.jobs.define(
    REFRESH_JOB,
    async () => {
      const outcomes = await refreshFollowers();
      log.info(outcomes, 'Cập nhật bộ dữ liệu mở của nền tảng / platform open datasets refreshed');
    },
    { cron: '40 5 * * *' },
  );

  const kpiSources: ComputedSource[] = portalKpiSources({ store, org: deps.org });

  const part: DataPart = {
    name: 'portal',
    migrations: portalMigrations,
    routes: async (app) => {
      app.addHook('onClose', async () => counters.close());
      await app.register(portalRoutes({ portal, resources, organizations, links }));
    },
    async seedReference() {
      const outcomes: Record<string, string> = {
        units: await ensure(await unitsSeed(deps.org)),
        boundaries: await ensure(await boundariesSeed(deps.org)),
        ...(await refreshFollowers()),
      };
      if (Object.values(outcomes).some((o) => o !== 'unchanged'))
        log.info(outcomes, 'Đã công bố bộ dữ liệu mở của nền tảng / platform open datasets published');
    },
    async seedDemo() {
      for (const seed of [busStopsDemo(), airQualityDemo(), schoolsDemo()]) await ensure(seed);
      // The plan's demo values and the catalogue's examples arrive with the demo seed.
      await refreshFollowers();
    },
  };

  return {
    part,
    kpiSources,
    internals: { store, portal, resources, organizations, counters, links, publicUrl },
    /** For other modules, the CLI and tests. */
    service: {
      search: portal.search,
      show: portal.show,
      flushCounters: () => counters.flush(),
      checkLinks: () => links.checkDue(),
      refresh: refreshFollowers,
      /**
       * Another module's dataset that follows its data (registered by the composition root): built and
       * published with the portal's own followers at start-up and daily; `null` publishes nothing.
       */
      registerFollower: (name: string, build: FollowerBuilder) => followers.register(name, build),
      /** Creates a dataset (scripts and tests; the API validates the same input). */
      create: (actor: Actor, input: DatasetInput) => portal.create(actor, datasetInput.parse(input)),
      /** Adds an uploaded file to a dataset (the CLI's `data upload`); CSVs load into the DataStore. */
      addUpload: resources.addUpload,
      /** Replaces the file of an uploaded resource; its DataStore table is swapped once whole. */
      replaceUpload: resources.replaceUpload,
    },
  };
}

export type PortalPart = ReturnType<typeof createPortalPart>;
