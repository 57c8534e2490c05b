import { Checkbox, Stack, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../shell/use-language.ts';
import type { PortalSearch } from '../search.ts';
import type { DatasetSearchResult, FacetItem, FacetKey } from '../types.ts';

/** Facet of the answer → the search parameter that filters on it. */
const facetParams: { facet: FacetKey; param: keyof PortalSearch & string }[] = [
  { facet: 'organization', param: 'organization' },
  { facet: 'groups', param: 'group' },
  { facet: 'res_format', param: 'format' },
  { facet: 'license_id', param: 'license' },
  { facet: 'tags', param: 'tag' },
];

const split = (value: string | undefined) => (value ? value.split(',').filter(Boolean) : []);

function FacetGroup({
  facet,
  param,
  items,
  search,
}: {
  facet: FacetKey;
  param: keyof PortalSearch & string;
  items: FacetItem[];
  search: PortalSearch;
}) {
  const { t } = useTranslation('data');
  const { pick } = useLanguage();
  const navigate = useNavigate({ from: '/du-lieu' });
  const chosen = split(search[param] as string | undefined);
  // Chosen values stay listed (and can be cleared) even when the answer no longer counts them.
  const shown = [
    ...items,
    ...chosen
      .filter((name) => !items.some((item) => item.name === name))
      .map((name) => ({ name, vi: name, en: name, count: 0 })),
  ];
  const toggle = (name: string, on: boolean) => {
    const next = on ? [...chosen, name] : chosen.filter((value) => value !== name);
    void navigate({
      search: { ...search, [param]: next.length ? next.join(',') : undefined, page: undefined },
    });
  };
  return (
    <fieldset className="data-facet" data-facet={facet}>
      <legend>{t(`facet.${facet}`)}</legend>
      {shown.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('facet.empty')}
        </Text>
      ) : (
        <Stack gap={6}>
          {shown.map((item) => (
            <Checkbox
              key={item.name}
              size="sm"
              checked={chosen.includes(item.name)}
              onChange={(event) => toggle(item.name, event.currentTarget.checked)}
              label={t('facet.item', { name: pick(item), count: item.count })}
            />
          ))}
        </Stack>
      )}
    </fieldset>
  );
}

/** Narrow the search by organisation, theme group, format, licence and tag (with counts). */
export function Facets({ facets, search }: { facets: DatasetSearchResult['facets']; search: PortalSearch }) {
  const { t } = useTranslation('data');
  return (
    <Stack gap="md" component="section" aria-labelledby="facets-heading">
      <Text component="h2" fw={700} size="lg" id="facets-heading">
        {t('facet.heading')}
      </Text>
      {facetParams.map(({ facet, param }) => (
        <FacetGroup key={facet} facet={facet} param={param} items={facets[facet] ?? []} search={search} />
      ))}
    </Stack>
  );
}
