import type ExcelJS from 'exceljs';
import { storedTaskStatuses } from '../../plan.schema.ts';
import { taskStatusLabels } from '../labels.ts';
import type { Column } from './workbook.ts';

/**
 * The columns of an agency's reporting template, shared by the writer and the reader so that
 * they cannot drift apart. Bump the version whenever a column changes: older files are refused.
 */
export const AGENCY_TEMPLATE_KIND = 'plan.agency-report';
export const AGENCY_TEMPLATE_VERSION = '1';
export const TARGETS_SHEET = 'Chỉ tiêu (Targets)';
export const TASKS_SHEET = 'Nhiệm vụ (Tasks)';

/** What a reporter may say about a task's state (overdue follows from the deadline, cancelling is the owner's). */
export const reportableTaskStatuses = storedTaskStatuses.filter((status) => status !== 'cancelled');
export const taskStatusChoice = (status: (typeof reportableTaskStatuses)[number]) =>
  taskStatusLabels[status].vi;

const decimal = (prompt: string): ExcelJS.DataValidation => ({
  type: 'decimal',
  operator: 'between',
  formulae: [-1e15, 1e15],
  allowBlank: true,
  showErrorMessage: true,
  errorTitle: 'Số không hợp lệ / Not a number',
  error: 'Hãy nhập một số. / Enter a number.',
  showInputMessage: true,
  prompt,
});

export const targetColumns: Column[] = [
  { key: 'code', header: { vi: 'Mã chỉ tiêu', en: 'Target code' }, width: 10 },
  { key: 'label', header: { vi: 'Tên chỉ tiêu', en: 'Target (Vietnamese)' }, width: 48 },
  { key: 'unit', header: { vi: 'Đơn vị tính', en: 'Unit' }, width: 10 },
  { key: 'period', header: { vi: 'Kỳ báo cáo', en: 'Period' }, width: 10 },
  { key: 'confidence', header: { vi: 'Độ tin cậy của chỉ tiêu', en: 'Target confidence' }, width: 30 },
  { key: 'milestones', header: { vi: 'Mục tiêu', en: 'Milestones' }, width: 30 },
  { key: 'current', header: { vi: 'Giá trị hiện có', en: 'Current value' }, width: 24 },
  {
    key: 'value',
    header: { vi: 'Giá trị báo cáo', en: 'Value to report' },
    width: 16,
    input: true,
    validation: decimal('Giá trị của kỳ / The value for the period'),
  },
  {
    key: 'numerator',
    header: { vi: 'Tử số (chỉ tiêu tỷ lệ)', en: 'Numerator (ratios)' },
    width: 14,
    input: true,
    validation: decimal('Tử số / Numerator'),
  },
  {
    key: 'denominator',
    header: { vi: 'Mẫu số (chỉ tiêu tỷ lệ)', en: 'Denominator (ratios)' },
    width: 14,
    input: true,
    validation: decimal('Mẫu số / Denominator'),
  },
  {
    key: 'comment',
    header: { vi: 'Ghi chú, giải trình', en: 'Comment' },
    width: 40,
    input: true,
    validation: {
      type: 'textLength',
      operator: 'lessThanOrEqual',
      formulae: [2000],
      allowBlank: true,
      showErrorMessage: true,
      error: 'Tối đa 2000 ký tự. / At most 2000 characters.',
    },
  },
];

export const taskColumns = (statusRange: string): Column[] => [
  { key: 'code', header: { vi: 'Mã nhiệm vụ', en: 'Task code' }, width: 12 },
  { key: 'title', header: { vi: 'Tên nhiệm vụ', en: 'Task (Vietnamese)' }, width: 50 },
  { key: 'period', header: { vi: 'Kỳ báo cáo', en: 'Period' }, width: 10 },
  { key: 'deadline', header: { vi: 'Thời hạn', en: 'Deadline' }, width: 12 },
  { key: 'current', header: { vi: 'Tiến độ hiện có', en: 'Current progress' }, width: 24 },
  {
    key: 'progress',
    header: { vi: 'Tiến độ (%)', en: 'Progress (%)' },
    width: 12,
    input: true,
    validation: {
      type: 'whole',
      operator: 'between',
      formulae: [0, 100],
      allowBlank: true,
      showErrorMessage: true,
      errorTitle: 'Tiến độ / Progress',
      error: 'Số nguyên từ 0 đến 100. / A whole number from 0 to 100.',
    },
  },
  {
    key: 'status',
    header: { vi: 'Trạng thái', en: 'Status' },
    width: 18,
    input: true,
    validation: {
      type: 'list',
      formulae: [statusRange],
      allowBlank: true,
      showErrorMessage: true,
      errorTitle: 'Trạng thái / Status',
      error: 'Chọn trong danh sách. / Pick from the list.',
    },
  },
  {
    key: 'narrative',
    header: { vi: 'Kết quả thực hiện', en: 'What was done' },
    width: 50,
    input: true,
    validation: {
      type: 'textLength',
      operator: 'lessThanOrEqual',
      formulae: [10000],
      allowBlank: true,
      showErrorMessage: true,
      error: 'Tối đa 10000 ký tự. / At most 10000 characters.',
    },
  },
  {
    key: 'blockers',
    header: { vi: 'Khó khăn, vướng mắc', en: 'Blockers' },
    width: 40,
    input: true,
    validation: {
      type: 'textLength',
      operator: 'lessThanOrEqual',
      formulae: [5000],
      allowBlank: true,
      showErrorMessage: true,
      error: 'Tối đa 5000 ký tự. / At most 5000 characters.',
    },
  },
];
