import type { ChartOption } from '../../plan/charts/types.ts';
import type { Results, UnitResult } from '../api.ts';

export const INDEX_COLOUR = '#1864ab';

export type ChartAxis = { code: string; label: string; group: string; value: number | null };

/** A unit's main indices in framework order, each labelled with its code and name, and its group's code. */
export function mainIndexAxes(results: Results, unit: UnitResult, language: 'vi' | 'en'): ChartAxis[] {
  return results.mainIndices.map((main) => ({
    code: main.code,
    label: `${main.code}. ${language === 'en' ? main.nameEn : main.nameVi}`,
    group: main.groupCode,
    value: unit.mainIndices[main.code] ?? null,
  }));
}

/**
 * A unit's main indices as a radar (0–1 on every axis). Main indices that do not apply to the unit
 * (null) get no axis. A radar needs three axes: with fewer, bars say the same.
 */
export function indexChartOption(axes: ChartAxis[], name: string): ChartOption {
  const shown = axes.filter((axis) => typeof axis.value === 'number');
  const values = shown.map((axis) => axis.value as number);
  if (shown.length < 3)
    return {
      tooltip: {},
      grid: { left: 16, right: 24, top: 16, bottom: 32, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 1 },
      yAxis: { type: 'category', data: shown.map((axis) => axis.label), inverse: true },
      series: [{ type: 'bar', name, data: values, itemStyle: { color: INDEX_COLOUR }, barMaxWidth: 40 }],
    };
  return {
    tooltip: {},
    radar: { indicator: shown.map((axis) => ({ name: axis.label, max: 1, min: 0 })), radius: '62%' },
    series: [
      {
        type: 'radar',
        name,
        data: [{ name, value: values }],
        areaStyle: { opacity: 0.25 },
        lineStyle: { color: INDEX_COLOUR },
        itemStyle: { color: INDEX_COLOUR },
      },
    ],
  };
}
