import type { ComputedSource } from '../../platform/kpi.ts';
import type { PlatformContext, PlatformModule } from '../../platform/module.ts';
import type { OrgService } from '../org/index.ts';
import type { PopulationService } from '../population/index.ts';
import { createAccountService } from './accounts.service.ts';
import { apiTokenRoutes } from './api-tokens.routes.ts';
import { createApiTokenService } from './api-tokens.service.ts';
import { createApiTokenStore } from './api-tokens.store.ts';
import { clientsRoutes } from './clients.routes.ts';
import { createClientService } from './clients.service.ts';
import { createClientStore } from './clients.store.ts';
import { createIdentityRuntime } from './identity.runtime.ts';
import { createIdentityService, type IdentityService } from './identity.service.ts';
import { createIdentityStore } from './identity.store.ts';
import { interactionRoutes } from './interaction.routes.ts';
import { identityKpiSources } from './kpi.ts';
import { identityTables } from './migrations/0001_identity.ts';
import { apiTokensTable } from './migrations/0002_api_tokens.ts';
import { CITY_MOUNT } from './oidc/city-provider.ts';
import { rotateProviderKeys } from './oidc/keys.ts';
import { mountProvider } from './oidc/mount.ts';
import { createOidcModelStore } from './oidc/oidc-models.store.ts';
import { accountPersonalData } from './personal-data.ts';
import { createPrincipalResolver } from './principal.ts';
import { createSecretBox } from './sealed.ts';
import { federationRoutes } from './vneid/federation.routes.ts';
import { simulatorRoutes } from './vneid/simulator.routes.ts';
import { portalRoutes } from './web/portal.routes.ts';

export type { IdentityService } from './identity.service.ts';
export { CITIZENS_UNIFIED_SIGN_IN_SHARE, OFFICIALS_DIGITAL_IDENTITY_SHARE } from './kpi.ts';

const SWEEP_INTERVAL_MS = 10 * 60_000;
const SIGN_IN_PURGE_BATCH = 1000;

/**
 * The city's single sign-on: an OpenID Connect provider at /oidc (citizens through VNeID or its
 * simulator at /vneid-sim, officials with password and one-time code), login accounts, registered
 * client applications, the portal's own sessions, and who is calling (`resolvePrincipal`).
 */
export function createIdentityModule(
  context: PlatformContext,
  deps: { org: OrgService; population: PopulationService },
): PlatformModule & { service: IdentityService; kpiSources: ComputedSource[] } {
  const { config, database, audit, clock, log } = context;
  const store = createIdentityStore(database);
  const oidcModels = createOidcModelStore(database);
  const box = createSecretBox(database);
  const accounts = createAccountService({ store, audit, clock, box, login: config.login });
  let runtime: ReturnType<typeof createIdentityRuntime>;
  const clients = createClientService({
    store: createClientStore(database),
    audit,
    box,
    validate: async (metadata) => (await runtime.cityProvider()).Client.validate(metadata as never),
    revokeArtefacts: async (clientId) => {
      await oidcModels.revokeClient('city', clientId);
    },
  });
  runtime = createIdentityRuntime({
    config,
    database,
    log,
    oidcModels,
    accounts,
    clients,
    org: deps.org,
    population: deps.population,
  });
  const apiTokens = createApiTokenService({ store: createApiTokenStore(database), audit, clock });
  const resolvePrincipal = createPrincipalResolver({
    store,
    runtime,
    org: deps.org,
    clock,
    tokens: apiTokens,
  });
  const service = createIdentityService({
    resolvePrincipal,
    accounts,
    clients,
    store,
    exportFor: (accountId) => accountPersonalData(database, accountId),
    rotateKeys: (actor, realm) =>
      rotateProviderKeys(database, audit, actor, realm, realm === 'city' ? 'RS256' : 'ES256'),
  });
  // Sign-in records past SIGN_IN_RETENTION_DAYS (two years by default, so a year's sign-in indicators
  // can still be compared with the year before), in batches so no statement holds locks for long.
  const purgeSignIns = async () => {
    const before = new Date(clock.now().getTime() - config.retention.signInDays * 86_400_000);
    let deleted = 0;
    for (;;) {
      const batch = await store.purgeSignIns(before, SIGN_IN_PURGE_BATCH);
      deleted += batch;
      if (batch < SIGN_IN_PURGE_BATCH) break;
    }
    log.info(
      { deleted, retentionDays: config.retention.signInDays },
      'sign-in retention: deleted old sign-ins',
    );
    return deleted;
  };
  context.jobs.define('identity.purge-sign-ins', async () => void (await purgeSignIns()), {
    cron: '45 2 * * *',
  });
  const sweepExpired = async () => {
    const now = clock.now();
    await oidcModels.purgeExpired();
    await store.purgeExpiredLogins(now);
    await store.purgeThrottle(new Date(now.getTime() - config.login.lockMinutes * 60_000));
  };

  return {
    name: 'identity',
    migrations: [identityTables, apiTokensTable],
    routes: async (app) => {
      // Keys, built-in clients and providers are ready before the first request (after migrations).
      let sweeper: NodeJS.Timeout | undefined;
      app.addHook('onReady', async () => {
        await runtime.get().catch((error: unknown) => log.error({ err: error }, 'identity could not start'));
        // Expired artefacts are never read; clear them out now and then.
        sweeper = setInterval(() => {
          sweepExpired().catch((error: unknown) => log.warn({ err: error }, 'identity sweep failed'));
        }, SWEEP_INTERVAL_MS);
        sweeper.unref();
      });
      app.addHook('onClose', async () => clearInterval(sweeper));
      await mountProvider(app, CITY_MOUNT, async () => (await runtime.get()).city);
      await app.register(interactionRoutes({ config, runtime, accounts }));
      await app.register(federationRoutes({ config, runtime, accounts, store }));
      if (config.vneid === null)
        await app.register(simulatorRoutes({ runtime, population: deps.population }));
      await app.register(
        portalRoutes({ config, clock, runtime, store, accounts, org: deps.org, population: deps.population }),
      );
      await app.register(clientsRoutes(clients));
      await app.register(apiTokenRoutes(apiTokens));
    },
    service,
    /** G05 and G09 of Plan 239, for the metrics module (registered by the composition root). */
    kpiSources: identityKpiSources({ store, org: deps.org, population: deps.population }),
  };
}
