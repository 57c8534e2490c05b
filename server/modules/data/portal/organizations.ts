import type { OrgService, Unit } from '../../org/index.ts';

/**
 * Organisations of the portal are the agencies of `org`: the units valid today are listed (and may
 * publish); historic ones stay resolvable by id, so older datasets keep their publisher.
 */
export type Organization = Pick<
  Unit,
  'id' | 'kind' | 'nameVi' | 'nameEn' | 'validFrom' | 'validTo' | 'contact'
> & {
  current: boolean;
};

const TTL_MS = 60_000;

export function createOrganizations(org: Pick<OrgService, 'units' | 'unit' | 'today'>) {
  let cache: { day: string; at: number; current: Map<string, Organization> } | null = null;
  const known = new Map<string, Organization | null>();

  const toOrganization = (unit: Unit, current: boolean): Organization => ({
    id: unit.id,
    kind: unit.kind,
    nameVi: unit.nameVi,
    nameEn: unit.nameEn,
    validFrom: unit.validFrom,
    validTo: unit.validTo,
    contact: unit.contact,
    current,
  });

  async function current(): Promise<Map<string, Organization>> {
    const day = org.today();
    if (cache && cache.day === day && Date.now() - cache.at < TTL_MS) return cache.current;
    const units = await org.units({ at: day });
    cache = {
      day,
      at: Date.now(),
      current: new Map(units.map((u) => [u.id, toOrganization(u, true)])),
    };
    known.clear();
    return cache.current;
  }

  return {
    /** Agencies valid today, the city first, then by kind and name. */
    async list(): Promise<Organization[]> {
      const order: Record<string, number> = {
        city: 0,
        department: 1,
        agency: 2,
        district: 3,
        ward: 4,
        commune: 4,
      };
      return [...(await current()).values()].sort(
        (a, b) => (order[a.kind] ?? 9) - (order[b.kind] ?? 9) || a.nameVi.localeCompare(b.nameVi, 'vi'),
      );
    },
    /** A current or historic agency by id (null: not in the register). */
    async get(id: string): Promise<Organization | null> {
      const found = (await current()).get(id);
      if (found) return found;
      if (known.has(id)) return known.get(id) ?? null;
      const unit = await org.unit(id).catch(() => null);
      const historic = unit ? toOrganization(unit, false) : null;
      known.set(id, historic);
      return historic;
    },
    async isCurrent(id: string) {
      return (await current()).has(id);
    },
  };
}

export type Organizations = ReturnType<typeof createOrganizations>;
