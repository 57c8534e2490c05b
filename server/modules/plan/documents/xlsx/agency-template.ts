import type ExcelJS from 'exceljs';
import {
  AGENCY_TEMPLATE_KIND,
  AGENCY_TEMPLATE_VERSION,
  reportableTaskStatuses,
  TARGETS_SHEET,
  TASKS_SHEET,
  targetColumns,
  taskColumns,
  taskStatusChoice,
} from './agency-columns.ts';
import { addDataSheet, listRange, lockSheet, newWorkbook, toBuffer, writeMetadata } from './workbook.ts';

/** One row of the targets sheet, as the agency sees its obligation. */
export type TemplateTarget = {
  code: string;
  labelVi: string;
  unit: string;
  period: string;
  /** The confidence badge, "vi / en". */
  confidence: string;
  /** Milestones, saying so when a value is not known. */
  milestones: string;
  current: string;
  current_value: number | null;
  current_numerator: number | null;
  current_denominator: number | null;
  current_comment: string | null;
  /** Ratio indicators take numerator and denominator. */
  ratio: boolean;
  /** Computed by the platform: nothing to enter. */
  computed: boolean;
};

export type TemplateTask = {
  code: string;
  titleVi: string;
  period: string;
  deadline: string;
  current: string;
  /** The draft report already entered, pre-filled so a re-upload does not erase it. */
  progress: number | null;
  narrative: string | null;
  blockers: string | null;
};

export type AgencyTemplateInput = {
  planId: string;
  cycleId: string;
  agencyId: string;
  agencyName: string;
  period: string;
  generatedAt: Date;
  generatedBy: string;
  targets: TemplateTarget[];
  tasks: TemplateTask[];
};

/** The reporting template of one agency for one cycle, pre-filled with its obligations. */
export async function agencyTemplate(input: AgencyTemplateInput): Promise<Buffer> {
  const workbook = newWorkbook(input.generatedAt);
  const targets = addDataSheet(
    workbook,
    TARGETS_SHEET,
    targetColumns,
    input.targets.map((t) => ({
      code: t.code,
      label: t.labelVi,
      unit: t.unit,
      period: t.period,
      confidence: t.confidence,
      milestones: t.milestones,
      current: t.current,
      value: t.computed ? null : t.current_value,
      numerator: t.ratio ? t.current_numerator : null,
      denominator: t.ratio ? t.current_denominator : null,
      comment: t.computed ? null : t.current_comment,
    })),
    (index, key) => {
      const target = input.targets[index]!;
      if (target.computed) return true;
      return (key === 'numerator' || key === 'denominator') && !target.ratio;
    },
  );
  const statusRange = listRange(
    workbook,
    1,
    reportableTaskStatuses.map((status) => taskStatusChoice(status)),
  );
  const tasks = addDataSheet(
    workbook,
    TASKS_SHEET,
    taskColumns(statusRange),
    input.tasks.map((t) => ({
      code: t.code,
      title: t.titleVi,
      period: t.period,
      deadline: t.deadline,
      current: t.current,
      progress: t.progress,
      status: null,
      narrative: t.narrative,
      blockers: t.blockers,
    })),
  );
  await lockSheet(targets);
  await lockSheet(tasks);
  addGuide(workbook, input);
  writeMetadata(workbook, {
    kind: AGENCY_TEMPLATE_KIND,
    templateVersion: AGENCY_TEMPLATE_VERSION,
    planId: input.planId,
    cycleId: input.cycleId,
    agencyId: input.agencyId,
    period: input.period,
    generatedAt: input.generatedAt.toISOString(),
    generatedBy: input.generatedBy,
  });
  return toBuffer(workbook);
}

function addGuide(workbook: ExcelJS.Workbook, input: AgencyTemplateInput) {
  const sheet = workbook.addWorksheet('Hướng dẫn (Guide)');
  sheet.getColumn(1).width = 110;
  const lines = [
    `Mẫu báo cáo kỳ ${input.period} — ${input.agencyName}`,
    `Reporting template for ${input.period} — ${input.agencyName}`,
    '',
    '1. Nhập số liệu vào các ô màu vàng; các ô màu xám đã khóa (mã, tên, đơn vị, kỳ) và không được sửa.',
    '   Fill in the yellow cells; grey cells are locked (code, name, unit, period) and must not be changed.',
    '2. Chỉ tiêu tỷ lệ: nhập tử số và mẫu số; giá trị có thể để trống để hệ thống tự tính.',
    '   Ratio targets: enter numerator and denominator; the value may be left blank and is then computed.',
    '3. Nhiệm vụ: tiến độ là số nguyên 0–100; chọn trạng thái trong danh sách; ghi kết quả thực hiện.',
    '   Tasks: progress is a whole number 0–100; pick the status from the list; describe what was done.',
    '4. Tải tệp lên: hệ thống kiểm tra trước (chạy thử) và chỉ ghi khi mọi dòng đều hợp lệ.',
    '   Upload: the platform checks first (dry run) and saves only when every row is valid.',
    '5. Không đổi tên trang tính, không thêm/xóa dòng hay cột; tệp gắn với đúng kỳ và đơn vị này.',
    '   Do not rename sheets or add/remove rows or columns; the file belongs to this cycle and agency only.',
  ];
  lines.forEach((line, i) => {
    const cell = sheet.getRow(i + 1).getCell(1);
    cell.value = line;
    if (i < 2) cell.font = { bold: true, size: 13 };
  });
}
