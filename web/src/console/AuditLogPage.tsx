import {
  Alert,
  Anchor,
  Button,
  Code,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type ChangeEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import type { AuditEntry, AuditPage, AuditVerification } from '../lib/types.ts';
import { RequireOfficial } from '../shell/AccessGate.tsx';
import { Loading } from '../shell/Loading.tsx';
import { ButtonLink } from '../shell/links.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import type { AuditSearch } from './audit-search.ts';

const PAGE_SIZE = 50;
type Filters = Omit<AuditSearch, 'before'>;

function FilterForm({ current }: { current: Filters }) {
  const { t } = useTranslation('console');
  const navigate = useNavigate({ from: '/console/nhat-ky' });
  const [draft, setDraft] = useState<Filters>(current);
  useEffect(() => setDraft(current), [current]);
  const field = (name: keyof Filters) => ({
    value: draft[name] ?? '',
    onChange: (event: ChangeEvent<HTMLInputElement>) =>
      setDraft((previous) => ({ ...previous, [name]: event.currentTarget.value || undefined })),
  });
  return (
    <Paper
      component="form"
      withBorder
      p="md"
      aria-labelledby="audit-filters-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void navigate({ search: { ...draft } });
      }}
    >
      <Title order={2} size="h4" id="audit-filters-heading" mb="sm">
        {t('audit.filters')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        <TextInput type="date" label={t('audit.from')} {...field('from')} />
        <TextInput type="date" label={t('audit.to')} {...field('to')} />
        <TextInput
          label={t('audit.action')}
          description={t('audit.actionHint')}
          maxLength={100}
          {...field('action')}
        />
        <TextInput label={t('audit.actorId')} maxLength={100} {...field('actorId')} />
        <TextInput label={t('audit.agencyId')} maxLength={64} {...field('agencyId')} />
        <TextInput label={t('audit.objectType')} maxLength={100} {...field('objectType')} />
        <TextInput label={t('audit.objectId')} maxLength={200} {...field('objectId')} />
      </SimpleGrid>
      <Group mt="md" gap="xs">
        <Button type="submit">{t('audit.search')}</Button>
        <Button variant="default" onClick={() => void navigate({ search: {} })}>
          {t('audit.clear')}
        </Button>
      </Group>
    </Paper>
  );
}

function VerifyChain() {
  const { t } = useTranslation('console');
  const verify = useMutation({ mutationFn: () => api<AuditVerification>('/api/audit/verify') });
  const result = verify.data;
  return (
    <Stack gap="xs">
      <Group>
        <Button variant="outline" onClick={() => verify.mutate()} loading={verify.isPending}>
          {t('audit.verify')}
        </Button>
      </Group>
      <div aria-live="polite">
        {result ? (
          <Alert color={result.ok ? 'teal' : 'red'} variant="light" data-testid="audit-verify-result">
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {result.ok
                ? t('audit.verifyOk', { entries: result.entries, hash: result.headHash ?? '—' })
                : t('audit.verifyBroken', {
                    seq: result.brokenAt,
                    reason: result.reason ?? '',
                    entries: result.entries,
                  })}
            </Text>
          </Alert>
        ) : null}
        {verify.isError ? <ProblemAlert error={verify.error} /> : null}
      </div>
    </Stack>
  );
}

function EntryRow({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation('console');
  const { language } = useLanguage();
  const actorKinds: Record<string, string> = t('audit.actorKind', { returnObjects: true });
  return (
    <Table.Tr>
      <Table.Td>{entry.seq}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at, language)}</Table.Td>
      <Table.Td>
        {entry.actorLabel ?? entry.actorId ?? '—'}
        <Text size="xs" c="dimmed">
          {actorKinds[entry.actorKind] ?? entry.actorKind}
        </Text>
      </Table.Td>
      <Table.Td>{entry.agencyId ?? '—'}</Table.Td>
      <Table.Td>
        <Code>{entry.action}</Code>
      </Table.Td>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>
        {entry.objectType}
        {entry.objectId ? (
          <Text size="xs" c="dimmed">
            {entry.objectId}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        {Object.keys(entry.details).length > 0 ? (
          <details>
            <summary>{t('audit.showDetails', { seq: entry.seq })}</summary>
            <Code block>{JSON.stringify(entry.details, null, 2)}</Code>
          </details>
        ) : (
          '—'
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function AuditResults({ search }: { search: AuditSearch }) {
  const { t } = useTranslation('console');
  const { t: tc } = useTranslation();
  const page = useQuery({
    queryKey: ['audit', search],
    queryFn: ({ signal }) => api<AuditPage>('/api/audit', { query: { ...search, limit: PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
  });
  const { before, ...filters } = search;
  return (
    <section aria-labelledby="audit-results-heading">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h3" id="audit-results-heading">
          {t('audit.results')}
        </Title>
        <Anchor href={withQuery('/api/audit/export.csv', filters)} download>
          {t('audit.exportCsv')}
        </Anchor>
      </Group>
      {before ? <Text size="sm">{t('audit.pageFrom', { before })}</Text> : null}
      {page.isPending ? (
        <Loading label={tc('loading')} />
      ) : page.isError ? (
        <ProblemAlert error={page.error} onRetry={() => void page.refetch()} />
      ) : page.data.entries.length === 0 ? (
        <Text>{t('audit.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped withTableBorder aria-busy={page.isFetching} data-testid="audit-table">
            <Table.Caption>{t('audit.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('audit.seq')}</Table.Th>
                <Table.Th scope="col">{t('audit.at')}</Table.Th>
                <Table.Th scope="col">{t('audit.actor')}</Table.Th>
                <Table.Th scope="col">{t('audit.agency')}</Table.Th>
                <Table.Th scope="col">{t('audit.actionColumn')}</Table.Th>
                <Table.Th scope="col">{t('audit.object')}</Table.Th>
                <Table.Th scope="col">{t('audit.details')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.data.entries.map((entry) => (
                <EntryRow key={entry.seq} entry={entry} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group mt="sm" gap="xs">
        {before ? (
          <ButtonLink to="/console/nhat-ky" search={filters} variant="default">
            {t('audit.newest')}
          </ButtonLink>
        ) : null}
        {page.data?.nextBefore ? (
          <ButtonLink
            to="/console/nhat-ky"
            search={{ ...filters, before: page.data.nextBefore }}
            variant="default"
          >
            {t('audit.older')}
          </ButtonLink>
        ) : null}
      </Group>
    </section>
  );
}

/** The audit log for auditors and the city administrator: search, page back, export, verify. */
export function AuditLogPage() {
  const { t } = useTranslation('console');
  usePageTitle(t('audit.title'));
  const search = useSearch({ from: '/console/nhat-ky' });
  const { before: _before, ...filters } = search;
  const filterKey = JSON.stringify(filters);
  // The form resets its draft when the filters in the address change by value, not by identity.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by value
  const current = useMemo(() => filters, [filterKey]);
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{t('audit.heading')}</Title>
        <Text>{t('audit.lead')}</Text>
      </Stack>
      <RequireOfficial roles={['auditor', 'city_admin']}>
        {() => (
          <Stack gap="lg">
            <FilterForm current={current} />
            <VerifyChain />
            <AuditResults search={search} />
          </Stack>
        )}
      </RequireOfficial>
    </Stack>
  );
}
