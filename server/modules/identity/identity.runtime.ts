import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import type { FindAccount } from 'oidc-provider';
import type { Logger } from 'pino';
import type { AppConfig } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import { getOrCreateSecret } from '../../platform/secrets.ts';
import type { OrgService } from '../org/index.ts';
import type { PopulationService } from '../population/index.ts';
import type { AccountService } from './accounts.service.ts';
import type { ClientService } from './clients.service.ts';
import { kyselyAdapter } from './oidc/adapter.ts';
import { CITY_MOUNT, createCityProvider } from './oidc/city-provider.ts';
import { providerKeys, publicJwks } from './oidc/keys.ts';
import type { OidcModelStore } from './oidc/oidc-models.store.ts';
import { createSelfFetch } from './self-fetch.ts';
import { createSimulatorProvider, SIMULATOR_MOUNT } from './vneid/simulator-provider.ts';
import { createUpstreamClient, type UpstreamClient } from './vneid/upstream.ts';
import { createPortalClient, PORTAL_CLIENT_ID, type PortalClient } from './web/portal-client.ts';

export const UPSTREAM_CALLBACK_PATH = `${CITY_MOUNT}/upstream/vneid/callback`;
const SIMULATOR_CLIENT_ID = 'hanoi-city-sso';

export type IdentityRuntime = {
  city: Provider;
  /** Null when a real VNeID is configured. */
  simulator: Provider | null;
  upstream: UpstreamClient;
  portal: PortalClient;
  /** The city provider's public keys, to verify the logout tokens it sends the portal. */
  cityJwks: ReturnType<typeof publicJwks>;
};

const newSecret = () => randomBytes(32).toString('base64url');

/**
 * What identity builds once the database is migrated: both providers with their keys, the
 * federation to VNeID, the portal's client registration. Built on first need, shared afterwards.
 */
export function createIdentityRuntime(deps: {
  config: AppConfig;
  database: Database;
  log: Logger;
  oidcModels: OidcModelStore;
  accounts: AccountService;
  clients: ClientService;
  org: OrgService;
  population: PopulationService;
}) {
  const { config, database, log } = deps;
  let app: FastifyInstance | null = null;
  let cityProvider: Provider | null = null;
  let started: Promise<IdentityRuntime> | null = null;
  const selfFetch = createSelfFetch(config.publicUrl, () => app);

  const findAccount: FindAccount = async (_ctx, sub) => {
    const account = await deps.accounts.accountById(sub);
    if (account?.status !== 'active') return undefined;
    return {
      accountId: sub,
      async claims() {
        if (account.kind === 'citizen') {
          return {
            sub,
            personal_id: account.personal_id ?? undefined,
            name: account.full_name ?? undefined,
            birthdate: account.birthdate ?? undefined,
            gender: account.gender ?? undefined,
          };
        }
        const official = account.official_id ? await deps.org.official(account.official_id) : null;
        return { sub, name: official?.fullName };
      },
    };
  };

  async function start(): Promise<IdentityRuntime> {
    const issuer = `${config.publicUrl}${CITY_MOUNT}`;
    const cityKeys = await providerKeys(database, 'city', 'RS256');
    const city = createCityProvider({
      issuer,
      keys: cityKeys,
      adapter: kyselyAdapter(deps.oidcModels, 'city', (clientId) => deps.clients.providerMetadata(clientId)),
      findAccount,
      trustProxy: config.trustProxy,
      homeHref: `${config.publicUrl}/`,
      fetch: selfFetch,
      log,
    });
    cityProvider = city;

    let simulator: Provider | null = null;
    let upstreamSettings: { issuer: string; clientId: string; clientSecret: string; idTokenAlg?: string };
    const redirectUri = `${config.publicUrl}${UPSTREAM_CALLBACK_PATH}`;
    if (config.vneid) {
      upstreamSettings = config.vneid;
    } else {
      const clientSecret = await getOrCreateSecret(database, 'identity.vneid-sim.client-secret', newSecret);
      const simIssuer = `${config.publicUrl}${SIMULATOR_MOUNT}`;
      simulator = createSimulatorProvider({
        issuer: simIssuer,
        keys: await providerKeys(database, 'vneid-sim', 'ES256'),
        adapter: kyselyAdapter(deps.oidcModels, 'vneid-sim'),
        population: deps.population,
        client: { clientId: SIMULATOR_CLIENT_ID, clientSecret, redirectUri },
        trustProxy: config.trustProxy,
        log,
      });
      upstreamSettings = {
        issuer: simIssuer,
        clientId: SIMULATOR_CLIENT_ID,
        clientSecret,
        idTokenAlg: 'ES256',
      };
    }
    const upstream = createUpstreamClient({ ...upstreamSettings, redirectUri, fetch: selfFetch });

    const portalSecret = await getOrCreateSecret(database, 'identity.city-portal.client-secret', newSecret);
    await deps.clients.ensureBuiltIn(
      PORTAL_CLIENT_ID,
      {
        client_name: 'Cổng Hà Nội số / Hanoi city portal',
        redirect_uris: [`${config.publicUrl}/auth/callback`],
        post_logout_redirect_uris: [`${config.publicUrl}/`],
        backchannel_logout_uri: `${config.publicUrl}/auth/backchannel-logout`,
        backchannel_logout_session_required: true,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        application_type: 'web',
      },
      portalSecret,
    );
    const portal = createPortalClient({
      issuer,
      clientSecret: portalSecret,
      redirectUri: `${config.publicUrl}/auth/callback`,
      postLogoutRedirectUri: `${config.publicUrl}/`,
      fetch: selfFetch,
    });
    if (config.publicUrl.startsWith('https://') && config.trustProxy === false) {
      log.warn('PUBLIC_URL is https but TRUST_PROXY is off: the provider will see plain-http requests');
    }
    return { city, simulator, upstream, portal, cityJwks: publicJwks(cityKeys.jwks) };
  }

  return {
    /** The running parts, built on first call (after migrations). */
    get(): Promise<IdentityRuntime> {
      started ??= start().catch((error: unknown) => {
        started = null;
        throw error;
      });
      return started;
    },
    /** The HTTP server that self-addressed requests go to. */
    attach(server: FastifyInstance) {
      app = server;
    },
    /** For validating client metadata while the runtime is still being built. */
    async cityProvider(): Promise<Provider> {
      return cityProvider ?? (await this.get()).city;
    },
  };
}

export type IdentityRuntimeHandle = ReturnType<typeof createIdentityRuntime>;
