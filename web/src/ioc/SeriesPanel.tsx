import { Paper, SegmentedControl, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { fill, formatDateTime, formatNumber } from '../lib/format.ts';
import { Chart } from '../plan/charts/Chart.tsx';
import type { ChartOption } from '../plan/charts/types.ts';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { type Indicator, useSeries } from './api.ts';
import { text } from './messages.ts';

export type SeriesScope = { entityId: string; label: string } | { unitId: string; label: string };

/** One indicator over time for the chosen device or ward: a line chart and the same numbers as a table. */
export function SeriesPanel({
  indicator,
  scope,
}: {
  indicator: Indicator | null;
  scope: SeriesScope | null;
}) {
  const { pick, language } = useLanguage();
  const [hours, setHours] = useState('24');
  const query = scope
    ? 'entityId' in scope
      ? { entityId: scope.entityId }
      : { unitId: scope.unitId }
    : null;
  const series = useSeries(indicator?.key ?? '', query, Number(hours));
  const points = series.data?.points ?? [];
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [pick(text.avg), pick(text.min), pick(text.max)] },
      grid: { left: 48, right: 16, top: 32, bottom: 32 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: indicator?.unit },
      series: (['avg', 'min', 'max'] as const).map((key) => ({
        type: 'line',
        name: pick(text[key]),
        showSymbol: false,
        lineStyle: key === 'avg' ? { width: 2 } : { width: 1, type: 'dashed' },
        data: points.map((point) => [point.at, Number(point[key].toFixed(3))]),
      })),
    }),
    [points, pick, indicator],
  );
  const title = scope
    ? fill(pick('entityId' in scope ? text.seriesOfDevice : text.seriesOfWard), {
        id: scope.label,
        name: scope.label,
      })
    : pick(text.seriesTitle);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="ioc-series">
      <Title order={2} size="h4" id="ioc-series" mb="xs">
        {title}
        {indicator ? ` — ${pick(indicator.label)} (${indicator.unit})` : ''}
      </Title>
      {!scope || !indicator ? <Text size="sm">{pick(text.seriesPick)}</Text> : null}
      {scope && indicator ? (
        <>
          <SegmentedControl
            size="xs"
            aria-label={pick(text.hours)}
            value={hours}
            onChange={setHours}
            data={['6', '24', '168'].map((n) => ({ value: n, label: fill(pick(text.hoursValue), { n }) }))}
          />
          {series.isError ? (
            <ProblemAlert error={series.error} onRetry={() => void series.refetch()} />
          ) : null}
          {series.data && points.length === 0 ? <Text size="sm">{pick(text.noPoints)}</Text> : null}
          {points.length > 0 ? (
            <>
              <Chart option={option} label={title} height={260} />
              <details>
                <summary>
                  <Text span size="sm">
                    {pick(text.time)} · {pick(text.avg)} · {pick(text.min)} · {pick(text.max)}
                  </Text>
                </summary>
                <Table striped withTableBorder fz="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{pick(text.time)}</Table.Th>
                      <Table.Th>{pick(text.avg)}</Table.Th>
                      <Table.Th>{pick(text.min)}</Table.Th>
                      <Table.Th>{pick(text.max)}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {points.map((point) => (
                      <Table.Tr key={point.at}>
                        <Table.Td>{formatDateTime(point.at, language)}</Table.Td>
                        <Table.Td>{formatNumber(Number(point.avg.toFixed(3)), language)}</Table.Td>
                        <Table.Td>{formatNumber(Number(point.min.toFixed(3)), language)}</Table.Td>
                        <Table.Td>{formatNumber(Number(point.max.toFixed(3)), language)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </details>
            </>
          ) : null}
        </>
      ) : null}
    </Paper>
  );
}
