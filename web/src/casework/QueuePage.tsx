import {
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { formatDate, hanoiToday } from '../lib/format.ts';
import type { OfficialPrincipal } from '../lib/types.ts';
import { useProcedures } from '../procedures/queries.ts';
import { RequireOfficial } from '../shell/AccessGate.tsx';
import { Loading } from '../shell/Loading.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { type QueueFilters, useQueue } from './api.ts';
import { DeadlineBadge } from './DeadlineBadge.tsx';
import { fill, stateLabels, text } from './messages.ts';

const blank = { state: '', procedureCode: '', overdue: false, q: '' };

function Filters({
  agencyId,
  onApply,
}: {
  agencyId: string | null;
  onApply: (filters: typeof blank) => void;
}) {
  const { pick, language } = useLanguage();
  const [draft, setDraft] = useState(blank);
  const procedures = useProcedures(agencyId ? { agencyId } : {});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...draft, q: draft.q.trim() });
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label={pick(text.filters)}>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NativeSelect
          label={pick(text.stateFilter)}
          value={draft.state}
          onChange={(event) => setDraft({ ...draft, state: event.currentTarget.value })}
          data={[
            { value: '', label: pick(text.openStates) },
            ...Object.entries(stateLabels).map(([value, label]) => ({ value, label: label[language] })),
          ]}
        />
        <NativeSelect
          label={pick(text.procedureFilter)}
          value={draft.procedureCode}
          onChange={(event) => setDraft({ ...draft, procedureCode: event.currentTarget.value })}
          data={[
            { value: '', label: pick(text.allProcedures) },
            ...(procedures.data?.items ?? []).map((p) => ({
              value: p.code,
              label: language === 'en' ? p.nameEn : p.nameVi,
            })),
          ]}
          style={{ maxWidth: 360 }}
        />
        <TextInput
          label={pick(text.search)}
          value={draft.q}
          maxLength={100}
          onChange={(event) => setDraft({ ...draft, q: event.currentTarget.value })}
          style={{ minWidth: 260 }}
        />
        <Checkbox
          label={pick(text.overdueOnly)}
          checked={draft.overdue}
          onChange={(event) => setDraft({ ...draft, overdue: event.currentTarget.checked })}
          mb={8}
        />
        <Button type="submit">{pick(text.apply)}</Button>
        <Button
          variant="subtle"
          onClick={() => {
            setDraft(blank);
            onApply(blank);
          }}
        >
          {pick(text.reset)}
        </Button>
      </Group>
    </Paper>
  );
}

function Queue({ principal }: { principal: OfficialPrincipal }) {
  const { pick, language } = useLanguage();
  const agencies = principal.memberships.filter((m) => m.role === 'case_officer');
  const [agencyId, setAgencyId] = useState<string | undefined>(undefined);
  const [filters, setFilters] = useState(blank);
  const query: QueueFilters = {
    agencyId,
    state: filters.state || undefined,
    procedureCode: filters.procedureCode || undefined,
    overdue: filters.overdue || undefined,
    q: filters.q || undefined,
  };
  const queue = useQueue(query);
  return (
    <Stack gap="md">
      {agencies.length > 1 ? (
        <NativeSelect
          label={pick(text.agency)}
          value={agencyId ?? queue.data?.agencyId ?? agencies[0]?.unitId ?? ''}
          onChange={(event) => setAgencyId(event.currentTarget.value)}
          data={agencies.map((m) => ({
            value: m.unitId,
            label: language === 'en' ? m.unitNameEn : m.unitNameVi,
          }))}
          maw={420}
        />
      ) : null}
      <Filters agencyId={queue.data?.agencyId ?? agencyId ?? null} onApply={setFilters} />
      {queue.isPending ? (
        <Loading label={pick(text.loading)} />
      ) : queue.isError ? (
        <ProblemAlert error={queue.error} onRetry={() => void queue.refetch()} />
      ) : (
        <>
          <Text role="status" size="sm">
            {fill(pick(text.count), { n: queue.data.items.length })}
          </Text>
          {queue.data.items.length === 0 ? (
            <Text>{pick(text.empty)}</Text>
          ) : (
            <Table.ScrollContainer minWidth={960}>
              <Table striped withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{pick(text.code)}</Table.Th>
                    <Table.Th scope="col">{pick(text.procedure)}</Table.Th>
                    <Table.Th scope="col">{pick(text.applicant)}</Table.Th>
                    <Table.Th scope="col">{pick(text.state)}</Table.Th>
                    <Table.Th scope="col">{pick(text.submittedAt)}</Table.Th>
                    <Table.Th scope="col">{pick(text.dueDate)}</Table.Th>
                    <Table.Th scope="col">{pick(text.deadline)}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {queue.data.items.map((item) => (
                    <Table.Tr key={item.id} data-deadline={item.deadline.colour}>
                      <Table.Td>
                        <AnchorLink to="/console/ho-so/$code" params={{ code: item.code }} fw={600}>
                          {item.code}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>{pick({ vi: item.procedureNameVi, en: item.procedureNameEn })}</Table.Td>
                      <Table.Td>
                        {item.applicantName}
                        {item.channel === 'counter' ? (
                          <Text size="xs" c="dimmed" component="span" display="block">
                            {pick(text.counter)}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color="blue" tt="none">
                          {pick({ vi: item.stateVi, en: item.stateEn })}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{formatDate(hanoiToday(new Date(item.submittedAt)), language)}</Table.Td>
                      <Table.Td>
                        {item.dueDate ? formatDate(item.dueDate, language) : pick(text.none)}
                      </Table.Td>
                      <Table.Td>
                        <DeadlineBadge deadline={item.deadline} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      )}
    </Stack>
  );
}

/** `/console/ho-so`: the case officer's queue for their agency, with deadlines and filters. */
export function QueuePage() {
  const { pick } = useLanguage();
  usePageTitle(pick(text.queueTitle));
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{pick(text.queueTitle)}</Title>
        <Text>{pick(text.queueLead)}</Text>
      </Stack>
      <RequireOfficial roles={['case_officer']}>
        {(principal) => <Queue principal={principal} />}
      </RequireOfficial>
    </Stack>
  );
}
