import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInOfficial } from '../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { anonymous } from '../../platform/auth/principal.ts';
import { periodContaining } from '../../platform/period.ts';
import type { ResidentSummary } from '../population/index.ts';
import { Browser } from './identity.testing.ts';
import { CITIZENS_UNIFIED_SIGN_IN_SHARE, OFFICIALS_DIGITAL_IDENTITY_SHARE } from './kpi.ts';
import { createSelfFetch } from './self-fetch.ts';

/**
 * G05 and G09 of Plan 239 are measured from the platform's own tables: signing in through the
 * real flows (a citizen through the VNeID simulator, an official with password and TOTP) moves them.
 * The plan's own indicators (KH239.G05, KH239.G09) are bound to the sources by the plan's reference seed.
 */
let t: TestPlatform;
let resident: ResidentSummary;
let period: string;

beforeAll(async () => {
  t = await createTestPlatform({ demo: true, demoPopulation: 300 });
  period = periodContaining('quarter', t.platform.context.clock.today()).id;
  const adults = await t.platform.population.searchResidents({ minLevel: 1, limit: 50 });
  const cutoff = `${Number(t.platform.context.clock.today().slice(0, 4)) - 20}`;
  resident = adults.find((r) => r.dateOfBirth.slice(0, 4) < cutoff)!;
});
afterAll(() => t?.close());

const current = async (code: string) => {
  const [observation] = await t.platform.metrics.observations(anonymous, {
    indicatorCodes: [code],
    periods: [period],
  });
  return observation!;
};

async function citizenSignsIn(personalId: string) {
  const publicUrl = t.platform.context.config.publicUrl;
  const browser = new Browser(createSelfFetch(publicUrl, () => t.server));
  const atPortal = (location: URL) =>
    location.origin === publicUrl && !/^\/(oidc|vneid-sim|auth)\//.test(location.pathname);
  const simulator = await browser.navigate(`${publicUrl}/auth/login?method=vneid&returnTo=/ca-nhan`, {
    stopAt: atPortal,
  });
  const results = await browser.submit(
    simulator,
    { q: personalId },
    { pick: (form) => form.method === 'get' },
  );
  const done = await browser.submit(
    results,
    {},
    { pick: (form) => form.fields.personalId === personalId && form.fields.level === '1', stopAt: atPortal },
  );
  expect(done.url).toBe(`${publicUrl}/ca-nhan`);
}

describe('KPIs the sign-on measures', () => {
  it('start from the platform’s data: no one has signed in yet', async () => {
    const result = await t.platform.metrics.recompute();
    expect(result.failed).toEqual([]);
    const g05 = await current('KH239.G05');
    const g09 = await current('KH239.G09');
    expect(g05).toMatchObject({ agencyId: 'hanoi', status: 'approved', value: 0, numerator: 0, demo: true });
    expect(g05.denominator).toBeGreaterThan(100);
    expect(g05.denominator).toBeLessThan(await t.platform.population.countResidents());
    expect(g09).toMatchObject({
      value: 0,
      numerator: 0,
      denominator: await t.platform.org.countOfficials(),
      demo: true,
    });
  });

  it('rise when a citizen and an official sign in, with the query that measured them', async () => {
    await citizenSignsIn(resident.personalId);
    await signInOfficial(t, 'baocao.soyte');
    const result = await t.platform.metrics.recompute();
    expect(result.failed).toEqual([]);
    expect(result.written).toBe(2); // the current quarter of each; the previous one is unchanged
    const g05 = await current('KH239.G05');
    const g09 = await current('KH239.G09');
    expect(g05.numerator).toBe(1);
    expect(g05.value).toBeCloseTo(100 / g05.denominator!, 10);
    expect(g09.numerator).toBe(1);
    expect(g09.value).toBeCloseTo(100 / g09.denominator!, 10);
    expect(g05.provenance).toMatchObject({ kind: 'computed', source: CITIZENS_UNIFIED_SIGN_IN_SHARE });
    const query = g05.provenance.kind === 'computed' ? g05.provenance.query : '';
    expect(query).toContain('"identity"."sign_ins"');
    expect(query).toContain('"population"."residents"');
    expect(query).toContain('[1 số định danh từ bước 1 / personal ids from step 1]');
    expect(query).not.toContain(resident.personalId);
    expect(g05.comment).toContain('mô phỏng');
    expect(g09.provenance.kind === 'computed' && g09.provenance.query).toContain('"org"."officials"');
  });

  it('stay unchanged when nothing changed, and say when and how they were measured', async () => {
    const before = await current('KH239.G05');
    // Other modules' sources (open data, dossiers) are recomputed too: what matters is nothing written.
    const recomputed = await t.platform.metrics.recompute();
    expect(recomputed).toMatchObject({ written: 0, failed: [] });
    expect(recomputed.unchanged).toBeGreaterThanOrEqual(4); // G05 and G09, each for two periods
    expect((await current('KH239.G05')).updatedAt).toBe(before.updatedAt);
    const sources = (await t.server.inject('/api/metrics/sources')).json() as {
      name: string;
      indicators: string[];
      lastRun: { at: string; periods: string[]; query: string; unchanged: number } | null;
    }[];
    const g09 = sources.find((source) => source.name === OFFICIALS_DIGITAL_IDENTITY_SHARE)!;
    expect(g09.indicators).toEqual(['KH239.G09']);
    expect(g09.lastRun).toMatchObject({
      unchanged: 2,
      query: expect.stringContaining('"identity"."accounts"'),
    });
    expect(g09.lastRun?.periods).toContain(period);
  });
});
