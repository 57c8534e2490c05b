/**
 * The one way the web app talks to the platform API: same-origin fetch, JSON in and out,
 * the CSRF token on every unsafe request, and RFC 9457 problem+json turned into `ApiError`.
 */
export type BilingualText = { vi: string; en: string };

export type Problem = {
  code: string;
  status: number;
  title: string;
  detail: string;
  requestId?: string;
  vi: { title: string; detail: string };
  en: { title: string; detail: string };
  errors?: { path: string; vi: string; en: string }[];
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.en.detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

export const CSRF_COOKIE = 'sc_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** The token from the last `GET /api/session`; the `sc_csrf` cookie when there is none yet. */
let csrfToken: string | null = null;
export function rememberCsrfToken(token: string | null) {
  csrfToken = token;
}

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

export function currentCsrfToken(): string | null {
  return csrfToken ?? readCookie(CSRF_COOKIE);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Query = Record<string, string | number | boolean | null | undefined>;

/** `path?query`, leaving out empty values so the server's strict schemas see only what was set. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function api<T>(
  path: string,
  options: { method?: string; body?: unknown; query?: Query; signal?: AbortSignal } = {},
): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method)) {
    const token = currentCsrfToken();
    if (token) headers[CSRF_HEADER] = token;
  }
  const response = await fetch(withQuery(path, options.query), {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function readProblem(response: Response): Promise<Problem | null> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return null;
  try {
    const body = (await response.json()) as Partial<Problem>;
    return body && typeof body === 'object' && body.vi && body.en ? (body as Problem) : null;
  } catch {
    return null;
  }
}
