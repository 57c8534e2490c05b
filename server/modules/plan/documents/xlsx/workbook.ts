import ExcelJS from 'exceljs';
import type { Bilingual } from '../../../../platform/errors.ts';

/**
 * What every template shares: bilingual headers, locked key columns (sheet protection without a
 * password: it guards against slips, and the import checks the keys anyway), lists for dropdowns
 * on a hidden sheet, and a hidden metadata sheet that says what the file is for.
 */
export const META_SHEET = '_meta';
const LISTS_SHEET = '_lists';

export type Column = {
  key: string;
  header: Bilingual;
  width: number;
  /** Users fill it in; everything else is locked. */
  input?: boolean;
  numFmt?: string;
  validation?: ExcelJS.DataValidation;
};

const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F0' } };
const inputFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF9DB' } };
const lockedFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF1F3F5' } };

export function newWorkbook(createdAt: Date): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Nền tảng đô thị thông minh Hà Nội / Hanoi smart-city platform';
  workbook.created = createdAt;
  workbook.modified = createdAt;
  return workbook;
}

export const headerText = (header: Bilingual) => `${header.vi}\n${header.en}`;

/** A data sheet: header row 1, one row per record from row 2, inputs unlocked and validated. */
export function addDataSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: Column[],
  rows: Record<string, ExcelJS.CellValue>[],
  /** Which input cells of a record stay locked (e.g. numerator and denominator of a non-ratio). */
  locked: (record: number, key: string) => boolean = () => false,
  /** Exports: no input/locked shading (nothing there is meant to be filled in). */
  options: { plain?: boolean } = {},
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  sheet.columns = columns.map((column) => ({ key: column.key, width: column.width }));
  const header = sheet.getRow(1);
  columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = headerText(column.header);
    cell.font = { bold: true };
    cell.fill = headerFill;
    cell.alignment = { wrapText: true, vertical: 'middle' };
    cell.protection = { locked: true };
  });
  header.height = 32;
  rows.forEach((record, index) => {
    const rowNumber = index + 2;
    const row = sheet.getRow(rowNumber);
    columns.forEach((column, i) => {
      const cell = row.getCell(i + 1);
      cell.value = record[column.key] ?? null;
      const editable = column.input === true && !locked(index, column.key);
      cell.protection = { locked: !editable };
      if (!options.plain) cell.fill = editable ? inputFill : lockedFill;
      cell.alignment = { wrapText: true, vertical: 'top' };
      if (column.numFmt) cell.numFmt = column.numFmt;
      if (editable && column.validation) cell.dataValidation = column.validation;
    });
  });
  return sheet;
}

/** Protects a sheet so that only its unlocked cells can be edited (no password). */
export async function lockSheet(sheet: ExcelJS.Worksheet) {
  await sheet.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    insertRows: false,
    deleteRows: false,
    sort: false,
    autoFilter: true,
  });
}

/** A dropdown list source on the hidden lists sheet; answers the range formula for validation. */
export function listRange(workbook: ExcelJS.Workbook, column: number, values: string[]): string {
  const sheet = workbook.getWorksheet(LISTS_SHEET) ?? workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  values.forEach((value, i) => {
    sheet.getRow(i + 1).getCell(column).value = value;
  });
  const letter = String.fromCharCode(64 + column);
  return `${LISTS_SHEET}!$${letter}$1:$${letter}$${values.length}`;
}

export function writeMetadata(workbook: ExcelJS.Workbook, entries: Record<string, string>) {
  const sheet = workbook.addWorksheet(META_SHEET, { state: 'veryHidden' });
  sheet.getRow(1).values = ['key', 'value'];
  Object.entries(entries).forEach(([key, value], i) => {
    sheet.getRow(i + 2).values = [key, value];
  });
}

export function readMetadata(workbook: ExcelJS.Workbook): Record<string, string> | null {
  const sheet = workbook.getWorksheet(META_SHEET);
  if (!sheet) return null;
  const entries: Record<string, string> = {};
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const key = cellText(row.getCell(1).value);
    if (key) entries[key] = cellText(row.getCell(2).value) ?? '';
  });
  return entries;
}

export async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Loads an uploaded workbook; null when the bytes are not a readable XLSX file. */
export async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook | null> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    return workbook;
  } catch {
    return null;
  }
}

// ——— Reading cells whatever the spreadsheet program wrote ———

type Plain = string | number | boolean | Date | null;

/** The plain value of a cell: formulas give their cached result, rich text its text. */
export function plainValue(value: ExcelJS.CellValue): Plain {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return plainValue(value.text as ExcelJS.CellValue);
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    if (result === undefined || (typeof result === 'object' && 'error' in result)) return null;
    return result;
  }
  return null;
}

/** Text of a cell, trimmed; null when empty. */
export function cellText(value: ExcelJS.CellValue): string | null {
  const plain = plainValue(value);
  if (plain === null) return null;
  const text = (plain instanceof Date ? plain.toISOString().slice(0, 10) : String(plain))
    .normalize('NFC')
    .trim();
  return text === '' ? null : text;
}

export type NumberCell =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  | { kind: 'invalid'; text: string };

/**
 * A number typed as a number, or as text with at most one decimal separator (dot or comma).
 * Text with thousands separators is refused rather than guessed: "1.234" is 1234 to a Vietnamese
 * reader and 1.234 to an English one.
 */
export function cellNumber(value: ExcelJS.CellValue): NumberCell {
  const plain = plainValue(value);
  if (plain === null || (typeof plain === 'string' && plain.trim() === '')) return { kind: 'empty' };
  if (typeof plain === 'number') {
    return Number.isFinite(plain)
      ? { kind: 'number', value: plain }
      : { kind: 'invalid', text: String(plain) };
  }
  if (typeof plain !== 'string') return { kind: 'invalid', text: String(plain) };
  const text = plain.trim().replace(/\s+/g, '');
  if (/^-?\d{1,3}[.,]\d{3}$/.test(text) || !/^-?\d+([.,]\d+)?$/.test(text))
    return { kind: 'invalid', text: plain };
  return { kind: 'number', value: Number(text.replace(',', '.')) };
}
