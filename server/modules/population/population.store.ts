import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import type { GeneratedHousehold, GeneratedResident } from './synthetic/generate.ts';

type HouseholdTable = {
  id: string;
  seq: number;
  ward_id: string;
  ward_name_vi: string;
  address: string;
  residence: 'permanent' | 'temporary';
  head_personal_id: string;
  synthetic: boolean;
};

type ResidentTable = {
  personal_id: string;
  household_id: string;
  member_index: number;
  full_name: string;
  full_name_folded: string;
  other_name: string | null;
  date_of_birth: string;
  sex: 'male' | 'female';
  place_of_birth: string;
  place_of_birth_registration: string;
  home_town: string;
  ethnicity: string;
  religion: string;
  nationality: string;
  blood_type: 'A' | 'B' | 'AB' | 'O' | null;
  old_id_number: string | null;
  id_card_issue_date: string | null;
  id_card_issue_place: string | null;
  id_card_expiry_date: string | null;
  father_name: string | null;
  father_personal_id: string | null;
  mother_name: string | null;
  mother_personal_id: string | null;
  spouse_name: string | null;
  spouse_personal_id: string | null;
  permanent_residence: string | null;
  temporary_residence: string | null;
  current_residence: string;
  marital_status: 'single' | 'married' | 'divorced' | 'widowed';
  relation_to_head: string;
  ward_id: string;
  mobile_number: string | null;
  email: string | null;
  vneid_level: number;
  synthetic: boolean;
};

export type PopulationTables = {
  'population.households': HouseholdTable;
  'population.residents': ResidentTable;
};

type PopulationDb = Kysely<PopulationTables>;
type PopulationTrx = Transaction<PopulationTables>;
export type ResidentRow = Selectable<ResidentTable> & {
  ward_name_vi: string;
  head_personal_id: string;
  head_name: string;
};
export type ResidentSummaryRow = Pick<
  ResidentTable,
  'personal_id' | 'full_name' | 'date_of_birth' | 'sex' | 'ward_id' | 'vneid_level'
> & { ward_name_vi: string };

/** Keeps each INSERT well under PostgreSQL's 65,535 bind parameters (35 columns × 1,000 rows). */
const ROWS_PER_INSERT = 1000;
/** Advisory-lock key held while generating, so two instances never fill the registry twice. */
const GENERATION_LOCK_KEY = 239_0043;

const chunks = <T>(rows: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

const toRow = (householdId: string, wardId: string, r: GeneratedResident): ResidentTable => ({
  personal_id: r.personalId,
  household_id: householdId,
  member_index: r.memberIndex,
  full_name: r.fullName,
  full_name_folded: r.fullNameFolded,
  other_name: r.otherName,
  date_of_birth: r.dateOfBirth,
  sex: r.sex,
  place_of_birth: r.placeOfBirth,
  place_of_birth_registration: r.placeOfBirthRegistration,
  home_town: r.homeTown,
  ethnicity: r.ethnicity,
  religion: r.religion,
  nationality: r.nationality,
  blood_type: r.bloodType,
  old_id_number: r.oldIdNumber,
  id_card_issue_date: r.idCardIssueDate,
  id_card_issue_place: r.idCardIssuePlace,
  id_card_expiry_date: r.idCardExpiryDate,
  father_name: r.fatherName,
  father_personal_id: r.fatherPersonalId,
  mother_name: r.motherName,
  mother_personal_id: r.motherPersonalId,
  spouse_name: r.spouseName,
  spouse_personal_id: r.spousePersonalId,
  permanent_residence: r.permanentResidence,
  temporary_residence: r.temporaryResidence,
  current_residence: r.currentResidence,
  marital_status: r.maritalStatus,
  relation_to_head: r.relationToHead,
  ward_id: wardId,
  mobile_number: r.mobileNumber,
  email: r.email,
  vneid_level: r.vneidLevel,
  synthetic: true,
});

/** `%` and `_` in a search term are literal characters, not LIKE wildcards. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Every statement the population module runs. */
export function createPopulationStore(database: Database) {
  const db = database.db as PopulationDb;

  const residentsWithHousehold = (executor: PopulationDb | PopulationTrx = db) =>
    executor
      .selectFrom('population.residents as r')
      .innerJoin('population.households as h', 'h.id', 'r.household_id')
      .innerJoin('population.residents as head', 'head.personal_id', 'h.head_personal_id');

  return {
    db,

    /** Serialises generation across instances; released at commit. */
    lockGeneration: (trx: PopulationTrx) =>
      sql`select pg_advisory_xact_lock(${GENERATION_LOCK_KEY})`.execute(trx),

    async countResidents(executor: PopulationDb | PopulationTrx = db): Promise<number> {
      const row = await executor
        .selectFrom('population.residents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /**
     * Residents at least `minAge` years old on `at` (only those of `among`, when given): how many,
     * how many of them synthetic, and the SQL that counted them (for KPI provenance).
     */
    async countResidentsAged(minAge: number, at: string, among?: string[]) {
      let query = db
        .selectFrom('population.residents')
        .select((eb) => [
          eb.fn.countAll<number>().as('residents'),
          sql<number>`count(*) filter (where synthetic)`.as('synthetic'),
        ])
        .where(
          'date_of_birth',
          '<=',
          sql<string>`(${at}::date - make_interval(years => ${minAge}::int))::date`,
        );
      if (among) query = query.where(sql<boolean>`personal_id = any(${among}::text[])`);
      const compiled = query.compile();
      const row = await query.executeTakeFirstOrThrow();
      return {
        residents: Number(row.residents),
        synthetic: Number(row.synthetic),
        sql: compiled.sql,
        parameters: compiled.parameters,
      };
    },

    /** Personal ids of the households numbered 1…`throughSeq`, for checking the stored prefix. */
    async personalIdsThrough(trx: PopulationTrx, throughSeq: number): Promise<string[]> {
      const rows = await trx
        .selectFrom('population.residents as r')
        .innerJoin('population.households as h', 'h.id', 'r.household_id')
        .select('r.personal_id')
        .where('h.seq', '<=', throughSeq)
        .execute();
      return rows.map((row) => row.personal_id);
    },

    async lastHouseholdSeq(trx: PopulationTrx): Promise<number> {
      const row = await trx
        .selectFrom('population.households')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst();
      return Number(row?.seq ?? 0);
    },

    /** Multi-row inserts: households first, then residents (heads included) in large batches. */
    async insertHouseholds(trx: PopulationTrx, households: GeneratedHousehold[]) {
      for (const batch of chunks(households, ROWS_PER_INSERT)) {
        await trx
          .insertInto('population.households')
          .values(
            batch.map((h) => ({
              id: h.householdId,
              seq: h.seq,
              ward_id: h.wardId,
              ward_name_vi: h.wardNameVi,
              address: h.address,
              residence: h.residence,
              head_personal_id: h.headPersonalId,
              synthetic: true,
            })),
          )
          .execute();
      }
      const residents = households.flatMap((h) => h.members.map((r) => toRow(h.householdId, h.wardId, r)));
      for (const batch of chunks(residents, ROWS_PER_INSERT)) {
        await trx.insertInto('population.residents').values(batch).execute();
      }
    },

    resident(personalId: string): Promise<ResidentRow | undefined> {
      return residentsWithHousehold()
        .selectAll('r')
        .select(['h.ward_name_vi', 'h.head_personal_id', 'head.full_name as head_name'])
        .where('r.personal_id', '=', personalId)
        .executeTakeFirst();
    },

    childrenOf(personalId: string) {
      return db
        .selectFrom('population.residents')
        .select(['full_name', 'personal_id'])
        .where((eb) =>
          eb.or([eb('father_personal_id', '=', personalId), eb('mother_personal_id', '=', personalId)]),
        )
        .orderBy('date_of_birth')
        .execute();
    },

    householdMembers(householdId: string) {
      return db
        .selectFrom('population.residents')
        .select(['personal_id', 'full_name', 'relation_to_head', 'date_of_birth'])
        .where('household_id', '=', householdId)
        .orderBy('member_index')
        .execute();
    },

    /** Name (folded, from any word's start) or personal-id prefix; ward and VNeID level filters. */
    searchResidents(query: {
      foldedName?: string;
      idPrefix?: string;
      wardId?: string;
      minLevel?: number;
      limit: number;
      offset: number;
    }): Promise<ResidentSummaryRow[]> {
      let select = db
        .selectFrom('population.residents as r')
        .innerJoin('population.households as h', 'h.id', 'r.household_id')
        .select([
          'r.personal_id',
          'r.full_name',
          'r.date_of_birth',
          'r.sex',
          'r.ward_id',
          'r.vneid_level',
          'h.ward_name_vi',
        ]);
      if (query.idPrefix !== undefined) {
        // A range on the primary key: uses its index under any collation.
        const low = query.idPrefix.padEnd(12, '0');
        const high = query.idPrefix.padEnd(12, '9');
        select = select.where('r.personal_id', '>=', low).where('r.personal_id', '<=', high);
      }
      if (query.foldedName !== undefined) {
        const term = escapeLike(query.foldedName);
        select = select.where((eb) =>
          eb.or([
            eb('r.full_name_folded', 'like', `${term}%`),
            eb('r.full_name_folded', 'like', `% ${term}%`),
          ]),
        );
      }
      if (query.wardId !== undefined) select = select.where('r.ward_id', '=', query.wardId);
      if (query.minLevel !== undefined) select = select.where('r.vneid_level', '>=', query.minLevel);
      return select
        .orderBy('r.full_name_folded')
        .orderBy('r.personal_id')
        .limit(query.limit)
        .offset(query.offset)
        .execute();
    },

    async countsByUnit() {
      return db
        .selectFrom('population.households as h')
        .innerJoin('population.residents as r', 'r.household_id', 'h.id')
        .select((eb) => [
          'h.ward_id',
          eb.fn.countAll<number>().as('residents'),
          sql<number>`count(distinct h.id)`.as('households'),
        ])
        .groupBy('h.ward_id')
        .execute();
    },

    /** Residents per completed year of age on `at` (bands are drawn from these in the service). */
    async countsByAge(at: string) {
      return db
        .selectFrom('population.residents')
        .select((eb) => [
          sql<number>`extract(year from age(${at}::date, date_of_birth))::int`.as('age'),
          eb.fn.countAll<number>().as('residents'),
        ])
        .groupBy(sql`1`)
        .execute();
    },

    async countsByLevel() {
      return db
        .selectFrom('population.residents')
        .select((eb) => ['vneid_level', eb.fn.countAll<number>().as('residents')])
        .groupBy('vneid_level')
        .orderBy('vneid_level')
        .execute();
    },
  };
}

export type PopulationStore = ReturnType<typeof createPopulationStore>;
