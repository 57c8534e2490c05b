import type ExcelJS from 'exceljs';
import { confidenceLabels, confidences, directions } from '../../plan.schema.ts';
import { directionLabels } from '../labels.ts';
import {
  addDataSheet,
  type Column,
  listRange,
  lockSheet,
  newWorkbook,
  toBuffer,
  writeMetadata,
} from './workbook.ts';

/**
 * The plan's annex as a workbook: its targets (labels, unit, direction, baseline, milestones,
 * confidence, lead agency, source) and tasks (title, pillar, agencies, dates, deliverable, linked
 * targets), pre-filled with what the platform holds, with blank rows for new ones. Codes of rows
 * that exist are locked: a code names what a row changes.
 */
export const ANNEX_TEMPLATE_KIND = 'plan.annex';
export const ANNEX_TEMPLATE_VERSION = '1';
export const ANNEX_TARGETS_SHEET = 'Chỉ tiêu (Targets)';
export const ANNEX_TASKS_SHEET = 'Nhiệm vụ (Tasks)';
const BLANK_ROWS = 30;

const text = (max: number): ExcelJS.DataValidation => ({
  type: 'textLength',
  operator: 'lessThanOrEqual',
  formulae: [max],
  allowBlank: true,
  showErrorMessage: true,
  error: `Tối đa ${max} ký tự. / At most ${max} characters.`,
});
const list = (range: string): ExcelJS.DataValidation => ({
  type: 'list',
  formulae: [range],
  allowBlank: true,
  showErrorMessage: true,
  error: 'Chọn trong danh sách. / Pick from the list.',
});
const number: ExcelJS.DataValidation = {
  type: 'decimal',
  operator: 'between',
  formulae: [-1e15, 1e15],
  allowBlank: true,
  showErrorMessage: true,
  error: 'Hãy nhập một số. / Enter a number.',
};
const year: ExcelJS.DataValidation = {
  type: 'whole',
  operator: 'between',
  formulae: [2000, 2100],
  allowBlank: true,
  showErrorMessage: true,
  error: 'Năm từ 2000 đến 2100. / A year from 2000 to 2100.',
};

export const directionChoice = (direction: (typeof directions)[number]) => directionLabels[direction].vi;
export const confidenceChoice = (confidence: (typeof confidences)[number]) => confidenceLabels[confidence].vi;

export const annexTargetColumns = (
  lists: { pillars: string; directions: string; confidences: string },
  years: number[],
): Column[] => [
  {
    key: 'code',
    header: { vi: 'Mã chỉ tiêu', en: 'Target code' },
    width: 10,
    input: true,
    validation: text(16),
  },
  {
    key: 'pillar',
    header: { vi: 'Trụ cột', en: 'Pillar' },
    width: 12,
    input: true,
    validation: list(lists.pillars),
  },
  {
    key: 'labelVi',
    header: { vi: 'Tên chỉ tiêu', en: 'Label (Vietnamese)' },
    width: 44,
    input: true,
    validation: text(500),
  },
  {
    key: 'labelEn',
    header: { vi: 'Tên tiếng Anh', en: 'Label (English)' },
    width: 40,
    input: true,
    validation: text(500),
  },
  { key: 'unit', header: { vi: 'Đơn vị tính', en: 'Unit' }, width: 9, input: true, validation: text(32) },
  {
    key: 'direction',
    header: { vi: 'Chiều đánh giá', en: 'Direction' },
    width: 22,
    input: true,
    validation: list(lists.directions),
  },
  {
    key: 'baselineValue',
    header: { vi: 'Giá trị cơ sở', en: 'Baseline value' },
    width: 12,
    input: true,
    validation: number,
  },
  {
    key: 'baselineYear',
    header: { vi: 'Năm cơ sở', en: 'Baseline year' },
    width: 10,
    input: true,
    validation: year,
  },
  ...years.map((y) => ({
    key: `milestone${y}`,
    header: { vi: `Mục tiêu ${y} (trống: chưa rõ)`, en: `Target ${y} (blank: unknown)` },
    width: 14,
    input: true,
    validation: number,
  })),
  {
    key: 'confidence',
    header: { vi: 'Độ tin cậy', en: 'Confidence' },
    width: 30,
    input: true,
    validation: list(lists.confidences),
  },
  {
    key: 'leadAgencyId',
    header: { vi: 'Mã cơ quan chủ trì', en: 'Lead agency id' },
    width: 16,
    input: true,
    validation: text(64),
  },
  {
    key: 'sourceDocument',
    header: { vi: 'Văn bản nguồn', en: 'Source document' },
    width: 36,
    input: true,
    validation: text(1000),
  },
];

export const annexTaskColumns = (lists: { pillars: string }): Column[] => [
  {
    key: 'code',
    header: { vi: 'Mã nhiệm vụ', en: 'Task code' },
    width: 12,
    input: true,
    validation: text(32),
  },
  {
    key: 'titleVi',
    header: { vi: 'Tên nhiệm vụ', en: 'Title (Vietnamese)' },
    width: 48,
    input: true,
    validation: text(500),
  },
  {
    key: 'titleEn',
    header: { vi: 'Tên tiếng Anh', en: 'Title (English)' },
    width: 40,
    input: true,
    validation: text(500),
  },
  {
    key: 'pillar',
    header: { vi: 'Trụ cột', en: 'Pillar' },
    width: 12,
    input: true,
    validation: list(lists.pillars),
  },
  {
    key: 'leadAgencyId',
    header: { vi: 'Mã cơ quan chủ trì', en: 'Lead agency id' },
    width: 16,
    input: true,
    validation: text(64),
  },
  {
    key: 'coordinatingAgencyIds',
    header: {
      vi: 'Mã cơ quan phối hợp (cách nhau dấu phẩy)',
      en: 'Coordinating agency ids (comma-separated)',
    },
    width: 26,
    input: true,
    validation: text(2000),
  },
  {
    key: 'startOn',
    header: { vi: 'Ngày bắt đầu (YYYY-MM-DD)', en: 'Start (YYYY-MM-DD)' },
    width: 14,
    input: true,
    validation: text(10),
  },
  {
    key: 'deadline',
    header: { vi: 'Thời hạn (YYYY-MM-DD)', en: 'Deadline (YYYY-MM-DD)' },
    width: 14,
    input: true,
    validation: text(10),
  },
  {
    key: 'deliverableVi',
    header: { vi: 'Sản phẩm', en: 'Deliverable (Vietnamese)' },
    width: 30,
    input: true,
    validation: text(1000),
  },
  {
    key: 'deliverableEn',
    header: { vi: 'Sản phẩm (tiếng Anh)', en: 'Deliverable (English)' },
    width: 30,
    input: true,
    validation: text(1000),
  },
  {
    key: 'targetCodes',
    header: { vi: 'Mã chỉ tiêu liên quan (cách nhau dấu phẩy)', en: 'Linked target codes (comma-separated)' },
    width: 20,
    input: true,
    validation: text(1000),
  },
];

export type AnnexTemplateInput = {
  planId: string;
  planCode: string;
  years: number[];
  pillars: string[];
  generatedAt: Date;
  generatedBy: string;
  targets: Record<string, ExcelJS.CellValue>[];
  tasks: Record<string, ExcelJS.CellValue>[];
};

export function annexLists(workbook: ExcelJS.Workbook, pillars: string[]) {
  return {
    pillars: listRange(workbook, 1, pillars),
    directions: listRange(workbook, 2, directions.map(directionChoice)),
    confidences: listRange(workbook, 3, confidences.map(confidenceChoice)),
  };
}

export async function annexTemplate(input: AnnexTemplateInput): Promise<Buffer> {
  const workbook = newWorkbook(input.generatedAt);
  const lists = annexLists(workbook, input.pillars);
  const blank = Array.from({ length: BLANK_ROWS }, () => ({}));
  const targetRows = [...input.targets, ...blank];
  const taskRows = [...input.tasks, ...blank];
  // Codes of existing rows stay locked; blank rows take new codes.
  const targets = addDataSheet(
    workbook,
    ANNEX_TARGETS_SHEET,
    annexTargetColumns(lists, input.years),
    targetRows,
    (i, key) => key === 'code' && i < input.targets.length,
  );
  const tasks = addDataSheet(
    workbook,
    ANNEX_TASKS_SHEET,
    annexTaskColumns(lists),
    taskRows,
    (i, key) => key === 'code' && i < input.tasks.length,
  );
  await lockSheet(targets);
  await lockSheet(tasks);
  writeMetadata(workbook, {
    kind: ANNEX_TEMPLATE_KIND,
    templateVersion: ANNEX_TEMPLATE_VERSION,
    planId: input.planId,
    years: input.years.join(','),
    generatedAt: input.generatedAt.toISOString(),
    generatedBy: input.generatedBy,
  });
  return toBuffer(workbook);
}
