import { Badge, Button, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fill } from '../../lib/format.ts';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { dtiKeys, useCycles } from '../api.ts';
import { appraisalKeys } from '../appraisal/queries.ts';
import { CycleProgress } from './CycleProgress.tsx';
import { text } from './messages.ts';
import { OpenCycleForm } from './OpenCycleForm.tsx';

const statusColors = { open: 'blue', finalised: 'grape', published: 'teal' } as const;

/** `/console/chi-so-cds/ky-danh-gia`: the council's cycles (plan_owner stands in for the council). */
export function CouncilCyclesPage() {
  const { pick } = useLanguage();
  usePageTitle(pick(text.title));
  return (
    <Stack gap="md">
      <AnchorLink to="/console/chi-so-cds">{pick(text.hub)}</AnchorLink>
      <Title order={1}>{pick(text.title)}</Title>
      <Text>{pick(text.lead)}</Text>
      <RequireOfficial roles={['plan_owner']}>{() => <Cycles />}</RequireOfficial>
    </Stack>
  );
}

function Cycles() {
  const { pick } = useLanguage();
  const cycles = useCycles();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<string | null>(null);
  // Showing a cycle reads it afresh: units submit and appraisers decide meanwhile.
  const show = (cycleId: string) => {
    setSelected(cycleId);
    void queryClient.invalidateQueries({ queryKey: appraisalKeys.progress(cycleId) });
    void queryClient.invalidateQueries({ queryKey: dtiKeys.cycles });
  };
  const current = cycles.data?.find((c) => c.id === selected);
  return (
    <Stack gap="lg">
      <OpenCycleForm onOpened={(cycle) => setSelected(cycle.id)} />
      <Stack gap="sm" component="section" aria-labelledby="cycles-heading">
        <Title order={2} size="h3" id="cycles-heading">
          {pick(text.listTitle)}
        </Title>
        {cycles.isError ? (
          <ProblemAlert error={cycles.error} onRetry={() => void cycles.refetch()} />
        ) : !cycles.data ? (
          <Loading label={pick(text.loading)} />
        ) : cycles.data.length === 0 ? (
          <Text>{pick(text.none)}</Text>
        ) : (
          <Table striped withTableBorder data-testid="council-cycles">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{pick(text.listTitle)}</Table.Th>
                <Table.Th scope="col">{pick(text.status)}</Table.Th>
                <Table.Th scope="col">{pick(text.unitCount)}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cycles.data.map((cycle) => {
                const label = fill(pick(text.cycleOf), { code: cycle.frameworkCode, year: cycle.year });
                return (
                  <Table.Tr key={cycle.id} data-cycle={cycle.id}>
                    <Table.Th scope="row">
                      <Button
                        variant={cycle.id === selected ? 'light' : 'subtle'}
                        size="compact-sm"
                        onClick={() => show(cycle.id)}
                        aria-pressed={cycle.id === selected}
                        aria-label={fill(pick(text.show), { cycle: label })}
                      >
                        {label}
                      </Button>
                    </Table.Th>
                    <Table.Td>
                      <Badge variant="light" color={statusColors[cycle.status]} tt="none">
                        {pick(text.cycleStatus[cycle.status])}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{cycle.units.length}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {current ? <CycleProgress key={current.id} cycle={current} /> : null}
    </Stack>
  );
}
