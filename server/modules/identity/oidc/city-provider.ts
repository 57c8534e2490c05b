import Provider, {
  type AdapterConstructor,
  type FindAccount,
  interactionPolicy,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import type { Logger } from 'pino';
import { acrValues } from '../../../platform/auth/principal.ts';
import { koaProxySettings, type TrustProxy } from '../../../platform/config.ts';
import { meetsAny, requestedAcrs } from '../acr.ts';
import type { ProviderKeys } from './keys.ts';
import { providerPages } from './provider-pages.ts';

export const CITY_MOUNT = '/oidc';
export const CITY_SCOPES = ['openid', 'offline_access', 'profile', 'vn_identity'];
/** Why the login prompt asks again although a session exists: its assurance is below the request. */
export const STEP_UP_REASON = 'acr_below_requested';

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/** The acr the token being issued stands on: from the code or refresh token, else the session. */
function acrOfIssuance(ctx: KoaContextWithOIDC): string | undefined {
  const { entities } = ctx.oidc;
  return entities.AuthorizationCode?.acr ?? entities.RefreshToken?.acr ?? ctx.oidc.session?.acr;
}

/**
 * The city's OpenID provider: authorization code flow with PKCE (S256) required for every
 * client, refresh tokens (offline_access, rotated on use), acr values honoured as a minimum,
 * back-channel and RP-initiated logout. Storage is the Kysely adapter; keys come from the database.
 */
export function createCityProvider(options: {
  issuer: string;
  keys: ProviderKeys;
  adapter: AdapterConstructor;
  findAccount: FindAccount;
  trustProxy: TrustProxy;
  homeHref: string;
  fetch: (url: URL | string, init: RequestInit) => Promise<Response>;
  log: Logger;
}): Provider {
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(
    new interactionPolicy.Check(
      STEP_UP_REASON,
      'the session does not meet the requested authentication context',
      'login_required',
      (ctx) => {
        const { oidc } = ctx;
        if (!oidc.session?.accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
        return !meetsAny(oidc.session.acr, requestedAcrs(oidc.params?.acr_values));
      },
    ),
  );

  const pages = providerPages({ homeHref: options.homeHref });
  const provider = new Provider(options.issuer, {
    adapter: options.adapter,
    findAccount: options.findAccount,
    jwks: options.keys.jwks as never,
    cookies: {
      keys: options.keys.cookieKeys,
      names: { session: 'sc_op_session', interaction: 'sc_op_interaction', resume: 'sc_op_resume' },
      long: { httpOnly: true, sameSite: 'lax', path: CITY_MOUNT },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    acrValues: Object.values(acrValues),
    scopes: CITY_SCOPES,
    claims: {
      acr: null,
      auth_time: null,
      sid: null,
      iss: null,
      openid: ['sub'],
      profile: ['name', 'birthdate', 'gender'],
      vn_identity: ['personal_id'],
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: pages.logoutSource,
        postLogoutSuccessSource: pages.postLogoutSuccessSource,
      },
      revocation: { enabled: true },
      userinfo: { enabled: true },
    },
    interactions: {
      policy,
      url: (_ctx, interaction) => `${CITY_MOUNT}/interaction/${interaction.uid}`,
    },
    // Always rotate: a refresh token is good once, and its reuse revokes the grant.
    rotateRefreshToken: true,
    extraTokenClaims: (ctx) => {
      const acr = acrOfIssuance(ctx);
      return acr ? { acr } : undefined;
    },
    ttl: {
      AccessToken: 15 * MINUTE,
      AuthorizationCode: MINUTE,
      IdToken: 15 * MINUTE,
      RefreshToken: 24 * HOUR,
      Interaction: 15 * MINUTE,
      Session: 8 * HOUR,
      Grant: 30 * 24 * HOUR,
    },
    renderError: pages.renderError,
    // The provider calls out only to URLs the city administrator registered (back-channel logout);
    // government systems live on private networks, so oidc-provider's guard against private
    // addresses (meant for self-registered clients, which this provider does not accept) is dropped.
    fetch: ((url: URL | string, init: RequestInit & { dispatcher?: unknown }) => {
      const { dispatcher: _publicOnly, ...rest } = init;
      return options.fetch(url, rest);
    }) as never,
  });
  Object.assign(provider, koaProxySettings(options.trustProxy));
  provider.on('server_error', (_ctx, error) => options.log.error({ err: error }, 'oidc provider error'));
  provider.on('backchannel.error', (_ctx, error, client) =>
    options.log.warn({ err: error, clientId: client.clientId }, 'back-channel logout failed'),
  );
  return provider;
}
