import { Paper, Table, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../shell/use-language.ts';
import { Chart } from '../charts/Chart.tsx';
import { usePeriodLabel } from '../format.ts';
import { type PillarWithCounts, type StatusCounts, targetStatuses } from '../types.ts';
import { statusChartOption } from './status-chart.ts';

/**
 * Targets by status per pillar, as a chart and as the table that says the same in numbers. Each
 * pillar also tells how many targets the plan declares and how many the platform knows.
 */
export function PillarSummary({
  pillars,
  totals,
  period,
}: {
  pillars: PillarWithCounts[];
  totals?: StatusCounts;
  period: string;
}) {
  const { t } = useTranslation('plan');
  const { pick, unitName } = useLanguage();
  const periodLabel = usePeriodLabel();
  const option = useMemo(
    () =>
      statusChartOption(pillars, {
        pillar: (pillar) => unitName(pillar),
        status: (status) => t(`status.${status}`),
      }),
    [pillars, t, unitName],
  );
  const summary = t('pillars.chartLabel', {
    period: periodLabel(period),
    details: pillars
      .map(
        (pillar) =>
          `${unitName(pillar)}: ${targetStatuses.map((status) => `${t(`status.${status}`)} ${pillar.counts[status]}`).join(', ')}`,
      )
      .join('; '),
  });
  return (
    <section aria-labelledby="pillars-heading">
      <Title order={2} size="h3" id="pillars-heading" mb="xs">
        {t('pillars.heading', { period: periodLabel(period) })}
      </Title>
      <Paper withBorder p="md" mb="md">
        <Chart option={option} label={summary} height={Math.max(200, 70 * pillars.length + 60)} />
      </Paper>
      <Table.ScrollContainer minWidth={760}>
        <Table striped withTableBorder data-testid="pillar-table">
          <Table.Caption>{t('pillars.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('pillars.pillar')}</Table.Th>
              <Table.Th scope="col">{t('pillars.known')}</Table.Th>
              {targetStatuses.map((status) => (
                <Table.Th scope="col" key={status}>
                  {t(`status.${status}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {pillars.map((pillar) => (
              <Table.Tr key={pillar.code}>
                <Table.Th scope="row">
                  {unitName(pillar)}
                  {pillar.note ? (
                    <Text size="xs" c="dimmed" fw={400}>
                      {pick(pillar.note)}
                    </Text>
                  ) : null}
                </Table.Th>
                <Table.Td>
                  {pillar.declaredTargets === null
                    ? t('pillars.knownOnly', { known: pillar.knownTargets })
                    : t('pillars.knownOf', { known: pillar.knownTargets, declared: pillar.declaredTargets })}
                </Table.Td>
                {targetStatuses.map((status) => (
                  <Table.Td key={status}>{pillar.counts[status]}</Table.Td>
                ))}
              </Table.Tr>
            ))}
            {totals ? (
              <Table.Tr>
                <Table.Th scope="row">{t('pillars.total')}</Table.Th>
                <Table.Td>{pillars.reduce((sum, pillar) => sum + pillar.knownTargets, 0)}</Table.Td>
                {targetStatuses.map((status) => (
                  <Table.Td key={status} fw={700}>
                    {totals[status]}
                  </Table.Td>
                ))}
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </section>
  );
}
