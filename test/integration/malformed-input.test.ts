import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * Throws malformed path parameters, query strings, bodies and headers at every route of the
 * OpenAPI document: the answer is never a 500, and every error is problem+json (CKAN-shaped under
 * /api/3/, as CKAN clients expect).
 */
let t: TestPlatform;
let operations: { method: string; path: string }[];

beforeAll(async () => {
  t = await createTestPlatform();
  const spec = (await t.server.inject('/api/openapi.json')).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  operations = Object.entries(spec.paths)
    .flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => ({ method: method.toUpperCase(), path })),
    )
    // Server-sent event streams stay open by design; they take no input and are tested on their own.
    .filter((operation) => !operation.path.endsWith('/stream'));
});
afterAll(() => t.close());

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '%',
    '%00',
    '%zz',
    '../../etc/passwd',
    '__proto__',
    'toString',
    'constructor',
    "' or 1=1 --",
    '<script>',
    '\u0000',
    'ß'.repeat(600),
  ),
  fc.integer().map(String),
  fc.double().map(String),
);

const queryString = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom('at', 'kind', 'q', 'limit', 'before', 'from', 'to', 'a[b]', 'x'), fc.string()),
      nasty,
    ),
    {
      maxLength: 5,
    },
  )
  .map((pairs) =>
    pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&'),
  );

const body = fc.oneof(
  fc.constant(undefined),
  fc.string().map((text) => ({ raw: text })),
  fc
    .constantFrom(
      '{',
      '{"a":',
      '[1,2',
      'null',
      '"str"',
      '{"__proto__":{"x":1}}',
      '{"constructor":{"prototype":{}}}',
    )
    .map((raw) => ({ raw })),
  fc.jsonValue({ maxDepth: 4 }).map((value) => ({ raw: JSON.stringify(value) })),
  // Over the 1 MiB body limit.
  fc.constant({ raw: JSON.stringify({ big: 'x'.repeat(1_100_000) }) }),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  '',
  'application/json; charset=latin1',
);

const headers = fc.record(
  {
    accept: fc.constantFrom('*/*', 'application/json', 'text/html', 'application/xml', ''),
    'accept-language': fc.constantFrom('vi', 'en', 'fr', '', 'en-US,en;q=0.9', '*'),
    cookie: fc.oneof(
      fc.constant('sc_csrf=fuzz-token'),
      nasty.map((value) => `sc_session=${encodeURIComponent(value)}; sc_csrf=fuzz-token`),
    ),
    'x-csrf-token': fc.constantFrom('fuzz-token', 'wrong', ''),
    authorization: fc.oneof(
      fc.constant(undefined),
      nasty.map((value) => `Bearer ${value}`),
      fc.constant('Basic Og=='),
    ),
    'x-request-id': fc.oneof(fc.constant(undefined), nasty),
  },
  { requiredKeys: ['cookie', 'x-csrf-token'] },
);

function fillPath(path: string, values: string[]): string {
  let i = 0;
  return path.replace(/\{[^}]+\}/g, () => encodeURIComponent(values[i++ % values.length] ?? 'x'));
}

describe('malformed input at every route', () => {
  it('never answers 500 and always answers errors with problem+json', { timeout: 300_000 }, async () => {
    expect(operations.length).toBeGreaterThan(5);
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(
          fc.array(nasty, { minLength: 1, maxLength: 3 }),
          queryString,
          body,
          contentType,
          headers,
          async (pathValues, query, payload, type, extraHeaders) => {
            const url = `${fillPath(operation.path, pathValues)}${query ? `?${query}` : ''}`;
            const requestHeaders: Record<string, string> = {};
            for (const [name, value] of Object.entries(extraHeaders))
              if (value !== undefined) requestHeaders[name] = String(value);
            if (payload && type) requestHeaders['content-type'] = type;
            const response = await t.server.inject({
              method: operation.method as 'GET',
              url,
              headers: requestHeaders,
              ...(payload && operation.method !== 'GET' ? { payload: payload.raw } : {}),
            });
            const where = `${operation.method} ${url} → ${response.statusCode}`;
            expect(response.statusCode, where).toBeLessThan(500);
            // The CKAN Action API answers CKAN's own envelope, never problem+json (docs/open-data.md).
            if (/^\/api\/3(\/|$)/.test(operation.path) && response.statusCode >= 400) {
              expect(response.headers['content-type'], where).toContain('application/json');
              expect(response.json(), where).toMatchObject({
                success: false,
                error: { __type: expect.any(String), message: expect.any(String) },
              });
            } else if (/^\/ngsi-ld\//.test(operation.path) && response.statusCode >= 400) {
              // NGSI-LD answers ETSI ProblemDetails as application/json (docs/smart-urban.md), or the
              // platform's problem+json where ETSI has no type (sign-in, roles, CSRF).
              expect(response.headers['content-type'], where).toMatch(/^application\/(problem\+)?json/);
              const problem = response.json();
              expect(problem, where).toMatchObject({ status: response.statusCode, type: expect.any(String) });
              expect(problem.vi.title, where).toBeTruthy();
              expect(problem.en.title, where).toBeTruthy();
            } else if (response.statusCode >= 400) {
              expect(response.headers['content-type'], where).toContain('application/problem+json');
              const problem = response.json();
              expect(problem, where).toMatchObject({ status: response.statusCode, code: expect.any(String) });
              expect(problem.vi.title, where).toBeTruthy();
              expect(problem.en.title, where).toBeTruthy();
            }
          },
        ),
        { numRuns: 25 },
      );
    }
  });
});
