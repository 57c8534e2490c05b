import {
  Anchor,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgencySelect } from '../../plan/components/AgencySelect.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { DemoDataBadge, SharingBadge } from '../components/badges.tsx';
import { DataAreaNav } from '../components/DataAreaNav.tsx';
import { useStableValue } from '../components/use-stable-value.ts';
import { formatDay } from '../format.ts';
import { cataloguePaths, useCatalogue, useSources } from '../queries.ts';
import type { CatalogueSearch } from '../search.ts';
import { type SharingLevel, sharingLevels } from '../types.ts';

function CatalogueFilters({ current }: { current: CatalogueSearch }) {
  const { t } = useTranslation('data');
  const { unitName } = useLanguage();
  const sources = useSources();
  const navigate = useNavigate({ from: '/du-lieu/danh-muc-csdl' });
  const [draft, setDraft] = useState<CatalogueSearch>(current);
  useEffect(() => setDraft(current), [current]);
  const set = (patch: Partial<CatalogueSearch>) => setDraft((previous) => ({ ...previous, ...patch }));
  return (
    <Paper
      component="form"
      withBorder
      p="md"
      role="search"
      aria-labelledby="catalogue-filters-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void navigate({ search: draft });
      }}
    >
      <Title order={2} size="h4" id="catalogue-filters-heading" mb="sm">
        {t('catalogue.filters')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        <TextInput
          label={t('catalogue.search')}
          description={t('catalogue.searchHint')}
          maxLength={100}
          value={draft.q ?? ''}
          onChange={(event) => set({ q: event.currentTarget.value || undefined })}
        />
        <AgencySelect
          label={t('catalogue.owner')}
          value={draft.owner ?? ''}
          emptyLabel={t('standards.any')}
          onChange={(owner) => set({ owner: owner || undefined })}
        />
        <NativeSelect
          label={t('catalogue.sharing')}
          value={draft.sharing ?? ''}
          onChange={(event) =>
            set({ sharing: (event.currentTarget.value || undefined) as SharingLevel | undefined })
          }
          data={[
            { value: '', label: t('standards.any') },
            ...sharingLevels.map((value) => ({ value, label: t(`sharing.${value}`) })),
          ]}
        />
        <NativeSelect
          label={t('catalogue.connection')}
          value={draft.connection ?? ''}
          onChange={(event) => set({ connection: event.currentTarget.value || undefined })}
          data={[
            { value: '', label: t('standards.any') },
            ...(sources.data ?? []).map((source) => ({ value: source.code, label: unitName(source) })),
          ]}
        />
      </SimpleGrid>
      <Group mt="md" gap="xs">
        <Button type="submit">{t('apply')}</Button>
        <Button variant="default" onClick={() => void navigate({ search: {} })}>
          {t('clear')}
        </Button>
      </Group>
    </Paper>
  );
}

function EntryTable({ search }: { search: CatalogueSearch }) {
  const { t } = useTranslation('data');
  const { t: tc } = useTranslation();
  const { unitName, language } = useLanguage();
  const sources = useSources();
  const catalogue = useCatalogue({
    q: search.q,
    ownerAgencyId: search.owner,
    sharingLevel: search.sharing,
    nationalConnection: search.connection,
  });
  const sourceName = (code: string) => {
    const source = sources.data?.find((candidate) => candidate.code === code);
    return source ? unitName(source) : code;
  };
  if (catalogue.isPending) return <Loading label={tc('loading')} />;
  if (catalogue.isError)
    return <ProblemAlert error={catalogue.error} onRetry={() => void catalogue.refetch()} />;
  return (
    <Stack gap="sm" aria-busy={catalogue.isFetching}>
      <Text role="status" data-testid="entry-count">
        {t('catalogue.count', { count: catalogue.data.total })}
      </Text>
      {catalogue.data.entries.length === 0 ? (
        <Text>{t('catalogue.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={960}>
          <Table striped withTableBorder verticalSpacing="sm" data-testid="entries">
            <Table.Caption>{t('catalogue.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('catalogue.name')}</Table.Th>
                <Table.Th scope="col">{t('catalogue.owner')}</Table.Th>
                <Table.Th scope="col">{t('catalogue.sharing')}</Table.Th>
                <Table.Th scope="col">{t('catalogue.frequency')}</Table.Th>
                <Table.Th scope="col">{t('catalogue.connections')}</Table.Th>
                <Table.Th scope="col">{t('catalogue.approved')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {catalogue.data.entries.map((entry) => (
                <Table.Tr key={entry.id} data-entry={entry.id}>
                  <Table.Td>
                    <Stack gap={4}>
                      <AnchorLink
                        to="/du-lieu/danh-muc-csdl/$entryId"
                        params={{ entryId: entry.id }}
                        fw={600}
                      >
                        {unitName(entry)}
                      </AnchorLink>
                      {entry.demo ? (
                        <Group gap={4}>
                          <DemoDataBadge />
                        </Group>
                      ) : null}
                    </Stack>
                  </Table.Td>
                  <Table.Td>{unitName({ nameVi: entry.ownerNameVi, nameEn: entry.ownerNameEn })}</Table.Td>
                  <Table.Td>
                    <SharingBadge level={entry.sharingLevel} />
                  </Table.Td>
                  <Table.Td>{t(`frequency.${entry.updateFrequency}`)}</Table.Td>
                  <Table.Td>
                    {entry.nationalConnections.length
                      ? entry.nationalConnections.map(sourceName).join('; ')
                      : t('catalogue.noConnections')}
                  </Table.Td>
                  <Table.Td>{formatDay(entry.approvedAt, language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

/** The city's catalogue of databases and information systems (its public part for the public). */
export function CataloguePage() {
  const { t } = useTranslation('data');
  usePageTitle(t('catalogue.title'));
  const search = useStableValue(useSearch({ from: '/du-lieu/danh-muc-csdl' }));
  return (
    <Stack gap="lg">
      <DataAreaNav />
      <Stack gap="xs">
        <Title order={1}>{t('catalogue.heading')}</Title>
        <Text maw={860}>{t('catalogue.lead')}</Text>
        <Group gap="md">
          <Anchor href={cataloguePaths.xlsx} fw={600} download>
            {t('catalogue.downloadXlsx')}
          </Anchor>
        </Group>
      </Stack>
      <CatalogueFilters current={search} />
      <EntryTable search={search} />
    </Stack>
  );
}
