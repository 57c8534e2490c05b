import type { PlatformContext, PlatformModule } from '../../platform/module.ts';
import type { DataService } from '../data/index.ts';
import type { ExchangeService } from '../exchange/index.ts';
import type { OrgService } from '../org/index.ts';
import type { PopulationService } from '../population/index.ts';
import { createDossiersPart, type DossiersService } from './dossiers/index.ts';
import type { ServicesPart } from './part.ts';
import { createServicesPersonalData, type ServicesPersonalDataService } from './personal-data.ts';
import { createProceduresPart, type ProceduresService } from './procedures/index.ts';
import { createResultsPart, type ResultsService } from './results/index.ts';

/**
 * Online public services: the procedure catalogue with versioned forms, dossiers with their legal
 * clock, and signed results. See docs/public-services.md. Parts are created here in dependency
 * order and exposed on `service`.
 */
export type ServicesService = {
  procedures: ProceduresService;
  dossiers: DossiersService;
  results: ResultsService;
  /** The citizen's drafts, dossiers and results for the privacy module (export, draft erasure). */
  personalData: ServicesPersonalDataService;
};

export function createServicesModule(
  context: PlatformContext,
  deps: { org: OrgService; data: DataService; exchange: ExchangeService; population: PopulationService },
): PlatformModule & { service: ServicesService; seedReference(): Promise<void> } {
  const procedures = createProceduresPart(context, {
    org: deps.org,
    dictionary: deps.data.dictionary,
    exchange: deps.exchange,
  });
  const results = createResultsPart(context, { org: deps.org });
  const dossiers = createDossiersPart(context, {
    org: deps.org,
    procedures: procedures.service,
    exchange: deps.exchange,
    results: results.service,
    population: deps.population,
  });
  const parts: ServicesPart[] = [procedures, results, dossiers];
  return {
    name: 'services',
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
    service: {
      procedures: procedures.service,
      dossiers: dossiers.service,
      results: results.service,
      personalData: createServicesPersonalData(context.database),
    },
  };
}
