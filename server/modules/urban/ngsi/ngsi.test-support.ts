import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { acrValues, anonymous, type Principal } from '../../../platform/auth/principal.ts';
import { createHttpServer } from '../../../platform/http/server.ts';
import type { PlatformContext } from '../../../platform/module.ts';
import type { ChangeFeed } from '../changes.ts';
import { createNgsiApi } from './routes.ts';

/** Who the NGSI-LD tests act as (header `x-test-principal`); signing in is the identity module's job. */
const official = (username: string, role: 'ioc_operator' | 'city_admin' | 'data_steward'): Principal => ({
  kind: 'official',
  accountId: `acct-${username}`,
  officialId: `official-${username}`,
  sessionId: `session-${username}`,
  username,
  fullName: username,
  acr: acrValues.officialMfa,
  memberships: [{ unitId: 'hanoi', role }],
});
const principals: Record<string, Principal> = {
  operator: official('ioc.operator', 'ioc_operator'),
  admin: official('city.admin', 'city_admin'),
  steward: official('data.steward', 'data_steward'),
};

/** What the tests' platform (test/support/platform.ts) offers, as far as the harness needs it. */
export type NgsiTestPlatform = {
  platform: { context: PlatformContext; urban: { changes: ChangeFeed } };
  close(): Promise<void>;
};

export type NgsiHarness = {
  t: NgsiTestPlatform;
  server: Awaited<ReturnType<typeof createHttpServer>>;
  /** A request as `who` (a bearer-style caller, so no CSRF cookie) or anonymously (null). */
  as(who: keyof typeof principals | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
};

/** The NGSI-LD routes over a fresh test database, behind a server whose principal each request names. */
export async function createNgsiHarness(t: NgsiTestPlatform): Promise<NgsiHarness> {
  const server = await createHttpServer({
    logLevel: 'silent',
    trustProxy: false,
    publicUrl: t.platform.context.config.publicUrl,
    version: 'test',
    resolvePrincipal: async (request) => principals[String(request.headers['x-test-principal'])] ?? anonymous,
  });
  await server.register(createNgsiApi(t.platform.context, t.platform.urban.changes).routes);
  await server.ready();
  return {
    t,
    server,
    as(who, options) {
      return server.inject({
        ...options,
        headers: {
          ...(who ? { 'x-test-principal': who, authorization: 'Bearer test' } : {}),
          ...options.headers,
        },
      });
    },
    async close() {
      await server.close();
      await t.close();
    },
  };
}
