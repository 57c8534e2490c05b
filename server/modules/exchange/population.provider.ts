import type { DictionaryService } from '../data/index.ts';
import type { OrgService } from '../org/index.ts';
import type { PopulationService, Resident } from '../population/index.ts';
import type { DataProvider } from './exchange.types.ts';

export const POPULATION_AGENCY = {
  id: 'bo-cong-an',
  nameVi: 'Bộ Công an (CSDL quốc gia về dân cư — mô phỏng)',
  nameEn: 'Ministry of Public Security (national population database — simulated)',
};
export const POPULATION_SERVICE_ID = 'HN/GOV/bo-cong-an/csdl-dan-cu/thong-tin-cong-dan';

/** Item code → how to read it from the simulated registry's resident record. */
const readers: Record<string, (r: Resident) => unknown> = {
  'person.fullName': (r) => r.fullName,
  'person.otherName': (r) => r.otherName,
  'person.personalId': (r) => r.personalId,
  'person.dateOfBirth': (r) => r.dateOfBirth,
  'person.sex': (r) => (r.sex === 'male' ? '1' : '2'),
  'person.placeOfBirth': (r) => r.placeOfBirth,
  'person.birthRegistrationPlace': (r) => r.placeOfBirthRegistration,
  'person.homeTown': (r) => r.homeTown,
  'person.ethnicity': (r) => r.ethnicity,
  'person.religion': (r) => r.religion,
  'person.nationality': (r) => nationalityCode(r.nationality),
  'person.bloodGroup': (r) => r.bloodType,
  'person.oldIdNumber': (r) => r.oldIdNumber,
  'person.idCardIssueDate': (r) => r.idCardIssueDate,
  'person.idCardIssuePlace': (r) => r.idCardIssuePlace,
  'person.idCardExpiryDate': (r) => r.idCardExpiryDate,
  'person.father.fullName': (r) => r.father?.fullName ?? null,
  'person.father.personalId': (r) => r.father?.personalId ?? null,
  'person.mother.fullName': (r) => r.mother?.fullName ?? null,
  'person.mother.personalId': (r) => r.mother?.personalId ?? null,
  'person.spouse.fullName': (r) => r.spouse?.fullName ?? null,
  'person.spouse.personalId': (r) => r.spouse?.personalId ?? null,
  'person.maritalStatus': (r) => r.maritalStatus,
  'household.relationToHead': (r) => r.relationToHead,
  'household.headFullName': (r) => r.householdHead.fullName,
  'household.headPersonalId': (r) => r.householdHead.personalId,
  'address.permanent': (r) => r.permanentResidence,
  'address.temporary': (r) => r.temporaryResidence,
  'address.current': (r) => r.currentResidence,
};

const CODE_LISTS: Record<string, string> = {
  'person.ethnicity': 'ethnicGroup',
  'person.religion': 'religion',
  'person.maritalStatus': 'maritalStatus',
  'household.relationToHead': 'householdRelation',
};

function nationalityCode(value: string): string {
  return /^[A-Z]{2}$/.test(value) ? value : /vi[eệ]t\s*nam/i.test(value) ? 'VN' : value;
}

export const POPULATION_ITEMS = Object.keys(readers);

/**
 * The simulated national population database as a data service of the exchange. Values come from
 * the population module's synthetic residents: they are demo data, not real people. Code items are
 * returned as codes of the dictionary's code lists (matched by code or Vietnamese label); addresses
 * in the dictionary's address shape with the ward's code. The simulated registry keeps no change
 * history: `updatedAt` is the identity-card issue date when there is one, else the date of birth
 * (the latest event the record holds).
 */
export function populationProvider(deps: {
  population: PopulationService;
  org: OrgService;
  dictionary: DictionaryService;
}): DataProvider {
  const lists = new Map<string, Promise<{ code: string; labelVi: string }[]>>();
  const codeOf = async (listCode: string, raw: unknown) => {
    if (typeof raw !== 'string') return raw;
    if (!lists.has(listCode))
      lists.set(
        listCode,
        deps.dictionary.codeList(listCode).catch(() => []),
      );
    const values = await lists.get(listCode)!;
    const folded = raw.trim().toLowerCase();
    const match = values.find((v) => v.code.toLowerCase() === folded || v.labelVi.toLowerCase() === folded);
    return match ? match.code : raw;
  };
  let wardCodes: Promise<Map<string, string>> | null = null;
  const wardCode = async (wardId: string) => {
    wardCodes ??= deps.org
      .units({})
      .then((units) => new Map(units.map((unit) => [unit.id, unit.codes.gso ?? unit.codes.nso ?? ''])));
    return (await wardCodes).get(wardId) || null;
  };

  return {
    serviceId: POPULATION_SERVICE_ID,
    providerAgencyId: POPULATION_AGENCY.id,
    nameVi: 'Tra cứu thông tin công dân (CSDL quốc gia về dân cư — mô phỏng)',
    nameEn: 'Citizen information (national population database — simulated)',
    items: POPULATION_ITEMS,
    verification: 'government-verified',
    async fetch(personalId, items) {
      const resident = await deps.population.findByPersonalId(personalId);
      if (!resident) return { values: {}, updatedAt: {} };
      const updated = `${resident.idCardIssueDate ?? resident.dateOfBirth}T00:00:00+07:00`;
      const values: Record<string, unknown> = {};
      const updatedAt: Record<string, string> = {};
      for (const item of items) {
        const read = readers[item];
        if (!read) continue;
        let value = read(resident);
        if (value === null || value === undefined) continue;
        const list = CODE_LISTS[item];
        if (list) value = await codeOf(list, value);
        if (item.startsWith('address.')) {
          const communeCode = await wardCode(resident.wardId);
          value = communeCode ? { detail: value, communeCode, provinceCode: '01' } : { detail: value };
        }
        values[item] = value;
        updatedAt[item] = new Date(updated).toISOString();
      }
      return { values, updatedAt };
    },
  };
}
