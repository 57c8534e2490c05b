import { describe, expect, it } from 'vitest';
import { ageOn } from './calendar.ts';
import { generatePopulation, type LocalUnit, REFERENCE_DATE } from './generate.ts';
import { cardExpiry, centurySexDigit } from './personal-id.ts';

const units: LocalUnit[] = Array.from({ length: 126 }, (_, i) => ({
  id: `comm-${String(i * 7 + 3).padStart(5, '0')}`,
  nameVi: i < 51 ? `Phường Thử ${i}` : `Xã Thử ${i}`,
  kind: i < 51 ? 'ward' : 'commune',
}));

const ids = (count: number, list = units) =>
  generatePopulation(count, list).flatMap((household) => household.members.map((m) => m.personalId));

describe('synthetic population stream', () => {
  it('yields the same people for the same count, whatever order the units come in', () => {
    const first = generatePopulation(500, units);
    expect(generatePopulation(500, [...units].reverse())).toEqual(first);
    expect(first.flatMap((h) => h.members).length).toBeGreaterThanOrEqual(500);
  });

  it('is prefix-stable: the households for 300 residents open the households for 2,000', () => {
    const small = generatePopulation(300, units);
    const large = generatePopulation(2000, units);
    expect(large.slice(0, small.length)).toEqual(small);
  });

  it('gives 10,000 residents unique numbers, several ethnic groups and some temporary residents', () => {
    const households = generatePopulation(10_000, units);
    const residents = households.flatMap((h) => h.members);
    expect(residents.length).toBeGreaterThanOrEqual(10_000);
    expect(residents.length).toBeLessThan(10_010);
    expect(new Set(residents.map((r) => r.personalId)).size).toBe(residents.length);
    const oldIds = residents.flatMap((r) => (r.oldIdNumber ? [r.oldIdNumber] : []));
    expect(new Set(oldIds).size).toBe(oldIds.length);
    const mobiles = residents.flatMap((r) => (r.mobileNumber ? [r.mobileNumber] : []));
    expect(new Set(mobiles).size).toBe(mobiles.length);
    for (const mobile of mobiles) expect(mobile).toMatch(/^0[35789][0-9]{8}$/);
    const ethnicities = new Set(residents.map((r) => r.ethnicity));
    for (const group of ['Kinh', 'Mường', 'Tày', 'Thái', 'Dao']) expect(ethnicities).toContain(group);
    const kinhShare = residents.filter((r) => r.ethnicity === 'Kinh').length / residents.length;
    expect(kinhShare).toBeGreaterThan(0.93);
    const nguyenShare = residents.filter((r) => r.fullName.startsWith('Nguyễn ')).length / residents.length;
    expect(nguyenShare).toBeGreaterThan(0.3);
    expect(nguyenShare).toBeLessThan(0.45);
    expect(residents.filter((r) => r.religion === 'Không').length / residents.length).toBeGreaterThan(0.8);
    const temporary = households.filter((h) => h.residence === 'temporary');
    expect(temporary.length).toBeGreaterThan(0);
    for (const household of temporary) {
      for (const member of household.members) {
        expect(member.temporaryResidence).toBe(household.address);
        expect(member.permanentResidence).not.toBe(household.address);
      }
    }
    for (const email of residents.flatMap((r) => (r.email ? [r.email] : []))) {
      expect(email).toMatch(/^[a-z0-9]+@example\.com$/);
    }
  });

  it('gives VNeID levels by age: none under 6, mostly level 2 from 14', () => {
    const residents = generatePopulation(5000, units).flatMap((h) => h.members);
    const aged = residents.map((r) => ({ ...r, age: ageOn(r.dateOfBirth, REFERENCE_DATE) }));
    expect(aged.filter((r) => r.age < 6).every((r) => r.vneidLevel === 0)).toBe(true);
    const children = aged.filter((r) => r.age >= 6 && r.age < 14);
    expect(children.some((r) => r.vneidLevel >= 1)).toBe(true);
    expect(children.some((r) => r.vneidLevel === 0)).toBe(true);
    const adults = aged.filter((r) => r.age >= 14);
    const share = (level: number) => adults.filter((r) => r.vneidLevel === level).length / adults.length;
    expect(share(2)).toBeGreaterThan(0.6);
    expect(share(1)).toBeGreaterThan(0.03);
    expect(share(0)).toBeGreaterThan(0.01);
    expect(share(0)).toBeLessThan(share(1) + share(2));
    // Level 2 is verified against a chip card.
    expect(aged.filter((r) => r.vneidLevel === 2).every((r) => r.idCardIssueDate !== null)).toBe(true);
  });

  it('keeps every identity card current on the reference date', () => {
    const residents = generatePopulation(3000, units).flatMap((h) => h.members);
    for (const r of residents.filter((x) => x.idCardIssueDate)) {
      expect(r.idCardIssueDate! <= REFERENCE_DATE, r.personalId).toBe(true);
      expect(r.idCardIssueDate! > r.dateOfBirth).toBe(true);
      if (r.idCardExpiryDate) expect(r.idCardExpiryDate > REFERENCE_DATE, r.personalId).toBe(true);
      expect(r.idCardExpiryDate).toBe(cardExpiry(r.dateOfBirth, r.idCardIssueDate!));
    }
  });

  it('refuses to place people nowhere', () => {
    expect(() => generatePopulation(10, [])).toThrow();
    expect(ids(0)).toEqual([]);
  });
});

describe('identity-number and card rules', () => {
  it('encodes century and sex as Circular 59/2021 says', () => {
    expect(centurySexDigit(1950, 'male')).toBe(0);
    expect(centurySexDigit(1999, 'female')).toBe(1);
    expect(centurySexDigit(2000, 'male')).toBe(2);
    expect(centurySexDigit(2025, 'female')).toBe(3);
    expect(centurySexDigit(2100, 'male')).toBe(4);
    expect(() => centurySexDigit(1899, 'male')).toThrow();
  });

  it('expires cards at 25, 40 and 60, skipping a milestone less than two years away', () => {
    expect(cardExpiry('2000-05-10', '2021-03-01')).toBe('2025-05-10');
    expect(cardExpiry('1998-05-10', '2021-03-01')).toBe('2023-05-10');
    expect(cardExpiry('1996-09-10', '2021-03-01')).toBe('2036-09-10');
    expect(cardExpiry('1985-05-10', '2021-03-01')).toBe('2025-05-10');
    expect(cardExpiry('1983-01-10', '2021-03-01')).toBe('2043-01-10');
    expect(cardExpiry('1962-05-10', '2021-03-01')).toBeNull();
    expect(cardExpiry('2016-05-10', '2024-08-01')).toBe('2030-05-10');
    expect(cardExpiry('2011-05-10', '2024-08-01')).toBe('2036-05-10');
  });
});
