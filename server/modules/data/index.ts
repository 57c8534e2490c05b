import type { PlatformContext, PlatformModule } from '../../platform/module.ts';
import type { OrgService } from '../org/index.ts';
import type { DataPart } from './part.ts';

/**
 * City data: the data-item dictionary (the city's data standards), the catalogue of databases and
 * information systems, the open-data portal with its DataStore, the CKAN Action API and DCAT-AP.
 * See docs/open-data.md. Each part is created here, in dependency order, and exposed on `service`.
 */
export type DataService = Record<string, never>;

export function createDataModule(
  _context: PlatformContext,
  _deps: { org: OrgService },
): PlatformModule & { service: DataService; seedReference(): Promise<void> } {
  const parts: DataPart[] = [];
  const service: DataService = {};
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
  };
}
