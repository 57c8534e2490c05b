import type { PlatformContext } from '../../../platform/module.ts';
import type { OrgService } from '../../org/index.ts';
import type { ServicesPart } from '../part.ts';
import { createDemoAuthority, type SigningAuthority } from './ca.ts';
import { resultMigrations } from './migrations.ts';
import { resultsRoutes } from './results.routes.ts';
import { createResultsService, type ResultsService } from './results.service.ts';

export type { SigningAuthority } from './ca.ts';
export { DEMO_RESULT_ID, type ResultsService } from './results.service.ts';

/**
 * Signed, verifiable results: a PDF from a template with a QR code to `/verify/{id}`, signed
 * (PAdES-style, @signpdf) with the issuing agency's certificate, public verification and copy
 * checks, revocation, and the citizen's records for once-only pre-fill. Embedded mode signs with a
 * demo CA (plainly labelled); a deployment with real certificates passes its own `authority`.
 */
export function createResultsPart(
  context: PlatformContext,
  deps: { org: OrgService; authority?: SigningAuthority },
): ServicesPart & { service: ResultsService } {
  const authority = deps.authority ?? createDemoAuthority(context.database, () => context.clock.now());
  const service = createResultsService(context, { org: deps.org, authority });
  const { seedDemo, ...door } = service;
  return {
    name: 'results',
    migrations: resultMigrations,
    routes: resultsRoutes(door),
    seedDemo,
    service: door,
  };
}
