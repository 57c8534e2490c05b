import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Logger } from 'pino';
import type { Clock } from '../../../platform/clock.ts';
import type { LastCheck, PortalStore, ResourceRow } from './portal.store.ts';

/**
 * Reachability checks of linked resources, on each link's schedule (daily, weekly, monthly) by a
 * background job, or on demand. A link to a private or loopback address is not fetched (the server
 * must not be turned against its own network), except by an instance that itself only serves on
 * loopback (development and tests).
 */
export const LINK_CHECK_JOB = 'data.portal.check-links';
const TIMEOUT_MS = 10_000;

function privateAddress(address: string): boolean {
  if (isIP(address) === 6) {
    const lower = address.toLowerCase();
    if (lower.startsWith('::ffff:')) return privateAddress(lower.slice(7));
    return lower === '::1' || lower === '::' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower);
  }
  const [a = 0, b = 0] = address.split('.').map(Number);
  return (
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

export function createLinkChecker(deps: {
  store: PortalStore;
  clock: Clock;
  log: Logger;
  publicUrl: string;
}) {
  const { store, clock } = deps;
  const loopbackInstance = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(deps.publicUrl);

  async function probe(url: string): Promise<LastCheck> {
    const at = clock.now().toISOString();
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return { at, ok: false, status: null, detail: 'invalid URL' };
    }
    try {
      const host = target.hostname.replace(/^\[|\]$/g, '');
      const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
      if (!loopbackInstance && addresses.some(privateAddress))
        return { at, ok: false, status: null, detail: 'private address: not checked' };
    } catch (error) {
      return { at, ok: false, status: null, detail: `DNS: ${(error as Error).message}`.slice(0, 300) };
    }
    const attempt = async (method: 'HEAD' | 'GET') => {
      const response = await fetch(target, {
        method,
        // A redirect counts as reachable; following it could lead to a private address.
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: method === 'GET' ? { range: 'bytes=0-0' } : {},
      });
      await response.body?.cancel().catch(() => {});
      return response.status;
    };
    try {
      let status = await attempt('HEAD');
      // Some servers refuse HEAD; ask for one byte instead.
      if (status === 405 || status === 501) status = await attempt('GET');
      return { at, ok: status >= 200 && status < 400, status, detail: null };
    } catch (error) {
      return { at, ok: false, status: null, detail: (error as Error).message.slice(0, 300) };
    }
  }

  async function check(resource: ResourceRow): Promise<LastCheck> {
    const result = await probe(resource.source_url ?? '');
    await store.updateResource(store.db, resource.id, { last_check: result });
    return result;
  }

  return {
    check,
    /** Checks the links that are due; answers how many were checked and how many failed. */
    async checkDue() {
      const due = await store.linksDue(clock.now());
      let failed = 0;
      for (const resource of due) if (!(await check(resource)).ok) failed += 1;
      if (due.length)
        deps.log.info(
          { checked: due.length, failed },
          'Kiểm tra liên kết dữ liệu mở / open-data links checked',
        );
      return { checked: due.length, failed };
    },
  };
}

export type LinkChecker = ReturnType<typeof createLinkChecker>;
