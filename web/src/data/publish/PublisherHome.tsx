import { Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OfficialPrincipal } from '../../lib/types.ts';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink, ButtonLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { DemoDataBadge, PrivateBadge } from '../components/badges.tsx';
import { DataAreaNav } from '../components/DataAreaNav.tsx';
import { datasetTitle, formatDay } from '../format.ts';
import { useDatasets } from '../queries.ts';
import { publishesForAll, stewardUnits } from './DatasetFormFields.tsx';

function MyDatasets({ principal }: { principal: OfficialPrincipal }) {
  const { t } = useTranslation('data');
  const { t: tc } = useTranslation();
  const { language, unitName } = useLanguage();
  const [q, setQ] = useState('');
  const all = publishesForAll(principal);
  const units = stewardUnits(principal).map((membership) => membership.unitId);
  const datasets = useDatasets({
    q: q.trim() || undefined,
    organization: all ? undefined : units.join(','),
    includePrivate: 'true',
    sort: 'modified',
    pageSize: 100,
  });
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <TextInput
          label={t('publish.filter')}
          description={t('portal.searchHint')}
          type="search"
          maxLength={200}
          value={q}
          onChange={(event) => setQ(event.currentTarget.value)}
          miw={320}
        />
        <ButtonLink to="/console/du-lieu/tao-moi">{t('publish.new')}</ButtonLink>
      </Group>
      {datasets.isPending ? (
        <Loading label={tc('loading')} />
      ) : datasets.isError ? (
        <ProblemAlert error={datasets.error} onRetry={() => void datasets.refetch()} />
      ) : (
        <Stack gap="sm" aria-busy={datasets.isFetching}>
          <Text role="status">{t('publish.count', { count: datasets.data.count })}</Text>
          {datasets.data.results.length === 0 ? (
            <Text>{t('publish.none')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={860}>
              <Table striped withTableBorder verticalSpacing="sm" data-testid="my-datasets">
                <Table.Caption>{t('publish.caption')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('publish.dataset')}</Table.Th>
                    <Table.Th scope="col">{t('dataset.publisher')}</Table.Th>
                    <Table.Th scope="col">{t('publish.state')}</Table.Th>
                    <Table.Th scope="col">{t('dataset.resources')}</Table.Th>
                    <Table.Th scope="col">{t('quality.heading')}</Table.Th>
                    <Table.Th scope="col">{t('dataset.modified')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {datasets.data.results.map((dataset) => (
                    <Table.Tr key={dataset.id} data-dataset={dataset.name}>
                      <Table.Td>
                        <Stack gap={4}>
                          <AnchorLink to="/console/du-lieu/bo/$name" params={{ name: dataset.name }} fw={600}>
                            {datasetTitle(dataset, language)}
                          </AnchorLink>
                          {dataset.demo ? (
                            <Group gap={4}>
                              <DemoDataBadge />
                            </Group>
                          ) : null}
                        </Stack>
                      </Table.Td>
                      <Table.Td>{unitName(dataset.organization)}</Table.Td>
                      <Table.Td>{dataset.private ? <PrivateBadge /> : t('publish.public')}</Table.Td>
                      <Table.Td>{dataset.resources.length}</Table.Td>
                      <Table.Td>{t('quality.score', { score: dataset.quality.score })}</Table.Td>
                      <Table.Td>{formatDay(dataset.modified, language)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      )}
    </Stack>
  );
}

/** The data steward's console: the datasets of their agencies (private ones too), and a new one. */
export function PublisherHome() {
  const { t } = useTranslation('data');
  usePageTitle(t('publish.title'));
  return (
    <Stack gap="lg">
      <DataAreaNav />
      <Stack gap="xs">
        <Title order={1}>{t('publish.heading')}</Title>
        <Text maw={860}>{t('publish.lead')}</Text>
      </Stack>
      <RequireOfficial roles={['data_steward', 'city_admin']}>
        {(principal) => <MyDatasets principal={principal} />}
      </RequireOfficial>
    </Stack>
  );
}
