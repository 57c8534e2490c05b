import type { FastifyPluginAsync } from 'fastify';
import type { Migration } from '../../platform/db/migrator.ts';

/**
 * One part of the services module (procedures, dossiers, results). The module's index.ts
 * assembles the parts in dependency order; each part owns its tables, routes and seeds. Migration
 * names start with the part's name (`procedures_0001_catalogue`) so parts never collide.
 */
export type ServicesPart = {
  name: string;
  migrations: Migration[];
  routes?: FastifyPluginAsync;
  /** Reference data loaded in every mode (idempotent). */
  seedReference?: () => Promise<void>;
  /** Demo data, only with demo data on (idempotent, labelled demo). */
  seedDemo?: () => Promise<void>;
};
