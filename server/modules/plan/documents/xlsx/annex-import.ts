import type ExcelJS from 'exceljs';
import { canonicalJson } from '../../../../platform/canonical-json.ts';
import type { Bilingual } from '../../../../platform/errors.ts';
import { foldVietnamese } from '../../../../platform/text.ts';
import {
  type Confidence,
  confidenceLabels,
  confidences,
  type Direction,
  directions,
} from '../../plan.schema.ts';
import { directionLabels } from '../labels.ts';
import { checkMetadata } from './agency-import.ts';
import {
  ANNEX_TARGETS_SHEET,
  ANNEX_TASKS_SHEET,
  ANNEX_TEMPLATE_KIND,
  ANNEX_TEMPLATE_VERSION,
  annexTargetColumns,
  annexTaskColumns,
} from './annex-template.ts';
import { columnName, type ReportBuilder } from './import-report.ts';
import { readSheet } from './read-sheet.ts';
import { type Column, cellNumber, cellText } from './workbook.ts';

/**
 * Checks a filled annex workbook: every target and task row against the plan's pillars, the org
 * register (agencies valid when the task starts) and each other (linked codes, duplicates). The
 * answer lists what to create and change; nothing is saved here.
 */
export type AnnexTargetValues = {
  pillar: string;
  labelVi: string;
  labelEn: string;
  unit: string;
  direction: Direction;
  baseline: { value: number; year: number } | null;
  milestones: { year: number; value: number | null }[];
  confidence: Confidence;
  leadAgencyId: string | null;
  sourceDocument: string | null;
};

export type AnnexTaskValues = {
  titleVi: string;
  titleEn: string;
  pillar: string;
  leadAgencyId: string;
  coordinatingAgencyIds: string[];
  startOn: string;
  deadline: string;
  deliverableVi: string | null;
  deliverableEn: string | null;
  targetCodes: string[];
};

export type AnnexContext = {
  planId: string;
  years: number[];
  pillars: string[];
  targets: Map<string, AnnexTargetValues & { id: string; indicatorCode: string }>;
  tasks: Map<string, AnnexTaskValues & { id: string }>;
  /** Is the unit in the register and valid on the date (today when null)? */
  agencyValid: (agencyId: string, on: string | null) => Promise<boolean>;
};

export type PlannedTarget = {
  row: number;
  code: string;
  existing: { id: string; indicatorCode: string } | null;
  values: AnnexTargetValues;
};
export type PlannedTask = { row: number; code: string; existingId: string | null; values: AnnexTaskValues };
export type AnnexPlan = { targets: PlannedTarget[]; tasks: PlannedTask[]; unchanged: number };

const TARGET_CODE = /^[A-Z][A-Z0-9]{0,15}$/;
const TASK_CODE = /^[A-Za-z0-9._-]{1,32}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function choice<T extends string>(
  text: string,
  options: readonly T[],
  labels: Record<T, Bilingual>,
): T | null {
  const folded = foldVietnamese(text);
  return (
    options.find((option) =>
      [option, labels[option].vi, labels[option].en].some((l) => foldVietnamese(l) === folded),
    ) ?? null
  );
}

const isDate = (text: string) =>
  ISO_DATE.test(text) &&
  !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
  new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
const codes = (text: string | null) =>
  (text ?? '')
    .split(/[,;\s]+/)
    .map((code) => code.trim())
    .filter(Boolean);
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

export async function checkAnnexWorkbook(
  workbook: ExcelJS.Workbook,
  context: AnnexContext,
  report: ReportBuilder,
): Promise<AnnexPlan> {
  const plan: AnnexPlan = { targets: [], tasks: [], unchanged: 0 };
  const matches = checkMetadata(
    workbook,
    {
      kind: ANNEX_TEMPLATE_KIND,
      version: ANNEX_TEMPLATE_VERSION,
      fields: { planId: { value: context.planId, vi: 'Kế hoạch', en: 'Plan' } },
    },
    report,
  );
  if (!matches) return plan;
  const lists = { pillars: '', directions: '', confidences: '' };
  const targetColumns = annexTargetColumns(lists, context.years);
  const taskColumns = annexTaskColumns(lists);
  const targetRows = readSheet(workbook, ANNEX_TARGETS_SHEET, targetColumns, report);
  const taskRows = readSheet(workbook, ANNEX_TASKS_SHEET, taskColumns, report);
  const fileCodes = new Set(
    (targetRows ?? []).map((r) => cellText(r.cells.code)).filter((code): code is string => code !== null),
  );
  if (targetRows) await checkTargets(targetRows, targetColumns, context, report, plan);
  if (taskRows) await checkTasks(taskRows, taskColumns, context, fileCodes, report, plan);
  return plan;
}

type Rows = NonNullable<ReturnType<typeof readSheet>>;

async function checkTargets(
  rows: Rows,
  columns: Column[],
  context: AnnexContext,
  report: ReportBuilder,
  plan: AnnexPlan,
) {
  const seen = new Map<string, number>();
  for (const { row, cells } of rows) {
    const error = (key: string, message: Bilingual) =>
      report.cell(ANNEX_TARGETS_SHEET, row, columnName(columns.find((c) => c.key === key)!.header), message);
    const required = (key: string, max: number) => {
      const value = cellText(cells[key]);
      if (!value) error(key, { vi: 'Bắt buộc.', en: 'Required.' });
      else if (value.length > max)
        error(key, { vi: `Tối đa ${max} ký tự.`, en: `At most ${max} characters.` });
      return value ?? '';
    };
    const code = cellText(cells.code);
    if (!code || !TARGET_CODE.test(code)) {
      error('code', {
        vi: 'Mã chỉ tiêu dạng G05, E01, S12 (chữ hoa và số).',
        en: 'A target code like G05, E01, S12 (capitals and digits).',
      });
      continue;
    }
    if (seen.has(code)) {
      error('code', {
        vi: `Mã ${code} trùng với dòng ${seen.get(code)}.`,
        en: `Code ${code} repeats row ${seen.get(code)}.`,
      });
      continue;
    }
    seen.set(code, row);
    const pillar = required('pillar', 64);
    if (pillar && !context.pillars.includes(pillar))
      error('pillar', {
        vi: `Trụ cột "${pillar}" không có trong kế hoạch.`,
        en: `The plan has no pillar "${pillar}".`,
      });
    const labelVi = required('labelVi', 500);
    const labelEn = required('labelEn', 500);
    const unit = required('unit', 32);
    const directionText = required('direction', 100);
    const direction = directionText ? choice(directionText, directions, directionLabels) : null;
    if (directionText && !direction)
      error('direction', { vi: 'Chọn trong danh sách.', en: 'Pick from the list.' });
    const confidenceText = required('confidence', 100);
    const confidence = confidenceText ? choice(confidenceText, confidences, confidenceLabels) : null;
    if (confidenceText && !confidence)
      error('confidence', { vi: 'Chọn trong danh sách.', en: 'Pick from the list.' });
    const baselineValue = cellNumber(cells.baselineValue);
    const baselineYear = cellNumber(cells.baselineYear);
    if (baselineValue.kind === 'invalid')
      error('baselineValue', { vi: 'Không phải là số.', en: 'Not a number.' });
    if (
      baselineYear.kind === 'invalid' ||
      (baselineYear.kind === 'number' &&
        !(Number.isInteger(baselineYear.value) && baselineYear.value >= 2000 && baselineYear.value <= 2100))
    )
      error('baselineYear', { vi: 'Năm từ 2000 đến 2100.', en: 'A year from 2000 to 2100.' });
    else if ((baselineValue.kind === 'number') !== (baselineYear.kind === 'number'))
      error(baselineValue.kind === 'number' ? 'baselineYear' : 'baselineValue', {
        vi: 'Nhập cả giá trị và năm cơ sở, hoặc để trống cả hai.',
        en: 'Enter both the baseline value and year, or neither.',
      });
    const milestones = context.years.map((year) => {
      const parsed = cellNumber(cells[`milestone${year}`]);
      if (parsed.kind === 'invalid')
        error(`milestone${year}`, {
          vi: 'Không phải là số (để trống nếu chưa rõ).',
          en: 'Not a number (leave blank when unknown).',
        });
      return { year, value: parsed.kind === 'number' ? parsed.value : null };
    });
    const leadAgencyId = cellText(cells.leadAgencyId);
    if (leadAgencyId && !(await context.agencyValid(leadAgencyId, null)))
      error('leadAgencyId', {
        vi: `Không có đơn vị "${leadAgencyId}" đang hoạt động.`,
        en: `No unit "${leadAgencyId}" exists today.`,
      });
    const sourceDocument = cellText(cells.sourceDocument);
    if (sourceDocument && sourceDocument.length > 1000)
      error('sourceDocument', { vi: 'Tối đa 1000 ký tự.', en: 'At most 1000 characters.' });
    if (report.hasErrors(ANNEX_TARGETS_SHEET, row)) continue;
    const existing = context.targets.get(code);
    const values: AnnexTargetValues = {
      pillar,
      labelVi,
      labelEn,
      unit,
      direction: direction!,
      baseline:
        baselineValue.kind === 'number' && baselineYear.kind === 'number'
          ? { value: baselineValue.value, year: baselineYear.value }
          : null,
      // Milestones of other years the plan holds are kept.
      milestones: [
        ...(existing?.milestones.filter((m) => !context.years.includes(m.year)) ?? []),
        ...milestones,
      ].sort((a, b) => a.year - b.year),
      confidence: confidence!,
      leadAgencyId,
      sourceDocument,
    };
    if (existing) {
      const { id: _id, indicatorCode: _indicator, ...current } = existing;
      if (same({ ...current, milestones: [...current.milestones].sort((a, b) => a.year - b.year) }, values)) {
        plan.unchanged++;
        continue;
      }
    }
    plan.targets.push({
      row,
      code,
      existing: existing ? { id: existing.id, indicatorCode: existing.indicatorCode } : null,
      values,
    });
  }
}

async function checkTasks(
  rows: Rows,
  columns: Column[],
  context: AnnexContext,
  targetCodes: Set<string>,
  report: ReportBuilder,
  plan: AnnexPlan,
) {
  const seen = new Map<string, number>();
  for (const { row, cells } of rows) {
    const error = (key: string, message: Bilingual) =>
      report.cell(ANNEX_TASKS_SHEET, row, columnName(columns.find((c) => c.key === key)!.header), message);
    const required = (key: string, max: number) => {
      const value = cellText(cells[key]);
      if (!value) error(key, { vi: 'Bắt buộc.', en: 'Required.' });
      else if (value.length > max)
        error(key, { vi: `Tối đa ${max} ký tự.`, en: `At most ${max} characters.` });
      return value ?? '';
    };
    const code = cellText(cells.code);
    if (!code || !TASK_CODE.test(code)) {
      error('code', {
        vi: 'Mã nhiệm vụ: chữ, số, dấu chấm, gạch (tối đa 32).',
        en: 'Task code: letters, digits, dot, dash (up to 32).',
      });
      continue;
    }
    if (seen.has(code)) {
      error('code', {
        vi: `Mã ${code} trùng với dòng ${seen.get(code)}.`,
        en: `Code ${code} repeats row ${seen.get(code)}.`,
      });
      continue;
    }
    seen.set(code, row);
    const titleVi = required('titleVi', 500);
    const titleEn = required('titleEn', 500);
    const pillar = required('pillar', 64);
    if (pillar && !context.pillars.includes(pillar))
      error('pillar', {
        vi: `Trụ cột "${pillar}" không có trong kế hoạch.`,
        en: `The plan has no pillar "${pillar}".`,
      });
    const startOn = required('startOn', 10);
    const deadline = required('deadline', 10);
    for (const [key, date] of [
      ['startOn', startOn],
      ['deadline', deadline],
    ] as const)
      if (date && !isDate(date)) error(key, { vi: 'Ngày dạng YYYY-MM-DD.', en: 'A date as YYYY-MM-DD.' });
    if (isDate(startOn) && isDate(deadline) && deadline < startOn)
      error('deadline', { vi: 'Thời hạn trước ngày bắt đầu.', en: 'The deadline is before the start.' });
    const on = isDate(startOn) ? startOn : null;
    const leadAgencyId = required('leadAgencyId', 64);
    if (leadAgencyId && on && !(await context.agencyValid(leadAgencyId, on)))
      error('leadAgencyId', {
        vi: `Đơn vị "${leadAgencyId}" không tồn tại vào ngày bắt đầu ${on}.`,
        en: `Unit "${leadAgencyId}" did not exist on the start date ${on}.`,
      });
    const coordinating = codes(cellText(cells.coordinatingAgencyIds));
    for (const agency of coordinating)
      if (on && !(await context.agencyValid(agency, on)))
        error('coordinatingAgencyIds', {
          vi: `Đơn vị phối hợp "${agency}" không tồn tại vào ngày bắt đầu ${on}.`,
          en: `Coordinating unit "${agency}" did not exist on the start date ${on}.`,
        });
    const linked = codes(cellText(cells.targetCodes));
    for (const target of linked)
      if (!context.targets.has(target) && !targetCodes.has(target))
        error('targetCodes', { vi: `Không có chỉ tiêu "${target}".`, en: `There is no target "${target}".` });
    const deliverableVi = cellText(cells.deliverableVi);
    const deliverableEn = cellText(cells.deliverableEn);
    if (report.hasErrors(ANNEX_TASKS_SHEET, row)) continue;
    const values: AnnexTaskValues = {
      titleVi,
      titleEn,
      pillar,
      leadAgencyId,
      coordinatingAgencyIds: [...new Set(coordinating.filter((a) => a !== leadAgencyId))].sort(),
      startOn,
      deadline,
      deliverableVi,
      deliverableEn,
      targetCodes: [...new Set(linked)].sort(),
    };
    const existing = context.tasks.get(code);
    if (existing) {
      const { id: _id, ...current } = existing;
      if (
        same(
          {
            ...current,
            coordinatingAgencyIds: [...current.coordinatingAgencyIds].sort(),
            targetCodes: [...current.targetCodes].sort(),
          },
          values,
        )
      ) {
        plan.unchanged++;
        continue;
      }
    }
    plan.tasks.push({ row, code, existingId: existing?.id ?? null, values });
  }
}
