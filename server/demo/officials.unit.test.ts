import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CITY_WIDE_ROLES } from '../modules/org/index.ts';
import { CITY_UNIT_ID, roleNames } from '../platform/auth/principal.ts';
import { DEMO_PASSWORD, demoMemberships, demoOfficials } from './officials.ts';

describe('demo officials', () => {
  it('cover every role', () => {
    const held = new Set(demoOfficials.flatMap((official) => official.roles));
    expect(roleNames.filter((role) => !held.has(role))).toEqual([]);
  });

  it('hold city-wide roles at the city, as org grants them, and the others at their own unit', () => {
    for (const official of demoOfficials) {
      for (const membership of demoMemberships(official)) {
        expect(membership.unitId, `${official.username} ${membership.role}`).toBe(
          CITY_WIDE_ROLES.includes(membership.role) ? CITY_UNIT_ID : official.unitId,
        );
      }
    }
    const planOwner = demoOfficials.find((official) => official.username === 'kehoach.sokhcn')!;
    expect(demoMemberships(planOwner)).toEqual([
      { unitId: 'hanoi', role: 'plan_owner' },
      { unitId: 'so-kh-cn', role: 'agency_reporter' },
    ]);
  });

  it('have distinct user names and TOTP seeds of at least 160 bits', () => {
    expect(new Set(demoOfficials.map((o) => o.username)).size).toBe(demoOfficials.length);
    expect(new Set(demoOfficials.map((o) => o.totpSecret)).size).toBe(demoOfficials.length);
    for (const official of demoOfficials) expect(official.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('are listed in the README, credentials and all, under a demo-only warning', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Demo officials'));
    expect(section).toMatch(/DEMO ONLY/);
    expect(section).toContain(`\`${DEMO_PASSWORD}\``);
    for (const official of demoOfficials) {
      const row = section.split('\n').find((line) => line.startsWith(`| \`${official.username}\``));
      expect(row, official.username).toBeDefined();
      expect(row).toContain(official.totpSecret);
      for (const role of official.roles) expect(row).toContain(`\`${role}\``);
      // A city-wide role held by someone of another unit says where it is held.
      if (official.unitId !== CITY_UNIT_ID && official.roles.some((role) => CITY_WIDE_ROLES.includes(role)))
        expect(row).toContain('(at `hanoi`)');
    }
  });
});
