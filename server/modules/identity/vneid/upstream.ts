import * as oidc from 'openid-client';
import type { CitizenClaims } from '../accounts.service.ts';
import { levelOfUpstreamAcr, upstreamAcrFor } from './upstream-acr.ts';

export type FetchLike = (url: string, init: oidc.CustomFetchOptions) => Promise<Response>;

export type UpstreamResult = { claims: CitizenClaims; level: 1 | 2 };

/**
 * The city's provider as a relying party of VNeID (or of the simulator, which speaks the same
 * protocol): authorization code with PKCE, state and nonce; identity claims from the ID token
 * and userinfo; the level from `acr`.
 */
export function createUpstreamClient(options: {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  fetch: FetchLike;
  /** The ID token signing algorithm the upstream uses for this client (RS256 when unstated). */
  idTokenAlg?: string;
}) {
  let configuration: Promise<oidc.Configuration> | null = null;
  const insecure = new URL(options.issuer).protocol === 'http:';

  function configure(): Promise<oidc.Configuration> {
    configuration ??= oidc
      .discovery(
        new URL(options.issuer),
        options.clientId,
        {
          client_secret: options.clientSecret,
          ...(options.idTokenAlg ? { id_token_signed_response_alg: options.idTokenAlg } : {}),
        },
        oidc.ClientSecretBasic(options.clientSecret),
        {
          [oidc.customFetch]: options.fetch,
          // http only for a simulator or test issuer on this machine; a real VNeID is https.
          execute: insecure ? [oidc.allowInsecureRequests] : [],
        },
      )
      .catch((error: unknown) => {
        configuration = null; // try discovery again next time
        throw error;
      });
    return configuration;
  }

  return {
    async authorizationUrl(input: { state: string; nonce: string; codeVerifier: string; level: 1 | 2 }) {
      const config = await configure();
      return oidc.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: 'openid profile vn_identity',
        state: input.state,
        nonce: input.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(input.codeVerifier),
        code_challenge_method: 'S256',
        acr_values: upstreamAcrFor(input.level),
        // The city keeps the single sign-on session; upstream always authenticates afresh.
        prompt: 'login',
      });
    },

    async complete(
      currentUrl: URL,
      checks: { state: string; nonce: string; codeVerifier: string },
    ): Promise<UpstreamResult> {
      const config = await configure();
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims()!;
      const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      const personalId = info.personal_id ?? idClaims.personal_id;
      if (typeof personalId !== 'string' || !/^[0-9]{12}$/.test(personalId)) {
        throw new Error('VNeID returned no valid personal identification number');
      }
      const text = (value: unknown) => (typeof value === 'string' && value ? value : null);
      return {
        level: levelOfUpstreamAcr(idClaims.acr),
        claims: {
          personalId,
          fullName: text(info.name),
          birthdate: text(info.birthdate),
          gender: text(info.gender),
        },
      };
    },
  };
}

export type UpstreamClient = ReturnType<typeof createUpstreamClient>;
