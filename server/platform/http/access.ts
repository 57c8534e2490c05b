import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import {
  type Principal,
  type Role,
  requireOfficial,
  requireRole,
  requireSignedIn,
} from '../auth/principal.ts';
import { AppError, forbidden } from '../errors.ts';

/**
 * Who may call a route. Every route must declare it (deny by default: a route without `access`
 * stops start-up). Agency scope is checked again in the service, where the agency is known.
 */
export type Access = 'public' | 'signed-in' | 'citizen' | 'official' | { roles: Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Set false on endpoints called server-to-server (no browser, no cookie), e.g. back-channel logout. */
    csrf?: boolean;
  }
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyInstance {
    /** Every route's declared access rule, as registered: what the authorisation matrix is built from. */
    routeAccess: RouteAccess[];
  }
}

export type RouteAccess = { method: string; url: string; access: Access };

export const CSRF_COOKIE = 'sc_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes that plugins register for themselves (documentation UI). */
const SELF_MANAGED_PREFIXES = ['/api/docs'];

export function assertAccess(principal: Principal, access: Access): void {
  if (access === 'public') return;
  if (access === 'signed-in') {
    requireSignedIn(principal);
    return;
  }
  if (access === 'official') {
    requireOfficial(principal);
    return;
  }
  if (access === 'citizen') {
    if (requireSignedIn(principal).kind !== 'citizen') {
      throw forbidden({ vi: 'Chức năng này dành cho công dân.', en: 'This is for citizens only.' });
    }
    return;
  }
  requireRole(principal, access.roles);
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export const newCsrfToken = () => randomBytes(24).toString('base64url');

/** Double-submit check: the header must echo the `sc_csrf` cookie the app set for this browser. */
function assertCsrf(request: FastifyRequest): void {
  const cookie = request.cookies?.[CSRF_COOKIE];
  const header = request.headers[CSRF_HEADER];
  if (typeof header !== 'string' || !cookie || !sameToken(cookie, header)) {
    throw new AppError('csrf_failed', {
      vi: 'Yêu cầu thiếu mã chống giả mạo (CSRF). Hãy tải lại trang rồi thử lại.',
      en: 'The request lacks a valid CSRF token. Reload the page and try again.',
    });
  }
}

export function installAccessControl(
  app: FastifyInstance,
  resolvePrincipal: (request: FastifyRequest) => Promise<Principal>,
): void {
  app.decorateRequest('principal', null as never);
  const registered: RouteAccess[] = [];
  app.decorate('routeAccess', registered);

  app.addHook('onRoute', (route: RouteOptions) => {
    if (SELF_MANAGED_PREFIXES.some((prefix) => route.url.startsWith(prefix))) {
      route.config = { ...(route.config as object), access: 'public' };
      return;
    }
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} declares no access rule (deny by default).`,
      );
    }
    for (const method of [route.method].flat()) registered.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (request) => {
    request.principal = await resolvePrincipal(request);
    const config = request.routeOptions.config as { access?: Access; csrf?: boolean };
    const access = config.access;
    if (!access) return; // not-found handler: no route matched
    if (UNSAFE_METHODS.has(request.method) && config.csrf !== false && !request.headers.authorization) {
      assertCsrf(request);
    }
    assertAccess(request.principal, access);
  });
}
