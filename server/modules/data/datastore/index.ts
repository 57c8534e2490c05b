import type { PlatformContext } from '../../../platform/module.ts';
import type { DataPart } from '../part.ts';
import type { DatastoreService } from './datastore.schema.ts';
import { createDatastoreService, type DatastoreOptions } from './datastore.service.ts';
import { datastoreTables } from './migrations/0001_datastore.ts';

export type { DatastoreService, TableSchema } from './datastore.schema.ts';

/** The DataStore part: typed tables per tabular resource, streamed loads and search (no routes: the CKAN API exposes it). */
export function createDatastorePart(
  context: PlatformContext,
  options: DatastoreOptions = {},
): DataPart & { service: DatastoreService } {
  return {
    name: 'datastore',
    migrations: [datastoreTables],
    service: createDatastoreService(context, options),
  };
}
