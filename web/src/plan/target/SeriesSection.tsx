import { Paper, Table, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../shell/use-language.ts';
import { Chart } from '../charts/Chart.tsx';
import { StatusBadge } from '../components/badges.tsx';
import { ValueText } from '../components/Values.tsx';
import { formatValue, usePeriodLabel } from '../format.ts';
import type { TargetDetail } from '../types.ts';
import { seriesChartOption } from './series-chart.ts';

/** The series chart, and the same periods as a table: expected, observed and the status of each. */
export function SeriesSection({ target }: { target: TargetDetail }) {
  const { t } = useTranslation('plan');
  const { language } = useLanguage();
  const periodLabel = usePeriodLabel();
  const option = useMemo(
    () =>
      seriesChartOption(target, {
        observed: t('chart.observed'),
        expected: t('chart.expected'),
        forecast: t('chart.forecast'),
        band: t('chart.band'),
        milestone: (year) => t('chart.milestone', { year }),
        format: (value) => formatValue(value, target.unit, language),
      }),
    [target, language, t],
  );
  const chartLabel = t('chart.label', {
    code: target.code,
    count: target.series.length,
    latest: target.latest ? formatValue(target.latest.value, target.unit, language) : t('noData'),
  });
  return (
    <section aria-labelledby="series-heading">
      <Title order={2} size="h3" id="series-heading" mb="xs">
        {t('target.seriesHeading')}
      </Title>
      <Paper withBorder p="md" mb="md">
        <Chart option={option} label={chartLabel} height={360} />
      </Paper>
      {target.statusByPeriod.length === 0 ? null : (
        <Table.ScrollContainer minWidth={600}>
          <Table striped withTableBorder data-testid="status-by-period">
            <Table.Caption>{t('target.byPeriodCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('target.period')}</Table.Th>
                <Table.Th scope="col">{t('chart.expected')}</Table.Th>
                <Table.Th scope="col">{t('chart.observed')}</Table.Th>
                <Table.Th scope="col">{t('targets.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {target.statusByPeriod.map((row) => (
                <Table.Tr key={row.period}>
                  <Table.Th scope="row">{periodLabel(row.period)}</Table.Th>
                  <Table.Td>
                    <ValueText value={row.expected} unit={target.unit} />
                  </Table.Td>
                  <Table.Td>
                    <ValueText value={row.observed} unit={target.unit} />
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={row.status} overridden={row.overridden} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}
