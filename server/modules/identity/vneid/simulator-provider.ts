import Provider, { type AdapterConstructor, type FindAccount } from 'oidc-provider';
import type { Logger } from 'pino';
import { koaProxySettings, type TrustProxy } from '../../../platform/config.ts';
import type { PopulationService } from '../../population/index.ts';
import type { ProviderKeys } from '../oidc/keys.ts';
import { providerPages } from '../oidc/provider-pages.ts';
import { SIMULATOR_ACR } from './upstream-acr.ts';

export const SIMULATOR_MOUNT = '/vneid-sim';

/**
 * The built-in VNeID simulator: a second, separate OpenID provider over the synthetic population
 * registry. The city's provider federates to it exactly as it would to the real VNeID, so the
 * embedded mode runs the production code path. Its only client is the city's provider.
 */
export function createSimulatorProvider(options: {
  issuer: string;
  keys: ProviderKeys;
  adapter: AdapterConstructor;
  population: PopulationService;
  client: { clientId: string; clientSecret: string; redirectUri: string };
  trustProxy: TrustProxy;
  log: Logger;
}): Provider {
  const findAccount: FindAccount = async (_ctx, sub) => {
    const resident = await options.population.findByPersonalId(sub);
    if (!resident) return undefined;
    return {
      accountId: sub,
      claims: async () => ({
        sub,
        personal_id: resident.personalId,
        name: resident.fullName,
        birthdate: resident.dateOfBirth,
        gender: resident.sex,
      }),
    };
  };
  const pages = providerPages({ homeHref: '/', simulator: true });
  const provider = new Provider(options.issuer, {
    adapter: options.adapter,
    findAccount,
    jwks: options.keys.jwks as never,
    clients: [
      {
        client_id: options.client.clientId,
        client_secret: options.client.clientSecret,
        client_name: 'Hà Nội — đăng nhập một lần / Hanoi single sign-on',
        redirect_uris: [options.client.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    cookies: {
      keys: options.keys.cookieKeys,
      names: {
        session: 'vneid_sim_session',
        interaction: 'vneid_sim_interaction',
        resume: 'vneid_sim_resume',
      },
      long: { httpOnly: true, sameSite: 'lax', path: SIMULATOR_MOUNT },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    acrValues: Object.values(SIMULATOR_ACR),
    scopes: ['openid', 'profile', 'vn_identity'],
    claims: {
      acr: null,
      auth_time: null,
      openid: ['sub'],
      profile: ['name', 'birthdate', 'gender'],
      vn_identity: ['personal_id'],
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: true },
    },
    interactions: { url: (_ctx, interaction) => `${SIMULATOR_MOUNT}/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: 5 * 60,
      AuthorizationCode: 60,
      IdToken: 5 * 60,
      Interaction: 15 * 60,
      Session: 15 * 60,
      Grant: 15 * 60,
    },
    renderError: pages.renderError,
  });
  Object.assign(provider, koaProxySettings(options.trustProxy));
  provider.on('server_error', (_ctx, error) => options.log.error({ err: error }, 'VNeID simulator error'));
  return provider;
}
