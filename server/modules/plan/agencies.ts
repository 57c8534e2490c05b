import type { OrgService, UnitDetail } from '../org/index.ts';
import type { AgencyRef } from './plan.schema.ts';

/**
 * Agencies as the plan shows them: name, validity and successors from `org`, so a task or
 * obligation of a unit that ended (a district, a merged department) says where its duties went.
 * The register changes only when reference data is reloaded, so lookups are kept for a while.
 */
const TTL_MS = 5 * 60_000;

export type AgencyDirectory = {
  ref(id: string): Promise<AgencyRef | null>;
  refs(ids: Iterable<string>): Promise<Map<string, AgencyRef>>;
  detail(id: string): Promise<UnitDetail | null>;
  /** Is the unit in the register (valid on `at` when given)? */
  exists(id: string, at?: string): Promise<boolean>;
  /** Names of every unit, current and historic (before the 2025 mergers), in two queries. */
  names(): Promise<Map<string, { nameVi: string; nameEn: string }>>;
};

/** A day when the 21 former departments and the 30 districts were all still in force. */
const BEFORE_REFORMS = '2025-02-28';

export function toAgencyRef(unit: UnitDetail, today: string): AgencyRef {
  return {
    id: unit.id,
    nameVi: unit.nameVi,
    nameEn: unit.nameEn,
    kind: unit.kind,
    validFrom: unit.validFrom,
    validTo: unit.validTo,
    current: unit.validFrom <= today && (unit.validTo === null || unit.validTo > today),
    successors: unit.successors.map((link) => ({
      id: link.unit.id,
      nameVi: link.unit.nameVi,
      nameEn: link.unit.nameEn,
      effectiveOn: link.effectiveOn,
      kind: link.kind,
      sharePct: link.sharePct,
    })),
  };
}

export function createAgencyDirectory(org: OrgService, now: () => number = Date.now): AgencyDirectory {
  const cache = new Map<string, { at: number; unit: Promise<UnitDetail | null> }>();
  let names: { at: number; map: Promise<Map<string, { nameVi: string; nameEn: string }>> } | null = null;

  function detail(id: string): Promise<UnitDetail | null> {
    const hit = cache.get(id);
    if (hit && now() - hit.at < TTL_MS) return hit.unit;
    const unit = org.unit(id).catch((error: { code?: string }) => {
      if (error.code === 'not_found') return null;
      cache.delete(id);
      throw error;
    });
    cache.set(id, { at: now(), unit });
    return unit;
  }

  async function ref(id: string) {
    const unit = await detail(id);
    return unit ? toAgencyRef(unit, org.today()) : null;
  }

  return {
    ref,
    detail,
    async refs(ids) {
      const unique = [...new Set(ids)];
      const found = await Promise.all(unique.map(ref));
      const map = new Map<string, AgencyRef>();
      unique.forEach((id, i) => {
        if (found[i]) map.set(id, found[i]!);
      });
      return map;
    },
    async exists(id, at) {
      return org.unitExists(id, at);
    },
    names() {
      if (names && now() - names.at < TTL_MS) return names.map;
      const map = Promise.all([org.units({ at: BEFORE_REFORMS }), org.units({})]).then(
        ([historic, current]) =>
          new Map(
            [...historic, ...current].map((unit) => [unit.id, { nameVi: unit.nameVi, nameEn: unit.nameEn }]),
          ),
      );
      names = { at: now(), map };
      map.catch(() => {
        names = null;
      });
      return map;
    },
  };
}

/** A placeholder for an id the register does not know (kept readable rather than dropped). */
export const unknownAgency = (id: string): AgencyRef => ({
  id,
  nameVi: id,
  nameEn: id,
  kind: 'unknown',
  validFrom: '1900-01-01',
  validTo: null,
  current: false,
  successors: [],
});
