import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

/**
 * The parts of ECharts the plan pages draw with, and only those: line and bar charts on the SVG
 * renderer (no eval, no inline scripts, crisp text). Loaded on demand by `Chart`, so pages
 * without a chart never download it.
 */
use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, SVGRenderer]);

export { init };
