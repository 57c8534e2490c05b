import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOfficials } from '../../server/demo/officials.ts';
import type { RouteAccess } from '../../server/platform/http/access.ts';
import { signInCitizen } from '../support/citizens.ts';
import { signInOfficial } from '../support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * The authorisation matrix, generated from every route's declared access (route metadata) × every
 * kind of caller: anonymous, a citizen, and a demo official for each role. Every combination the
 * metadata denies is called for real and must answer 401 (anonymous) or 403 and change nothing in
 * any table. The matrix itself is kept in docs/authorisation-matrix.md, so a change of access shows
 * up in review: `UPDATE_AUTHZ_MATRIX=1 npx vitest run --project pglite test/integration/authorisation-matrix.test.ts`.
 */
type Caller = {
  name: string;
  kind: 'anonymous' | 'citizen' | 'official';
  roles: string[];
  headers: Record<string, string>;
};

const matrixFile = path.resolve(import.meta.dirname, '../../docs/authorisation-matrix.md');
// Any value: the double-submit check only compares the cookie with the header.
const anonymousCsrf = { cookie: 'sc_csrf=matrix', 'x-csrf-token': 'matrix' };
const officialsByRole = [
  'admin.hanoi',
  'kiemtoan.hanoi',
  'ioc.hanoi',
  'thamdinh.hanoi',
  'kehoach.sokhcn',
  'quantri.soyte',
  'baocao.soyte',
  'duyet.soyte',
  'hoso.soyte',
  'dulieu.soyte',
];

let t: TestPlatform;
let routes: RouteAccess[];
const callers: Caller[] = [];

/** What the route's metadata allows, worked out here independently of the server's own check. */
function allows(access: RouteAccess['access'], caller: Caller): boolean {
  if (access === 'public') return true;
  if (access === 'signed-in') return caller.kind !== 'anonymous';
  if (access === 'official') return caller.kind === 'official';
  if (access === 'citizen') return caller.kind === 'citizen';
  return caller.kind === 'official' && access.roles.some((role) => caller.roles.includes(role));
}

const describeAccess = (access: RouteAccess['access']) =>
  typeof access === 'string' ? access : `roles: ${access.roles.join(', ')}`;

/** A concrete URL for a route pattern: parameters get a well-formed id (validation comes after access). */
const concrete = (url: string) =>
  url.replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, '00000000-0000-4000-8000-000000000000').replace(/\*$/, 'x');

async function tableCounts(): Promise<Record<string, number>> {
  const db = t.platform.context.database.db;
  const tables = await sql<{ name: string }>`
    select table_schema || '.' || table_name as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
    order by 1`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const [schema, table] = name.split('.') as [string, string];
    const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.id(schema, table)}`.execute(
      db,
    );
    counts[name] = result.rows[0]?.n ?? 0;
  }
  return counts;
}

function matrixMarkdown(): string {
  const header = ['Route', 'Access', ...callers.map((c) => c.name)];
  const lines = [
    '# Ma trận phân quyền / Authorisation matrix',
    '',
    'Sinh tự động từ khai báo quyền của từng route (`config.access`); kiểm thử',
    '`test/integration/authorisation-matrix.test.ts` gọi thật mọi ô "—" và đòi 401/403, không thay đổi',
    'dữ liệu. Generated from every route’s declared access; the test calls every "—" cell for real and',
    'requires 401/403 with no change to any table. ✓ = allowed by the route (the service may still',
    'check agency scope), — = denied. Regenerate with `UPDATE_AUTHZ_MATRIX=1` (see the test).',
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...routes.map(
      (r) =>
        `| \`${r.method} ${r.url}\` | ${describeAccess(r.access)} | ${callers
          .map((c) => (allows(r.access, c) ? '✓' : '—'))
          .join(' | ')} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

beforeAll(async () => {
  t = await createTestPlatform({ demo: true, demoPopulation: 50 });
  routes = t.server.routeAccess
    .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS')
    .sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
  callers.push({ name: 'anonymous', kind: 'anonymous', roles: [], headers: anonymousCsrf });
  const citizen = await signInCitizen(t, { minLevel: 2 });
  callers.push({ name: 'citizen', kind: 'citizen', roles: [], headers: citizen.headers });
  for (const username of officialsByRole) {
    const demo = demoOfficials.find((o) => o.username === username);
    if (!demo) throw new Error(`no demo official ${username}`);
    const session = await signInOfficial(t, username);
    callers.push({ name: username, kind: 'official', roles: [...demo.roles], headers: session.headers });
  }
}, 240_000);
afterAll(() => t.close());

describe('authorisation matrix (every route × every kind of caller)', () => {
  it('covers a route of every access kind and a demo official for every role', () => {
    expect(routes.length).toBeGreaterThan(100);
    const kinds = new Set(routes.map((r) => (typeof r.access === 'string' ? r.access : 'roles')));
    expect([...kinds].sort()).toEqual(['citizen', 'official', 'public', 'roles', 'signed-in']);
    const rolesHeld = new Set(callers.flatMap((c) => c.roles));
    const rolesNeeded = new Set(routes.flatMap((r) => (typeof r.access === 'object' ? r.access.roles : [])));
    for (const role of rolesNeeded) expect(rolesHeld, role).toContain(role);
  });

  it('refuses every denied combination with 401/403 and changes nothing', async () => {
    const before = await tableCounts();
    const failures: string[] = [];
    let denied = 0;
    for (const route of routes)
      for (const caller of callers) {
        if (allows(route.access, caller)) continue;
        denied += 1;
        const response = await t.server.inject({
          method: route.method as 'GET',
          url: concrete(route.url),
          headers: { ...caller.headers, 'content-type': 'application/json' },
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: '{}' }),
        });
        const expected = caller.kind === 'anonymous' ? 401 : 403;
        if (response.statusCode !== expected)
          failures.push(`${route.method} ${route.url} as ${caller.name}: ${response.statusCode}`);
        else if (!response.headers['content-type']?.toString().includes('problem+json'))
          failures.push(`${route.method} ${route.url} as ${caller.name}: not problem+json`);
      }
    expect(failures).toEqual([]);
    expect(denied).toBeGreaterThan(1000);
    expect(await tableCounts()).toEqual(before);
  }, 240_000);

  it('matches the reviewed matrix in docs/authorisation-matrix.md', async () => {
    const generated = matrixMarkdown();
    if (process.env.UPDATE_AUTHZ_MATRIX) await writeFile(matrixFile, generated);
    const committed = await readFile(matrixFile, 'utf8').catch(() => '');
    expect(committed, 'access changed: regenerate and review docs/authorisation-matrix.md').toBe(generated);
  });
});
