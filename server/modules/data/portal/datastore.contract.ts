import type { DatastoreService } from '../datastore/datastore.schema.ts';

/**
 * The DataStore as the portal and the CKAN API use it (docs/open-data.md, "Contracts between the
 * parts"): the datastore part's own types.
 */
export type { TableSchema, ValidationReport } from '../datastore/datastore.schema.ts';
export { ckanFieldType } from '../datastore/datastore.schema.ts';
export type Datastore = Pick<DatastoreService, 'load' | 'search' | 'info' | 'drop' | 'loadStatus'>;
