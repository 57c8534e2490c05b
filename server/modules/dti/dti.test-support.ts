import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { acrValues, anonymous, type Membership, type Principal } from '../../platform/auth/principal.ts';
import { createHttpServer } from '../../platform/http/server.ts';
import type { PlatformModule } from '../../platform/module.ts';

/**
 * Test support for the dti module: its routes behind a server whose principal each request names
 * (`x-test-principal`), since signing in is the identity module's job.
 */
const official = (username: string, memberships: Membership[]): Principal => ({
  kind: 'official',
  accountId: `acct-${username}`,
  officialId: `official-${username}`,
  sessionId: `session-${username}`,
  username,
  fullName: username,
  acr: acrValues.officialMfa,
  memberships,
});

export const dtiPrincipals: Record<string, Principal> = {
  council: official('council', [{ unitId: 'hanoi', role: 'plan_owner' }]),
  appraiser: official('appraiser', [{ unitId: 'hanoi', role: 'index_appraiser' }]),
  reporterYte: official('reporter.yte', [{ unitId: 'so-y-te', role: 'agency_reporter' }]),
  reporterXd: official('reporter.xd', [{ unitId: 'so-xay-dung', role: 'agency_reporter' }]),
  caseOfficer: official('case.yte', [{ unitId: 'so-y-te', role: 'case_officer' }]),
  reporterWard: official('reporter.ward', [{ unitId: 'comm-00070', role: 'agency_reporter' }]),
};

export type DtiHarness = {
  server: FastifyInstance;
  as(who: string | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
};

export async function createDtiHarness(routes: NonNullable<PlatformModule['routes']>): Promise<DtiHarness> {
  const server = await createHttpServer({
    logLevel: 'silent',
    trustProxy: false,
    publicUrl: 'http://localhost:3999',
    version: 'test',
    resolvePrincipal: async (request) =>
      dtiPrincipals[String(request.headers['x-test-principal'])] ?? anonymous,
  });
  await server.register(routes);
  await server.ready();
  return {
    server,
    as: (who, inject) =>
      server.inject({
        ...inject,
        // A bearer header stands for a non-browser client: no CSRF cookie needed.
        headers: {
          authorization: 'Bearer test',
          ...(who ? { 'x-test-principal': who } : {}),
          ...inject.headers,
        },
      }),
    close: () => server.close(),
  };
}
