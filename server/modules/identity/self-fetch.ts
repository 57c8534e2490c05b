import type { FastifyInstance } from 'fastify';

type HeadersLike = ConstructorParameters<typeof Headers>[0];
type FetchInit = { method?: string; headers?: HeadersLike; body?: unknown };

/**
 * HTTP to the platform's own public URL goes straight into the Fastify instance (inject) instead
 * of the network: the portal talking to the city's provider, the provider to the VNeID simulator,
 * the provider's back-channel logout to the portal. Same requests, same routes, no dependence on
 * the public URL resolving from inside (a proxy, tests without a listening socket). Anything else
 * goes out with the global fetch.
 */
export function createSelfFetch(publicUrl: string, app: () => FastifyInstance | null) {
  const base = new URL(publicUrl);
  return async (input: string | URL, init: FetchInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const server = app();
    if (!server || url.origin !== base.origin) {
      return globalThis.fetch(url, init as Parameters<typeof globalThis.fetch>[1]);
    }
    const headers = new Headers(init.headers);
    let payload: string | Buffer | undefined;
    if (typeof init.body === 'string') payload = init.body;
    else if (init.body instanceof URLSearchParams) {
      payload = init.body.toString();
      if (!headers.has('content-type'))
        headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    } else if (init.body !== undefined && init.body !== null) {
      payload = Buffer.from(
        await new Response(init.body as ConstructorParameters<typeof Response>[0]).arrayBuffer(),
      );
    }
    headers.set('host', url.host);
    if (base.protocol === 'https:') headers.set('x-forwarded-proto', 'https');
    const response = await server.inject({
      method: (init.method ?? 'GET').toUpperCase() as 'GET',
      url: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(headers),
      ...(payload === undefined ? {} : { payload }),
    });
    const out = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (Array.isArray(value)) for (const item of value) out.append(name, String(item));
      else if (value !== undefined) out.set(name, String(value));
    }
    const bodyless = [101, 204, 205, 304].includes(response.statusCode);
    return new Response(bodyless ? null : response.rawPayload, { status: response.statusCode, headers: out });
  };
}
