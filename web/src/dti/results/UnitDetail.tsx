import { NativeSelect, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { fill } from '../../lib/format.ts';
import { Chart } from '../../plan/charts/Chart.tsx';
import type { ChartOption } from '../../plan/charts/types.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import type { Results, UnitResult } from '../api.ts';
import { INDEX_COLOUR, indexChartOption, mainIndexAxes } from './group-chart.ts';
import { text } from './messages.ts';
import { formatIndex, trendOf } from './ranking.ts';
import { useFrameworkHistory } from './trend.ts';

const RANK_COLOUR = '#9c36b5';

function Radar({ results, unit, name }: { results: Results; unit: UnitResult; name: string }) {
  const { pick, language } = useLanguage();
  const axes = useMemo(() => mainIndexAxes(results, unit, language), [results, unit, language]);
  const option = useMemo(() => indexChartOption(axes, name), [axes, name]);
  return (
    <Stack gap="xs">
      <Chart option={option} label={fill(pick(text.radarLabel), { name })} height={300} />
      <Table withTableBorder verticalSpacing={4} data-testid="dti-radar-table">
        <Table.Caption>{fill(pick(text.radarCaption), { name })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{pick(text.mainIndex)}</Table.Th>
            <Table.Th scope="col">{pick(text.group)}</Table.Th>
            <Table.Th scope="col" ta="end">
              {pick(text.index)}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {axes.map((axis) => (
            <Table.Tr key={axis.code}>
              <Table.Th scope="row" fw={400}>
                {axis.label}
              </Table.Th>
              <Table.Td>{axis.group}</Table.Td>
              <Table.Td ta="end">
                {typeof axis.value === 'number'
                  ? formatIndex(axis.value, language)
                  : pick(text.notApplicable)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function Trend({ results, unitId, name }: { results: Results; unitId: string; name: string }) {
  const { pick, language } = useLanguage();
  const history = useFrameworkHistory(results);
  const points = useMemo(() => trendOf(history.results, unitId), [history.results, unitId]);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [pick(text.index), pick(text.rank)], bottom: 0 },
      grid: { left: 48, right: 48, top: 40, bottom: 64 },
      xAxis: { type: 'category', data: points.map((point) => String(point.year)) },
      yAxis: [
        { type: 'value', min: 0, max: 1, name: pick(text.index) },
        { type: 'value', inverse: true, minInterval: 1, min: 1, name: pick(text.rank) },
      ],
      series: [
        {
          type: 'line',
          name: pick(text.index),
          data: points.map((point) => point.index),
          color: INDEX_COLOUR,
        },
        {
          type: 'line',
          name: pick(text.rank),
          yAxisIndex: 1,
          data: points.map((point) => point.rank),
          color: RANK_COLOUR,
          lineStyle: { type: 'dashed' },
        },
      ],
    }),
    [points, pick],
  );
  return (
    <Stack gap="xs">
      <Title order={3}>{pick(text.trendTitle)}</Title>
      {history.error ? <ProblemAlert error={history.error} /> : null}
      {points.length > 1 ? (
        <Chart option={option} label={fill(pick(text.trendLabel), { name })} height={260} />
      ) : history.isPending ? null : (
        <Text size="sm">{pick(text.trendNone)}</Text>
      )}
      <Table withTableBorder verticalSpacing={4} data-testid="dti-trend-table">
        <Table.Caption>{fill(pick(text.trendCaption), { name })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{pick(text.year)}</Table.Th>
            <Table.Th scope="col" ta="end">
              {pick(text.index)}
            </Table.Th>
            <Table.Th scope="col" ta="end">
              {pick(text.rank)}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {points.map((point) => (
            <Table.Tr key={point.cycleId}>
              <Table.Th scope="row" fw={400}>
                {point.year}
              </Table.Th>
              <Table.Td ta="end">
                {point.index === null ? pick(text.notAssessed) : formatIndex(point.index, language)}
              </Table.Td>
              <Table.Td ta="end">{point.rank ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** The chosen unit: its group indices as a radar (and a table), and its index and rank over the years. */
export function UnitDetail({
  results,
  unitId,
  onSelect,
}: {
  results: Results;
  unitId: string | null;
  onSelect: (unitId: string) => void;
}) {
  const { pick, language } = useLanguage();
  const unit = results.units.find((candidate) => candidate.unitId === unitId) ?? results.units[0];
  if (!unit) return null;
  const name = language === 'en' ? unit.unitNameEn : unit.unitNameVi;
  return (
    <Stack gap="sm" data-testid="dti-unit-detail">
      <Title order={2}>{fill(pick(text.unitTitle), { name })}</Title>
      <NativeSelect
        label={pick(text.chooseUnit)}
        value={unit.unitId}
        onChange={(event) => onSelect(event.currentTarget.value)}
        data={results.units.map((candidate) => ({
          value: candidate.unitId,
          label: language === 'en' ? candidate.unitNameEn : candidate.unitNameVi,
        }))}
        maw={420}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Radar results={results} unit={unit} name={name} />
        <Trend results={results} unitId={unit.unitId} name={name} />
      </SimpleGrid>
    </Stack>
  );
}
