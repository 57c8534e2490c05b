import { describe, expect, it } from 'vitest';
import { agenciesSearch } from '../agencies/search.ts';
import { auditSearch } from '../console/audit-search.ts';
import { withQuery } from './api.ts';
import { dayBefore, formatDate, hanoiToday } from './format.ts';
import { holdsRole, safeReturnTo, signInUrl } from './session.ts';
import type { OfficialPrincipal } from './types.ts';

describe('sign-in addresses', () => {
  it('builds /auth/login with the method, the optional acr and a local returnTo', () => {
    expect(signInUrl('vneid', '/co-quan?at=2024-01-01')).toBe(
      '/auth/login?method=vneid&returnTo=%2Fco-quan%3Fat%3D2024-01-01',
    );
    expect(signInUrl('vneid', '/tai-khoan', 'urn:hanoi:acr:vneid:2')).toBe(
      '/auth/login?method=vneid&acr=urn%3Ahanoi%3Aacr%3Avneid%3A2&returnTo=%2Ftai-khoan',
    );
    expect(signInUrl('official', '/console')).toBe('/auth/login?method=official&returnTo=%2Fconsole');
  });

  it('never returns to another origin', () => {
    for (const hostile of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      42,
    ]) {
      expect(safeReturnTo(hostile)).toBe('/');
    }
    expect(safeReturnTo('/console/nhat-ky?action=org')).toBe('/console/nhat-ky?action=org');
  });
});

describe('roles, as the server reads them', () => {
  const official = (memberships: [string, string][]): OfficialPrincipal => ({
    kind: 'official',
    accountId: 'a',
    username: 'u',
    fullName: 'Người thử',
    acr: 'urn:hanoi:acr:official:mfa',
    acrLabel: { vi: '', en: '' },
    memberships: memberships.map(([unitId, role]) => ({
      unitId,
      role: role as 'agency_admin',
      unitNameVi: unitId,
      unitNameEn: unitId,
      roleVi: role,
      roleEn: role,
    })),
  });

  it('lets a role held at the city reach every unit, and an agency role only its agency', () => {
    expect(holdsRole(official([['hanoi', 'city_admin']]), ['city_admin'], 'so-y-te')).toBe(true);
    expect(holdsRole(official([['so-y-te', 'agency_admin']]), ['agency_admin'], 'so-y-te')).toBe(true);
    expect(holdsRole(official([['so-y-te', 'agency_admin']]), ['agency_admin'], 'so-xay-dung')).toBe(false);
    expect(holdsRole(official([['so-y-te', 'agency_admin']]), ['auditor'])).toBe(false);
    expect(holdsRole(null, ['auditor'])).toBe(false);
  });
});

describe('addresses and search parameters', () => {
  it('leaves empty filters out of the query', () => {
    expect(withQuery('/api/audit', { action: 'org.', actorId: '', before: 40, to: undefined })).toBe(
      '/api/audit?action=org.&before=40',
    );
    expect(withQuery('/api/org/tree')).toBe('/api/org/tree');
  });

  it('keeps only valid filters from the address', () => {
    expect(agenciesSearch({ at: '2024-01-01', kind: 'ward', q: ' hoan kiem ' })).toEqual({
      at: '2024-01-01',
      kind: 'ward',
      q: ' hoan kiem ',
    });
    expect(agenciesSearch({ at: 'yesterday', kind: 'planet', q: '' })).toEqual({
      at: undefined,
      kind: undefined,
      q: undefined,
    });
    expect(auditSearch({ before: '17', from: '2026-01-01', action: 'org.membership' })).toMatchObject({
      before: 17,
      from: '2026-01-01',
      action: 'org.membership',
    });
    expect(auditSearch({ before: '-3' }).before).toBeUndefined();
    expect(auditSearch({ before: 'abc' }).before).toBeUndefined();
  });
});

describe('dates', () => {
  it('reads calendar dates the Vietnamese and the English way', () => {
    expect(formatDate('2025-07-01', 'vi')).toBe('01/07/2025');
    expect(formatDate('2025-07-01', 'en')).toBe('1 Jul 2025');
  });

  it('turns an exclusive end into the last valid day', () => {
    expect(dayBefore('2025-07-01')).toBe('2025-06-30');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
  });

  it('takes today in Hanoi, seven hours ahead of UTC', () => {
    expect(hanoiToday(new Date('2026-11-26T17:30:00Z'))).toBe('2026-11-27');
    expect(hanoiToday(new Date('2026-11-26T16:59:00Z'))).toBe('2026-11-26');
  });
});
