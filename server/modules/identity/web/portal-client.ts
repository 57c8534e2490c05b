import * as oidc from 'openid-client';
import type { FetchLike } from '../vneid/upstream.ts';

export const PORTAL_CLIENT_ID = 'city-portal';

/**
 * The platform's own web app as a relying party of the city's provider (backend-for-frontend):
 * a confidential client doing the authorization code flow with PKCE, like any other client.
 */
export function createPortalClient(options: {
  issuer: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  fetch: FetchLike;
}) {
  let configuration: Promise<oidc.Configuration> | null = null;
  const insecure = new URL(options.issuer).protocol === 'http:';

  function configure() {
    configuration ??= oidc
      .discovery(
        new URL(options.issuer),
        PORTAL_CLIENT_ID,
        { client_secret: options.clientSecret },
        oidc.ClientSecretBasic(options.clientSecret),
        { [oidc.customFetch]: options.fetch, execute: insecure ? [oidc.allowInsecureRequests] : [] },
      )
      .catch((error: unknown) => {
        configuration = null;
        throw error;
      });
    return configuration;
  }

  return {
    async authorizationUrl(input: {
      state: string;
      nonce: string;
      codeVerifier: string;
      acr: string | null;
    }) {
      return oidc.buildAuthorizationUrl(await configure(), {
        redirect_uri: options.redirectUri,
        scope: 'openid profile vn_identity',
        state: input.state,
        nonce: input.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(input.codeVerifier),
        code_challenge_method: 'S256',
        ...(input.acr ? { acr_values: input.acr } : {}),
      });
    },

    async complete(currentUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }) {
      const tokens = await oidc.authorizationCodeGrant(await configure(), currentUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
      return { idToken: tokens.id_token!, claims: tokens.claims()! };
    },

    async endSessionUrl(idTokenHint: string | null): Promise<string> {
      return oidc
        .buildEndSessionUrl(await configure(), {
          client_id: PORTAL_CLIENT_ID,
          post_logout_redirect_uri: options.postLogoutRedirectUri,
          ...(idTokenHint ? { id_token_hint: idTokenHint } : {}),
        })
        .toString();
    },
  };
}

export type PortalClient = ReturnType<typeof createPortalClient>;
