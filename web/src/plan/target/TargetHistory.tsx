import { List, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { AnchorLink } from '../../shell/links.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { StatusBadge } from '../components/badges.tsx';
import { ValueText } from '../components/Values.tsx';
import { useBilingual, usePeriodLabel } from '../format.ts';
import type { TargetDetail } from '../types.ts';

/** Milestone evaluations, status overrides with their notes, and the tasks that serve the target. */
export function TargetHistory({ target }: { target: TargetDetail }) {
  const { t } = useTranslation('plan');
  const { language } = useLanguage();
  const { title } = useBilingual();
  const periodLabel = usePeriodLabel();
  return (
    <Stack gap="lg">
      <section aria-labelledby="evaluations-heading">
        <Title order={2} size="h3" id="evaluations-heading" mb="xs">
          {t('target.evaluations')}
        </Title>
        {target.finalEvaluations.length === 0 ? (
          <Text>{t('noTargetValue')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={600}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('targets.milestones')}</Table.Th>
                  <Table.Th scope="col">{t('target.deadline')}</Table.Th>
                  <Table.Th scope="col">{t('target.valueAtDeadline')}</Table.Th>
                  <Table.Th scope="col">{t('target.evaluation')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {target.finalEvaluations.map((evaluation) => (
                  <Table.Tr key={evaluation.year}>
                    <Table.Td>
                      {evaluation.year}: <ValueText value={evaluation.milestone} unit={target.unit} />
                    </Table.Td>
                    <Table.Td>{formatDate(evaluation.deadline, language)}</Table.Td>
                    <Table.Td>
                      <ValueText value={evaluation.value} unit={target.unit} />
                    </Table.Td>
                    <Table.Td>
                      {t(`evaluation.${evaluation.evaluation}`)}
                      {evaluation.final ? '' : ` (${t('evaluation.provisional')})`}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>
      <section aria-labelledby="overrides-heading">
        <Title order={2} size="h3" id="overrides-heading" mb="xs">
          {t('target.overrides')}
        </Title>
        {target.overrides.length === 0 ? (
          <Text>{t('target.noOverrides')}</Text>
        ) : (
          <List spacing="xs" data-testid="overrides">
            {target.overrides.map((override) => (
              <List.Item key={`${override.period}:${override.at}`}>
                <Text size="sm">
                  {periodLabel(override.period)}: <StatusBadge status={override.status} />{' '}
                  {t('target.overrideOf')} <StatusBadge status={override.computedStatus} /> — {override.note}
                </Text>
                <Text size="xs" c="dimmed">
                  {override.by ?? '—'} · {formatDateTime(override.at, language)}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </section>
      <section aria-labelledby="tasks-heading">
        <Title order={2} size="h3" id="tasks-heading" mb="xs">
          {t('target.tasks')}
        </Title>
        {target.tasks.length === 0 ? (
          <Text>{t('target.noTasks')}</Text>
        ) : (
          <List spacing={4}>
            {target.tasks.map((task) => (
              <List.Item key={task.id}>
                <AnchorLink to="/ke-hoach/nhiem-vu/$taskId" params={{ taskId: task.id }}>
                  {task.code} — {title(task)}
                </AnchorLink>
              </List.Item>
            ))}
          </List>
        )}
      </section>
    </Stack>
  );
}
