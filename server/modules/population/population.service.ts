import type { AuditLog } from '../../platform/audit/audit.ts';
import { type Principal, requireSignedIn, systemActor } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, forbidden, notFound, validationFailed } from '../../platform/errors.ts';
import { foldVietnamese } from '../../platform/text.ts';
import type { OrgService } from '../org/index.ts';
import {
  ageBands,
  type Household,
  type PopulationStats,
  type Resident,
  type ResidentSummary,
  syntheticNotice,
} from './population.schema.ts';
import type { PopulationStore, ResidentRow } from './population.store.ts';
import { generatePopulation, type LocalUnit } from './synthetic/generate.ts';

/** The register of wards and communes residents live in: the 126 units valid from 1 Jul 2025. */
const UNITS_AT = '2026-01-01';
const MAX_SEARCH_LIMIT = 200;

export type SearchQuery = { q?: string; wardId?: string; minLevel?: 1 | 2; limit: number; offset?: number };

export type PopulationService = {
  findByPersonalId(personalId: string): Promise<Resident | null>;
  householdOf(personalId: string): Promise<Household | null>;
  /** `q`: accent-insensitive name (from the start of any word) or a personal-id prefix. */
  searchResidents(query: SearchQuery): Promise<ResidentSummary[]>;
  countResidents(): Promise<number>;
  /**
   * Residents aged at least `minAge` on `at` (YYYY-MM-DD), of `among` (personal ids) when given:
   * the count, how many are synthetic, and the SQL with its parameters (for KPI provenance).
   */
  countResidentsAged(
    minAge: number,
    at: string,
    among?: string[],
  ): Promise<{ residents: number; synthetic: number; sql: string; parameters: readonly unknown[] }>;
  /** Adds households until the registry holds at least `count` residents; idempotent. */
  ensureGenerated(count: number): Promise<{ created: number }>;
  /** The signed-in citizen's own record and household (names and relations only). */
  myRecord(principal: Principal): Promise<{ resident: Resident; household: Household }>;
  stats(): Promise<PopulationStats>;
};

const relative = (fullName: string | null, personalId: string | null) =>
  fullName === null ? null : { fullName, personalId };

export function createPopulationService(deps: {
  store: PopulationStore;
  org: OrgService;
  audit: AuditLog;
  clock: Clock;
}): PopulationService {
  const { store, org, audit, clock } = deps;

  async function localUnits(): Promise<LocalUnit[]> {
    const units = await org.units({ at: UNITS_AT });
    return units
      .filter((unit) => unit.kind === 'ward' || unit.kind === 'commune')
      .map((unit) => ({ id: unit.id, nameVi: unit.nameVi, kind: unit.kind as LocalUnit['kind'] }));
  }

  async function toResident(row: ResidentRow): Promise<Resident> {
    const children = await store.childrenOf(row.personal_id);
    return {
      personalId: row.personal_id,
      fullName: row.full_name,
      otherName: row.other_name,
      dateOfBirth: row.date_of_birth,
      sex: row.sex,
      placeOfBirth: row.place_of_birth,
      placeOfBirthRegistration: row.place_of_birth_registration,
      homeTown: row.home_town,
      ethnicity: row.ethnicity as Resident['ethnicity'],
      religion: row.religion,
      nationality: row.nationality,
      bloodType: row.blood_type,
      oldIdNumber: row.old_id_number,
      idCardIssueDate: row.id_card_issue_date,
      idCardIssuePlace: row.id_card_issue_place,
      idCardExpiryDate: row.id_card_expiry_date,
      father: relative(row.father_name, row.father_personal_id),
      mother: relative(row.mother_name, row.mother_personal_id),
      spouse: relative(row.spouse_name, row.spouse_personal_id),
      children: children.map((child) => ({ fullName: child.full_name, personalId: child.personal_id })),
      permanentResidence: row.permanent_residence,
      temporaryResidence: row.temporary_residence,
      currentResidence: row.current_residence,
      maritalStatus: row.marital_status,
      householdId: row.household_id,
      relationToHead: row.relation_to_head,
      householdHead: { fullName: row.head_name, personalId: row.head_personal_id },
      wardId: row.ward_id,
      wardNameVi: row.ward_name_vi,
      mobileNumber: row.mobile_number,
      email: row.email,
      vneidLevel: row.vneid_level as Resident['vneidLevel'],
      synthetic: true,
    };
  }

  const service: PopulationService = {
    async findByPersonalId(personalId) {
      if (!/^[0-9]{12}$/.test(personalId)) return null;
      const row = await store.resident(personalId);
      if (!row) return null;
      return toResident(row);
    },

    async householdOf(personalId) {
      if (!/^[0-9]{12}$/.test(personalId)) return null;
      const row = await store.resident(personalId);
      if (!row) return null;
      const members = await store.householdMembers(row.household_id);
      return {
        householdId: row.household_id,
        members: members.map((member) => ({
          personalId: member.personal_id,
          fullName: member.full_name,
          relationToHead: member.relation_to_head,
          dateOfBirth: member.date_of_birth,
        })),
      };
    },

    async searchResidents(query) {
      const fields = [];
      if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_SEARCH_LIMIT)
        fields.push({
          path: 'limit',
          message: { vi: `từ 1 đến ${MAX_SEARCH_LIMIT}`, en: `between 1 and ${MAX_SEARCH_LIMIT}` },
        });
      const offset = query.offset ?? 0;
      if (!Number.isInteger(offset) || offset < 0)
        fields.push({ path: 'offset', message: { vi: 'số nguyên không âm', en: 'a non-negative integer' } });
      if (fields.length > 0) throw validationFailed(fields);
      const q = query.q?.trim() ?? '';
      const isIdPrefix = /^[0-9]{1,12}$/.test(q);
      const folded = foldVietnamese(q);
      const rows = await store.searchResidents({
        idPrefix: isIdPrefix ? q : undefined,
        foldedName: !isIdPrefix && folded !== '' ? folded : undefined,
        wardId: query.wardId,
        minLevel: query.minLevel,
        limit: query.limit,
        offset,
      });
      return rows.map((row) => ({
        personalId: row.personal_id,
        fullName: row.full_name,
        dateOfBirth: row.date_of_birth,
        sex: row.sex,
        wardId: row.ward_id,
        wardNameVi: row.ward_name_vi,
        vneidLevel: row.vneid_level as ResidentSummary['vneidLevel'],
      }));
    },

    countResidents: () => store.countResidents(),
    countResidentsAged: (minAge, at, among) => store.countResidentsAged(minAge, at, among),

    async ensureGenerated(count) {
      if (!Number.isInteger(count) || count < 0) {
        throw new AppError('unprocessable', {
          vi: 'Số cư dân cần sinh phải là số nguyên không âm.',
          en: 'The number of residents to generate must be a non-negative integer.',
        });
      }
      if ((await store.countResidents()) >= count) return { created: 0 };
      // Read the unit register before the transaction: on PGlite a query outside an open
      // transaction would wait for it to end.
      const units = await localUnits();
      const households = generatePopulation(count, units);
      return store.db.transaction().execute(async (trx) => {
        await store.lockGeneration(trx);
        const existing = await store.countResidents(trx);
        if (existing >= count) return { created: 0 };
        const lastSeq = await store.lastHouseholdSeq(trx);
        // The stored households must be the start of this same stream, or the new ones would
        // not fit with them (ids could collide, the people would differ).
        const expected = households
          .filter((h) => h.seq <= lastSeq)
          .flatMap((h) => h.members.map((m) => m.personalId));
        const stored = await store.personalIdsThrough(trx, lastSeq);
        if (stored.length !== expected.length || [...stored].sort().join() !== [...expected].sort().join()) {
          throw new Error(
            'Sổ dân cư mô phỏng trong cơ sở dữ liệu được sinh theo cách khác; hãy xóa dữ liệu mô phỏng rồi sinh lại. / ' +
              'The synthetic registry in the database was generated differently; remove it and generate again.',
          );
        }
        const added = households.filter((h) => h.seq > lastSeq);
        await store.insertHouseholds(trx, added);
        const created = added.reduce((sum, h) => sum + h.members.length, 0);
        await audit.record(trx, {
          actor: systemActor('population:generate'),
          action: 'population.registry.generate',
          objectType: 'population.registry',
          objectId: null,
          before: { residents: existing },
          after: { residents: existing + created },
          details: { synthetic: true, requested: count, created, households: added.length },
        });
        return { created };
      });
    },

    async myRecord(principal) {
      const signedIn = requireSignedIn(principal);
      if (signedIn.kind !== 'citizen') {
        throw forbidden({ vi: 'Chức năng này dành cho công dân.', en: 'This is for citizens only.' });
      }
      const [resident, household] = await Promise.all([
        service.findByPersonalId(signedIn.personalId),
        service.householdOf(signedIn.personalId),
      ]);
      if (!resident || !household) {
        throw notFound({
          vi: 'hồ sơ của bạn trong cơ sở dữ liệu dân cư (mô phỏng)',
          en: 'Your record in the (simulated) population database',
        });
      }
      return { resident, household };
    },

    async stats() {
      const at = clock.today();
      const [units, byUnit, byAge, byLevel] = await Promise.all([
        localUnits(),
        store.countsByUnit(),
        store.countsByAge(at),
        store.countsByLevel(),
      ]);
      const counted = new Map(byUnit.map((row) => [row.ward_id, row]));
      const bands = ageBands.map((band) => ({
        band: band.band,
        residents: byAge
          // Births after `at` (a clock set before the registry's reference date) count as 0-5.
          .filter(
            (row) => (band.from === 0 || row.age >= band.from) && (band.to === null || row.age <= band.to),
          )
          .reduce((sum, row) => sum + Number(row.residents), 0),
      }));
      return {
        synthetic: true as const,
        notice: syntheticNotice,
        at,
        residents: byUnit.reduce((sum, row) => sum + Number(row.residents), 0),
        households: byUnit.reduce((sum, row) => sum + Number(row.households), 0),
        byUnit: units.map((unit) => ({
          unitId: unit.id,
          nameVi: unit.nameVi,
          kind: unit.kind,
          residents: Number(counted.get(unit.id)?.residents ?? 0),
          households: Number(counted.get(unit.id)?.households ?? 0),
        })),
        byAgeBand: bands,
        byVneidLevel: [0, 1, 2].map((level) => ({
          level,
          residents: Number(byLevel.find((row) => row.vneid_level === level)?.residents ?? 0),
        })),
      };
    },
  };
  return service;
}
