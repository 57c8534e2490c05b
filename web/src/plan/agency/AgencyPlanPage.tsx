import { Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { ConfidenceBadge, ExampleBadge, SubmissionBadge } from '../components/badges.tsx';
import { useBilingual, usePeriodLabel } from '../format.ts';
import { PLAN_ID, useAgencyPage } from '../queries.ts';
import { TaskTable } from '../tasks/TaskTable.tsx';
import type { AgencyPage } from '../types.ts';

function Lineage({ page }: { page: AgencyPage }) {
  const { t } = useTranslation('plan');
  const { language, unitName } = useLanguage();
  const agency = page.agency;
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Text size="sm">
          {agency.validTo
            ? t('agency.validBetween', {
                from: formatDate(agency.validFrom, language),
                to: formatDate(agency.validTo, language),
              })
            : t('agency.validFrom', { from: formatDate(agency.validFrom, language) })}
        </Text>
        {agency.predecessors.length > 0 ? (
          <Text size="sm">
            {t('agency.predecessors')}:{' '}
            {agency.predecessors.map((predecessor, index) => (
              <span key={predecessor.id}>
                {index > 0 ? ', ' : ''}
                <AnchorLink to="/ke-hoach/co-quan/$agencyId" params={{ agencyId: predecessor.id }}>
                  {unitName(predecessor)}
                </AnchorLink>
              </span>
            ))}
          </Text>
        ) : null}
        {!agency.current ? (
          <Text size="sm" data-testid="successors">
            {t('agency.dutiesWent')}:{' '}
            {agency.successors.length === 0
              ? t('agency.noSuccessor')
              : agency.successors.map((successor, index) => (
                  <span key={successor.id}>
                    {index > 0 ? ', ' : ''}
                    <AnchorLink to="/ke-hoach/co-quan/$agencyId" params={{ agencyId: successor.id }}>
                      {unitName(successor)}
                    </AnchorLink>
                  </span>
                ))}
          </Text>
        ) : null}
        <AnchorLink to="/co-quan/$unitId" params={{ unitId: agency.id }} search={{}} size="sm">
          {t('agency.orgPage')}
        </AnchorLink>
      </Stack>
    </Paper>
  );
}

function Completion({ page }: { page: AgencyPage }) {
  const { t } = useTranslation('plan');
  const done = page.tasks.filter((task) => task.status === 'done').length;
  const average = page.tasks.length
    ? Math.round(page.tasks.reduce((sum, task) => sum + task.progress, 0) / page.tasks.length)
    : 0;
  const approved = page.cycles.filter((row) => row.state === 'approved').length;
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md" data-testid="agency-completion">
      <Paper withBorder p="md">
        <Text size="sm" fw={700}>
          {t('agency.tasksDone')}
        </Text>
        <Text size="xl" fw={700}>
          {t('agency.ofTotal', { count: done, total: page.tasks.length })}
        </Text>
        <Text size="sm">{t('agency.averageProgress', { value: average })}</Text>
      </Paper>
      <Paper withBorder p="md">
        <Text size="sm" fw={700}>
          {t('agency.overdue')}
        </Text>
        <Text size="xl" fw={700} c={page.overdueTasks > 0 ? 'red.9' : undefined}>
          {page.overdueTasks}
        </Text>
      </Paper>
      <Paper withBorder p="md">
        <Text size="sm" fw={700}>
          {t('agency.cyclesApproved')}
        </Text>
        <Text size="xl" fw={700}>
          {t('agency.ofTotal', { count: approved, total: page.cycles.length })}
        </Text>
      </Paper>
    </SimpleGrid>
  );
}

function Obligations({ page }: { page: AgencyPage }) {
  const { t } = useTranslation('plan');
  const { language } = useLanguage();
  const periodLabel = usePeriodLabel();
  if (page.cycles.length === 0) return <Text>{t('agency.noCycles')}</Text>;
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped withTableBorder data-testid="agency-cycles">
        <Table.Caption>{t('agency.cyclesCaption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('cycles.period')}</Table.Th>
            <Table.Th scope="col">{t('cycles.dueOn')}</Table.Th>
            <Table.Th scope="col">{t('agency.obligations')}</Table.Th>
            <Table.Th scope="col">{t('cycles.state')}</Table.Th>
            <Table.Th scope="col">{t('cycles.submittedAt')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {page.cycles.map((row) => (
            <Table.Tr key={row.cycle.id}>
              <Table.Td>
                <AnchorLink to="/ke-hoach/ky-bao-cao/$cycleId" params={{ cycleId: row.cycle.id }}>
                  {periodLabel(row.cycle.period)}
                </AnchorLink>{' '}
                {row.cycle.example ? <ExampleBadge /> : null}
              </Table.Td>
              <Table.Td>{formatDate(row.cycle.dueOn, language)}</Table.Td>
              <Table.Td>{row.obligations}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <SubmissionBadge state={row.state} late={row.late} />
                  {row.overdue ? (
                    <Text size="sm" c="red.9">
                      {t('cycles.overdue')}
                    </Text>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td>{row.submittedAt ? formatDateTime(row.submittedAt, language) : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function AgencyView({ agencyId }: { agencyId: string }) {
  const { t } = useTranslation('plan');
  const { t: tc } = useTranslation();
  const { unitName } = useLanguage();
  const { label } = useBilingual();
  const page = useAgencyPage(PLAN_ID, agencyId);
  usePageTitle(
    page.data ? t('agency.title', { agency: unitName(page.data.agency) }) : t('agency.titlePlain'),
  );
  if (page.isPending) return <Loading label={tc('loading')} />;
  if (page.isError) return <ProblemAlert error={page.error} onRetry={() => void page.refetch()} />;
  const data = page.data;
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{t('agency.title', { agency: unitName(data.agency) })}</Title>
        <Text>{t('agency.lead')}</Text>
      </Stack>
      <Lineage page={data} />
      <Completion page={data} />
      <section aria-labelledby="agency-cycles-heading">
        <Title order={2} size="h3" id="agency-cycles-heading" mb="xs">
          {t('agency.cyclesHeading')}
        </Title>
        <Obligations page={data} />
      </section>
      <section aria-labelledby="agency-targets-heading">
        <Title order={2} size="h3" id="agency-targets-heading" mb="xs">
          {t('agency.targetsHeading')}
        </Title>
        {data.targets.length === 0 ? (
          <Text>{t('agency.noTargets')}</Text>
        ) : (
          <List spacing={6}>
            {data.targets.map((target) => (
              <List.Item key={target.code}>
                <AnchorLink to="/ke-hoach/chi-tieu/$code" params={{ code: target.code }}>
                  {target.code} — {label(target)}
                </AnchorLink>{' '}
                <ConfidenceBadge confidence={target.confidence} label={target.confidenceLabel} />
              </List.Item>
            ))}
          </List>
        )}
      </section>
      <section aria-labelledby="agency-tasks-heading">
        <Title order={2} size="h3" id="agency-tasks-heading" mb="xs">
          {t('agency.tasksHeading')}
        </Title>
        {data.tasks.length === 0 ? (
          <Text>{t('agency.noTasks')}</Text>
        ) : (
          <TaskTable tasks={data.tasks} caption={t('agency.tasksCaption')} />
        )}
      </section>
    </Stack>
  );
}

/** An agency's part in the plan: obligations per cycle, its targets and tasks, what is overdue. */
export function AgencyPlanPage() {
  const { agencyId } = useParams({ from: '/ke-hoach/co-quan/$agencyId' });
  return <RequireOfficial>{() => <AgencyView agencyId={agencyId} />}</RequireOfficial>;
}
