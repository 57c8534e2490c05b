import { statusChartColors } from '../charts/colors.ts';
import type { ChartOption } from '../charts/types.ts';
import { type PillarWithCounts, type TargetStatus, targetStatuses } from '../types.ts';

/** Targets by status in each pillar: one horizontal stacked bar per pillar. */
export function statusChartOption(
  pillars: PillarWithCounts[],
  names: { pillar: (pillar: PillarWithCounts) => string; status: (status: TargetStatus) => string },
): ChartOption {
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, textStyle: { color: '#212529' } },
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#343a40' } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: pillars.map(names.pillar),
      axisLabel: { color: '#212529', width: 160, overflow: 'break' },
    },
    series: targetStatuses.map((status) => ({
      type: 'bar' as const,
      name: names.status(status),
      stack: 'targets',
      itemStyle: { color: statusChartColors[status] },
      label: {
        show: true,
        color: '#fff',
        formatter: (p: { value: unknown }) => (p.value ? String(p.value) : ''),
      },
      data: pillars.map((pillar) => pillar.counts[status]),
    })),
  };
}
