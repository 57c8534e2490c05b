import type { PlatformContext } from '../../../platform/module.ts';
import type { OrgService } from '../../org/index.ts';
import type { DataPart } from '../part.ts';
import { ensureDictionaryReference } from './dictionary.reference.ts';
import { dictionaryRoutes } from './dictionary.routes.ts';
import { createDictionaryService, type DictionaryService } from './dictionary.service.ts';
import { createDictionaryStore } from './dictionary.store.ts';
import { dictionaryMigrations } from './migrations.ts';

export type { CodeListValue, DataItem, ItemStatus, ItemType } from './dictionary.schema.ts';
export type { DictionaryService } from './dictionary.service.ts';

/** The data-item dictionary part of the data module (docs/open-data.md). */
export function createDictionaryPart(
  context: PlatformContext,
  deps: { org: OrgService },
): DataPart & { service: DictionaryService } {
  const store = createDictionaryStore(context.database);
  const service = createDictionaryService({
    store,
    audit: context.audit,
    clock: context.clock,
    org: deps.org,
    publicUrl: context.config.publicUrl,
  });
  return {
    name: 'dictionary',
    migrations: dictionaryMigrations,
    routes: dictionaryRoutes(service),
    async seedReference() {
      const result = await ensureDictionaryReference({ store, audit: context.audit, clock: context.clock });
      if (result.loaded)
        context.log.info(
          { itemsAdded: result.itemsAdded },
          'Đã nạp từ điển mục dữ liệu chuẩn / standard data items loaded',
        );
    },
    service,
  };
}
