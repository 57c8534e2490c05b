import type { TargetStatus } from '../types.ts';

/** Chart colours, the same hues as the status badges (Mantine's palettes, darker shades). */
export const statusChartColors: Record<TargetStatus, string> = {
  achieved: '#087f5b',
  on_track: '#1971c2',
  at_risk: '#9c36b5',
  off_track: '#c92a2a',
  no_data: '#868e96',
};

export const seriesColors = {
  observed: '#1864ab',
  expected: '#495057',
  forecast: '#9c36b5',
  band: 'rgba(156, 54, 181, 0.18)',
  milestone: '#c92a2a',
};
