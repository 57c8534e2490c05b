import type { TestPlatform } from './platform.ts';

/** Calls a CKAN action the three ways CKAN clients do: GET query, POST JSON, POST form. */
export type CkanCall = {
  action: string;
  data?: Record<string, unknown>;
  via?: 'get' | 'json' | 'form';
  token?: string;
  headers?: Record<string, string>;
};

export async function ckan(t: TestPlatform, call: CkanCall) {
  const via = call.via ?? 'json';
  const headers: Record<string, string> = {
    ...(call.token ? { authorization: call.token } : {}),
    ...call.headers,
  };
  const data = call.data ?? {};
  const flat = () =>
    new URLSearchParams(
      Object.entries(data).map(
        ([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)] as [string, string],
      ),
    ).toString();
  const response =
    via === 'get'
      ? await t.server.inject({ method: 'GET', url: `/api/3/action/${call.action}?${flat()}`, headers })
      : via === 'form'
        ? await t.server.inject({
            method: 'POST',
            url: `/api/3/action/${call.action}`,
            headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
            payload: flat(),
          })
        : await t.server.inject({
            method: 'POST',
            url: `/api/3/action/${call.action}`,
            headers: { ...headers, 'content-type': 'application/json' },
            payload: JSON.stringify(data),
          });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
}
