import { Alert, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { fill, formatDateTime } from '../../lib/format.ts';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { useCycles } from '../api.ts';
import { text } from './messages.ts';
import { useProgressOf } from './queries.ts';

/** `/console/chi-so-cds/tham-dinh`: submitted units with items waiting for this appraiser. */
export function QueuePage() {
  const { pick } = useLanguage();
  usePageTitle(pick(text.queueTitle));
  return (
    <Stack gap="md">
      <AnchorLink to="/console/chi-so-cds">{pick(text.hub)}</AnchorLink>
      <Title order={1}>{pick(text.queueTitle)}</Title>
      <Text>{pick(text.queueLead)}</Text>
      <RequireOfficial roles={['index_appraiser']}>{() => <Queue />}</RequireOfficial>
    </Stack>
  );
}

function Queue() {
  const { pick, language } = useLanguage();
  const cycles = useCycles();
  const open = (cycles.data ?? []).filter((cycle) => cycle.status === 'open');
  const progress = useProgressOf(open);
  if (cycles.isError) return <ProblemAlert error={cycles.error} onRetry={() => void cycles.refetch()} />;
  const failed = progress.find((p) => p.isError);
  if (failed) return <ProblemAlert error={failed.error} onRetry={() => void failed.refetch()} />;
  if (!cycles.data || progress.some((p) => p.isPending)) return <Loading label={pick(text.loading)} />;
  const rows = open.flatMap((cycle, i) =>
    (progress[i]?.data ?? [])
      .filter((unit) => unit.status === 'submitted' && unit.items.submitted > 0)
      .map((unit) => ({ cycle, unit })),
  );
  if (rows.length === 0)
    return (
      <Alert color="blue" variant="light">
        {pick(text.noQueue)}
      </Alert>
    );
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped withTableBorder data-testid="appraisal-queue">
        <Table.Caption>{pick(text.queueCaption)}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{pick(text.unit)}</Table.Th>
            <Table.Th scope="col">{pick(text.cycle)}</Table.Th>
            <Table.Th scope="col">{pick(text.submittedAt)}</Table.Th>
            <Table.Th scope="col">{pick(text.pending)}</Table.Th>
            <Table.Th scope="col">{pick(text.waitingUnit)}</Table.Th>
            <Table.Th scope="col">{pick(text.appraised)}</Table.Th>
            <Table.Th scope="col">{pick(text.assignment)}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ cycle, unit }) => {
            const name = pick({ vi: unit.nameVi, en: unit.nameEn });
            return (
              <Table.Tr key={`${cycle.id}/${unit.unitId}`} data-unit={unit.unitId}>
                <Table.Th scope="row">
                  <AnchorLink
                    to="/console/chi-so-cds/tham-dinh/$cycleId/$unitId"
                    params={{ cycleId: cycle.id, unitId: unit.unitId }}
                    fw={600}
                    aria-label={fill(pick(text.openUnit), { unit: name })}
                  >
                    {name}
                  </AnchorLink>
                </Table.Th>
                <Table.Td>
                  {fill(pick(text.cycleOf), { code: cycle.frameworkCode, year: cycle.year })}
                </Table.Td>
                <Table.Td>{unit.submittedAt ? formatDateTime(unit.submittedAt, language) : ''}</Table.Td>
                <Table.Td>{unit.items.submitted}</Table.Td>
                <Table.Td>{unit.items.clarification}</Table.Td>
                <Table.Td>{unit.items.accepted + unit.items.adjusted}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={unit.assignedToMe ? 'blue' : 'gray'} tt="none">
                    {pick(unit.assignedToMe ? text.assignedToMe : text.pool)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
