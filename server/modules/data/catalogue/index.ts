import type { PlatformContext } from '../../../platform/module.ts';
import type { OrgService } from '../../org/index.ts';
import type { DictionaryService } from '../dictionary/index.ts';
import type { DataPart } from '../part.ts';
import { seedCatalogueDemo } from './catalogue.demo.ts';
import { catalogueRoutes } from './catalogue.routes.ts';
import { type CatalogueService, createCatalogueService } from './catalogue.service.ts';
import { createCatalogueStore } from './catalogue.store.ts';
import { catalogueMigrations } from './migrations.ts';

export type { CatalogueEntry } from './catalogue.schema.ts';
export type { CatalogueService } from './catalogue.service.ts';

/** The database catalogue part of the data module (docs/open-data.md). */
export function createCataloguePart(
  context: PlatformContext,
  deps: { org: OrgService; dictionary: DictionaryService },
): DataPart & { service: CatalogueService } {
  const store = createCatalogueStore(context.database);
  const service = createCatalogueService({
    store,
    audit: context.audit,
    clock: context.clock,
    org: deps.org,
    dictionary: deps.dictionary,
  });
  return {
    name: 'catalogue',
    migrations: catalogueMigrations,
    routes: catalogueRoutes(service),
    async seedDemo() {
      const added = await seedCatalogueDemo({ store, audit: context.audit, clock: context.clock });
      if (added > 0)
        context.log.info(
          { entries: added, example: true },
          'Đã tạo mục ví dụ của danh mục CSDL / demo catalogue entries created',
        );
    },
    service,
  };
}
