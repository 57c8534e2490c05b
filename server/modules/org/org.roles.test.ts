import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { type Actor, acrValues, type Membership, systemActor } from '../../platform/auth/principal.ts';

let t: TestPlatform;
const ids: Record<string, string> = {};

const as = (memberships: Membership[]): Actor => ({
  principal: {
    kind: 'official',
    accountId: 'acct-admin',
    officialId: 'official-admin',
    sessionId: 'session-admin',
    username: 'admin',
    fullName: 'Admin',
    acr: acrValues.officialMfa,
    memberships,
  },
  requestId: null,
  ip: null,
});
const cityAdmin = as([{ unitId: 'hanoi', role: 'city_admin' }]);

beforeAll(async () => {
  t = await createTestPlatform();
  const org = t.platform.org;
  const add = async (key: string, email: string | null, memberships: Membership[]) => {
    ids[key] = (
      await org.createOfficial(systemActor('test:officials'), { fullName: key, email, memberships })
    ).id;
  };
  await add('Bảo (city reporter)', null, [{ unitId: 'hanoi', role: 'agency_reporter' }]);
  await add('An (reporter)', 'an@example.org', [
    { unitId: 'so-y-te', role: 'agency_reporter' },
    { unitId: 'so-y-te', role: 'agency_reviewer' },
  ]);
  await add('Cúc (reviewer)', null, [{ unitId: 'so-y-te', role: 'agency_reviewer' }]);
  await add('Dũng (plan owner)', 'dung@example.org', [
    { unitId: 'hanoi', role: 'plan_owner' },
    { unitId: 'so-kh-cn', role: 'agency_reporter' },
  ]);
});
afterAll(() => t.close());

describe('officialsWithRole (for the system)', () => {
  it('lists who holds the role at the unit itself, each once, with name and e-mail', async () => {
    expect(await t.platform.org.officialsWithRole('so-y-te', 'agency_reporter')).toEqual([
      { id: ids['An (reporter)'], fullName: 'An (reporter)', email: 'an@example.org' },
    ]);
    const reviewers = await t.platform.org.officialsWithRole('so-y-te', 'agency_reviewer');
    expect(reviewers.map((o) => o.fullName)).toEqual(['An (reporter)', 'Cúc (reviewer)']);
  });

  it('adds the holders at the city only when asked', async () => {
    const withCity = await t.platform.org.officialsWithRole('so-y-te', 'agency_reporter', {
      includeCity: true,
    });
    expect(withCity.map((o) => o.fullName)).toEqual(['An (reporter)', 'Bảo (city reporter)']);
    expect(await t.platform.org.officialsWithRole('so-kh-cn', 'plan_owner')).toEqual([]);
    expect(await t.platform.org.officialsWithRole('so-kh-cn', 'plan_owner', { includeCity: true })).toEqual([
      { id: ids['Dũng (plan owner)'], fullName: 'Dũng (plan owner)', email: 'dung@example.org' },
    ]);
    expect(await t.platform.org.officialsWithRole('khong-co', 'agency_reporter')).toEqual([]);
  });
});

describe('city-wide roles', () => {
  it('are granted at the City People’s Committee only, by the city administrator', async () => {
    const official = ids['Cúc (reviewer)']!;
    const elsewhere = await t.platform.org
      .grantRole(cityAdmin, 'so-kh-cn', official, 'plan_owner')
      .catch((error: { code: string }) => error.code);
    expect(elsewhere).toBe('unprocessable');
    const byAgencyAdmin = await t.platform.org
      .grantRole(as([{ unitId: 'so-kh-cn', role: 'agency_admin' }]), 'so-kh-cn', official, 'plan_owner')
      .catch((error: { code: string }) => error.code);
    expect(byAgencyAdmin).toBe('forbidden');
    await t.platform.org.grantRole(cityAdmin, 'hanoi', official, 'plan_owner');
    const owners = await t.platform.org.officialsWithRole('hanoi', 'plan_owner');
    expect(owners.map((o) => o.fullName)).toEqual(['Cúc (reviewer)', 'Dũng (plan owner)']);
  });
});
