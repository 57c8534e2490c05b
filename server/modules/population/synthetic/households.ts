import { addDays, addYears, ageOn, yearOf } from './calendar.ts';
import {
  type Ethnicity,
  joinName,
  pickFamilyName,
  pickGivenName,
  pickMiddleName,
  pickOtherName,
  type Sex,
} from './names.ts';
import { HANOI, type Province, pickOriginProvince } from './places.ts';
import type { Random } from './random.ts';

/**
 * Who lives together: the composition of one synthetic household (couples, children, grandparents,
 * single people, siblings sharing a rented room), with ages that keep parents older than their
 * children. Identity numbers, cards and contacts are added afterwards (see generate.ts).
 */
export type MaritalStatus = 'single' | 'married' | 'divorced' | 'widowed';
type Allele = 'A' | 'B' | 'O';

/** A relative outside the household: only a name is known. */
type OutsideRelative = { fullName: string };

export type MemberDraft = {
  sex: Sex;
  dateOfBirth: string;
  familyName: string;
  middleName: string;
  givenName: string;
  otherName: string | null;
  relationToHead: string;
  maritalStatus: MaritalStatus;
  ethnicity: Ethnicity;
  /** Index in the household, or a relative who lives elsewhere, or nobody recorded. */
  father: number | OutsideRelative | null;
  mother: number | OutsideRelative | null;
  spouse: number | null;
  birthProvince: Province;
  /** Usually the birth province; a few births elsewhere were registered in Hanoi. */
  registrationProvince: Province;
  homeTown: string;
  bloodGenotype: [Allele, Allele];
};

export type HouseholdContext = {
  random: Random;
  today: string;
  migrant: boolean;
  ethnicity: Ethnicity;
  religion: string;
  /** The province the head's family comes from. */
  origin: Province;
  /** Names of Hanoi communes and wards, for home towns inside the city. */
  hanoiUnitNames: readonly string[];
};

export const relations = {
  head: 'Chủ hộ',
  wife: 'Vợ',
  husband: 'Chồng',
  child: 'Con',
  father: 'Bố',
  mother: 'Mẹ',
  daughterInLaw: 'Con dâu',
  sonInLaw: 'Con rể',
  grandchild: 'Cháu',
  youngerSibling: 'Em',
} as const;

/** ABO allele frequencies in Vietnam (phenotypes ≈ O 42%, B 31%, A 21%, AB 6%). */
const alleleFrequencies: readonly (readonly [Allele, number])[] = [
  ['O', 0.64],
  ['B', 0.2],
  ['A', 0.16],
];

export function bloodTypeOf([first, second]: [Allele, Allele]): 'A' | 'B' | 'AB' | 'O' {
  const alleles = new Set([first, second]);
  if (alleles.has('A') && alleles.has('B')) return 'AB';
  if (alleles.has('A')) return 'A';
  if (alleles.has('B')) return 'B';
  return 'O';
}

export function composeHousehold(context: HouseholdContext): MemberDraft[] {
  const { random, today, migrant } = context;
  const members: MemberDraft[] = [];

  const dateOfBirthForAge = (age: number) => addDays(addYears(today, -(age + 1)), random.int(1, 365));
  const hanoiHomeTown = () => `${random.pick(context.hanoiUnitNames)}, ${HANOI.currentName}`;
  const homeTownIn = (province: Province) =>
    province.code === HANOI.code ? hanoiHomeTown() : province.nameAtBirth;
  const randomAllele = () => random.weighted(alleleFrequencies);
  const inherit = (parent: number | OutsideRelative | null): Allele => {
    if (typeof parent !== 'number') return randomAllele();
    const genotype = members[parent]!.bloodGenotype;
    return genotype[random.int(0, 1)]!;
  };

  const outsideParents = (familyName: string, childBirthYear: number, ethnicity: Ethnicity) => {
    const fatherYear = childBirthYear - random.int(24, 36);
    const motherYear = fatherYear + random.int(0, 5);
    const motherFamily = pickFamilyName(random, ethnicity);
    return {
      father: {
        fullName: joinName(
          familyName,
          pickMiddleName(random, 'male', fatherYear),
          pickGivenName(random, 'male', fatherYear, new Set()),
        ),
      },
      mother: {
        fullName: joinName(
          motherFamily,
          pickMiddleName(random, 'female', motherYear),
          pickGivenName(random, 'female', motherYear, new Set()),
        ),
      },
    };
  };

  type NewMember = {
    sex: Sex;
    age: number;
    relationToHead: string;
    maritalStatus: MaritalStatus;
    familyName?: string;
    ethnicity?: Ethnicity;
    father?: number | OutsideRelative | null;
    mother?: number | OutsideRelative | null;
    birthProvince?: Province;
    homeTown?: string;
    siblingNames?: Set<string>;
  };

  /** Adds a member; parents not given are people outside the household, named for the record. */
  const add = (input: NewMember): number => {
    const dateOfBirth = dateOfBirthForAge(input.age);
    const birthYear = yearOf(dateOfBirth);
    const ethnicity = input.ethnicity ?? context.ethnicity;
    const familyName = input.familyName ?? pickFamilyName(random, ethnicity);
    let father = input.father;
    let mother = input.mother;
    if (father === undefined || mother === undefined) {
      const outside = outsideParents(familyName, birthYear, ethnicity);
      father = father === undefined ? outside.father : father;
      mother = mother === undefined ? outside.mother : mother;
    }
    const birthProvince = input.birthProvince ?? HANOI;
    const registeredInHanoi = birthProvince.code !== HANOI.code && !migrant && random.chance(0.03);
    const givenName = pickGivenName(random, input.sex, birthYear, input.siblingNames ?? new Set());
    input.siblingNames?.add(givenName);
    members.push({
      sex: input.sex,
      dateOfBirth,
      familyName,
      middleName: pickMiddleName(random, input.sex, birthYear),
      givenName,
      otherName: pickOtherName(random, input.sex, context.religion, birthYear),
      relationToHead: input.relationToHead,
      maritalStatus: input.maritalStatus,
      ethnicity,
      father,
      mother,
      spouse: null,
      birthProvince,
      registrationProvince: registeredInHanoi ? HANOI : birthProvince,
      homeTown: input.homeTown ?? homeTownIn(birthProvince),
      bloodGenotype: [inherit(father), inherit(mother)],
    });
    return members.length - 1;
  };

  const marry = (a: number, b: number) => {
    members[a]!.spouse = b;
    members[b]!.spouse = a;
  };

  const adultBirthProvince = () =>
    migrant ? context.origin : random.chance(0.75) ? HANOI : pickOriginProvince(random, context.ethnicity);
  const childBirthProvince = () => (migrant && random.chance(0.4) ? context.origin : HANOI);
  const spouseEthnicity = () => (random.chance(0.85) ? context.ethnicity : 'Kinh');

  /**
   * A married couple; the husband heads the household unless `wifeHeads` (when the couple opens
   * the household, its head is added first). Returns [husband, wife].
   */
  const addCouple = (husbandAge: number, wifeHeads: boolean) => {
    const wifeAge = Math.max(19, husbandAge - random.int(-1, 5));
    const heading = members.length === 0;
    const addHusband = () =>
      add({
        sex: 'male',
        age: husbandAge,
        relationToHead: wifeHeads ? relations.husband : relations.head,
        maritalStatus: 'married',
        ethnicity: heading && !wifeHeads ? context.ethnicity : spouseEthnicity(),
        birthProvince: heading && !wifeHeads ? context.origin : adultBirthProvince(),
        homeTown: heading && !wifeHeads ? homeTownIn(context.origin) : undefined,
      });
    const addWife = () =>
      add({
        sex: 'female',
        age: wifeAge,
        relationToHead: wifeHeads ? relations.head : relations.wife,
        maritalStatus: 'married',
        ethnicity: heading && wifeHeads ? context.ethnicity : spouseEthnicity(),
        birthProvince: heading && wifeHeads ? context.origin : adultBirthProvince(),
        homeTown: heading && wifeHeads ? homeTownIn(context.origin) : undefined,
      });
    let husband: number;
    let wife: number;
    if (wifeHeads) {
      wife = addWife();
      husband = addHusband();
    } else {
      husband = addHusband();
      wife = addWife();
    }
    marry(husband, wife);
    return [husband, wife] as const;
  };

  /** Children of a couple (or a lone parent), spaced a few years apart, still living at home. */
  const addChildren = (
    father: number | OutsideRelative | null,
    mother: number | OutsideRelative | null,
    parentAge: number,
    relation: string,
    wanted: number,
  ) => {
    const familyOf = (parent: number | OutsideRelative | null) =>
      typeof parent === 'number' ? members[parent]!.familyName : null;
    const familyName =
      familyOf(father) ??
      (father && typeof father !== 'number' ? father.fullName.split(' ')[0]! : null) ??
      familyOf(mother)!;
    const fatherMember = typeof father === 'number' ? members[father]! : null;
    const ethnicity =
      fatherMember?.ethnicity ?? (typeof mother === 'number' ? members[mother]!.ethnicity : 'Kinh');
    const homeTown =
      fatherMember?.homeTown ?? (typeof mother === 'number' ? members[mother]!.homeTown : undefined);
    const siblingNames = new Set<string>();
    let ageAtBirth = random.int(21, 32);
    for (let i = 0; i < wanted; i++) {
      const age = parentAge - ageAtBirth;
      if (age < 0) break;
      if (age <= 27) {
        add({
          sex: random.chance(0.51) ? 'male' : 'female',
          age,
          relationToHead: relation,
          maritalStatus: 'single',
          familyName,
          ethnicity,
          father,
          mother,
          birthProvince: childBirthProvince(),
          homeTown,
          siblingNames,
        });
      }
      ageAtBirth += random.int(2, 6);
    }
  };

  const childCount = () =>
    random.weighted([
      [1, 25],
      [2, 55],
      [3, 20],
    ] as const);

  const kind = random.weighted(
    migrant
      ? ([
          ['single', 35],
          ['couple', 15],
          ['nuclear', 35],
          ['siblings', 15],
        ] as const)
      : ([
          ['single', 12],
          ['couple', 12],
          ['nuclear', 42],
          ['singleParent', 7],
          ['withParents', 15],
          ['withGrandchildren', 10],
          ['siblings', 2],
        ] as const),
  );

  switch (kind) {
    case 'single': {
      const young = migrant || random.chance(0.5);
      const age = young ? random.int(19, 38) : random.int(60, 92);
      const sex: Sex = random.chance(young ? 0.5 : 0.3) ? 'male' : 'female';
      const maritalStatus: MaritalStatus = young
        ? random.chance(0.9)
          ? 'single'
          : 'divorced'
        : random.weighted([
            ['widowed', 75],
            ['divorced', 10],
            ['single', 15],
          ] as const);
      add({
        sex,
        age,
        relationToHead: relations.head,
        maritalStatus,
        birthProvince: context.origin,
        homeTown: homeTownIn(context.origin),
      });
      break;
    }
    case 'couple': {
      const young = migrant || random.chance(0.4);
      addCouple(young ? random.int(23, 34) : random.int(52, 88), random.chance(0.12));
      break;
    }
    case 'nuclear': {
      const [husband, wife] = addCouple(random.int(26, 58), random.chance(0.15));
      addChildren(husband, wife, ageOn(members[wife]!.dateOfBirth, today), relations.child, childCount());
      break;
    }
    case 'singleParent': {
      const parentSex: Sex = random.chance(0.85) ? 'female' : 'male';
      const age = random.int(27, 55);
      const maritalStatus = random.weighted([
        ['divorced', 55],
        ['widowed', 30],
        ['single', 15],
      ] as const);
      const parent = add({
        sex: parentSex,
        age,
        relationToHead: relations.head,
        maritalStatus,
        birthProvince: context.origin,
        homeTown: homeTownIn(context.origin),
      });
      // A single mother's children carry her name and no recorded father.
      const otherParent: OutsideRelative | null =
        maritalStatus === 'single'
          ? null
          : {
              fullName: joinName(
                pickFamilyName(random, context.ethnicity),
                pickMiddleName(random, parentSex === 'female' ? 'male' : 'female', yearOf(today) - age),
                pickGivenName(
                  random,
                  parentSex === 'female' ? 'male' : 'female',
                  yearOf(today) - age,
                  new Set(),
                ),
              ),
            };
      const [father, mother] = parentSex === 'female' ? [otherParent, parent] : [parent, otherParent];
      addChildren(father, mother, age, relations.child, random.int(1, 2));
      break;
    }
    case 'withParents': {
      // The head's own parents (one may be widowed) live with the young family.
      const headAge = random.int(30, 52);
      const grandfatherAge = Math.min(95, headAge + random.int(24, 34));
      const grandmotherAge = Math.max(headAge + 20, grandfatherAge - random.int(0, 5));
      const bothAlive = random.chance(0.6);
      const grandfatherPresent = bothAlive || random.chance(0.3);
      const [husband, wife] = addCouple(headAge, false);
      const grandfather = grandfatherPresent
        ? add({
            sex: 'male',
            age: grandfatherAge,
            relationToHead: relations.father,
            maritalStatus: bothAlive ? 'married' : 'widowed',
            familyName: members[husband]!.familyName,
            birthProvince: context.origin,
            homeTown: members[husband]!.homeTown,
          })
        : null;
      const grandmother =
        bothAlive || !grandfatherPresent
          ? add({
              sex: 'female',
              age: grandmotherAge,
              relationToHead: relations.mother,
              maritalStatus: bothAlive ? 'married' : 'widowed',
              birthProvince: context.origin,
            })
          : null;
      if (grandfather !== null && grandmother !== null) marry(grandfather, grandmother);
      const head = members[husband]!;
      if (grandfather !== null) head.father = grandfather;
      if (grandmother !== null) head.mother = grandmother;
      head.bloodGenotype = [inherit(head.father), inherit(head.mother)];
      addChildren(husband, wife, ageOn(members[wife]!.dateOfBirth, today), relations.child, childCount());
      break;
    }
    case 'withGrandchildren': {
      // An older couple (or a widow) heads the household; a married child's family lives with them.
      const widow = random.chance(0.3);
      const grandmotherAge = random.int(58, 84);
      let grandfather: number | null = null;
      let grandmother: number;
      if (widow) {
        grandmother = add({
          sex: 'female',
          age: grandmotherAge,
          relationToHead: relations.head,
          maritalStatus: 'widowed',
          birthProvince: context.origin,
          homeTown: homeTownIn(context.origin),
        });
      } else {
        [grandfather, grandmother] = addCouple(Math.min(95, grandmotherAge + random.int(0, 5)), false);
      }
      // A widow's late husband is named for the record; he was about her age.
      const grandfatherRecord: number | OutsideRelative =
        grandfather ??
        outsideParents(
          pickFamilyName(random, context.ethnicity),
          yearOf(members[grandmother]!.dateOfBirth) + 30,
          context.ethnicity,
        ).father;
      const childAge = grandmotherAge - random.int(22, 33);
      const son = random.chance(0.8);
      const childFamily =
        typeof grandfatherRecord === 'number'
          ? members[grandfatherRecord]!.familyName
          : grandfatherRecord.fullName.split(' ')[0]!;
      const child = add({
        sex: son ? 'male' : 'female',
        age: childAge,
        relationToHead: relations.child,
        maritalStatus: 'married',
        familyName: childFamily,
        father: grandfatherRecord,
        mother: grandmother,
        birthProvince: HANOI,
        homeTown: typeof grandfatherRecord === 'number' ? members[grandfatherRecord]!.homeTown : undefined,
      });
      const inLaw = add({
        sex: son ? 'female' : 'male',
        age: Math.max(20, childAge + (son ? -random.int(0, 4) : random.int(0, 4))),
        relationToHead: son ? relations.daughterInLaw : relations.sonInLaw,
        maritalStatus: 'married',
        ethnicity: spouseEthnicity(),
        birthProvince: adultBirthProvince(),
      });
      marry(child, inLaw);
      const [father, mother] = son ? [child, inLaw] : [inLaw, child];
      addChildren(
        father,
        mother,
        ageOn(members[mother]!.dateOfBirth, today),
        relations.grandchild,
        random.int(1, 3),
      );
      break;
    }
    case 'siblings': {
      const headAge = random.int(20, 32);
      const familyName = pickFamilyName(random, context.ethnicity);
      const parents = outsideParents(familyName, yearOf(today) - headAge, context.ethnicity);
      const siblingNames = new Set<string>();
      const homeTown = homeTownIn(context.origin);
      const shared = { familyName, father: parents.father, mother: parents.mother, homeTown, siblingNames };
      add({
        ...shared,
        sex: random.chance(0.5) ? 'male' : 'female',
        age: headAge,
        relationToHead: relations.head,
        maritalStatus: 'single',
        birthProvince: context.origin,
      });
      add({
        ...shared,
        sex: random.chance(0.5) ? 'male' : 'female',
        age: random.int(18, headAge - 1),
        relationToHead: relations.youngerSibling,
        maritalStatus: 'single',
        birthProvince: context.origin,
      });
      break;
    }
  }
  return members;
}
