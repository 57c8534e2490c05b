import { Group, List, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { AgencyLabel } from '../components/AgencyLabel.tsx';
import { ConfidenceBadge, ExampleBadge, SubmissionBadge, TaskStatusBadge } from '../components/badges.tsx';
import { EvidenceList } from '../components/EvidenceList.tsx';
import { useBilingual, usePeriodLabel } from '../format.ts';
import { useTask } from '../queries.ts';
import type { TaskDetail } from '../types.ts';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="sm" fw={700}>
        {label}
      </Text>
      <Text component="dd" m={0} size="sm">
        {children}
      </Text>
    </div>
  );
}

function Reports({ task }: { task: TaskDetail }) {
  const { t } = useTranslation('plan');
  const { language } = useLanguage();
  const periodLabel = usePeriodLabel();
  return (
    <section aria-labelledby="reports-heading">
      <Title order={2} size="h3" id="reports-heading" mb="xs">
        {t('task.reports')}
      </Title>
      {task.reports.length === 0 ? (
        <Text>{t('tasks.noReport')}</Text>
      ) : (
        <Stack gap="sm">
          {task.reports.map((report) => (
            <Paper withBorder p="md" key={`${report.period}:${report.agencyId}`}>
              <Group gap="xs" mb="xs">
                <Title order={3} size="h5">
                  {periodLabel(report.period)} — {report.progress} %
                </Title>
                <SubmissionBadge state={report.state} />
                {report.example ? <ExampleBadge /> : null}
              </Group>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {report.narrative}
              </Text>
              {report.blockers ? (
                <Text size="sm" mt="xs">
                  {t('task.blockers')}: {report.blockers}
                </Text>
              ) : null}
              <Text size="xs" c="dimmed" mt="xs">
                {t('task.updated', {
                  by: report.updatedBy ?? '—',
                  at: formatDateTime(report.updatedAt, language),
                })}
              </Text>
              <EvidenceList evidence={report.evidence} />
            </Paper>
          ))}
        </Stack>
      )}
    </section>
  );
}

function TaskView({ taskId }: { taskId: string }) {
  const { t } = useTranslation('plan');
  const { t: tc } = useTranslation();
  const { language } = useLanguage();
  const { title, label } = useBilingual();
  const task = useTask(taskId);
  usePageTitle(task.data ? `${task.data.code} — ${title(task.data)}` : t('task.title'));
  if (task.isPending) return <Loading label={tc('loading')} />;
  if (task.isError) return <ProblemAlert error={task.error} onRetry={() => void task.refetch()} />;
  const data = task.data;
  const deliverable = language === 'en' ? data.deliverableEn : data.deliverableVi;
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <AnchorLink to="/ke-hoach/nhiem-vu" size="sm">
          ← {t('task.back')}
        </AnchorLink>
        <Title order={1}>
          {data.code} — {title(data)}
        </Title>
        <Group gap="xs">
          <TaskStatusBadge status={data.status} />
          {data.example ? <ExampleBadge /> : null}
        </Group>
      </Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md">
          <Stack component="dl" gap="sm" m={0}>
            <Fact label={t('tasks.leadAgency')}>
              <AgencyLabel agency={data.leadAgency} />
            </Fact>
            <Fact label={t('task.coordinating')}>
              {data.coordinatingAgencies.length === 0
                ? '—'
                : data.coordinatingAgencies.map((agency, index) => (
                    <span key={agency.id}>
                      {index > 0 ? '; ' : ''}
                      <AgencyLabel agency={agency} />
                    </span>
                  ))}
            </Fact>
            <Fact label={t('task.period')}>
              {formatDate(data.startOn, language)} – {formatDate(data.deadline, language)}
            </Fact>
            <Fact label={t('task.deliverable')}>{deliverable ?? '—'}</Fact>
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Stack component="dl" gap="sm" m={0}>
            <Fact label={t('tasks.progress')}>
              {data.progress} %
              <Progress value={data.progress} size="sm" aria-hidden="true" mt={4} />
            </Fact>
            <Fact label={t('task.targets')}>
              {data.targets.length === 0 ? (
                '—'
              ) : (
                <List size="sm" spacing={4}>
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
            </Fact>
          </Stack>
        </Paper>
      </SimpleGrid>
      <Reports task={data} />
    </Stack>
  );
}

/** One task: its agencies (with successors), deadline, progress, linked targets and reports. */
export function TaskPage() {
  const { taskId } = useParams({ from: '/ke-hoach/nhiem-vu/$taskId' });
  return <RequireOfficial>{() => <TaskView taskId={taskId} />}</RequireOfficial>;
}
