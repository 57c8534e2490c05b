import type { ChartOption } from '../../plan/charts/types.ts';

/**
 * A bar chart of one numeric column over the rows the preview shows (so it follows the preview's
 * filters and sort), each bar named by the label column, or by its row number.
 */
export function numericChartOption(input: {
  records: Record<string, unknown>[];
  valueField: string;
  labelField: string | null;
  rowLabel: (index: number) => string;
  formatValue: (value: number) => string;
}): ChartOption {
  const { records, valueField, labelField } = input;
  const categories = records.map((record, index) => {
    const label = labelField ? record[labelField] : null;
    return label === null || label === undefined || label === '' ? input.rowLabel(index + 1) : String(label);
  });
  const values = records.map((record) => {
    const value = record[valueField];
    return typeof value === 'number' ? value : value === null || value === undefined ? null : Number(value);
  });
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) => (typeof value === 'number' ? input.formatValue(value) : '—'),
    },
    xAxis: {
      type: 'category',
      data: categories,
      axisLabel: { color: '#343a40', rotate: 40, interval: 0, width: 120, overflow: 'truncate' },
    },
    yAxis: {
      type: 'value',
      axisLabel: { color: '#343a40', formatter: (value: number) => input.formatValue(value) },
    },
    series: [{ type: 'bar', name: valueField, data: values, itemStyle: { color: '#1864ab' } }],
  };
}
