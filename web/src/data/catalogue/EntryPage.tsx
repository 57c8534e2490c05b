import { Alert, Anchor, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { DemoDataBadge, SharingBadge } from '../components/badges.tsx';
import { DataAreaNav } from '../components/DataAreaNav.tsx';
import { Fact, Facts } from '../components/Facts.tsx';
import { formatDay } from '../format.ts';
import { useCatalogueEntry, useSources } from '../queries.ts';
import type { CatalogueEntryDetail } from '../types.ts';

function EntryDetail({ entry }: { entry: CatalogueEntryDetail }) {
  const { t } = useTranslation('data');
  const { language, unitName, pick } = useLanguage();
  const sources = useSources();
  const sourceName = (code: string) => {
    const source = sources.data?.find((candidate) => candidate.code === code);
    return source ? unitName(source) : code;
  };
  const hidden = t('catalogue.notPublic');
  return (
    <Stack gap="lg">
      <Group gap="xs">
        {entry.demo ? <DemoDataBadge /> : null}
        <SharingBadge level={entry.sharingLevel} />
      </Group>
      {entry.demo ? (
        <Alert color="pink" variant="light" title={t('demoData')}>
          <Text size="sm">{t('catalogue.demoNote')}</Text>
        </Alert>
      ) : null}
      <Text maw={860}>
        {pick({ vi: entry.descriptionVi, en: entry.descriptionEn ?? entry.descriptionVi })}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            {t('catalogue.facts')}
          </Title>
          <Facts>
            <Fact label={t('catalogue.owner')}>
              <AnchorLink to="/co-quan/$unitId" params={{ unitId: entry.ownerAgencyId }} search={{}}>
                {unitName({ nameVi: entry.ownerNameVi, nameEn: entry.ownerNameEn })}
              </AnchorLink>
            </Fact>
            <Fact label={t('catalogue.legalBasis')}>{entry.legalBasis ?? hidden}</Fact>
            <Fact label={t('catalogue.frequency')}>{t(`frequency.${entry.updateFrequency}`)}</Fact>
            <Fact label={t('catalogue.records')}>
              {entry.recordCount != null ? formatNumber(entry.recordCount, language) : hidden}
            </Fact>
            <Fact label={t('catalogue.hosting')}>
              {entry.hosting ? t(`hosting.${entry.hosting}`) : hidden}
            </Fact>
            <Fact label={t('catalogue.contact')}>
              {entry.contact
                ? [entry.contact.name, entry.contact.email, entry.contact.phone]
                    .filter(Boolean)
                    .join(' · ') || '—'
                : hidden}
            </Fact>
            {entry.view === 'full' ? (
              <Fact label={t('catalogue.security')}>
                {entry.securityLevel
                  ? t('catalogue.securityLevel', {
                      level: entry.securityLevel,
                      state: entry.securityState ? t(`securityState.${entry.securityState}`) : '—',
                    })
                  : '—'}
              </Fact>
            ) : null}
          </Facts>
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            {t('catalogue.dataItems')}
          </Title>
          {entry.dataItems.length ? (
            <List size="sm">
              {entry.dataItems.map((code) => (
                <List.Item key={code}>
                  <AnchorLink to="/du-lieu/chuan-du-lieu/$code" params={{ code }}>
                    <code>{code}</code>
                  </AnchorLink>
                </List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm">{t('catalogue.noItems')}</Text>
          )}
          <Title order={2} size="h4" mt="md" mb="sm">
            {t('catalogue.connections')}
          </Title>
          {entry.nationalConnections.length ? (
            <List size="sm">
              {entry.nationalConnections.map((code) => (
                <List.Item key={code}>{sourceName(code)}</List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm">{t('catalogue.noConnections')}</Text>
          )}
        </Paper>
      </SimpleGrid>
      {entry.view === 'public' && entry.sharingLevel !== 'open' ? (
        <Text size="sm" c="dimmed">
          {t('catalogue.publicPartNote')}
        </Text>
      ) : null}
      <section aria-labelledby="history-heading">
        <Title order={2} size="h3" id="history-heading" mb="xs">
          {t('catalogue.history')}
        </Title>
        <Table.ScrollContainer minWidth={720}>
          <Table withTableBorder striped verticalSpacing="xs">
            <Table.Caption>{t('catalogue.historyCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('standards.version')}</Table.Th>
                <Table.Th scope="col">{t('catalogue.approved')}</Table.Th>
                <Table.Th scope="col">{t('catalogue.reason')}</Table.Th>
                <Table.Th scope="col">{t('catalogue.changed')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entry.history.map((proposal) => (
                <Table.Tr key={proposal.version}>
                  <Table.Th scope="row">v{proposal.version}</Table.Th>
                  <Table.Td>{proposal.decidedAt ? formatDay(proposal.decidedAt, language) : '—'}</Table.Td>
                  <Table.Td>{proposal.reason}</Table.Td>
                  <Table.Td>
                    {proposal.changedFields.length ? (
                      <Text size="sm">
                        {proposal.changedFields.map((field, index) => (
                          <span key={field}>
                            {index > 0 ? ', ' : ''}
                            <code>{field}</code>
                          </span>
                        ))}
                      </Text>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </section>
    </Stack>
  );
}

/** One database or information system of the city's catalogue, with its approved history. */
export function EntryPage() {
  const { t } = useTranslation('data');
  const { t: tc } = useTranslation();
  const { unitName } = useLanguage();
  const { entryId } = useParams({ from: '/du-lieu/danh-muc-csdl/$entryId' });
  const entry = useCatalogueEntry(entryId);
  usePageTitle(entry.data ? unitName(entry.data) : t('catalogue.title'));
  return (
    <Stack gap="lg">
      <DataAreaNav />
      <Stack gap="xs">
        <AnchorLink to="/du-lieu/danh-muc-csdl" search={{}} size="sm">
          ← {t('catalogue.back')}
        </AnchorLink>
        <Title order={1}>{entry.data ? unitName(entry.data) : t('catalogue.title')}</Title>
      </Stack>
      {entry.isPending ? (
        <Loading label={tc('loading')} />
      ) : entry.isError ? (
        <ProblemAlert error={entry.error} onRetry={() => void entry.refetch()} />
      ) : (
        <EntryDetail entry={entry.data} />
      )}
      <Anchor href="/api/data/catalogue.xlsx" size="sm" download>
        {t('catalogue.downloadXlsx')}
      </Anchor>
    </Stack>
  );
}
