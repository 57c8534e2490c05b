import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { acrValues, anonymous, type Membership, type Principal } from '../../platform/auth/principal.ts';
import { createHttpServer } from '../../platform/http/server.ts';
import type { PlatformContext } from '../../platform/module.ts';
import type { OrgService } from '../org/index.ts';
import { catalogueRoutes } from './catalogue/catalogue.routes.ts';
import { dictionaryRoutes } from './dictionary/dictionary.routes.ts';
import type { DataService } from './index.ts';

/** What the tests' platform (test/support/platform.ts) offers, as far as these helpers need it. */
export type DataTestPlatform = {
  platform: { data: DataService; org: OrgService; context: PlatformContext; seedDemo(): Promise<void> };
  server: FastifyInstance;
  close(): Promise<void>;
};

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

/** Who the tests act as (header `x-test-principal`); signing in is the identity module's job. */
export const dataPrincipals: Record<string, Principal> = {
  stewardYte: official('steward.yte', [{ unitId: 'so-y-te', role: 'data_steward' }]),
  stewardXd: official('steward.xd', [{ unitId: 'so-xay-dung', role: 'data_steward' }]),
  stewardCity: official('steward.city', [{ unitId: 'hanoi', role: 'data_steward' }]),
  stewardCity2: official('steward.city2', [{ unitId: 'hanoi', role: 'data_steward' }]),
  cityAdmin: official('admin.city', [{ unitId: 'hanoi', role: 'city_admin' }]),
  reporterYte: official('reporter.yte', [{ unitId: 'so-y-te', role: 'agency_reporter' }]),
  citizen: {
    kind: 'citizen',
    accountId: 'acct-citizen',
    sessionId: 'session-citizen',
    personalId: '001099000001',
    fullName: 'Công dân thử nghiệm',
    acr: acrValues.vneidLevel2,
  },
};

export type DataHarness = {
  t: DataTestPlatform;
  as(who: string | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
};

/** The data module's dictionary and catalogue routes behind a server whose principal each request names. */
export async function createDataHarness(t: DataTestPlatform): Promise<DataHarness> {
  const server = await createHttpServer({
    logLevel: 'silent',
    trustProxy: false,
    publicUrl: 'http://localhost:3999',
    version: 'test',
    resolvePrincipal: async (request) =>
      dataPrincipals[String(request.headers['x-test-principal'])] ?? anonymous,
  });
  await server.register(dictionaryRoutes(t.platform.data.dictionary));
  await server.register(catalogueRoutes(t.platform.data.catalogue));
  await server.ready();
  return {
    t,
    as(who, inject) {
      return server.inject({
        ...inject,
        // A bearer header stands for a non-browser client: no CSRF cookie needed.
        headers: {
          ...(who ? { 'x-test-principal': who, authorization: 'Bearer test' } : {}),
          ...inject.headers,
        },
      });
    },
    async close() {
      await server.close();
      await t.close();
    },
  };
}
