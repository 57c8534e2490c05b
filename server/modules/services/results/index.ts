import type { PlatformContext } from '../../../platform/module.ts';
import type { OrgService } from '../../org/index.ts';
import type { ServicesPart } from '../part.ts';
import { createDemoAuthority, type SigningAuthority } from './ca.ts';
import { resultMigrations } from './migrations.ts';
import { createIssuedResultsProvider, type IssuedResultsProvider } from './provider.ts';
import { resultsRoutes } from './results.routes.ts';
import { type ResultsService as CoreResultsService, createResultsService } from './results.service.ts';

export type { SigningAuthority } from './ca.ts';
export { ISSUED_RESULTS_SERVICE_ID } from './provider.ts';
export { DEMO_RESULT_ID } from './results.service.ts';

/** The results part's door: issuing, verification, revocation, and the issued-results data provider. */
export type ResultsService = CoreResultsService & { provider: IssuedResultsProvider };

/**
 * Signed, verifiable results: a PDF from a template with a QR code to `/verify/{id}`, signed
 * (PAdES-style, @signpdf) with the issuing agency's certificate, public verification and copy
 * checks, revocation, and the citizen's records for once-only pre-fill (`provider`, a data service of
 * the exchange, registered by dossiers). Embedded mode signs with a demo CA (plainly labelled); a
 * deployment with real certificates passes its own `authority`.
 */
export function createResultsPart(
  context: PlatformContext,
  deps: { org: OrgService; authority?: SigningAuthority },
): ServicesPart & { service: ResultsService } {
  const authority = deps.authority ?? createDemoAuthority(context.database, () => context.clock.now());
  const service = createResultsService(context, { org: deps.org, authority });
  const { seedDemo, ...door } = service;
  const provider = createIssuedResultsProvider(context.database);
  return {
    name: 'results',
    migrations: resultMigrations,
    routes: resultsRoutes(door),
    seedDemo,
    service: {
      ...door,
      // Every issued result teaches the provider its items, whoever issued it.
      async issueResult(input) {
        const issued = await door.issueResult(input);
        provider.learn(Object.keys(input.items ?? {}));
        return issued;
      },
      provider,
    },
  };
}
