import { createWorkingCalendar } from '../../../platform/calendar.ts';
import type { PlatformContext } from '../../../platform/module.ts';
import type { OrgService } from '../../org/index.ts';
import type { PopulationService } from '../../population/index.ts';
import type { ServicesPart } from '../part.ts';
import { dossierRoutes } from './dossiers.routes.ts';
import { createDraftsService } from './drafts.service.ts';
import { createFeesService } from './fees.service.ts';
import { dossierKpiSources, dossierStatistics } from './kpi.ts';
import { dossierMigrations } from './migrations.ts';
import {
  type DataProvider,
  type ExchangePort,
  isPort,
  type ProceduresPort,
  portOf,
  type ResultsPort,
  type WorkingCalendarPort,
} from './ports.ts';
import { createProcessService } from './process.service.ts';
import { createEarlierDossiersProvider } from './provider.ts';
import { createReceipts } from './receipt.ts';

export { EARLIER_DOSSIERS_SERVICE_ID } from './provider.ts';

/**
 * Dossiers: server-side drafts, submission with per-field provenance, the state machine with
 * append-only events and the legal clock, officer queues, public status lookup, KPIs.
 * Dependencies are typed loosely (`object`) because the other parts are built in parallel; each
 * is checked against the contract (ports.ts) when first used.
 */
export function createDossiersPart(
  context: PlatformContext,
  deps: {
    org: OrgService;
    procedures: object;
    exchange: object;
    results: object;
    population: PopulationService;
    calendar?: WorkingCalendarPort;
  },
) {
  const kernelCalendar = createWorkingCalendar();
  // Open pauses end at the platform clock's now (tests move the clock).
  const calendar: WorkingCalendarPort = deps.calendar ?? {
    ...kernelCalendar,
    dueDate: (input) => kernelCalendar.dueDate({ ...input, asOf: context.clock.now() }),
  };
  const draftRetentionDays = context.config.draftRetentionDays;
  const procedures = portOf<ProceduresPort>(deps.procedures, 'procedures', 'get', 'form', 'validate');
  const exchange = portOf<ExchangePort>(
    deps.exchange,
    'exchange',
    'sources',
    'giveConsent',
    'fetchForCitizen',
  );
  const results = portOf<ResultsPort>(deps.results, 'results', 'issueResult');
  const provider = createEarlierDossiersProvider(context.database);
  /** The results part's issued-results provider, when that part is there. */
  const resultsProvider = (deps.results as Pick<ResultsPort, 'provider'>).provider ?? null;
  // The exchange re-reads a provider's items when it is registered again.
  const register = (dataProvider: DataProvider) => {
    if (isPort(deps.exchange, 'registerBuiltInProvider'))
      (deps.exchange as Pick<ExchangePort, 'registerBuiltInProvider'>).registerBuiltInProvider(dataProvider);
  };
  const drafts = createDraftsService({
    context,
    procedures,
    exchange,
    population: deps.population,
    draftRetentionDays,
    onSubmitted: (items) => {
      if (provider.learn(items)) register(provider);
    },
  });
  const process = createProcessService({
    context,
    procedures,
    results,
    population: deps.population,
    calendar,
    org: deps.org,
  });

  // Once-only: later procedures pre-fill from issued results (verified, so registered first) and
  // earlier dossiers through the exchange.
  if (resultsProvider) {
    register(resultsProvider);
    resultsProvider.watch(() => register(resultsProvider));
  }
  register(provider);

  const fees = createFeesService({ context, process });
  const receipts = createReceipts({
    process,
    procedures,
    org: deps.org,
    calendar,
    publicUrl: context.config.publicUrl,
  });
  const statistics = (from: Date, to: Date) => dossierStatistics(context.database, from, to);

  context.jobs.define('services.dossiers.purge-drafts', async () => void (await drafts.purgeStaleDrafts()), {
    cron: '15 2 * * *',
  });
  context.jobs.define('services.dossiers.apologies', async () => void (await process.sendApologies()), {
    cron: '0 7 * * *',
  });

  const service = {
    drafts,
    process,
    fees,
    receipts,
    statistics,
    calendar,
    provider,
    kpiSources: dossierKpiSources(context.database),
  };
  const part: ServicesPart & { service: typeof service } = {
    name: 'dossiers',
    migrations: dossierMigrations,
    routes: dossierRoutes({ drafts, process, fees, receipts, statistics }),
    async seedReference() {
      resultsProvider?.learn(await resultsProvider.loadKnownItems());
      if (provider.learn(await provider.loadKnownItems())) register(provider);
    },
    service,
  };
  return part;
}

export type DossiersService = ReturnType<typeof createDossiersPart>['service'];
