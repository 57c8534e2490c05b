import { Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { holdsRole } from '../../lib/session.ts';
import type { OfficialPrincipal } from '../../lib/types.ts';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { AgencyLabel } from '../components/AgencyLabel.tsx';
import { ExampleBadge, SubmissionBadge } from '../components/badges.tsx';
import { usePeriodLabel } from '../format.ts';
import { useIsPlanOwner } from '../owner.ts';
import { useCompletion } from '../queries.ts';
import type { CompletionRow } from '../types.ts';
import { CycleSettings } from './CycleSettings.tsx';

function Row({ row, cycleId, canOpen }: { row: CompletionRow; cycleId: string; canOpen: boolean }) {
  const { t } = useTranslation('plan');
  const { language } = useLanguage();
  return (
    <Table.Tr data-agency={row.agency.id}>
      <Table.Td>
        <AgencyLabel agency={row.agency} />
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          <SubmissionBadge state={row.state} late={row.late} />
          {row.overdue ? (
            <Text size="sm" c="red.9" fw={600}>
              {t('cycles.overdue')}
            </Text>
          ) : null}
        </Group>
      </Table.Td>
      <Table.Td>{row.submittedAt ? formatDateTime(row.submittedAt, language) : '—'}</Table.Td>
      <Table.Td>
        {t('agency.ofTotal', { count: row.counts.valuesEntered, total: row.counts.targets })}
      </Table.Td>
      <Table.Td>
        {t('agency.ofTotal', { count: row.counts.taskReportsEntered, total: row.counts.tasks })}
      </Table.Td>
      <Table.Td>
        {canOpen ? (
          <AnchorLink to="/console/bao-cao/$cycleId/$agencyId" params={{ cycleId, agencyId: row.agency.id }}>
            {t('cycles.openWorklist')}
          </AnchorLink>
        ) : (
          '—'
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function CompletionView({ cycleId, principal }: { cycleId: string; principal: OfficialPrincipal }) {
  const { t } = useTranslation('plan');
  const { t: tc } = useTranslation();
  const { language } = useLanguage();
  const periodLabel = usePeriodLabel();
  const completion = useCompletion(cycleId);
  const isOwner = useIsPlanOwner();
  usePageTitle(
    completion.data
      ? t('completion.title', { period: periodLabel(completion.data.cycle.period) })
      : t('cycles.title'),
  );
  if (completion.isPending) return <Loading label={tc('loading')} />;
  if (completion.isError)
    return <ProblemAlert error={completion.error} onRetry={() => void completion.refetch()} />;
  const { cycle, rows } = completion.data;
  const approved = rows.filter((row) => row.state === 'approved').length;
  const share = rows.length ? Math.round((approved / rows.length) * 100) : 0;
  const canOpen = (agencyId: string) =>
    isOwner || holdsRole(principal, ['agency_reporter', 'agency_reviewer'], agencyId);
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <AnchorLink to="/ke-hoach/ky-bao-cao" size="sm">
          ← {t('cycles.back')}
        </AnchorLink>
        <Title order={1}>{t('completion.title', { period: periodLabel(cycle.period) })}</Title>
        <Group gap="xs">
          <Text>
            {t('completion.due', { date: formatDate(cycle.dueOn, language) })} · {t(`cycles.${cycle.status}`)}
          </Text>
          {cycle.example ? <ExampleBadge /> : null}
        </Group>
      </Stack>
      <section aria-labelledby="completion-summary-heading">
        <Title order={2} size="h3" id="completion-summary-heading" mb="xs">
          {t('completion.summary')}
        </Title>
        <Text data-testid="completion-summary">
          {t('completion.approvedShare', { approved, total: rows.length, share })} ·{' '}
          {t('completion.counts', {
            submitted: cycle.counts.submitted,
            returned: cycle.counts.returned,
            draft: cycle.counts.draft,
            late: cycle.counts.late,
            overdue: rows.filter((row) => row.overdue).length,
          })}
        </Text>
        <Progress value={share} size="lg" mt="xs" aria-hidden="true" />
      </section>
      {isOwner ? <CycleSettings cycle={cycle} key={cycle.dueOn} /> : null}
      {rows.length === 0 ? (
        <Text>{t('completion.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped withTableBorder data-testid="completion">
            <Table.Caption>{t('completion.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('observations.agency')}</Table.Th>
                <Table.Th scope="col">{t('cycles.state')}</Table.Th>
                <Table.Th scope="col">{t('cycles.submittedAt')}</Table.Th>
                <Table.Th scope="col">{t('completion.values')}</Table.Th>
                <Table.Th scope="col">{t('completion.reports')}</Table.Th>
                <Table.Th scope="col">{t('completion.worklist')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Row key={row.agency.id} row={row} cycleId={cycle.id} canOpen={canOpen(row.agency.id)} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

/** One cycle's completion: each agency's submission state, lateness and how much it entered. */
export function CompletionPage() {
  const { cycleId } = useParams({ from: '/ke-hoach/ky-bao-cao/$cycleId' });
  return (
    <RequireOfficial>
      {(principal) => <CompletionView cycleId={cycleId} principal={principal} />}
    </RequireOfficial>
  );
}
