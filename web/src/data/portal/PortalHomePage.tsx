import {
  Anchor,
  Button,
  Grid,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../shell/Loading.tsx';
import { ButtonLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { DataAreaNav } from '../components/DataAreaNav.tsx';
import { useStableValue } from '../components/use-stable-value.ts';
import { useDatasets } from '../queries.ts';
import type { PortalSearch } from '../search.ts';
import { type DatasetSort, datasetSorts } from '../types.ts';
import { DatasetCard } from './DatasetCard.tsx';
import { Facets } from './Facets.tsx';
import '../data.css';

const PAGE_SIZE = 20;

function SearchForm({ current }: { current: PortalSearch }) {
  const { t } = useTranslation('data');
  const navigate = useNavigate({ from: '/du-lieu' });
  const [q, setQ] = useState(current.q ?? '');
  const [sort, setSort] = useState<DatasetSort | ''>(current.sort ?? '');
  useEffect(() => {
    setQ(current.q ?? '');
    setSort(current.sort ?? '');
  }, [current]);
  return (
    <Paper
      component="form"
      role="search"
      withBorder
      p="md"
      aria-label={t('portal.searchLabel')}
      onSubmit={(event) => {
        event.preventDefault();
        void navigate({
          search: { ...current, q: q.trim() || undefined, sort: sort || undefined, page: undefined },
        });
      }}
    >
      <Group align="flex-end" gap="sm">
        <TextInput
          label={t('portal.search')}
          description={t('portal.searchHint')}
          type="search"
          maxLength={200}
          value={q}
          onChange={(event) => setQ(event.currentTarget.value)}
          style={{ flex: 1, minWidth: 240 }}
        />
        <NativeSelect
          label={t('portal.sort')}
          value={sort}
          onChange={(event) => setSort(event.currentTarget.value as DatasetSort | '')}
          data={[
            { value: '', label: t('sort.default') },
            ...datasetSorts
              .filter((value) => value !== 'relevance')
              .map((value) => ({ value, label: t(`sort.${value}`) })),
          ]}
        />
        <Button type="submit">{t('portal.searchButton')}</Button>
      </Group>
    </Paper>
  );
}

function Results({ search }: { search: PortalSearch }) {
  const { t } = useTranslation('data');
  const { t: tc } = useTranslation();
  const page = search.page ?? 1;
  const datasets = useDatasets({
    q: search.q,
    organization: search.organization,
    group: search.group,
    tag: search.tag,
    format: search.format,
    license: search.license,
    sort: search.sort,
    page,
    pageSize: PAGE_SIZE,
  });
  if (datasets.isPending) return <Loading label={tc('loading')} />;
  if (datasets.isError)
    return <ProblemAlert error={datasets.error} onRetry={() => void datasets.refetch()} />;
  const { count, results, facets } = datasets.data;
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
        <Facets facets={facets} search={search} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
        <Stack gap="sm" aria-busy={datasets.isFetching} component="section" aria-labelledby="results-heading">
          <Title order={2} size="h3" id="results-heading">
            {t('portal.results')}
          </Title>
          <Text role="status" data-testid="dataset-count">
            {search.q ? t('portal.countFor', { count, q: search.q }) : t('portal.count', { count })}
          </Text>
          {results.length === 0 ? (
            <Text>{t('portal.none')}</Text>
          ) : (
            <Stack component="ul" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {results.map((dataset) => (
                <DatasetCard key={dataset.id} dataset={dataset} />
              ))}
            </Stack>
          )}
          {pages > 1 ? (
            <Group gap="xs" component="nav" aria-label={t('portal.pages')}>
              {page > 1 ? (
                <ButtonLink to="/du-lieu" search={{ ...search, page: page - 1 }} variant="default">
                  {t('portal.previous')}
                </ButtonLink>
              ) : null}
              <Text size="sm">{t('portal.page', { page, pages })}</Text>
              {page < pages ? (
                <ButtonLink to="/du-lieu" search={{ ...search, page: page + 1 }} variant="default">
                  {t('portal.next')}
                </ButtonLink>
              ) : null}
            </Group>
          ) : null}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

/** The open-data portal: search (accent-insensitive) with facets, and the city's datasets. */
export function PortalHomePage() {
  const { t } = useTranslation('data');
  usePageTitle(t('portal.title'));
  const search = useStableValue(useSearch({ from: '/du-lieu' }));
  return (
    <Stack gap="lg">
      <DataAreaNav />
      <Stack gap="xs">
        <Title order={1}>{t('portal.heading')}</Title>
        <Text maw={860}>{t('portal.lead')}</Text>
        <Group gap="md">
          <Text size="sm" fw={600}>
            {t('portal.forDevelopers')}
          </Text>
          <Anchor href="/api/3/action/package_search?rows=10" size="sm">
            {t('portal.ckanApi')}
          </Anchor>
          <Anchor href="/catalog.jsonld" size="sm">
            DCAT-AP (JSON-LD)
          </Anchor>
          <Anchor href="/catalog.ttl" size="sm">
            DCAT-AP (Turtle)
          </Anchor>
          <Anchor href="/catalog.rdf" size="sm">
            DCAT-AP (RDF/XML)
          </Anchor>
        </Group>
      </Stack>
      <SearchForm current={search} />
      <Results search={search} />
    </Stack>
  );
}
