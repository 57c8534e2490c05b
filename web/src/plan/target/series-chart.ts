import { seriesColors } from '../charts/colors.ts';
import type { ChartOption } from '../charts/types.ts';
import { parsePeriodId } from '../period.ts';
import type { TargetDetail } from '../types.ts';

export type SeriesNames = {
  observed: string;
  expected: string;
  forecast: string;
  band: string;
  milestone: (year: number) => string;
  format: (value: number) => string;
};

/**
 * The target's story on one time axis: approved values, the expected path from the baseline to
 * the milestone, the forecast line to the milestone's deadline with its 80% band, and the
 * milestones as horizontal lines. Values sit at the last day of their period.
 */
export function seriesChartOption(target: TargetDetail, names: SeriesNames): ChartOption {
  const observed = target.series
    .map((point) => [parsePeriodId(point.period)?.lastDay ?? point.period, point.value] as [string, number])
    .sort((a, b) => a[0].localeCompare(b[0]));
  const expected = target.expectedPath.map((point) => [point.date, point.value] as [string, number]);
  const last = observed.at(-1);
  const forecast = target.forecast;
  const series: NonNullable<ChartOption['series']> = [];

  // Ahead of the latest value the forecast fans out from it; at a deadline already behind the latest
  // value it is the fitted line's value there, drawn as a point with its interval.
  const ahead = Boolean(forecast && last && forecast.atDate > last[0]);
  if (forecast && last && forecast.low !== null && forecast.high !== null) {
    const bandStyle = {
      lineStyle: { opacity: 0 },
      itemStyle: { color: seriesColors.forecast },
      symbol: 'none',
    } as const;
    if (ahead) {
      // The band: an invisible lower edge, and its width stacked on it and filled.
      series.push(
        {
          type: 'line',
          name: names.band,
          stack: 'band',
          ...bandStyle,
          tooltip: { show: false },
          data: [last, [forecast.atDate, forecast.low]],
        },
        {
          type: 'line',
          name: names.band,
          stack: 'band',
          ...bandStyle,
          areaStyle: { color: seriesColors.band },
          tooltip: { show: false },
          data: [
            [last[0], 0],
            [forecast.atDate, forecast.high - forecast.low],
          ],
        },
      );
    } else {
      series.push({
        type: 'line',
        name: names.band,
        symbol: 'none',
        lineStyle: { color: seriesColors.forecast, width: 6, opacity: 0.35 },
        itemStyle: { color: seriesColors.forecast },
        tooltip: { show: false },
        data: [
          [forecast.atDate, forecast.low],
          [forecast.atDate, forecast.high],
        ],
      });
    }
  }
  series.push({
    type: 'line',
    name: names.expected,
    symbol: 'none',
    lineStyle: { type: 'dashed', color: seriesColors.expected, width: 2 },
    itemStyle: { color: seriesColors.expected },
    data: expected,
  });
  if (forecast && last) {
    series.push({
      type: 'line',
      name: names.forecast,
      symbol: 'diamond',
      symbolSize: 9,
      lineStyle: { type: 'dotted', color: seriesColors.forecast, width: 2 },
      itemStyle: { color: seriesColors.forecast },
      data: ahead ? [last, [forecast.atDate, forecast.projected]] : [[forecast.atDate, forecast.projected]],
    });
  }
  series.push({
    type: 'line',
    name: names.observed,
    symbol: 'circle',
    symbolSize: 8,
    lineStyle: { color: seriesColors.observed, width: 3 },
    itemStyle: { color: seriesColors.observed },
    data: observed,
    markLine: {
      silent: true,
      symbol: 'none',
      lineStyle: { color: seriesColors.milestone, type: 'solid' },
      label: { color: seriesColors.milestone, formatter: '{b}', position: 'insideEndTop' },
      data: target.milestones
        .filter((milestone) => milestone.value !== null)
        .map((milestone) => ({ name: names.milestone(milestone.year), yAxis: milestone.value as number })),
    },
  });

  return {
    animation: false,
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) => (typeof value === 'number' ? names.format(value) : '—'),
    },
    legend: {
      top: 0,
      textStyle: { color: '#212529' },
      data: [
        names.observed,
        names.expected,
        ...(forecast ? [names.forecast] : []),
        ...(forecast?.low != null ? [names.band] : []),
      ],
    },
    grid: { left: 8, right: 32, top: 48, bottom: 8, containLabel: true },
    xAxis: { type: 'time', axisLabel: { color: '#343a40', hideOverlap: true } },
    yAxis: { type: 'value', scale: true, axisLabel: { color: '#343a40' } },
    series,
  };
}
