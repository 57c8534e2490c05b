import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * Throws malformed path parameters, query strings, bodies and headers at every route of the
 * OpenAPI document: the answer is never a 500, and every error is problem+json (CKAN-shaped under
 * /api/3/, as CKAN clients expect).
 *
 * Time budget: FUZZ_SECONDS (default 20, about what a fixed 25 cases per route cost on PGlite) is
 * spread over the routes; each route gets MIN_RUNS_PER_ROUTE cases, then as many more as its share of
 * the remaining budget allows at the cost per case measured on that route. A nightly run can give it
 * minutes (FUZZ_SECONDS=600).
 */
const FUZZ_SECONDS = Number(process.env.FUZZ_SECONDS ?? '20');
if (!Number.isFinite(FUZZ_SECONDS) || FUZZ_SECONDS <= 0)
  throw new Error(`FUZZ_SECONDS must be a positive number of seconds, not ${process.env.FUZZ_SECONDS}`);
const MIN_RUNS_PER_ROUTE = 5;
/** Cases per route at most, whatever the budget: past this the same route repeats itself. */
const MAX_RUNS_PER_ROUTE = 2000;
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
  // The budget, the minimum cases of every route on a slow machine, and margin for a failure's shrinking.
  const timeout = 300_000 + FUZZ_SECONDS * 2_000;
  it('never answers 500 and always answers errors with problem+json', { timeout }, async () => {
    expect(operations.length).toBeGreaterThan(5);
    const started = performance.now();
    const deadline = started + FUZZ_SECONDS * 1000;
    let cases = 0;
    let minimumPhaseMs = 0;
    const perRoute: number[] = [];
    for (const [index, operation] of operations.entries()) {
      const routeCases = cases;
      const property = fc.asyncProperty(
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
          cases++;
        },
      );
      const minimumStart = performance.now();
      await fc.assert(property, { numRuns: MIN_RUNS_PER_ROUTE });
      const now = performance.now();
      minimumPhaseMs += now - minimumStart;
      // This route's share of what is left, keeping the minimum of the routes still to come.
      const routesLeft = operations.length - index;
      const reserved = (routesLeft - 1) * (minimumPhaseMs / (index + 1));
      const share = (deadline - now - reserved) / routesLeft;
      const costPerCase = (now - minimumStart) / MIN_RUNS_PER_ROUTE;
      const extra = Math.min(MAX_RUNS_PER_ROUTE - MIN_RUNS_PER_ROUTE, Math.floor(share / costPerCase));
      if (extra > 0) await fc.assert(property, { numRuns: extra });
      perRoute.push(cases - routeCases);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz: ${cases} cases over ${operations.length} routes in ${seconds} s (FUZZ_SECONDS=${FUZZ_SECONDS}; ` +
        `per route ${Math.min(...perRoute)}–${Math.max(...perRoute)}, at least ${MIN_RUNS_PER_ROUTE})`,
    );
    expect(Math.min(...perRoute)).toBeGreaterThanOrEqual(MIN_RUNS_PER_ROUTE);
  });
});
