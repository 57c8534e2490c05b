import type { z } from 'zod';
import type {
  completionSchema,
  cycleSchema,
  overviewSchema,
  targetDetailSchema,
  taskSummarySchema,
} from '../../plan.schema.ts';
import { EXAMPLE_LABEL, NO_TARGET_VALUE } from '../../plan.schema.ts';
import {
  both,
  confidenceColours,
  DEMO_LABEL,
  EXAMPLE_COLOUR,
  submissionStateLabels,
  targetStatusColours,
  targetStatusLabels,
  taskStatusLabels,
} from '../labels.ts';
import { formatNumber, type TargetChart } from './chart.ts';
import { PdfWriter } from './writer.ts';

/**
 * The report book of a cycle, in Vietnamese (English beside the headings): a cover that says
 * how example data and placeholder targets are labelled, the summary per pillar, one chart per
 * target with its confidence badge, the tasks with overdue ones highlighted, and the agencies'
 * completion. Approved data only, as the plan's overview rates it.
 */
export type ReportBookInput = {
  overview: z.infer<typeof overviewSchema>;
  cycle: z.infer<typeof cycleSchema>;
  targets: z.infer<typeof targetDetailSchema>[];
  tasks: z.infer<typeof taskSummarySchema>[];
  completion: z.infer<typeof completionSchema>;
  generatedAt: Date;
};

type TargetDetail = z.infer<typeof targetDetailSchema>;

const OVERDUE_FILL = '#ffe3e3';

/** Fractional year of an ISO date: 2025-10-01 → 2025.75. */
export function yearFraction(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const start = Date.UTC(year, 0, 1);
  const length = Date.UTC(year + 1, 0, 1) - start;
  return year + (Date.UTC(year, month - 1, day) - start) / length;
}

/** Hanoi wall-clock time of an instant, "dd/mm/yyyy hh:mm". */
export function hanoiTime(instant: Date): string {
  const local = new Date(instant.getTime() + 7 * 3600_000).toISOString();
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 16)}`;
}

/** End of a period as a date (periods end the day before the next one starts). */
const periodEndDate = (target: TargetDetail, period: string) =>
  target.expectedPath.find((p) => p.period === period)?.date ?? null;

export function chartOf(target: TargetDetail): TargetChart {
  const observed = target.series.map((point) => {
    const date = periodEndDate(target, point.period);
    return {
      at: date ? yearFraction(date) : periodAt(point.period),
      value: point.value,
      label: point.period,
      example: point.example,
    };
  });
  const expected = target.expectedPath.map((p) => ({ at: yearFraction(p.date), value: p.value }));
  const forecast: TargetChart['forecast'] = [];
  const last = observed[observed.length - 1];
  // A forecast is drawn forward from the latest value only (a milestone already past has none to draw).
  if (target.forecast && last && yearFraction(target.forecast.atDate) > last.at) {
    forecast.push({ at: last.at, value: last.value, low: last.value, high: last.value });
    forecast.push({
      at: yearFraction(target.forecast.atDate),
      value: target.forecast.projected,
      low: target.forecast.low,
      high: target.forecast.high,
    });
  }
  const next = target.milestones.find(
    (m) => m.value !== null && (!target.forecast || m.year === target.forecast.milestoneYear),
  );
  return {
    unit: target.unit,
    observed,
    expected,
    forecast,
    milestone: next
      ? { at: yearFraction(next.deadline), value: next.value!, label: String(next.year) }
      : null,
  };
}

/** Middle of the period's end for ids without a path point: 2025Q3 → 2025.75. */
function periodAt(period: string): number {
  const year = Number(period.slice(0, 4));
  const rest = period.slice(4);
  if (rest === '') return year + 1;
  if (rest.startsWith('S')) return year + Number(rest.slice(1)) * 0.5;
  if (rest.startsWith('Q')) return year + Number(rest.slice(1)) * 0.25;
  return year + Number(rest) / 12;
}

const value = (n: number | null | undefined, unit: string) =>
  n === null || n === undefined ? '—' : `${formatNumber(n)}${unit === '%' ? '%' : ` ${unit}`}`;

export async function renderReportBook(input: ReportBookInput): Promise<Buffer> {
  const { overview, cycle, completion } = input;
  const plan = overview.plan;
  const writer = new PdfWriter({
    title: `Sổ báo cáo ${plan.code} — kỳ ${cycle.period}`,
    subject: plan.titleVi,
    author: 'Nền tảng đô thị thông minh Hà Nội',
    createdAt: input.generatedAt,
    footer: `${plan.code} · Kỳ / Cycle ${cycle.period} · Lập lúc / Generated ${hanoiTime(input.generatedAt)}`,
  });

  // ——— Cover ———
  writer.doc.y = 150;
  writer.text('SỔ BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH', { size: 20, bold: true, align: 'center', gap: 4 });
  writer.text('Plan progress report book', { size: 13, align: 'center', colour: '#495057', gap: 24 });
  writer.text(`${plan.code}`, { size: 15, bold: true, align: 'center', gap: 4 });
  writer.text(plan.titleVi, { size: 13, align: 'center', gap: 2 });
  writer.text(plan.titleEn, { size: 10, align: 'center', colour: '#495057', gap: 24 });
  writer.text(`Kỳ báo cáo / Reporting cycle: ${cycle.period} (${cycle.periodStart} – ${cycle.periodEnd})`, {
    align: 'center',
  });
  writer.text(
    `Hạn nộp / Due: ${cycle.dueOn} · Trạng thái kỳ / Cycle status: ${cycle.status === 'open' ? 'đang mở / open' : 'đã đóng / closed'}`,
    { align: 'center' },
  );
  writer.text(`Kỳ đánh giá chỉ tiêu / Targets rated for: ${overview.period}`, { align: 'center' });
  writer.text(`Lập lúc / Generated at: ${hanoiTime(input.generatedAt)} (giờ Hà Nội / Hanoi time)`, {
    align: 'center',
    gap: 30,
  });
  writer.heading('Cách đọc sổ này / How to read this book', 3);
  writer.text(
    `• Chỉ dùng số liệu đã được phê duyệt. • Mỗi chỉ tiêu mang nhãn độ tin cậy: "${'Chính thức (đã xác nhận)'}" là giá trị đã đối chiếu văn bản Kế hoạch; các nhãn khác (tạm lấy từ văn bản khác, chỉ tiêu quốc gia, chưa rõ) là chỉ tiêu tạm, chưa chính thức. • Chỉ tiêu chưa có giá trị mục tiêu ghi rõ "${NO_TARGET_VALUE.vi}". • Số liệu và nhiệm vụ ví dụ được đánh dấu "${EXAMPLE_LABEL.vi}"; số liệu tính từ dữ liệu mô phỏng được đánh dấu "${DEMO_LABEL.vi}". Đây không phải số liệu thật.`,
    { size: 9.5 },
  );
  writer.text(
    `Approved data only. Every target carries its confidence badge; anything but "Official (confirmed)" is a placeholder target. Targets without a known value say "${NO_TARGET_VALUE.en}". Example data and tasks are labelled "${EXAMPLE_LABEL.en}", values computed from synthetic data "${DEMO_LABEL.en}": they are not real figures.`,
    { size: 8.5, colour: '#495057' },
  );
  const examples =
    input.targets.filter((t) => t.series.some((p) => p.example)).length +
    input.tasks.filter((t) => t.example).length;
  if (examples > 0 || cycle.example) {
    writer.badges([
      {
        text: `${both(EXAMPLE_LABEL)}: ${examples} chỉ tiêu/nhiệm vụ có số liệu ví dụ / items with example data`,
        colour: EXAMPLE_COLOUR,
      },
    ]);
  }

  // ——— Summary per pillar ———
  writer.newPage();
  writer.heading('1. Tổng hợp theo trụ cột / Summary by pillar', 1);
  const statusOrder = ['achieved', 'on_track', 'at_risk', 'off_track', 'no_data'] as const;
  writer.table(
    [
      { header: 'Trụ cột / Pillar', width: 34 },
      { header: 'Chỉ tiêu (biết/khai) / Targets (known/declared)', width: 14, align: 'right' },
      ...statusOrder.map((status) => ({
        header: both(targetStatusLabels[status]),
        width: 10,
        align: 'right' as const,
      })),
    ],
    [
      ...overview.pillars.map((pillar) => ({
        cells: [
          `${pillar.code}. ${pillar.nameVi}${pillar.note ? ` (${pillar.note.vi})` : ''}`,
          `${pillar.knownTargets}/${pillar.declaredTargets ?? '?'}`,
          ...statusOrder.map((status) => String(pillar.counts[status])),
        ],
      })),
      {
        cells: [
          'Tổng / Total',
          String(overview.targets.length),
          ...statusOrder.map((status) => String(overview.totals[status])),
        ],
        bold: true,
      },
    ],
  );

  // ——— Targets ———
  writer.heading('2. Chỉ tiêu / Targets', 1);
  const details = new Map(input.targets.map((t) => [t.code, t]));
  for (const pillar of overview.pillars) {
    const targets = overview.targets.filter((t) => t.pillar === pillar.code);
    if (targets.length === 0) continue;
    writer.heading(`Trụ cột ${pillar.code}: ${pillar.nameVi} / ${pillar.nameEn}`, 2);
    for (const summary of targets) {
      const detail = details.get(summary.code);
      writer.ensureSpace(230);
      writer.text(`${summary.code} — ${summary.labelVi}`, { size: 10.5, bold: true, gap: 0 });
      writer.text(summary.labelEn, { size: 8, colour: '#495057', gap: 3 });
      const hasExample = detail?.series.some((p) => p.example) ?? summary.latest?.example ?? false;
      const hasDemo = detail?.series.some((p) => p.demo) ?? summary.latest?.demo ?? false;
      writer.badges([
        {
          text: `Độ tin cậy: ${both(summary.confidenceLabel)}`,
          colour: confidenceColours[summary.confidence],
        },
        { text: both(targetStatusLabels[summary.status]), colour: targetStatusColours[summary.status] },
        ...(summary.override ? [{ text: 'Trạng thái điều chỉnh / Overridden', colour: '#5c940d' }] : []),
        ...(hasExample ? [{ text: both(EXAMPLE_LABEL), colour: EXAMPLE_COLOUR }] : []),
        ...(hasDemo ? [{ text: both(DEMO_LABEL), colour: EXAMPLE_COLOUR }] : []),
      ]);
      const milestones = summary.milestones
        .map((m) => `${m.year}: ${m.value === null ? both(NO_TARGET_VALUE) : value(m.value, summary.unit)}`)
        .join(' · ');
      const facts = [
        `Mục tiêu / Milestones: ${milestones || both(NO_TARGET_VALUE)}`,
        detail?.baseline
          ? `Cơ sở / Baseline ${detail.baseline.year}: ${value(detail.baseline.value, summary.unit)}`
          : null,
        `Giá trị mới nhất / Latest: ${summary.latest ? `${value(summary.latest.value, summary.unit)} (${summary.latest.period})` : 'Chưa có số liệu đã duyệt / No approved data'}`,
        `Kỳ vọng / Expected (${overview.period}): ${value(summary.expected, summary.unit)}`,
        detail?.forecast
          ? `Dự báo / Forecast ${detail.forecast.atPeriod}: ${value(detail.forecast.projected, summary.unit)}${detail.forecast.low !== null && detail.forecast.high !== null ? ` [80%: ${formatNumber(detail.forecast.low)} – ${formatNumber(detail.forecast.high)}]` : ''}`
          : null,
        summary.leadAgency ? `Chủ trì / Lead: ${summary.leadAgency.nameVi}` : null,
        summary.measuredBy ? `Đo tự động / Measured by: ${summary.measuredBy.source}` : null,
      ].filter((line): line is string => line !== null);
      writer.text(facts.join('   ·   '), { size: 8, gap: 3 });
      if (detail) writer.chart(chartOf(detail), 130);
      writer.doc.y += 4;
    }
  }

  // ——— Tasks ———
  writer.newPage();
  writer.heading('3. Nhiệm vụ / Tasks', 1);
  const overdue = input.tasks.filter((t) => t.overdue).length;
  writer.text(
    `${input.tasks.length} nhiệm vụ, ${overdue} quá hạn (tô đỏ nhạt). / ${input.tasks.length} tasks, ${overdue} overdue (shaded red).`,
    { size: 9, gap: 4 },
  );
  writer.table(
    [
      { header: 'Mã / Code', width: 9 },
      { header: 'Nhiệm vụ / Task', width: 40 },
      { header: 'Chủ trì / Lead', width: 20 },
      { header: 'Thời hạn / Deadline', width: 11 },
      { header: 'Trạng thái / Status', width: 13 },
      { header: 'Tiến độ / Progress', width: 8, align: 'right' },
    ],
    input.tasks.map((task) => ({
      cells: [
        task.code,
        `${task.titleVi}${task.example ? ` [${both(EXAMPLE_LABEL)}]` : ''}`,
        `${task.leadAgency.nameVi}${task.leadAgency.current ? '' : ` → ${task.leadAgency.successors.map((s) => s.nameVi).join(', ')}`}`,
        task.deadline,
        taskStatusLabels[task.status].vi,
        `${task.progress}%`,
      ],
      fill: task.overdue ? OVERDUE_FILL : null,
    })),
  );

  // ——— Agencies ———
  writer.heading('4. Tình hình nộp báo cáo của các đơn vị / Agency completion', 1);
  writer.table(
    [
      { header: 'Đơn vị / Agency', width: 34 },
      { header: 'Trạng thái / State', width: 14 },
      { header: 'Nộp lúc / Submitted', width: 16 },
      { header: 'Chỉ tiêu đã nhập / Values', width: 12, align: 'right' },
      { header: 'Nhiệm vụ đã báo cáo / Task reports', width: 12, align: 'right' },
      { header: 'Ghi chú / Notes', width: 14 },
    ],
    completion.rows.map((row) => ({
      cells: [
        `${row.agency.nameVi}${row.agency.current ? '' : ` → ${row.agency.successors.map((s) => s.nameVi).join(', ')}`}`,
        both(submissionStateLabels[row.state]),
        row.submittedAt ? hanoiTime(new Date(row.submittedAt)) : '—',
        `${row.counts.valuesEntered}/${row.counts.targets}`,
        `${row.counts.taskReportsEntered}/${row.counts.tasks}`,
        [row.late ? 'Nộp muộn / Late' : null, row.overdue ? 'Quá hạn / Overdue' : null]
          .filter(Boolean)
          .join('; '),
      ],
      fill: row.overdue ? OVERDUE_FILL : null,
    })),
  );
  return writer.finish();
}
