import { Alert, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { CITY_UNIT_ID } from '../../lib/session.ts';
import type { OfficialPrincipal } from '../../lib/types.ts';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { type Cycle, type CycleUnit, useCycles, useEntries, useFramework } from '../api.ts';
import { progress } from './logic.ts';
import { fill, text } from './messages.ts';

/** `/console/chi-so-cds/tu-danh-gia`: the open cycles the official's units self-assess in, with progress. */
export function AssessmentListPage() {
  const { pick } = useLanguage();
  usePageTitle(pick(text.listTitle));
  return (
    <Stack gap="md">
      <Title order={1}>{pick(text.listTitle)}</Title>
      <Text>{pick(text.listLead)}</Text>
      <RequireOfficial roles={['agency_reporter']}>
        {(principal) => <CycleList principal={principal} />}
      </RequireOfficial>
    </Stack>
  );
}

function CycleList({ principal }: { principal: OfficialPrincipal }) {
  const { pick } = useLanguage();
  const cycles = useCycles();
  if (cycles.isError) return <ProblemAlert error={cycles.error} onRetry={() => void cycles.refetch()} />;
  if (!cycles.data) return <Loading label={pick(text.loading)} />;
  const reporterOf = principal.memberships.filter((m) => m.role === 'agency_reporter');
  const cityWide = reporterOf.some((m) => m.unitId === CITY_UNIT_ID);
  const mine = (u: CycleUnit) => cityWide || reporterOf.some((m) => m.unitId === u.unitId);
  const rows = cycles.data
    .filter((c) => c.status === 'open')
    .flatMap((cycle) => cycle.units.filter(mine).map((unit) => ({ cycle, unit })));
  if (rows.length === 0)
    return (
      <Alert color="blue" variant="light">
        {pick(text.noCycles)}
      </Alert>
    );
  const nameOf = (unitId: string) => {
    const m = reporterOf.find((x) => x.unitId === unitId);
    return m ? pick({ vi: m.unitNameVi, en: m.unitNameEn }) : unitId;
  };
  return (
    <Table withTableBorder striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{pick(text.cycle)}</Table.Th>
          <Table.Th scope="col">{pick(text.unit)}</Table.Th>
          <Table.Th scope="col">{pick(text.progress)}</Table.Th>
          <Table.Th scope="col">{pick(text.status)}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(({ cycle, unit }) => (
          <Row key={`${cycle.id}/${unit.unitId}`} cycle={cycle} unit={unit} unitName={nameOf(unit.unitId)} />
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Row({ cycle, unit, unitName }: { cycle: Cycle; unit: CycleUnit; unitName: string }) {
  const { pick } = useLanguage();
  const framework = useFramework(cycle.frameworkId);
  const entries = useEntries(cycle.id, unit.unitId);
  const subs = framework.data?.tree.groups.flatMap((g) => g.indices.flatMap((m) => m.subIndices));
  const counts = subs && entries.data ? progress(subs, unit, entries.data) : null;
  return (
    <Table.Tr data-testid={`cycle-${cycle.id}-${unit.unitId}`}>
      <Table.Td>
        {fill(pick(text.yearOf), { code: cycle.frameworkCode, year: cycle.year })}
        {framework.data ? (
          <Text size="xs" c="dimmed">
            {pick({ vi: framework.data.titleVi, en: framework.data.titleEn })}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <AnchorLink
          to="/console/chi-so-cds/tu-danh-gia/$cycleId/$unitId"
          params={{ cycleId: cycle.id, unitId: unit.unitId }}
          aria-label={`${pick(text.openForm)}: ${unitName}, ${cycle.frameworkCode} ${cycle.year}`}
        >
          {unitName}
        </AnchorLink>
      </Table.Td>
      <Table.Td>
        {counts ? fill(pick(text.answered), { answered: counts.answered, total: counts.total }) : '…'}
      </Table.Td>
      <Table.Td>
        <Badge color={unit.status === 'submitted' ? 'blue' : 'gray'} variant="light" tt="none">
          {pick(unit.status === 'submitted' ? text.unitSubmitted : text.unitDraft)}
        </Badge>
        {counts && counts.clarification > 0 ? (
          <Badge color="red" variant="light" tt="none" ml={4}>
            {fill(pick(text.clarificationNotice), { n: counts.clarification })}
          </Badge>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}
