import type { PlatformContext, PlatformModule } from '../../platform/module.ts';
import type { DictionaryService } from '../data/index.ts';
import type { OrgService } from '../org/index.ts';
import type { PopulationService } from '../population/index.ts';
import { exchangeRoutes } from './exchange.routes.ts';
import { createExchangeService, type ExchangeService } from './exchange.service.ts';
import { createExchangeStore } from './exchange.store.ts';
import { exchangeMigration } from './migrations/0001_exchange.ts';
import { POPULATION_AGENCY, populationProvider } from './population.provider.ts';

export type {
  AgencyInput,
  ConsentInput,
  ExchangeService,
  FetchInput,
  GrantInput,
  ServiceInput,
} from './exchange.service.ts';
export { ExchangeRefusal } from './exchange.service.ts';
export type {
  AccessGrant,
  ConsentReceipt,
  ConsentStatus,
  DataProvider,
  DataServiceEntry,
  DataUsageEntry,
  ExchangeAgency,
  ItemSource,
  ItemValue,
  RefusalReason,
} from './exchange.types.ts';
export { refusalReasons } from './exchange.types.ts';
export type { MessageVerification } from './message-log.ts';
export { POPULATION_AGENCY, POPULATION_ITEMS, POPULATION_SERVICE_ID } from './population.provider.ts';

/** Unit kinds that consume data for procedures: the city, its departments, wards and communes. */
const CONSUMER_KINDS = new Set(['city', 'department', 'ward', 'commune']);

/**
 * The data exchange between agencies (docs/public-services.md, "Exchange"): a registry of data
 * services, access grants, consent receipts, signed requests and responses (JWS, Ed25519), a
 * hash-chained message log and the citizen's data-usage log. The simulated population registry is
 * a built-in provider; other modules register theirs with `service.registerBuiltInProvider`.
 */
export function createExchangeModule(
  context: PlatformContext,
  deps: { org: OrgService; population: PopulationService; dictionary: DictionaryService },
): PlatformModule & { service: ExchangeService; seedReference(): Promise<void> } {
  const service = createExchangeService({
    database: context.database,
    store: createExchangeStore(context.database),
    audit: context.audit,
    clock: context.clock,
    org: deps.org,
    dictionary: deps.dictionary,
    defaultConsumers: async () =>
      (await deps.org.units({ at: context.clock.today() }))
        .filter((unit) => CONSUMER_KINDS.has(unit.kind))
        .map((unit) => unit.id),
  });
  service.registerBuiltInProvider({
    ...populationProvider(deps),
    simulated: true,
    personalData: true,
  });
  return {
    name: 'exchange',
    migrations: [exchangeMigration],
    routes: exchangeRoutes(service),
    service,
    async seedReference() {
      await service.seedReference({ agencies: [POPULATION_AGENCY] });
    },
  };
}
