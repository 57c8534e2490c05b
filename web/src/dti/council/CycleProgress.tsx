import { Alert, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { fill } from '../../lib/format.ts';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import type { Cycle } from '../api.ts';
import { useAppraisers, useProgress } from '../appraisal/queries.ts';
import { AssignCell } from './AssignCell.tsx';
import { CycleActions } from './CycleActions.tsx';
import { text } from './messages.ts';

/** One cycle: progress per unit (submission, items by state), appraisers, and the council's actions. */
export function CycleProgress({ cycle }: { cycle: Cycle }) {
  const { pick } = useLanguage();
  const progress = useProgress(cycle.id);
  const candidates = useAppraisers(true);
  const label = fill(pick(text.cycleOf), { code: cycle.frameworkCode, year: cycle.year });
  const units = progress.data ?? [];
  const sum = (f: (u: (typeof units)[number]) => number) => units.reduce((n, u) => n + f(u), 0);
  return (
    <Stack gap="sm" component="section" aria-labelledby="cycle-progress" data-testid="cycle-progress">
      <Title order={2} size="h3" id="cycle-progress">
        {fill(pick(text.progressTitle), { cycle: label })}
      </Title>
      {cycle.weightsArePlaceholders ? (
        <Alert color="gray" variant="light">
          {pick(text.placeholder)}
        </Alert>
      ) : null}
      {cycle.status !== 'open' ? (
        <AnchorLink to="/console/chi-so-cds/ket-qua/$cycleId" params={{ cycleId: cycle.id }} fw={600}>
          {pick(text.results)}
        </AnchorLink>
      ) : null}
      <CycleActions cycle={cycle} />
      {progress.isError ? (
        <ProblemAlert error={progress.error} onRetry={() => void progress.refetch()} />
      ) : candidates.isError ? (
        <ProblemAlert error={candidates.error} />
      ) : !progress.data || !candidates.data ? (
        <Loading label={pick(text.loading)} />
      ) : (
        <>
          <Text size="sm" data-testid="cycle-totals">
            {fill(pick(text.totals), {
              submitted: units.filter((u) => u.status === 'submitted').length,
              units: units.length,
              pending: sum((u) => u.items.submitted),
              clarification: sum((u) => u.items.clarification),
              unassigned: units.filter((u) => u.appraisers.length === 0).length,
            })}
          </Text>
          <Table.ScrollContainer minWidth={860}>
            <Table striped withTableBorder>
              <Table.Caption>{fill(pick(text.progressTitle), { cycle: label })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{pick(text.unit)}</Table.Th>
                  <Table.Th scope="col">{pick(text.submission)}</Table.Th>
                  <Table.Th scope="col">{pick(text.pending)}</Table.Th>
                  <Table.Th scope="col">{pick(text.waitingUnit)}</Table.Th>
                  <Table.Th scope="col">{pick(text.appraised)}</Table.Th>
                  <Table.Th scope="col">{pick(text.appraisers)}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {units.map((unit) => (
                  <Table.Tr key={unit.unitId} data-unit={unit.unitId}>
                    <Table.Th scope="row">{pick({ vi: unit.nameVi, en: unit.nameEn })}</Table.Th>
                    <Table.Td>
                      <Badge variant="light" color={unit.status === 'submitted' ? 'teal' : 'gray'} tt="none">
                        {pick(unit.status === 'submitted' ? text.submitted : text.draft)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{unit.items.submitted}</Table.Td>
                    <Table.Td>{unit.items.clarification}</Table.Td>
                    <Table.Td>{unit.items.accepted + unit.items.adjusted}</Table.Td>
                    <Table.Td>
                      <AssignCell
                        cycleId={cycle.id}
                        unit={unit}
                        candidates={candidates.data}
                        editable={cycle.status === 'open'}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}
