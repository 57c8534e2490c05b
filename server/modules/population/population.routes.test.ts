import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { acrValues, anonymous, type Principal } from '../../platform/auth/principal.ts';
import { createHttpServer } from '../../platform/http/server.ts';
import { createPopulationModule } from './index.ts';

let t: TestPlatform;
/** The module's routes behind a server whose principal the test chooses (sign-in is another module's job). */
let asPrincipal: FastifyInstance;
let someone: { personalId: string; householdId: string };
let housemates: string[];

const principals: Record<string, Principal> = {};
const citizen = (personalId: string): Principal => ({
  kind: 'citizen',
  accountId: `acct-${personalId}`,
  sessionId: 'session-1',
  personalId,
  fullName: 'Công dân thử nghiệm',
  acr: acrValues.vneidLevel2,
});

beforeAll(async () => {
  t = await createTestPlatform();
  await t.platform.population.ensureGenerated(300);
  const [first] = await t.platform.population.searchResidents({ q: '001', limit: 1, offset: 40 });
  const household = await t.platform.population.householdOf(first!.personalId);
  someone = { personalId: first!.personalId, householdId: household!.householdId };
  housemates = household!.members.map((m) => m.personalId).filter((id) => id !== someone.personalId);

  principals.citizen = citizen(someone.personalId);
  principals.stranger = citizen('001099000001');
  principals.official = {
    kind: 'official',
    accountId: 'acct-official',
    officialId: 'official-1',
    sessionId: 'session-2',
    username: 'canbo',
    fullName: 'Cán bộ thử nghiệm',
    acr: acrValues.officialMfa,
    memberships: [{ unitId: 'hanoi', role: 'city_admin' }],
  };
  asPrincipal = await createHttpServer({
    logLevel: 'silent',
    trustProxy: false,
    publicUrl: 'http://localhost:3999',
    version: 'test',
    resolvePrincipal: async (request) => principals[String(request.headers['x-test-principal'])] ?? anonymous,
  });
  await asPrincipal.register(createPopulationModule(t.platform.context, { org: t.platform.org }).routes!);
  await asPrincipal.ready();
});
afterAll(async () => {
  await asPrincipal?.close();
  await t.close();
});

const me = (who?: string, url = '/api/population/me') =>
  asPrincipal.inject({ url, headers: who ? { 'x-test-principal': who } : {} });

describe('GET /api/population/me', () => {
  it('asks anonymous callers to sign in, on the real platform too', async () => {
    for (const response of [await t.server.inject('/api/population/me'), await me()]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe('unauthenticated');
    }
  });

  it('refuses officials: it is a citizen’s own record', async () => {
    const response = await me('official');
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('forbidden');
  });

  it('returns the caller’s own record and household, labelled synthetic', async () => {
    const response = await me('citizen');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(body.synthetic).toBe(true);
    expect(body.notice.vi).toContain('mô phỏng');
    expect(body.notice.en).toContain('Simulated');
    expect(body.resident).toMatchObject({
      personalId: someone.personalId,
      householdId: someone.householdId,
      synthetic: true,
    });
    expect(body.resident).toEqual(await t.platform.population.findByPersonalId(someone.personalId));
    const household = await t.platform.population.householdOf(someone.personalId);
    expect(body.household).toEqual({
      householdId: someone.householdId,
      members: household!.members.map((m) => ({ fullName: m.fullName, relationToHead: m.relationToHead })),
    });
    // Housemates appear by name and relation only, never with their numbers or birth dates.
    const text = JSON.stringify(body.household);
    for (const id of housemates) expect(text).not.toContain(id);
    expect(text).not.toMatch(/dateOfBirth|personalId/);
  });

  it('cannot be pointed at someone else', async () => {
    const other = await me('citizen', `/api/population/me?personalId=${housemates[0] ?? '001000000000'}`);
    expect(other.statusCode).toBe(400);
    expect(other.json().code).toBe('validation_failed');
  });

  it('answers 404 to a citizen the registry does not hold', async () => {
    const response = await me('stranger');
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('not_found');
  });
});

describe('GET /api/population/stats', () => {
  it('is public, aggregate and labelled synthetic', async () => {
    const response = await t.server.inject('/api/population/stats');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const total = await t.platform.population.countResidents();
    expect(body).toMatchObject({ synthetic: true, residents: total });
    expect(body.notice.en).toContain('not real people');
    expect(body.byUnit).toHaveLength(126);
    const sum = (list: { residents: number }[]) => list.reduce((acc, row) => acc + row.residents, 0);
    expect(sum(body.byUnit)).toBe(total);
    expect(sum(body.byAgeBand)).toBe(total);
    expect(sum(body.byVneidLevel)).toBe(total);
    expect(body.byUnit.reduce((acc: number, row: { households: number }) => acc + row.households, 0)).toBe(
      body.households,
    );
    expect(body.byAgeBand.map((row: { band: string }) => row.band)).toEqual([
      '0-5',
      '6-13',
      '14-17',
      '18-34',
      '35-59',
      '60-79',
      '80+',
    ]);
  });

  it('carries no personal field and no identification number', async () => {
    const body = (await t.server.inject('/api/population/stats')).json();
    const keys = new Set<string>();
    const walk = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          keys.add(key);
          walk(inner);
        }
      }
    };
    walk(body);
    for (const personal of [
      'personalId',
      'fullName',
      'dateOfBirth',
      'mobileNumber',
      'email',
      'address',
      'members',
    ]) {
      expect(keys.has(personal), personal).toBe(false);
    }
    expect(JSON.stringify(body)).not.toMatch(/\d{9,}/);
  });

  it('rejects unknown query fields', async () => {
    const response = await t.server.inject('/api/population/stats?wardId=comm-00004');
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('validation_failed');
  });

  it('is documented, and no route lists residents', async () => {
    const spec = (await t.server.inject('/api/openapi.json')).json();
    const paths = Object.keys(spec.paths).filter((path) => path.startsWith('/api/population'));
    expect(paths.sort()).toEqual(['/api/population/me', '/api/population/stats']);
  });
});
