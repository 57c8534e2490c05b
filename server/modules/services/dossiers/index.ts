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
  type ExchangePort,
  isPort,
  type ProceduresPort,
  portOf,
  type ResultsPort,
  type WorkingCalendarPort,
} from './ports.ts';
import { createProcessService } from './process.service.ts';
import { createEarlierDossiersProvider } from './provider.ts';

export { EARLIER_DOSSIERS_SERVICE_ID } from './provider.ts';

export const DEFAULT_DRAFT_RETENTION_DAYS = 30;

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
    draftRetentionDays?: number;
  },
) {
  const kernelCalendar = createWorkingCalendar();
  // Open pauses end at the platform clock's now (tests move the clock).
  const calendar: WorkingCalendarPort = deps.calendar ?? {
    ...kernelCalendar,
    dueDate: (input) => kernelCalendar.dueDate({ ...input, asOf: context.clock.now() }),
  };
  const draftRetentionDays = deps.draftRetentionDays ?? DEFAULT_DRAFT_RETENTION_DAYS;
  const procedures = portOf<ProceduresPort>(deps.procedures, 'procedures', 'get', 'form', 'validate');
  const exchange = portOf<ExchangePort>(
    deps.exchange,
    'exchange',
    'sources',
    'giveConsent',
    'fetchForCitizen',
  );
  const results = portOf<ResultsPort>(deps.results, 'results', 'issueResult');
  const provider = createEarlierDossiersProvider(context.database, () =>
    isPort(deps.results, 'resultsOf') ? (deps.results as Pick<ResultsPort, 'resultsOf'>) : null,
  );
  const drafts = createDraftsService({
    context,
    procedures,
    exchange,
    population: deps.population,
    draftRetentionDays,
    onSubmitted: (items) => {
      // The exchange re-reads a provider's items when it is registered again.
      if (provider.learn(items) && isPort(deps.exchange, 'registerBuiltInProvider'))
        (deps.exchange as Pick<ExchangePort, 'registerBuiltInProvider'>).registerBuiltInProvider(provider);
    },
  });
  const process = createProcessService({
    context,
    procedures,
    results,
    population: deps.population,
    calendar,
    org: deps.org,
    onIssued: (items) => {
      if (provider.learn(items) && isPort(deps.exchange, 'registerBuiltInProvider'))
        (deps.exchange as Pick<ExchangePort, 'registerBuiltInProvider'>).registerBuiltInProvider(provider);
    },
  });

  // Once-only: later procedures pre-fill from earlier dossiers through the exchange.
  if (isPort(deps.exchange, 'registerBuiltInProvider')) {
    (deps.exchange as Pick<ExchangePort, 'registerBuiltInProvider'>).registerBuiltInProvider(provider);
  }

  const fees = createFeesService({ context, process });
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
    statistics,
    calendar,
    provider,
    kpiSources: dossierKpiSources(context.database),
  };
  const part: ServicesPart & { service: typeof service } = {
    name: 'dossiers',
    migrations: dossierMigrations,
    routes: dossierRoutes({ drafts, process, fees, statistics }),
    async seedReference() {
      if (provider.learn(await provider.loadKnownItems()) && isPort(deps.exchange, 'registerBuiltInProvider'))
        (deps.exchange as Pick<ExchangePort, 'registerBuiltInProvider'>).registerBuiltInProvider(provider);
    },
    service,
  };
  return part;
}

export type DossiersService = ReturnType<typeof createDossiersPart>['service'];
