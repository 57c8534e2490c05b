import { foldVietnamese } from '../../../platform/text.ts';
import { ageOn } from './calendar.ts';
import {
  bloodTypeOf,
  composeHousehold,
  type MaritalStatus,
  type MemberDraft,
  relations,
} from './households.ts';
import { type Ethnicity, joinName, type Sex } from './names.ts';
import {
  drawChildIdCard,
  drawIdCard,
  drawUnique,
  type IdCard,
  mayHoldOldId,
  personalIdPrefix,
} from './personal-id.ts';
import { HANOI, type Province, pickOriginProvince, pickVillage, streetsOfWard } from './places.ts';
import { type Random, seededRandom } from './random.ts';

/**
 * The synthetic population registry: a deterministic stream of households. Household n is drawn
 * from its own seed and from the numbers already taken by households 1…n-1, so the first households
 * for 300 residents are exactly the first households for 10,000, and the same count always yields
 * the same people, on every machine. Ages are as of REFERENCE_DATE, never the clock.
 */
export const GENERATOR_SEED = 'hanoi-population/v1';
export const REFERENCE_DATE = '2026-01-01';

export type LocalUnit = { id: string; nameVi: string; kind: 'ward' | 'commune' };
export type VneidLevel = 0 | 1 | 2;

export type GeneratedResident = {
  personalId: string;
  fullName: string;
  fullNameFolded: string;
  otherName: string | null;
  dateOfBirth: string;
  sex: Sex;
  placeOfBirth: string;
  placeOfBirthRegistration: string;
  homeTown: string;
  ethnicity: Ethnicity;
  religion: string;
  nationality: string;
  bloodType: 'A' | 'B' | 'AB' | 'O' | null;
  oldIdNumber: string | null;
  idCardIssueDate: string | null;
  idCardIssuePlace: string | null;
  idCardExpiryDate: string | null;
  fatherName: string | null;
  fatherPersonalId: string | null;
  motherName: string | null;
  motherPersonalId: string | null;
  spouseName: string | null;
  spousePersonalId: string | null;
  permanentResidence: string | null;
  temporaryResidence: string | null;
  currentResidence: string;
  maritalStatus: MaritalStatus;
  relationToHead: string;
  /** Position in the household, the head first. */
  memberIndex: number;
  mobileNumber: string | null;
  email: string | null;
  vneidLevel: VneidLevel;
};

export type GeneratedHousehold = {
  seq: number;
  householdId: string;
  wardId: string;
  wardNameVi: string;
  address: string;
  residence: 'permanent' | 'temporary';
  headPersonalId: string;
  members: GeneratedResident[];
};

export const householdIdOf = (seq: number) => `hh-${String(seq).padStart(7, '0')}`;

/** Numbers already handed out while walking the stream: they must stay unique. */
type Taken = { personalIds: Set<string>; oldIds: Set<string>; mobiles: Set<string> };

const religions: readonly (readonly [string, number])[] = [
  ['Không', 88],
  ['Phật giáo', 8],
  ['Công giáo', 3.5],
  ['Tin lành', 0.4],
  ['Cao Đài', 0.1],
];

const minorityShare = (
  kind: LocalUnit['kind'],
  migrant: boolean,
): readonly (readonly [Ethnicity, number])[] => [
  ['Kinh', migrant ? 90 : kind === 'commune' ? 95.5 : 98.5],
  ['Mường', kind === 'commune' ? 2.5 : 0.6],
  ['Tày', 0.6],
  ['Thái', 0.4],
  ['Dao', 0.3],
  ['Nùng', 0.3],
  ['Hoa', 0.2],
  ['Mông', 0.15],
  ['Sán Dìu', 0.1],
];

/** Mobile prefixes of the three large networks (10-digit numbers since 2018). */
const mobilePrefixes =
  '032 033 034 035 036 037 038 039 086 096 097 098 081 082 083 084 085 088 091 094 070 076 077 078 079 089 090 093'.split(
    ' ',
  );

function householdAddress(random: Random, unit: LocalUnit, streets: readonly string[]): string {
  const place = `${unit.nameVi}, ${HANOI.currentName}`;
  if (unit.kind === 'commune') {
    const village = pickVillage(random);
    return random.chance(0.3)
      ? `Xóm ${random.int(1, 12)}, thôn ${village}, ${place}`
      : `Thôn ${village}, ${place}`;
  }
  const street = random.pick(streets);
  const style = random.weighted([
    ['lane', 55],
    ['street', 25],
    ['apartment', 20],
  ] as const);
  if (style === 'lane') return `Số ${random.int(1, 150)}, ngõ ${random.int(1, 300)} phố ${street}, ${place}`;
  if (style === 'street') return `Số ${random.int(1, 400)} phố ${street}, ${place}`;
  const tower = `${random.pick(['CT', 'A', 'B', 'HH', 'N'])}${random.int(1, 12)}`;
  return `Căn hộ ${random.int(2, 35)}${String(random.int(1, 20)).padStart(2, '0')}, tòa ${tower}, phố ${street}, ${place}`;
}

function vneidLevelOf(random: Random, age: number, card: IdCard | null): VneidLevel {
  if (age < 6) return 0;
  if (age < 14) return card && random.chance(0.5) ? 2 : random.chance(0.25) ? 1 : 0;
  if (!card) return 0;
  const elderly = age >= 75;
  return random.weighted(
    elderly
      ? ([
          [2, 50],
          [1, 15],
          [0, 35],
        ] as const)
      : ([
          [2, 80],
          [1, 12],
          [0, 8],
        ] as const),
  );
}

function emailOf(random: Random, fullName: string, birthYear: number): string {
  const parts = foldVietnamese(fullName).split(' ');
  const given = parts[parts.length - 1]!;
  const initials = parts
    .slice(0, -1)
    .map((part) => part[0])
    .join('');
  const local = random.chance(0.5)
    ? `${given}${initials}${birthYear % 100}`
    : `${parts.join('')}${random.int(1, 999)}`;
  // A reserved domain (RFC 2606): no real mailbox is ever addressed by synthetic data.
  return `${local}@example.com`;
}

function finishHousehold(
  random: Random,
  seq: number,
  unit: LocalUnit,
  streets: readonly string[],
  drafts: MemberDraft[],
  migrant: boolean,
  origin: Province,
  religion: string,
  taken: Taken,
): GeneratedHousehold {
  if (drafts[0]?.relationToHead !== relations.head)
    throw new Error(`Household ${seq} does not open with its head`);
  const address = householdAddress(random, unit, streets);
  const permanentResidence = migrant ? `Thôn ${pickVillage(random)}, ${origin.currentName}` : address;
  const personalIds = drafts.map((draft) =>
    drawUnique(
      random,
      personalIdPrefix(draft.registrationProvince.code, Number(draft.dateOfBirth.slice(0, 4)), draft.sex),
      12,
      taken.personalIds,
    ),
  );
  const fullNames = drafts.map((draft) => joinName(draft.familyName, draft.middleName, draft.givenName));
  const relative = (link: MemberDraft['father']) =>
    link === null
      ? { name: null, personalId: null }
      : typeof link === 'number'
        ? { name: fullNames[link]!, personalId: personalIds[link]! }
        : { name: link.fullName, personalId: null };

  const members = drafts.map((draft, index): GeneratedResident => {
    const age = ageOn(draft.dateOfBirth, REFERENCE_DATE);
    const birthYear = Number(draft.dateOfBirth.slice(0, 4));
    const card =
      age >= 14
        ? random.chance(age >= 80 ? 0.85 : 0.98)
          ? drawIdCard(random, draft.dateOfBirth, REFERENCE_DATE)
          : null
        : age >= 6 && random.chance(0.12)
          ? drawChildIdCard(random, draft.dateOfBirth, REFERENCE_DATE)
          : null;
    const hasMobile = age >= 15 && random.chance(age >= 75 ? 0.6 : 0.93);
    const hasEmail = age >= 16 && random.chance(age >= 60 ? 0.15 : 0.55);
    const father = relative(draft.father);
    const mother = relative(draft.mother);
    const spouse = relative(draft.spouse);
    return {
      personalId: personalIds[index]!,
      fullName: fullNames[index]!,
      fullNameFolded: foldVietnamese(fullNames[index]!),
      otherName: draft.otherName,
      dateOfBirth: draft.dateOfBirth,
      sex: draft.sex,
      placeOfBirth: draft.birthProvince.nameAtBirth,
      placeOfBirthRegistration: draft.registrationProvince.nameAtBirth,
      homeTown: draft.homeTown,
      ethnicity: draft.ethnicity,
      religion,
      nationality: 'Việt Nam',
      bloodType: random.chance(0.7) ? bloodTypeOf(draft.bloodGenotype) : null,
      oldIdNumber:
        mayHoldOldId(draft.dateOfBirth) && random.chance(0.9)
          ? drawUnique(random, draft.registrationProvince.oldIdPrefix, 9, taken.oldIds)
          : null,
      idCardIssueDate: card?.issueDate ?? null,
      idCardIssuePlace: card?.issuePlace ?? null,
      idCardExpiryDate: card?.expiryDate ?? null,
      fatherName: father.name,
      fatherPersonalId: father.personalId,
      motherName: mother.name,
      motherPersonalId: mother.personalId,
      spouseName: spouse.name,
      spousePersonalId: spouse.personalId,
      permanentResidence,
      temporaryResidence: migrant ? address : null,
      currentResidence: address,
      maritalStatus: draft.maritalStatus,
      relationToHead: draft.relationToHead,
      memberIndex: index,
      mobileNumber: hasMobile ? drawUnique(random, random.pick(mobilePrefixes), 10, taken.mobiles) : null,
      email: hasEmail ? emailOf(random, fullNames[index]!, birthYear) : null,
      vneidLevel: vneidLevelOf(random, age, card),
    };
  });
  return {
    seq,
    householdId: householdIdOf(seq),
    wardId: unit.id,
    wardNameVi: unit.nameVi,
    address,
    residence: migrant ? 'temporary' : 'permanent',
    headPersonalId: personalIds[0]!,
    members,
  };
}

/**
 * Households, in order, until they hold at least `count` residents (the last household is kept
 * whole, so the total may pass `count` by a few). `units` are the wards and communes to live in.
 */
export function generatePopulation(count: number, units: readonly LocalUnit[]): GeneratedHousehold[] {
  if (units.length === 0) throw new Error('No wards or communes to place residents in');
  // Sorted, so the result never depends on the order the register returned.
  const sorted = [...units].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Wards are denser than communes: about 1.6 times the residents per unit.
  const unitWeights = sorted.map((unit) => [unit, unit.kind === 'ward' ? 1.6 : 1] as const);
  const hanoiUnitNames = sorted.map((unit) => unit.nameVi);
  const streetsByUnit = new Map(
    sorted.map((unit) => [unit.id, streetsOfWard(seededRandom(`${GENERATOR_SEED}/streets/${unit.id}`))]),
  );
  const taken: Taken = { personalIds: new Set(), oldIds: new Set(), mobiles: new Set() };
  const households: GeneratedHousehold[] = [];
  let residents = 0;
  for (let seq = 1; residents < count; seq++) {
    const random = seededRandom(`${GENERATOR_SEED}/household/${seq}`);
    const unit = random.weighted(unitWeights);
    const migrant = random.chance(0.08);
    const ethnicity = random.weighted(minorityShare(unit.kind, migrant));
    const originCandidate = pickOriginProvince(random, ethnicity);
    const origin = migrant
      ? originCandidate
      : ethnicity === 'Kinh' && random.chance(0.8)
        ? HANOI
        : originCandidate;
    const religion = random.weighted(religions);
    // Families from elsewhere hold temporary residence in Hanoi, permanent residence back home.
    const temporary = migrant && origin.code !== HANOI.code;
    const drafts = composeHousehold({
      random,
      today: REFERENCE_DATE,
      migrant: temporary,
      ethnicity,
      religion,
      origin,
      hanoiUnitNames,
    });
    const household = finishHousehold(
      random,
      seq,
      unit,
      streetsByUnit.get(unit.id)!,
      drafts,
      temporary,
      origin,
      religion,
      taken,
    );
    households.push(household);
    residents += household.members.length;
  }
  return households;
}
