import { BarChart, LineChart, RadarChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  TooltipComponent,
} from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

/**
 * The parts of ECharts the plan pages draw with, and only those: line and bar charts on the SVG
 * renderer (no eval, no inline scripts, crisp text). Loaded on demand by `Chart`, so pages
 * without a chart never download it.
 */
// Radar: the index results (web/src/dti/results) draw a unit's group indices.
use([
  LineChart,
  BarChart,
  RadarChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkLineComponent,
  RadarComponent,
  SVGRenderer,
]);

export { init };
