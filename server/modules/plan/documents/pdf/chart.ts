import type PDFDocument from 'pdfkit';
import { KEEP_LETTERS_WHOLE, printable } from './fonts.ts';

/**
 * One target's chart, drawn with PDF vector commands: the observed series, the expected path
 * from the baseline to the milestone, the forecast with its prediction band when there is one,
 * and the milestone itself. Time runs on a fractional-year axis (2025.5 is mid-2025).
 */
export type ChartPoint = { at: number; value: number };

export type TargetChart = {
  unit: string;
  observed: (ChartPoint & { label: string; example?: boolean })[];
  expected: ChartPoint[];
  forecast: (ChartPoint & { low: number | null; high: number | null })[];
  milestone: (ChartPoint & { label: string }) | null;
};

export const chartColours = {
  observed: '#1c7ed6',
  expected: '#868e96',
  forecast: '#e8590c',
  band: '#ffd8a8',
  milestone: '#2b8a3e',
  grid: '#dee2e6',
  text: '#343a40',
};

type Doc = InstanceType<typeof PDFDocument>;

/** Round step sizes (1, 2, 2.5, 5 × 10^n) so that about `count` ticks cover [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max))) return [0, 1];
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    return niceTicks(min - pad, max + pad, count);
  }
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let tick = first; tick <= max + step * 0.5; tick += step) ticks.push(Number(tick.toPrecision(12)));
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return ticks;
}

export const formatNumber = (value: number) =>
  new Intl.NumberFormat('vi-VN', { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 2 }).format(value);

/** Draws the chart in the box; answers false (drawing only a note) when there is nothing to plot. */
export function drawTargetChart(
  doc: Doc,
  chart: TargetChart,
  box: { x: number; y: number; width: number; height: number },
): boolean {
  const values = [
    ...chart.observed.map((p) => p.value),
    ...chart.expected.map((p) => p.value),
    ...chart.forecast.flatMap((p) => [p.value, p.low ?? p.value, p.high ?? p.value]),
    ...(chart.milestone ? [chart.milestone.value] : []),
  ];
  const times = [
    ...chart.observed.map((p) => p.at),
    ...chart.expected.map((p) => p.at),
    ...chart.forecast.map((p) => p.at),
    ...(chart.milestone ? [chart.milestone.at] : []),
  ];
  doc.save();
  doc.lineWidth(0.5).strokeColor(chartColours.grid).rect(box.x, box.y, box.width, box.height).stroke();
  if (values.length === 0) {
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(chartColours.text)
      .text(
        printable('Chưa có số liệu để vẽ biểu đồ / Nothing to plot yet'),
        box.x,
        box.y + box.height / 2 - 5,
        { width: box.width, align: 'center', features: KEEP_LETTERS_WHOLE },
      );
    doc.restore();
    return false;
  }
  // The axis starts at zero for positive figures, so slopes are not exaggerated.
  const ticks = niceTicks(Math.min(0, ...values), Math.max(...values));
  const yMin = ticks[0]!;
  const yMax = ticks[ticks.length - 1]!;
  const firstYear = Math.floor(Math.min(...times));
  const lastYear = Math.ceil(Math.max(...times, firstYear + 1));
  const plot = { x: box.x + 42, y: box.y + 8, width: box.width - 52, height: box.height - 36 };
  const px = (at: number) => plot.x + ((at - firstYear) / (lastYear - firstYear)) * plot.width;
  const py = (value: number) => plot.y + plot.height - ((value - yMin) / (yMax - yMin || 1)) * plot.height;

  doc.font('regular').fontSize(6.5).fillColor(chartColours.text);
  for (const tick of ticks) {
    doc
      .strokeColor(chartColours.grid)
      .lineWidth(0.4)
      .moveTo(plot.x, py(tick))
      .lineTo(plot.x + plot.width, py(tick))
      .stroke();
    doc.text(formatNumber(tick), box.x + 2, py(tick) - 3.5, { width: 36, align: 'right', lineBreak: false });
  }
  const yearStep = Math.max(1, Math.ceil((lastYear - firstYear) / 8));
  for (let year = firstYear; year <= lastYear; year += yearStep) {
    doc
      .strokeColor(chartColours.grid)
      .moveTo(px(year), plot.y + plot.height)
      .lineTo(px(year), plot.y + plot.height + 3)
      .stroke();
    doc.text(String(year), px(year) - 15, plot.y + plot.height + 4, {
      width: 30,
      align: 'center',
      lineBreak: false,
    });
  }

  const band = chart.forecast.filter((p) => p.low !== null && p.high !== null);
  if (band.length >= 2) {
    doc.moveTo(px(band[0]!.at), py(band[0]!.high!));
    for (const p of band.slice(1)) doc.lineTo(px(p.at), py(p.high!));
    for (const p of [...band].reverse()) doc.lineTo(px(p.at), py(p.low!));
    doc.closePath().fillOpacity(0.6).fill(chartColours.band).fillOpacity(1);
  }
  const polyline = (points: ChartPoint[], colour: string, dash: number | null, width: number) => {
    if (points.length < 2) return;
    doc.lineWidth(width).strokeColor(colour);
    if (dash) doc.dash(dash, { space: dash });
    doc.moveTo(px(points[0]!.at), py(points[0]!.value));
    for (const p of points.slice(1)) doc.lineTo(px(p.at), py(p.value));
    doc.stroke().undash();
  };
  polyline(chart.expected, chartColours.expected, 3, 1);
  polyline(chart.forecast, chartColours.forecast, 1.5, 1);
  polyline(chart.observed, chartColours.observed, null, 1.5);
  for (const p of chart.observed) {
    doc.circle(px(p.at), py(p.value), 2).fill(p.example ? '#ffffff' : chartColours.observed);
    if (p.example) doc.lineWidth(0.8).circle(px(p.at), py(p.value), 2).stroke(chartColours.observed);
  }
  if (chart.milestone) {
    const { at, value } = chart.milestone;
    doc
      .save()
      .translate(px(at), py(value))
      .rotate(45)
      .rect(-3, -3, 6, 6)
      .fill(chartColours.milestone)
      .restore();
  }

  type LegendItem = [label: string, colour: string, kind: 'line' | 'dash' | 'band' | 'mark'];
  const legend: LegendItem[] = [
    ['Thực tế / Observed', chartColours.observed, 'line'],
    ['Lộ trình kỳ vọng / Expected path', chartColours.expected, 'dash'],
  ];
  if (chart.forecast.length) legend.push(['Dự báo / Forecast', chartColours.forecast, 'dash']);
  if (band.length >= 2) legend.push(['Khoảng dự báo 80% / 80% band', chartColours.band, 'band']);
  if (chart.milestone) legend.push(['Mục tiêu / Milestone', chartColours.milestone, 'mark']);
  let lx = plot.x;
  const ly = box.y + box.height - 9;
  for (const [label, colour, kind] of legend) {
    if (kind === 'band') doc.rect(lx, ly - 2, 10, 5).fill(colour);
    else if (kind === 'mark')
      doc
        .save()
        .translate(lx + 5, ly)
        .rotate(45)
        .rect(-2.5, -2.5, 5, 5)
        .fill(colour)
        .restore();
    else {
      doc.lineWidth(1.2).strokeColor(colour);
      if (kind === 'dash') doc.dash(2, { space: 2 });
      doc
        .moveTo(lx, ly)
        .lineTo(lx + 10, ly)
        .stroke()
        .undash();
    }
    const text = printable(label);
    doc
      .fillColor(chartColours.text)
      .fontSize(6.5)
      .text(text, lx + 13, ly - 3.5, { lineBreak: false, features: KEEP_LETTERS_WHOLE });
    lx += 13 + doc.widthOfString(text, { features: KEEP_LETTERS_WHOLE }) + 10;
  }
  doc.restore();
  return true;
}
