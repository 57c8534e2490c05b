import { Group, Progress, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format.ts';
import { AnchorLink } from '../../shell/links.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { AgencyLabel } from '../components/AgencyLabel.tsx';
import { ExampleBadge, SubmissionBadge, TaskStatusBadge } from '../components/badges.tsx';
import { useBilingual, usePeriodLabel } from '../format.ts';
import type { TaskSummary } from '../types.ts';

/** Tasks with their lead agency (and its successors when it ended), deadline, status and progress. */
export function TaskTable({
  tasks,
  caption,
  pillarName,
}: {
  tasks: TaskSummary[];
  caption: string;
  pillarName?: (code: string) => string;
}) {
  const { t } = useTranslation('plan');
  const { language } = useLanguage();
  const { title } = useBilingual();
  const periodLabel = usePeriodLabel();
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table striped withTableBorder verticalSpacing="sm" data-testid="tasks">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('tasks.code')}</Table.Th>
            <Table.Th scope="col">{t('tasks.task')}</Table.Th>
            <Table.Th scope="col">{t('tasks.leadAgency')}</Table.Th>
            <Table.Th scope="col">{t('tasks.deadline')}</Table.Th>
            <Table.Th scope="col">{t('tasks.status')}</Table.Th>
            <Table.Th scope="col">{t('tasks.progress')}</Table.Th>
            <Table.Th scope="col">{t('tasks.lastReport')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tasks.map((task) => (
            <Table.Tr key={task.id} data-task={task.code}>
              <Table.Td>{task.code}</Table.Td>
              <Table.Td>
                <Stack gap={4}>
                  <AnchorLink to="/ke-hoach/nhiem-vu/$taskId" params={{ taskId: task.id }} fw={600}>
                    {title(task)}
                  </AnchorLink>
                  <Group gap={4}>
                    {pillarName ? (
                      <Text size="xs" c="dimmed">
                        {pillarName(task.pillar)}
                      </Text>
                    ) : null}
                    {task.example ? <ExampleBadge /> : null}
                  </Group>
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  <AgencyLabel agency={task.leadAgency} />
                </Text>
              </Table.Td>
              <Table.Td>{formatDate(task.deadline, language)}</Table.Td>
              <Table.Td>
                <TaskStatusBadge status={task.status} />
              </Table.Td>
              <Table.Td miw={120}>
                <Text size="sm">{task.progress} %</Text>
                <Progress value={task.progress} size="sm" aria-hidden="true" />
              </Table.Td>
              <Table.Td>
                {task.lastReport ? (
                  <Stack gap={2}>
                    <Text size="sm">
                      {periodLabel(task.lastReport.period)}: {task.lastReport.progress} %
                    </Text>
                    <Group gap={4}>
                      <SubmissionBadge state={task.lastReport.state} />
                    </Group>
                  </Stack>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('tasks.noReport')}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
