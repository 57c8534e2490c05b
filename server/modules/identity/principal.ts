import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { anonymous, type Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { OrgService } from '../org/index.ts';
import { isAcr } from './acr.ts';
import { API_TOKEN_SESSION, type ApiTokenService } from './api-tokens.service.ts';
import type { IdentityRuntimeHandle } from './identity.runtime.ts';
import type { IdentityStore } from './identity.store.ts';

export const SESSION_COOKIE = 'sc_session';

export const sessionIdOf = (cookieValue: string) => createHash('sha256').update(cookieValue).digest('hex');

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]{16,2048}=*)$/;
/** A personal API token, bare (as CKAN clients send it) or as a bearer token. */
const API_TOKEN = /^(?:Bearer )?(sc_pat_[A-Za-z0-9_-]{43})$/;
/** The providers' own routes authenticate by their own means (client credentials, their cookies). */
const PROVIDER_PATHS = /^\/(oidc|vneid-sim)(\/|\?|$)/;

/**
 * Who is calling: from an official's personal API token (`Authorization: <token>` or `Bearer
 * <token>`), or an `Authorization: Bearer` access token issued by the city's provider to a citizen
 * (cookies are then ignored), else from the portal's `sc_session` cookie. Anything else, or
 * anything that does not check out, is anonymous.
 */
export function createPrincipalResolver(deps: {
  store: IdentityStore;
  runtime: IdentityRuntimeHandle;
  org: OrgService;
  clock: Clock;
  tokens: Pick<ApiTokenService, 'resolve'>;
}) {
  const { store, runtime, org, clock, tokens } = deps;

  async function officialPrincipal(
    account: { id: string; official_id: string | null; username: string | null },
    sessionId: string,
    acr: string,
  ): Promise<Principal> {
    if (!account.official_id || !isAcr(acr)) return anonymous;
    const official = await org.official(account.official_id);
    if (!official) return anonymous;
    return {
      kind: 'official',
      accountId: account.id,
      officialId: official.id,
      sessionId,
      username: account.username ?? '',
      fullName: official.fullName,
      acr,
      memberships: official.memberships,
    };
  }

  async function fromAccessToken(token: string): Promise<Principal> {
    const { city } = await runtime.get();
    const accessToken = await city.AccessToken.find(token).catch(() => undefined);
    if (!accessToken || accessToken.isExpired || !accessToken.accountId) return anonymous;
    if (!accessToken.clientId || !(await city.Client.find(accessToken.clientId))) return anonymous;
    const account = await store.accountById(accessToken.accountId);
    if (account?.status !== 'active') return anonymous;
    const acr = (accessToken.extra as { acr?: unknown } | undefined)?.acr;
    if (!isAcr(acr)) return anonymous;
    // An official's powers never travel in a token held by another application: officials act
    // through the portal's own session only. A citizen may let an application read their data.
    if (account.kind !== 'citizen') return anonymous;
    const sessionId = `grant:${accessToken.grantId}`;
    return {
      kind: 'citizen',
      accountId: account.id,
      sessionId,
      personalId: account.personal_id ?? '',
      fullName: account.full_name ?? '',
      acr,
    };
  }

  /** The official's own delegation: the token acts with the roles they hold now. */
  async function fromApiToken(token: string): Promise<Principal> {
    const found = await tokens.resolve(token);
    if (!found) return anonymous;
    return officialPrincipal(
      { id: found.account_id, official_id: found.official_id, username: found.username },
      `${API_TOKEN_SESSION}${found.id}`,
      found.acr,
    );
  }

  async function fromWebSession(cookieValue: string): Promise<Principal> {
    const session = await store.webSession(sessionIdOf(cookieValue), clock.now());
    if (session?.status !== 'active' || !isAcr(session.acr)) return anonymous;
    if (session.kind === 'official') return officialPrincipal(session, session.session_id, session.acr);
    return {
      kind: 'citizen',
      accountId: session.id,
      sessionId: session.session_id,
      personalId: session.personal_id ?? '',
      fullName: session.full_name ?? '',
      acr: session.acr,
    };
  }

  return async function resolvePrincipal(request: FastifyRequest): Promise<Principal> {
    if (PROVIDER_PATHS.test(request.url)) return anonymous;
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const apiToken = API_TOKEN.exec(authorization);
      if (apiToken) return fromApiToken(apiToken[1]!);
      const bearer = BEARER.exec(authorization);
      return bearer ? fromAccessToken(bearer[1]!) : anonymous;
    }
    const cookie = request.cookies?.[SESSION_COOKIE];
    if (!cookie || !/^[A-Za-z0-9_-]{20,100}$/.test(cookie)) return anonymous;
    return fromWebSession(cookie);
  };
}
