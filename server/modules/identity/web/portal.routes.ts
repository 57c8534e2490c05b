import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createLocalJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { acrValues, type Membership, type Principal, roles } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { AppConfig } from '../../../platform/config.ts';
import { AppError } from '../../../platform/errors.ts';
import { CSRF_COOKIE, newCsrfToken } from '../../../platform/http/access.ts';
import { problemResponses } from '../../../platform/http/openapi.ts';
import type { OrgService } from '../../org/index.ts';
import type { PopulationService } from '../../population/index.ts';
import type { AccountService } from '../accounts.service.ts';
import { acrLabel, isAcr, meets } from '../acr.ts';
import type { IdentityRuntimeHandle } from '../identity.runtime.ts';
import {
  backchannelLogoutBody,
  callbackQuery,
  loginQuery,
  logoutResponse,
  meView,
  sessionView,
} from '../identity.schema.ts';
import type { IdentityStore } from '../identity.store.ts';
import { acceptFormBodies } from '../pages/respond.ts';
import { SESSION_COOKIE, sessionIdOf } from '../principal.ts';
import { PORTAL_CLIENT_ID } from './portal-client.ts';

const LOGIN_COOKIE = 'sc_login';
const LOGIN_TTL_SECONDS = 15 * 60;
export const WEB_SESSION_TTL_SECONDS = 8 * 3600;
const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const tags = ['identity'];

const signInExpired = () =>
  new AppError('malformed_request', {
    vi: 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Hãy đăng nhập lại.',
    en: 'The sign-in is not valid or has expired. Please sign in again.',
  });

/** A local path with an `authError` parameter: where a failed sign-in returns to. */
function withAuthError(returnTo: string, error: string): string {
  const url = new URL(returnTo, 'http://local');
  url.searchParams.set('authError', /^[a-z_]{1,64}$/.test(error) ? error : 'sign_in_failed');
  return `${url.pathname}${url.search}${url.hash}`;
}

const maskPersonalId = (id: string) =>
  id.length > 6 ? `${id.slice(0, 3)}${'*'.repeat(id.length - 6)}${id.slice(-3)}` : '******';

/**
 * The portal's backend-for-frontend: it signs people in through the city's provider (a real
 * authorization code flow with PKCE), keeps server-side sessions behind an HttpOnly cookie,
 * and tells the web app who is signed in.
 */
export function portalRoutes(deps: {
  config: AppConfig;
  clock: Clock;
  runtime: IdentityRuntimeHandle;
  store: IdentityStore;
  accounts: AccountService;
  org: OrgService;
  population: PopulationService;
}): FastifyPluginAsync {
  const { config, clock, runtime, store, accounts, org, population } = deps;
  const secure = config.publicUrl.startsWith('https://');
  const issuer = `${config.publicUrl}/oidc`;

  async function membershipViews(memberships: Membership[]) {
    const names = new Map<string, { vi: string; en: string }>();
    for (const unitId of new Set(memberships.map((m) => m.unitId))) {
      const unit = await org.unit(unitId).catch(() => null);
      names.set(unitId, unit ? { vi: unit.nameVi, en: unit.nameEn } : { vi: unitId, en: unitId });
    }
    return memberships.map((m) => ({
      unitId: m.unitId,
      unitNameVi: names.get(m.unitId)!.vi,
      unitNameEn: names.get(m.unitId)!.en,
      role: m.role,
      roleVi: roles[m.role].vi,
      roleEn: roles[m.role].en,
    }));
  }

  async function principalView(principal: Principal): Promise<z.infer<typeof sessionView>['principal']> {
    if (principal.kind === 'citizen') {
      return {
        kind: 'citizen',
        accountId: principal.accountId,
        fullName: principal.fullName,
        acr: principal.acr,
        acrLabel: acrLabel(principal.acr),
        personalIdMasked: maskPersonalId(principal.personalId),
      };
    }
    if (principal.kind === 'official') {
      return {
        kind: 'official',
        accountId: principal.accountId,
        username: principal.username,
        fullName: principal.fullName,
        acr: principal.acr,
        acrLabel: acrLabel(principal.acr),
        memberships: await membershipViews(principal.memberships),
      };
    }
    return null;
  }

  const clearCookie = (reply: FastifyReply, name: string, path: string) =>
    reply.clearCookie(name, { path, httpOnly: true, sameSite: 'lax', secure });

  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    runtime.attach(plugin);
    // The provider posts back-channel logout tokens as a form.
    acceptFormBodies(plugin, 64 * 1024);

    app.get(
      '/api/session',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Phiên làm việc hiện tại và mã CSRF / The current session and the CSRF token',
          description:
            'Đặt cookie sc_csrf nếu chưa có; gửi lại giá trị này trong header x-csrf-token với mọi POST, PUT, PATCH, DELETE. / Sets the sc_csrf cookie when missing; echo it in the x-csrf-token header on every unsafe request.',
          response: { 200: sessionView, ...problemResponses },
        },
      },
      async (request, reply) => {
        let csrfToken = request.cookies[CSRF_COOKIE];
        if (!csrfToken || !/^[A-Za-z0-9_-]{16,128}$/.test(csrfToken)) {
          csrfToken = newCsrfToken();
          reply.setCookie(CSRF_COOKIE, csrfToken, { path: '/', sameSite: 'strict', httpOnly: false, secure });
        }
        reply.header('cache-control', 'no-store');
        return {
          csrfToken,
          simulator: config.vneid === null,
          principal: await principalView(request.principal),
        };
      },
    );

    app.get(
      '/auth/login',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary:
            'Bắt đầu đăng nhập qua nhà cung cấp OIDC của Thành phố / Start signing in through the city’s OIDC provider',
          description:
            'method=vneid (người dân, mặc định mức 1; acr=urn:hanoi:acr:vneid:2 cho mức 2) hoặc method=official (cán bộ). returnTo phải là đường dẫn nội bộ. / method=vneid (residents, level 1 unless acr asks level 2) or method=official; returnTo must be a local path.',
          querystring: loginQuery,
          response: {
            302: z.null().describe('Chuyển tới trang đăng nhập / Redirect into the sign-in flow'),
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const { method, returnTo = '/' } = request.query;
        let acr: string | null = request.query.acr ?? null;
        if (method === 'official') {
          if (acr && acr !== acrValues.officialMfa) throw invalidAcr();
          acr = acrValues.officialMfa;
        } else if (method === 'vneid') {
          if (acr === acrValues.officialMfa) throw invalidAcr();
          acr ??= acrValues.vneidLevel1;
        }
        const state = oidc.randomState();
        const nonce = oidc.randomNonce();
        const codeVerifier = oidc.randomPKCECodeVerifier();
        await store.insertWebLogin({
          state,
          code_verifier: codeVerifier,
          nonce,
          return_to: returnTo,
          acr,
          expires_at: new Date(clock.now().getTime() + LOGIN_TTL_SECONDS * 1000),
        });
        const { portal } = await runtime.get();
        const target = await portal.authorizationUrl({ state, nonce, codeVerifier, acr });
        reply.setCookie(LOGIN_COOKIE, state, {
          path: '/auth/callback',
          httpOnly: true,
          sameSite: 'lax',
          secure,
          maxAge: LOGIN_TTL_SECONDS,
        });
        return reply.redirect(target.toString(), 302);
      },
    );

    app.get(
      '/auth/callback',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Nơi nhà cung cấp OIDC trả về / Where the OIDC provider returns',
          description:
            'Đặt cookie phiên sc_session rồi chuyển về returnTo; nếu không đăng nhập được, chuyển về returnTo kèm ?authError=<mã>. / Sets the sc_session cookie and redirects to returnTo; on failure redirects to returnTo with ?authError=<code>.',
          querystring: callbackQuery,
          response: { 302: z.null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        const { state } = request.query;
        const bound = request.cookies[LOGIN_COOKIE];
        if (!state || !bound || bound !== state) throw signInExpired();
        const pending = await store.takeWebLogin(state, clock.now());
        clearCookie(reply, LOGIN_COOKIE, '/auth/callback');
        if (!pending) throw signInExpired();
        if (request.query.error)
          return reply.redirect(withAuthError(pending.return_to, request.query.error), 302);

        const { portal } = await runtime.get();
        let result: Awaited<ReturnType<typeof portal.complete>>;
        try {
          result = await portal.complete(new URL(request.url, config.publicUrl), {
            state,
            nonce: pending.nonce,
            codeVerifier: pending.code_verifier,
          });
        } catch (error) {
          request.log.warn({ err: error }, 'portal code exchange failed');
          return reply.redirect(withAuthError(pending.return_to, 'sign_in_failed'), 302);
        }
        const { claims, idToken } = result;
        if (!isAcr(claims.acr) || (pending.acr && isAcr(pending.acr) && !meets(claims.acr, pending.acr))) {
          return reply.redirect(withAuthError(pending.return_to, 'unmet_authentication_requirements'), 302);
        }
        const account = await accounts.accountById(claims.sub);
        if (account?.status !== 'active') {
          return reply.redirect(withAuthError(pending.return_to, 'access_denied'), 302);
        }
        const token = randomBytes(32).toString('base64url');
        await store.insertWebSession({
          id: sessionIdOf(token),
          account_id: account.id,
          sid: typeof claims.sid === 'string' ? claims.sid : null,
          acr: claims.acr,
          id_token: idToken,
          expires_at: new Date(clock.now().getTime() + WEB_SESSION_TTL_SECONDS * 1000),
        });
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure,
          maxAge: WEB_SESSION_TTL_SECONDS,
        });
        return reply.redirect(pending.return_to, 302);
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Đăng xuất / Sign out',
          description:
            'Kết thúc phiên của cổng và trả về địa chỉ đăng xuất của nhà cung cấp OIDC (đăng xuất một lần khỏi mọi dịch vụ); trình duyệt chuyển tới đó. / Ends the portal session and answers the provider’s end-session URL (single logout from every service) for the browser to open.',
          response: { 200: logoutResponse, ...problemResponses },
        },
      },
      async (request, reply) => {
        const cookie = request.cookies[SESSION_COOKIE];
        let idToken: string | null = null;
        if (cookie && /^[A-Za-z0-9_-]{20,100}$/.test(cookie)) {
          const session = await store.webSession(sessionIdOf(cookie), clock.now());
          idToken = session?.id_token ?? null;
          await store.deleteWebSession(sessionIdOf(cookie));
        }
        clearCookie(reply, SESSION_COOKIE, '/');
        const { portal } = await runtime.get();
        return { redirectTo: await portal.endSessionUrl(idToken) };
      },
    );

    app.post(
      '/auth/backchannel-logout',
      {
        config: { access: 'public', csrf: false },
        schema: {
          tags,
          summary:
            'Đăng xuất kênh sau cho cổng (OIDC Back-Channel Logout) / The portal’s back-channel logout endpoint',
          description:
            'Nhà cung cấp OIDC gọi khi phiên đăng nhập một lần kết thúc; logout_token được kiểm tra chữ ký. / Called by the provider when a single sign-on session ends; the logout_token signature is verified.',
          body: backchannelLogoutBody,
          response: { 200: z.object({ sessionsEnded: z.number().int() }), ...problemResponses },
        },
      },
      async (request, reply) => {
        const { cityJwks } = await runtime.get();
        let payload: Record<string, unknown>;
        try {
          ({ payload } = await jwtVerify(request.body.logout_token, createLocalJWKSet(cityJwks as never), {
            issuer,
            audience: PORTAL_CLIENT_ID,
            maxTokenAge: '10m',
            requiredClaims: ['iat', 'jti', 'events'],
          }));
        } catch {
          throw invalidLogoutToken();
        }
        const events = payload.events as Record<string, unknown> | undefined;
        if (!events || typeof events[BACKCHANNEL_EVENT] !== 'object' || 'nonce' in payload)
          throw invalidLogoutToken();
        let sessionsEnded = 0;
        if (typeof payload.sid === 'string') sessionsEnded = await store.deleteWebSessionsBySid(payload.sid);
        else if (typeof payload.sub === 'string')
          sessionsEnded = await store.deleteWebSessionsOfAccount(payload.sub);
        else throw invalidLogoutToken();
        reply.header('cache-control', 'no-store');
        return { sessionsEnded };
      },
    );

    app.get(
      '/api/me',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Người đang đăng nhập / Who is signed in',
          description:
            'Người dân: kèm bản ghi trong sổ dân cư (dữ liệu tổng hợp, synthetic: true). Cán bộ: chức danh và vai trò tại từng đơn vị. / Citizens get their (synthetic) registry record; officials their titles and roles per unit.',
          response: { 200: meView, ...problemResponses },
        },
      },
      async (request) => {
        const principal = request.principal;
        if (principal.kind === 'citizen') {
          return {
            kind: 'citizen' as const,
            accountId: principal.accountId,
            acr: principal.acr,
            acrLabel: acrLabel(principal.acr),
            registry: await population.findByPersonalId(principal.personalId),
          };
        }
        if (principal.kind !== 'official') throw new Error('unreachable: access is signed-in');
        const account = await accounts.accountById(principal.accountId);
        const official = account?.official_id ? await org.official(account.official_id) : null;
        return {
          kind: 'official' as const,
          accountId: principal.accountId,
          username: principal.username,
          fullName: principal.fullName,
          email: official?.email ?? null,
          titleVi: official?.titleVi ?? null,
          titleEn: official?.titleEn ?? null,
          demo: official?.demo ?? false,
          acr: principal.acr,
          acrLabel: acrLabel(principal.acr),
          memberships: await membershipViews(principal.memberships),
        };
      },
    );
  };
}

const invalidAcr = () =>
  new AppError('validation_failed', {
    vi: 'Mức xác thực (acr) không phù hợp với cách đăng nhập.',
    en: 'The requested acr does not fit the sign-in method.',
  });

const invalidLogoutToken = () =>
  new AppError('validation_failed', {
    vi: 'logout_token không hợp lệ.',
    en: 'The logout_token is not valid.',
  });
