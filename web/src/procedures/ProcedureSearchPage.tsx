import {
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { Loading } from '../shell/Loading.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { fill, text } from './messages.ts';
import { useProcedures } from './queries.ts';
import type { ProcedureSearch } from './search.ts';
import type { Procedure } from './types.ts';

const vnd = (amount: number, language: 'vi' | 'en') =>
  new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB').format(amount);

export function ProcedureFacts({ procedure }: { procedure: Procedure }) {
  const { pick, language } = useLanguage();
  return (
    <Group gap="xs" wrap="wrap">
      <Badge variant="light" color={procedure.onlineLevel === 'full' ? 'teal' : 'blue'}>
        {pick(text.onlineLevel)}: {pick(text[procedure.onlineLevel])}
      </Badge>
      <Badge variant="light" color="gray">
        {pick(text.processing)}: {fill(pick(text.days), { count: procedure.processingDays })}
      </Badge>
      <Badge variant="light" color="gray">
        {pick(text.fee)}: {procedure.feeVnd === 0 ? pick(text.free) : `${vnd(procedure.feeVnd, language)} đ`}
      </Badge>
      <Badge variant="light" color="gray">
        {pick(text.level)}: {pick(text.levels[procedure.agencyLevel])}
      </Badge>
    </Group>
  );
}

function Filters({
  current,
  fields,
}: {
  current: ProcedureSearch;
  fields: { vi: string; en: string; count: number }[];
}) {
  const { pick } = useLanguage();
  const navigate = useNavigate({ from: '/dich-vu-cong' });
  const [draft, setDraft] = useState<ProcedureSearch>(current);
  useEffect(() => setDraft(current), [current]);
  const agencyOptions = [
    { value: '', label: pick(text.anyAgency) },
    { value: 'so-y-te', label: pick({ vi: 'Sở Y tế', en: 'Department of Health' }) },
    { value: 'so-noi-vu', label: pick({ vi: 'Sở Nội vụ', en: 'Department of Home Affairs' }) },
    { value: 'so-xay-dung', label: pick({ vi: 'Sở Xây dựng', en: 'Department of Construction' }) },
    {
      value: 'comm-00070',
      label: pick({ vi: 'UBND phường Hoàn Kiếm', en: 'Hoàn Kiếm ward People’s Committee' }),
    },
  ];
  return (
    <Paper
      component="form"
      role="search"
      withBorder
      p="md"
      onSubmit={(event) => {
        event.preventDefault();
        void navigate({ search: draft });
      }}
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <TextInput
          label={pick(text.searchLabel)}
          maxLength={200}
          value={draft.q ?? ''}
          onChange={(event) => setDraft({ ...draft, q: event.currentTarget.value || undefined })}
        />
        <NativeSelect
          label={pick(text.fieldLabel)}
          value={draft.field ?? ''}
          onChange={(event) => setDraft({ ...draft, field: event.currentTarget.value || undefined })}
          data={[
            { value: '', label: pick(text.anyField) },
            ...fields.map((field) => ({ value: field.vi, label: `${pick(field)} (${field.count})` })),
          ]}
        />
        <NativeSelect
          label={pick(text.agencyLabel)}
          value={draft.agencyId ?? ''}
          onChange={(event) => setDraft({ ...draft, agencyId: event.currentTarget.value || undefined })}
          data={agencyOptions}
        />
      </SimpleGrid>
      <Group mt="md" gap="xs">
        <Button type="submit">{pick(text.search)}</Button>
        <Button variant="default" onClick={() => void navigate({ search: {} })}>
          {pick(text.clear)}
        </Button>
      </Group>
    </Paper>
  );
}

/** Citizens find a procedure by words, field (topic) and agency. */
export function ProcedureSearchPage() {
  const { pick } = useLanguage();
  usePageTitle(pick(text.searchTitle));
  const search = useSearch({ from: '/dich-vu-cong' });
  const procedures = useProcedures(search);
  const all = useProcedures({});
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{pick(text.searchTitle)}</Title>
        <Text maw={860}>{pick(text.searchLead)}</Text>
        <Group gap="md">
          <AnchorLink to="/tra-cuu-ho-so">{pick(text.statusLookup)}</AnchorLink>
          <AnchorLink to="/ho-so-cua-toi">{pick(text.myDossiers)}</AnchorLink>
        </Group>
      </Stack>
      <Filters current={search} fields={all.data?.fields ?? []} />
      <section aria-labelledby="procedure-results">
        <Title order={2} size="h3" id="procedure-results" mb="sm">
          {pick(text.results)}
        </Title>
        {procedures.isPending ? (
          <Loading label="…" />
        ) : procedures.isError ? (
          <ProblemAlert error={procedures.error} onRetry={() => void procedures.refetch()} />
        ) : (
          <Stack gap="sm" aria-busy={procedures.isFetching}>
            <Text role="status" data-testid="procedure-count">
              {fill(pick(text.count), { count: procedures.data.total })}
            </Text>
            {procedures.data.items.length === 0 ? <Text>{pick(text.none)}</Text> : null}
            <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {procedures.data.items.map((procedure) => (
                <Card component="li" withBorder key={procedure.code} data-procedure={procedure.code}>
                  <Stack gap={6}>
                    <AnchorLink to="/dich-vu-cong/$code" params={{ code: procedure.code }} fw={600}>
                      {pick({ vi: procedure.nameVi, en: procedure.nameEn })}
                    </AnchorLink>
                    <Text size="sm" c="dimmed">
                      {pick({ vi: procedure.fieldVi, en: procedure.fieldEn })}
                    </Text>
                    <ProcedureFacts procedure={procedure} />
                  </Stack>
                </Card>
              ))}
            </Stack>
          </Stack>
        )}
      </section>
    </Stack>
  );
}
