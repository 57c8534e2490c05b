import { addDays, addYears, ageOn, daysBetween } from './calendar.ts';
import type { Sex } from './names.ts';
import type { Random } from './random.ts';

/**
 * The 12-digit personal identification number (Circular 59/2021/TT-BCA, Art. 7): 3 digits for the
 * province where the birth was registered, 1 digit for century and sex (1900s: 0 male, 1 female;
 * 2000s: 2 male, 3 female; each later century adds 2), 2 digits for the year of birth, then 6
 * random digits.
 */
export function centurySexDigit(birthYear: number, sex: Sex): number {
  const century = Math.floor(birthYear / 100) - 19;
  if (century < 0 || century > 4) throw new Error(`No century digit for year ${birthYear}`);
  return century * 2 + (sex === 'female' ? 1 : 0);
}

export function personalIdPrefix(birthProvinceCode: string, birthYear: number, sex: Sex): string {
  return `${birthProvinceCode}${centurySexDigit(birthYear, sex)}${String(birthYear % 100).padStart(2, '0')}`;
}

/** Draws the 6 random digits until the number is not in `taken`, then records it there. */
export function drawUnique(random: Random, prefix: string, length: number, taken: Set<string>): string {
  for (;;) {
    const candidate = `${prefix}${random.digits(length - prefix.length)}`;
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}

/** Where chip identity cards were issued: the police department until 30 Jun 2024, then the ministry. */
export const ISSUED_BY_DEPARTMENT = 'Cục Cảnh sát quản lý hành chính về trật tự xã hội';
export const ISSUED_BY_MINISTRY = 'Bộ Công an';
const MINISTRY_ISSUES_FROM = '2024-07-01';
/** Chip identity cards were issued en masse from early 2021. */
const CHIP_CARDS_FROM = '2021-01-15';
/** Ages at which a card must be renewed (Law on Identification 2023, Art. 21). */
const RENEWAL_AGES = [14, 25, 40, 60];

/**
 * When a card issued on `issuedOn` expires: at the next renewal age, skipping one that falls
 * within two years of issue; cards issued from age 58 never expire (`null`).
 */
export function cardExpiry(dateOfBirth: string, issuedOn: string): string | null {
  for (const age of RENEWAL_AGES) {
    const milestone = addYears(dateOfBirth, age);
    if (milestone <= issuedOn) continue;
    if (addYears(issuedOn, 2) > milestone) continue;
    return milestone;
  }
  return null;
}

export type IdCard = { issueDate: string; issuePlace: string; expiryDate: string | null };

/**
 * A plausible current chip card on `today` for someone old enough: issued in the 2021 campaign or
 * soon after the 14th birthday, renewed at each milestone that passed.
 */
export function drawIdCard(random: Random, dateOfBirth: string, today: string): IdCard {
  const fourteenth = addYears(dateOfBirth, 14);
  let issueDate =
    fourteenth < CHIP_CARDS_FROM
      ? random.chance(0.75)
        ? addDays(CHIP_CARDS_FROM, random.int(0, 350))
        : addDays('2022-01-01', random.int(0, daysBetween('2022-01-01', today) - 1))
      : addDays(fourteenth, random.int(0, Math.max(0, Math.min(240, daysBetween(fourteenth, today) - 1))));
  let expiryDate = cardExpiry(dateOfBirth, issueDate);
  // A card that expired before `today` was renewed soon after its milestone.
  while (expiryDate !== null && expiryDate <= today) {
    issueDate = addDays(expiryDate, -random.int(0, 60));
    if (issueDate >= today) issueDate = addDays(today, -1);
    expiryDate = cardExpiry(dateOfBirth, issueDate);
  }
  return {
    issueDate,
    issuePlace: issueDate < MINISTRY_ISSUES_FROM ? ISSUED_BY_DEPARTMENT : ISSUED_BY_MINISTRY,
    expiryDate,
  };
}

/** Children under 14 get a card only on request, since the 2023 law took effect (1 Jul 2024). */
export function drawChildIdCard(random: Random, dateOfBirth: string, today: string): IdCard {
  const earliest =
    addYears(dateOfBirth, 6) > MINISTRY_ISSUES_FROM ? addYears(dateOfBirth, 6) : MINISTRY_ISSUES_FROM;
  const issueDate = addDays(earliest, random.int(0, Math.max(0, daysBetween(earliest, today) - 1)));
  return { issueDate, issuePlace: ISSUED_BY_MINISTRY, expiryDate: cardExpiry(dateOfBirth, issueDate) };
}

/** Old 9-digit identity cards were issued from age 14 until chip cards replaced them (2016 in Hanoi). */
export const mayHoldOldId = (dateOfBirth: string) => ageOn(dateOfBirth, '2016-01-01') >= 14;
