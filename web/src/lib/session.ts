import { useQuery } from '@tanstack/react-query';
import { api, rememberCsrfToken } from './api.ts';
import type { Health, Role, Session, SessionPrincipal } from './types.ts';

export const sessionQueryKey = ['session'] as const;

async function fetchSession(): Promise<Session> {
  const session = await api<Session>('/api/session');
  rememberCsrfToken(session.csrfToken);
  return session;
}

/** Who is signed in (`GET /api/session`), with the CSRF token for unsafe requests. */
export function useSession() {
  return useQuery({ queryKey: sessionQueryKey, queryFn: fetchSession, staleTime: 30_000 });
}

/** Liveness and run mode (`embedded` means the demo environment). */
export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: () => api<Health>('/api/health'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The city itself: a role held there reaches every agency (as on the server). */
export const CITY_UNIT_ID = 'hanoi';

/** Mirrors the server's `holdsRole`; the server decides, the web app only hides what would be refused. */
export function holdsRole(principal: SessionPrincipal | null | undefined, roles: Role[], unitId?: string) {
  if (principal?.kind !== 'official') return false;
  return principal.memberships.some(
    (membership) =>
      roles.includes(membership.role) &&
      (unitId === undefined || membership.unitId === unitId || membership.unitId === CITY_UNIT_ID),
  );
}

/** Ends the session at the platform, then follows where the identity provider sends the browser. */
export async function signOut(): Promise<void> {
  const { redirectTo } = await api<{ redirectTo: string }>('/auth/logout', { method: 'POST' });
  window.location.assign(redirectTo);
}

/** `/auth/login?…`: the server runs the sign-in and brings the browser back to `returnTo`. */
export function signInUrl(method: 'vneid' | 'official', returnTo: string, acr?: string): string {
  const params = new URLSearchParams({ method });
  if (acr) params.set('acr', acr);
  params.set('returnTo', safeReturnTo(returnTo));
  return `/auth/login?${params.toString()}`;
}

/** Only paths on this site: never `//host` or `https://…` (open redirect). */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}
