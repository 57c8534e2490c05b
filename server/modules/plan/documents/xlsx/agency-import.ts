import type ExcelJS from 'exceljs';
import type { Bilingual } from '../../../../platform/errors.ts';
import { foldVietnamese } from '../../../../platform/text.ts';
import type { TaskStatus } from '../../plan.schema.ts';
import { taskStatusLabels } from '../labels.ts';
import {
  AGENCY_TEMPLATE_KIND,
  AGENCY_TEMPLATE_VERSION,
  reportableTaskStatuses,
  TARGETS_SHEET,
  TASKS_SHEET,
  targetColumns,
  taskColumns,
} from './agency-columns.ts';
import type { TemplateTarget, TemplateTask } from './agency-template.ts';
import { columnName, type ReportBuilder } from './import-report.ts';
import { readSheet, type SheetRow } from './read-sheet.ts';
import { type Column, cellNumber, cellText, readMetadata } from './workbook.ts';

/**
 * Checks a filled agency template against the cycle's obligations, row by row, without saving
 * anything: what it answers is the list of writes to make when, and only when, nothing is wrong.
 */
export type AgencyImportContext = {
  planId: string;
  cycleId: string;
  agencyId: string;
  period: string;
  targets: TemplateTarget[];
  tasks: (TemplateTask & { taskId: string })[];
  /** Why nothing may be saved now (submitted, approved, cycle closed), if so. */
  locked: Bilingual | null;
};

export type PlannedValue = {
  code: string;
  row: number;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  comment: string | null;
};

export type PlannedTaskReport = {
  taskId: string;
  code: string;
  row: number;
  progress: number;
  narrative: string;
  blockers: string | null;
  status: TaskStatus | null;
};

export type AgencyImportPlan = {
  values: PlannedValue[];
  taskReports: PlannedTaskReport[];
  unchanged: number;
};

const column = (columns: Column[], key: string) => columnName(columns.find((c) => c.key === key)!.header);
const sameText = (a: string | null, b: string | null) =>
  (a ?? '').replace(/\s+/g, ' ').trim() === (b ?? '').replace(/\s+/g, ' ').trim();
const sameNumber = (a: number | null, b: number | null) =>
  a === null ? b === null : b !== null && Math.abs(a - b) < 1e-9;

export function checkMetadata(
  workbook: ExcelJS.Workbook,
  expected: {
    kind: string;
    version: string;
    fields: Record<string, { value: string; vi: string; en: string }>;
  },
  report: ReportBuilder,
): boolean {
  const meta = readMetadata(workbook);
  if (!meta || meta.kind !== expected.kind) {
    report.file({
      vi: 'Tệp không phải mẫu tải từ nền tảng cho thao tác này. Hãy tải mẫu rồi điền vào đó.',
      en: 'This file is not a template downloaded from the platform for this action. Download the template and fill that in.',
    });
    return false;
  }
  if (meta.templateVersion !== expected.version) {
    report.file({
      vi: `Mẫu phiên bản ${meta.templateVersion ?? '?'} đã cũ (hiện là ${expected.version}). Hãy tải mẫu mới.`,
      en: `Template version ${meta.templateVersion ?? '?'} is out of date (now ${expected.version}). Download a fresh template.`,
    });
    return false;
  }
  let ok = true;
  for (const [key, field] of Object.entries(expected.fields)) {
    if (meta[key] !== field.value) {
      report.file({
        vi: `${field.vi}: tệp ghi "${meta[key] ?? ''}", nhưng đang tải lên cho "${field.value}".`,
        en: `${field.en}: the file says "${meta[key] ?? ''}", but it is being uploaded for "${field.value}".`,
      });
      ok = false;
    }
  }
  return ok;
}

export function checkAgencyWorkbook(
  workbook: ExcelJS.Workbook,
  context: AgencyImportContext,
  report: ReportBuilder,
): AgencyImportPlan {
  const plan: AgencyImportPlan = { values: [], taskReports: [], unchanged: 0 };
  const matches = checkMetadata(
    workbook,
    {
      kind: AGENCY_TEMPLATE_KIND,
      version: AGENCY_TEMPLATE_VERSION,
      fields: {
        cycleId: { value: context.cycleId, vi: 'Kỳ báo cáo', en: 'Reporting cycle' },
        agencyId: { value: context.agencyId, vi: 'Đơn vị', en: 'Agency' },
      },
    },
    report,
  );
  if (!matches) return plan;
  if (context.locked) report.file(context.locked);

  const targetRows = readSheet(workbook, TARGETS_SHEET, targetColumns, report);
  const taskCols = taskColumns('');
  const taskRows = readSheet(workbook, TASKS_SHEET, taskCols, report);
  if (targetRows) checkTargets(targetRows, context, report, plan);
  if (taskRows) checkTasks(taskRows, taskCols, context, report, plan);
  return plan;
}

function checkTargets(
  rows: SheetRow[],
  context: AgencyImportContext,
  report: ReportBuilder,
  plan: AgencyImportPlan,
) {
  const byCode = new Map(context.targets.map((t) => [t.code, t]));
  const seen = new Map<string, number>();
  const col = (key: string) => column(targetColumns, key);
  for (const { row, cells } of rows) {
    const error = (key: string | null, message: Bilingual) =>
      report.cell(TARGETS_SHEET, row, key === null ? null : col(key), message);
    const code = cellText(cells.code);
    const target = code ? byCode.get(code) : undefined;
    if (!code) {
      error('code', {
        vi: 'Thiếu mã chỉ tiêu (cột khóa).',
        en: 'The target code (a locked column) is missing.',
      });
      continue;
    }
    if (!target) {
      error('code', {
        vi: `Chỉ tiêu "${code}" không thuộc danh sách đơn vị phải báo cáo trong kỳ ${context.period}.`,
        en: `Target "${code}" is not one this agency reports in ${context.period}.`,
      });
      continue;
    }
    if (seen.has(code)) {
      error('code', {
        vi: `Chỉ tiêu ${code} xuất hiện hai lần (đã có ở dòng ${seen.get(code)}).`,
        en: `Target ${code} appears twice (already on row ${seen.get(code)}).`,
      });
      continue;
    }
    seen.set(code, row);
    const expected: Record<string, string> = {
      label: target.labelVi,
      unit: target.unit,
      period: target.period,
    };
    for (const [key, value] of Object.entries(expected)) {
      if (!sameText(cellText(cells[key]), value))
        error(key, {
          vi: `Cột khóa đã bị sửa; giá trị đúng là "${value}".`,
          en: `A locked column was changed; it should read "${value}".`,
        });
    }
    const value = cellNumber(cells.value);
    const numerator = cellNumber(cells.numerator);
    const denominator = cellNumber(cells.denominator);
    const comment = cellText(cells.comment);
    for (const [key, parsed] of [
      ['value', value],
      ['numerator', numerator],
      ['denominator', denominator],
    ] as const) {
      if (parsed.kind === 'invalid')
        error(key, {
          vi: `"${parsed.text}" không phải là số (nhập số, dùng dấu phẩy hoặc chấm cho phần thập phân, không dùng dấu phân cách hàng nghìn).`,
          en: `"${parsed.text}" is not a number (enter a number, with a comma or dot for decimals and no thousands separators).`,
        });
    }
    if (comment && comment.length > 2000)
      error('comment', {
        vi: 'Ghi chú dài quá 2000 ký tự.',
        en: 'The comment is longer than 2000 characters.',
      });
    const entered =
      value.kind !== 'empty' ||
      numerator.kind !== 'empty' ||
      denominator.kind !== 'empty' ||
      comment !== null;
    if (!entered || report.hasErrors(TARGETS_SHEET, row)) continue;
    if (target.computed) {
      error('value', {
        vi: 'Chỉ tiêu này do nền tảng tự tính; không nhập giá trị.',
        en: 'The platform computes this target; do not enter a value.',
      });
      continue;
    }
    const num = numerator.kind === 'number' ? numerator.value : null;
    const den = denominator.kind === 'number' ? denominator.value : null;
    let figure = value.kind === 'number' ? value.value : null;
    if (!target.ratio && (num !== null || den !== null)) {
      error(num !== null ? 'numerator' : 'denominator', {
        vi: 'Chỉ tiêu này không phải tỷ lệ; chỉ nhập giá trị.',
        en: 'This target is not a ratio; enter the value only.',
      });
      continue;
    }
    if (target.ratio && (num !== null || den !== null)) {
      if (num === null || den === null) {
        error(num === null ? 'numerator' : 'denominator', {
          vi: 'Nhập cả tử số và mẫu số.',
          en: 'Enter both the numerator and the denominator.',
        });
        continue;
      }
      if (den <= 0 || num < 0) {
        error(den <= 0 ? 'denominator' : 'numerator', {
          vi: 'Mẫu số phải lớn hơn 0 và tử số không âm.',
          en: 'The denominator must be above 0 and the numerator not negative.',
        });
        continue;
      }
      const computed = (num / den) * (target.unit === '%' ? 100 : 1);
      if (figure === null) figure = Number(computed.toFixed(6));
      else if (Math.abs(figure - computed) > Math.max(0.01, Math.abs(computed) * 0.005)) {
        error('value', {
          vi: `Giá trị ${figure} không khớp tử số/mẫu số (${computed.toFixed(2)}).`,
          en: `The value ${figure} does not match numerator/denominator (${computed.toFixed(2)}).`,
        });
        continue;
      }
    }
    if (figure === null) {
      error('value', {
        vi: 'Thiếu giá trị báo cáo (ghi chú đi kèm một giá trị).',
        en: 'The value is missing (a comment goes with a value).',
      });
      continue;
    }
    if (target.unit === '%' && (figure < 0 || figure > 100)) {
      error('value', {
        vi: `Tỷ lệ phần trăm phải từ 0 đến 100 (đang là ${figure}).`,
        en: `A percentage must be between 0 and 100 (it is ${figure}).`,
      });
      continue;
    }
    const unchanged =
      sameNumber(figure, target.current_value) &&
      sameNumber(num, target.ratio ? target.current_numerator : null) &&
      sameNumber(den, target.ratio ? target.current_denominator : null) &&
      sameText(comment, target.current_comment);
    if (unchanged) plan.unchanged++;
    else plan.values.push({ code, row, value: figure, numerator: num, denominator: den, comment });
  }
}

function parseStatus(text: string): TaskStatus | null {
  const folded = foldVietnamese(text);
  for (const status of reportableTaskStatuses) {
    const label = taskStatusLabels[status];
    if ([label.vi, label.en, status].some((candidate) => foldVietnamese(candidate) === folded)) return status;
  }
  return null;
}

function checkTasks(
  rows: SheetRow[],
  columns: Column[],
  context: AgencyImportContext,
  report: ReportBuilder,
  plan: AgencyImportPlan,
) {
  const byCode = new Map(context.tasks.map((t) => [t.code, t]));
  const seen = new Map<string, number>();
  const col = (key: string) => column(columns, key);
  for (const { row, cells } of rows) {
    const error = (key: string | null, message: Bilingual) =>
      report.cell(TASKS_SHEET, row, key === null ? null : col(key), message);
    const code = cellText(cells.code);
    const task = code ? byCode.get(code) : undefined;
    if (!code) {
      error('code', {
        vi: 'Thiếu mã nhiệm vụ (cột khóa).',
        en: 'The task code (a locked column) is missing.',
      });
      continue;
    }
    if (!task) {
      error('code', {
        vi: `Nhiệm vụ "${code}" không thuộc danh sách đơn vị phải báo cáo trong kỳ ${context.period}.`,
        en: `Task "${code}" is not one this agency reports in ${context.period}.`,
      });
      continue;
    }
    if (seen.has(code)) {
      error('code', {
        vi: `Nhiệm vụ ${code} xuất hiện hai lần (đã có ở dòng ${seen.get(code)}).`,
        en: `Task ${code} appears twice (already on row ${seen.get(code)}).`,
      });
      continue;
    }
    seen.set(code, row);
    const expected: Record<string, string> = {
      title: task.titleVi,
      period: task.period,
      deadline: task.deadline,
    };
    for (const [key, value] of Object.entries(expected)) {
      if (!sameText(cellText(cells[key]), value))
        error(key, {
          vi: `Cột khóa đã bị sửa; giá trị đúng là "${value}".`,
          en: `A locked column was changed; it should read "${value}".`,
        });
    }
    const progress = cellNumber(cells.progress);
    const statusText = cellText(cells.status);
    const narrative = cellText(cells.narrative);
    const blockers = cellText(cells.blockers);
    if (
      progress.kind === 'invalid' ||
      (progress.kind === 'number' &&
        !(Number.isInteger(progress.value) && progress.value >= 0 && progress.value <= 100))
    )
      error('progress', {
        vi: 'Tiến độ phải là số nguyên từ 0 đến 100.',
        en: 'Progress must be a whole number from 0 to 100.',
      });
    const status = statusText ? parseStatus(statusText) : null;
    if (statusText && !status)
      error('status', {
        vi: `Trạng thái "${statusText}" không có trong danh sách (${reportableTaskStatuses.map((s) => taskStatusLabels[s].vi).join(', ')}).`,
        en: `The status "${statusText}" is not in the list (${reportableTaskStatuses.map((s) => taskStatusLabels[s].en).join(', ')}).`,
      });
    if (narrative && narrative.length > 10_000)
      error('narrative', {
        vi: 'Kết quả thực hiện dài quá 10000 ký tự.',
        en: 'The narrative is longer than 10000 characters.',
      });
    if (blockers && blockers.length > 5000)
      error('blockers', {
        vi: 'Khó khăn, vướng mắc dài quá 5000 ký tự.',
        en: 'Blockers are longer than 5000 characters.',
      });
    const entered =
      progress.kind !== 'empty' || statusText !== null || narrative !== null || blockers !== null;
    if (!entered || report.hasErrors(TASKS_SHEET, row)) continue;
    if (progress.kind !== 'number') {
      error('progress', { vi: 'Thiếu tiến độ (%).', en: 'Progress (%) is missing.' });
      continue;
    }
    if (!narrative) {
      error('narrative', { vi: 'Thiếu kết quả thực hiện.', en: 'Say what was done.' });
      continue;
    }
    const percent = progress.value;
    if ((status === 'done') !== (percent === 100) && status !== null) {
      error('status', {
        vi:
          status === 'done'
            ? 'Trạng thái "Hoàn thành" cần tiến độ 100%.'
            : 'Tiến độ 100% thì trạng thái là "Hoàn thành".',
        en:
          status === 'done'
            ? 'The status "Done" needs 100% progress.'
            : 'At 100% progress the status is "Done".',
      });
      continue;
    }
    if (status === 'not_started' && percent > 0) {
      error('status', {
        vi: 'Trạng thái "Chưa bắt đầu" cần tiến độ 0%.',
        en: 'The status "Not started" needs 0% progress.',
      });
      continue;
    }
    const unchanged =
      percent === task.progress && sameText(narrative, task.narrative) && sameText(blockers, task.blockers);
    if (unchanged) plan.unchanged++;
    else
      plan.taskReports.push({
        taskId: task.taskId,
        code,
        row,
        progress: percent,
        narrative,
        blockers,
        status,
      });
  }
}
