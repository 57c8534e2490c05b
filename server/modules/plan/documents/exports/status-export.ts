import type { z } from 'zod';
import type { publicPerformanceSchema, taskSummarySchema } from '../../plan.schema.ts';
import { EXAMPLE_LABEL, NO_TARGET_VALUE } from '../../plan.schema.ts';
import { type CsvValue, toCsv } from '../csv.ts';
import {
  both,
  DEMO_LABEL,
  directionLabels,
  submissionStateLabels,
  targetStatusLabels,
  taskStatusLabels,
} from '../labels.ts';
import { addDataSheet, type Column, newWorkbook, toBuffer } from '../xlsx/workbook.ts';

/**
 * The plan's status for everyone: approved values only (what `publicPerformance` answers), every
 * target with its confidence badge and a note when no target value is known, example and demo
 * values flagged in their own columns. The same rows go to XLSX and CSV.
 */
export type PublicPerformance = z.infer<typeof publicPerformanceSchema>;
export type TaskSummary = z.infer<typeof taskSummarySchema>;

type Table = { columns: Column[]; rows: Record<string, CsvValue>[] };

const col = (key: string, vi: string, en: string, width = 14): Column => ({ key, header: { vi, en }, width });

const dataLabel = (flags: { example: boolean; demo: boolean }) =>
  [flags.example ? both(EXAMPLE_LABEL) : null, flags.demo ? both(DEMO_LABEL) : null]
    .filter(Boolean)
    .join('; ');

export function targetTable(performance: PublicPerformance): Table {
  const { plan } = performance;
  const years = [plan.horizonYear, ...(plan.orientationYear ? [plan.orientationYear] : [])];
  const columns = [
    col('pillar', 'Trụ cột', 'Pillar', 10),
    col('code', 'Mã chỉ tiêu', 'Target code', 10),
    col('label_vi', 'Chỉ tiêu', 'Target (Vietnamese)', 48),
    col('label_en', 'Chỉ tiêu (tiếng Anh)', 'Target (English)', 40),
    col('unit', 'Đơn vị tính', 'Unit', 10),
    col('direction', 'Chiều đánh giá', 'Direction', 22),
    col('confidence', 'Độ tin cậy (mã)', 'Confidence (code)', 14),
    col('confidence_label', 'Độ tin cậy', 'Confidence', 36),
    ...years.map((year) => col(`target_${year}`, `Mục tiêu ${year}`, `Target ${year}`, 12)),
    col('target_note', 'Ghi chú mục tiêu', 'Target note', 32),
    col('period', 'Kỳ đánh giá', 'Evaluated period', 10),
    col('status', 'Trạng thái (mã)', 'Status (code)', 12),
    col('status_label', 'Trạng thái', 'Status', 26),
    col('latest_period', 'Kỳ số liệu', 'Value period', 10),
    col('latest_value', 'Giá trị đã duyệt', 'Approved value', 14),
    col('latest_source', 'Nguồn giá trị', 'Value source', 12),
    col('provenance', 'Cách ghi nhận', 'Provenance', 12),
    col('measured_by', 'Đo tự động bởi', 'Measured by', 30),
    col('example', 'Ví dụ minh họa', 'Example', 10),
    col('demo', 'Dữ liệu mô phỏng', 'Demo', 10),
    col('data_label', 'Nhãn dữ liệu', 'Data label', 30),
  ];
  const rows = performance.targets.map((target) => {
    const milestone = (year: number) => target.milestones.find((m) => m.year === year);
    const unknown = target.milestones.length === 0 || target.milestones.some((m) => m.value === null);
    const flags = {
      example: target.latest?.example ?? false,
      demo: target.latest?.demo ?? target.measuredBy?.demo ?? false,
    };
    return {
      pillar: target.pillar,
      code: target.code,
      label_vi: target.labelVi,
      label_en: target.labelEn,
      unit: target.unit,
      direction: both(directionLabels[target.direction]),
      confidence: target.confidence,
      confidence_label: both(target.confidenceLabel),
      ...Object.fromEntries(years.map((year) => [`target_${year}`, milestone(year)?.value ?? null])),
      target_note: unknown ? both(NO_TARGET_VALUE) : '',
      period: performance.period,
      status: target.status,
      status_label: both(targetStatusLabels[target.status]),
      latest_period: target.latest?.period ?? '',
      latest_value: target.latest?.value ?? null,
      latest_source: target.latest?.source ?? '',
      provenance: target.latest?.provenanceKind ?? '',
      measured_by: target.measuredBy?.source ?? '',
      example: flags.example,
      demo: flags.demo,
      data_label: dataLabel(flags),
    };
  });
  return { columns, rows };
}

export function taskTable(tasks: TaskSummary[]): Table {
  const columns = [
    col('pillar', 'Trụ cột', 'Pillar', 10),
    col('code', 'Mã nhiệm vụ', 'Task code', 12),
    col('title_vi', 'Nhiệm vụ', 'Task (Vietnamese)', 48),
    col('title_en', 'Nhiệm vụ (tiếng Anh)', 'Task (English)', 40),
    col('lead_agency', 'Cơ quan chủ trì', 'Lead agency', 30),
    col('lead_agency_now', 'Trách nhiệm hiện nay', 'Responsibility now', 30),
    col('coordinating', 'Cơ quan phối hợp', 'Coordinating agencies', 30),
    col('start_on', 'Bắt đầu', 'Start', 12),
    col('deadline', 'Thời hạn', 'Deadline', 12),
    col('status', 'Trạng thái (mã)', 'Status (code)', 12),
    col('status_label', 'Trạng thái', 'Status', 24),
    col('overdue', 'Quá hạn', 'Overdue', 9),
    col('progress', 'Tiến độ (%)', 'Progress (%)', 10),
    col('last_report', 'Báo cáo đã duyệt gần nhất', 'Latest approved report', 20),
    col('targets', 'Chỉ tiêu liên quan', 'Linked targets', 16),
    col('example', 'Ví dụ minh họa', 'Example', 10),
    col('data_label', 'Nhãn dữ liệu', 'Data label', 30),
  ];
  const rows = tasks.map((task) => ({
    pillar: task.pillar,
    code: task.code,
    title_vi: task.titleVi,
    title_en: task.titleEn,
    lead_agency: task.leadAgency.nameVi,
    lead_agency_now: task.leadAgency.current
      ? ''
      : `→ ${task.leadAgency.successors.map((s) => s.nameVi).join(', ') || 'Đơn vị đã giải thể / Unit dissolved'}`,
    coordinating: task.coordinatingAgencies.map((a) => a.nameVi).join('; '),
    start_on: task.startOn,
    deadline: task.deadline,
    status: task.status,
    status_label: both(taskStatusLabels[task.status]),
    overdue: task.overdue,
    progress: task.progress,
    last_report:
      task.lastReport?.state === 'approved'
        ? `${task.lastReport.period}: ${task.lastReport.progress}% (${submissionStateLabels.approved.vi})`
        : '',
    targets: task.targetCodes.join(', '),
    example: task.example,
    data_label: dataLabel({ example: task.example, demo: false }),
  }));
  return { columns, rows };
}

export function tableCsv(table: Table): Buffer {
  return toCsv(
    table.columns.map((c) => c.key),
    table.rows.map((row) => table.columns.map((c) => row[c.key] ?? null)),
  );
}

export async function statusWorkbook(
  performance: PublicPerformance,
  tasks: TaskSummary[],
  generatedAt: Date,
): Promise<Buffer> {
  const workbook = newWorkbook(generatedAt);
  const notes = workbook.addWorksheet('Ghi chú (Notes)');
  notes.getColumn(1).width = 120;
  const hasExample = performance.targets.some((t) => t.latest?.example) || tasks.some((t) => t.example);
  [
    `${performance.plan.code} — ${performance.plan.titleVi}`,
    performance.plan.titleEn,
    `Kỳ đánh giá / Evaluated period: ${performance.period} · Lập lúc / Generated at: ${generatedAt.toISOString()}`,
    performance.notice.vi,
    performance.notice.en,
    hasExample
      ? 'Tệp có số liệu "Ví dụ minh họa" (cột Ví dụ minh họa = TRUE): không phải số liệu thật. / The file holds example data (Example = TRUE): not real figures.'
      : 'Không có số liệu ví dụ minh họa. / No example data.',
    `"${both(NO_TARGET_VALUE)}": chỉ tiêu chưa có giá trị mục tiêu được biết. / the target value is not known.`,
  ].forEach((line, i) => {
    notes.getRow(i + 1).getCell(1).value = line;
    if (i === 0) notes.getRow(1).getCell(1).font = { bold: true, size: 13 };
  });
  const targets = targetTable(performance);
  addDataSheet(workbook, 'Chỉ tiêu (Targets)', targets.columns, targets.rows, undefined, {
    plain: true,
  });
  const taskRows = taskTable(tasks);
  addDataSheet(workbook, 'Nhiệm vụ (Tasks)', taskRows.columns, taskRows.rows, undefined, {
    plain: true,
  });
  return toBuffer(workbook);
}
