import type ExcelJS from 'exceljs';
import { columnName, type ReportBuilder } from './import-report.ts';
import { type Column, cellText, headerText } from './workbook.ts';

export type SheetRow = { row: number; cells: Record<string, ExcelJS.CellValue> };

const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * The data rows of a template sheet, after checking that the sheet exists and its header row is
 * the one the template was made with (columns in place). Empty rows are left out. Null (with a
 * file error) when the sheet cannot be read as that template.
 */
export function readSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: Column[],
  report: ReportBuilder,
  options: { maxRows?: number } = {},
): SheetRow[] | null {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) {
    report.file({
      vi: `Thiếu trang tính "${name}" (không đổi tên hay xóa trang tính của mẫu).`,
      en: `The sheet "${name}" is missing (do not rename or delete the template's sheets).`,
    });
    return null;
  }
  const header = sheet.getRow(1);
  const moved = columns.filter(
    (column, i) => squash(cellText(header.getCell(i + 1).value)) !== squash(headerText(column.header)),
  );
  if (moved.length > 0) {
    report.file({
      vi: `Trang tính "${name}" đã bị đổi cấu trúc: cột "${columnName(moved[0]!.header)}" không ở vị trí cũ. Hãy tải mẫu mới.`,
      en: `The sheet "${name}" has been restructured: the column "${columnName(moved[0]!.header)}" is not where it was. Download a fresh template.`,
    });
    return null;
  }
  const maxRows = options.maxRows ?? 5000;
  if (sheet.rowCount - 1 > maxRows) {
    report.file({
      vi: `Trang tính "${name}" có quá nhiều dòng (tối đa ${maxRows}).`,
      en: `The sheet "${name}" has too many rows (at most ${maxRows}).`,
    });
    return null;
  }
  const rows: SheetRow[] = [];
  for (let number = 2; number <= sheet.rowCount; number++) {
    const row = sheet.getRow(number);
    const cells: Record<string, ExcelJS.CellValue> = {};
    let empty = true;
    columns.forEach((column, i) => {
      const value = row.getCell(i + 1).value;
      cells[column.key] = value;
      if (cellText(value) !== null) empty = false;
    });
    if (!empty) rows.push({ row: number, cells });
  }
  return rows;
}
