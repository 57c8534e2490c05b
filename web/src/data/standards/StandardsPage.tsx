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
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { ItemStatusBadge, SensitivityBadge, VerificationBadge } from '../components/badges.tsx';
import { DataAreaNav } from '../components/DataAreaNav.tsx';
import { useStableValue } from '../components/use-stable-value.ts';
import { dictionaryPaths, useCodeLists, useItems, useSources } from '../queries.ts';
import type { StandardsSearch } from '../search.ts';
import { type ItemType, itemTypes, type Sensitivity, sensitivities } from '../types.ts';

function ItemFilters({ current }: { current: StandardsSearch }) {
  const { t } = useTranslation('data');
  const { unitName } = useLanguage();
  const sources = useSources();
  const navigate = useNavigate({ from: '/du-lieu/chuan-du-lieu' });
  const [draft, setDraft] = useState<StandardsSearch>(current);
  useEffect(() => setDraft(current), [current]);
  const set = (patch: Partial<StandardsSearch>) => setDraft((previous) => ({ ...previous, ...patch }));
  return (
    <Paper
      component="form"
      withBorder
      p="md"
      role="search"
      aria-labelledby="item-filters-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void navigate({ search: draft });
      }}
    >
      <Title order={2} size="h4" id="item-filters-heading" mb="sm">
        {t('standards.filters')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        <TextInput
          label={t('standards.search')}
          description={t('standards.searchHint')}
          maxLength={100}
          value={draft.q ?? ''}
          onChange={(event) => set({ q: event.currentTarget.value || undefined })}
        />
        <NativeSelect
          label={t('standards.sensitivity')}
          value={draft.sensitivity ?? ''}
          onChange={(event) =>
            set({ sensitivity: (event.currentTarget.value || undefined) as Sensitivity | undefined })
          }
          data={[
            { value: '', label: t('standards.any') },
            ...sensitivities.map((value) => ({ value, label: t(`sensitivity.${value}`) })),
          ]}
        />
        <NativeSelect
          label={t('standards.type')}
          value={draft.type ?? ''}
          onChange={(event) =>
            set({ type: (event.currentTarget.value || undefined) as ItemType | undefined })
          }
          data={[
            { value: '', label: t('standards.any') },
            ...itemTypes.map((value) => ({ value, label: t(`itemType.${value}`) })),
          ]}
        />
        <NativeSelect
          label={t('standards.source')}
          value={draft.source ?? ''}
          onChange={(event) => set({ source: event.currentTarget.value || undefined })}
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

function ItemTable({ search }: { search: StandardsSearch }) {
  const { t } = useTranslation('data');
  const { t: tc } = useTranslation();
  const { unitName } = useLanguage();
  const items = useItems(search);
  const sources = useSources();
  const sourceName = (code: string | null) => {
    if (!code) return t('standards.noSource');
    const source = sources.data?.find((candidate) => candidate.code === code);
    return source ? unitName(source) : code;
  };
  if (items.isPending) return <Loading label={tc('loading')} />;
  if (items.isError) return <ProblemAlert error={items.error} onRetry={() => void items.refetch()} />;
  return (
    <Stack gap="sm" aria-busy={items.isFetching}>
      <Text role="status" data-testid="item-count">
        {t('standards.count', { count: items.data.total })}
      </Text>
      {items.data.items.length === 0 ? (
        <Text>{t('standards.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={960}>
          <Table striped withTableBorder verticalSpacing="sm" data-testid="items">
            <Table.Caption>{t('standards.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('standards.code')}</Table.Th>
                <Table.Th scope="col">{t('standards.name')}</Table.Th>
                <Table.Th scope="col">{t('standards.type')}</Table.Th>
                <Table.Th scope="col">{t('standards.sensitivity')}</Table.Th>
                <Table.Th scope="col">{t('standards.verification')}</Table.Th>
                <Table.Th scope="col">{t('standards.source')}</Table.Th>
                <Table.Th scope="col">{t('standards.version')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.data.items.map((item) => (
                <Table.Tr key={item.code} data-item={item.code}>
                  <Table.Td>
                    <AnchorLink to="/du-lieu/chuan-du-lieu/$code" params={{ code: item.code }}>
                      <code>{item.code}</code>
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{unitName(item)}</Table.Td>
                  <Table.Td>
                    {t(`itemType.${item.type}`)}
                    {item.codeList ? (
                      <Text size="xs" c="dimmed">
                        {t('standards.codeListNamed', { code: item.codeList })}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <SensitivityBadge sensitivity={item.sensitivity} />
                  </Table.Td>
                  <Table.Td>
                    <VerificationBadge value={item.verificationClass} />
                  </Table.Td>
                  <Table.Td>{sourceName(item.source)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Text size="sm">v{item.version}</Text>
                      <ItemStatusBadge status={item.status} />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function CodeLists() {
  const { t } = useTranslation('data');
  const { t: tc } = useTranslation();
  const { unitName, pick } = useLanguage();
  const lists = useCodeLists();
  return (
    <section aria-labelledby="code-lists-heading">
      <Title order={2} size="h3" id="code-lists-heading" mb="xs">
        {t('standards.codeLists')}
      </Title>
      <Text mb="sm">{t('standards.codeListsLead')}</Text>
      {lists.isPending ? (
        <Loading label={tc('loading')} />
      ) : lists.isError ? (
        <ProblemAlert error={lists.error} onRetry={() => void lists.refetch()} />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped withTableBorder verticalSpacing="sm" data-testid="code-lists">
            <Table.Caption>{t('standards.codeListsCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('standards.code')}</Table.Th>
                <Table.Th scope="col">{t('standards.name')}</Table.Th>
                <Table.Th scope="col">{t('standards.codeListSource')}</Table.Th>
                <Table.Th scope="col">{t('standards.values')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lists.data.map((list) => (
                <Table.Tr key={list.code}>
                  <Table.Td>
                    <AnchorLink to="/du-lieu/chuan-du-lieu/bang-ma/$code" params={{ code: list.code }}>
                      <code>{list.code}</code>
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{unitName(list)}</Table.Td>
                  <Table.Td>{pick({ vi: list.sourceVi, en: list.sourceEn })}</Table.Td>
                  <Table.Td>{list.dynamic ? t('standards.dynamicList') : (list.valueCount ?? '—')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}

/** The city's data standards: the shared data-item dictionary, its code lists, JSON Schema and CSV. */
export function StandardsPage() {
  const { t } = useTranslation('data');
  usePageTitle(t('standards.title'));
  const search = useStableValue(useSearch({ from: '/du-lieu/chuan-du-lieu' }));
  return (
    <Stack gap="lg">
      <DataAreaNav />
      <Stack gap="xs">
        <Title order={1}>{t('standards.heading')}</Title>
        <Text maw={860}>{t('standards.lead')}</Text>
        <Group gap="md">
          <Anchor href={dictionaryPaths.schema} fw={600}>
            {t('standards.downloadSchema')}
          </Anchor>
          <Anchor href={dictionaryPaths.csv} fw={600} download>
            {t('standards.downloadCsv')}
          </Anchor>
        </Group>
      </Stack>
      <ItemFilters current={search} />
      <ItemTable search={search} />
      <CodeLists />
    </Stack>
  );
}
