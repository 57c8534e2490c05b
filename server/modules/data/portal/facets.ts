import type { Organizations } from './organizations.ts';
import type { FacetField } from './portal.store.ts';
import { licenceOf, themes } from './vocabularies.ts';

/** Facet values with names people read (organisation names, theme labels, licence titles). */
export async function labelFacets(
  facets: Record<FacetField, [string, number][]>,
  organizations: Organizations,
): Promise<Record<FacetField, { name: string; vi: string; en: string; count: number }[]>> {
  const out = {} as Record<FacetField, { name: string; vi: string; en: string; count: number }[]>;
  for (const [field, items] of Object.entries(facets) as [FacetField, [string, number][]][]) {
    out[field] = await Promise.all(
      items.map(async ([name, count]) => {
        if (field === 'organization') {
          const organization = await organizations.get(name);
          return { name, vi: organization?.nameVi ?? name, en: organization?.nameEn ?? name, count };
        }
        if (field === 'groups') {
          const theme = themes[name.toUpperCase() as keyof typeof themes];
          return { name, vi: theme?.vi ?? name, en: theme?.en ?? name, count };
        }
        if (field === 'license_id') {
          const title = licenceOf(name)?.title ?? name;
          return { name, vi: title, en: title, count };
        }
        return { name, vi: name, en: name, count };
      }),
    );
  }
  return out;
}
