import type { Bilingual } from '../../../../platform/errors.ts';

/**
 * What an upload's check found: errors for the file as a whole, and per row (sheet, Excel row
 * number, column header) in both languages. `valid` only when there is no error at all.
 */
export type CellError = { column: string | null; vi: string; en: string };
export type RowErrors = { sheet: string; row: number; errors: CellError[] };

export type ImportReport = {
  valid: boolean;
  /** True only after a commit (dryRun=false) that saved everything. */
  saved: boolean;
  dryRun: boolean;
  fileErrors: { vi: string; en: string }[];
  rows: RowErrors[];
  /** Rows that would be (or were) saved, by sheet kind; rows left as they were are `unchanged`. */
  summary: { targets: number; tasks: number; unchanged: number };
  /** The stored upload, after a commit. */
  fileId: string | null;
};

export class ReportBuilder {
  readonly fileErrors: Bilingual[] = [];
  private readonly rows = new Map<string, RowErrors>();

  file(message: Bilingual) {
    this.fileErrors.push(message);
  }

  cell(sheet: string, row: number, column: string | null, message: Bilingual) {
    const key = `${sheet}\u0000${row}`;
    const entry = this.rows.get(key) ?? { sheet, row, errors: [] };
    entry.errors.push({ column, vi: message.vi, en: message.en });
    this.rows.set(key, entry);
  }

  hasErrors(sheet?: string, row?: number) {
    if (sheet === undefined) return this.fileErrors.length > 0 || this.rows.size > 0;
    return this.rows.has(`${sheet}\u0000${row}`);
  }

  build(
    summary: ImportReport['summary'],
    options: { dryRun: boolean; saved?: boolean; fileId?: string | null },
  ): ImportReport {
    const rows = [...this.rows.values()].sort((a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row);
    return {
      valid: !this.hasErrors(),
      saved: options.saved ?? false,
      dryRun: options.dryRun,
      fileErrors: this.fileErrors.map((m) => ({ vi: m.vi, en: m.en })),
      rows,
      summary,
      fileId: options.fileId ?? null,
    };
  }
}

/** "Mã chỉ tiêu / Target code": the column as the header shows it. */
export const columnName = (header: Bilingual) => `${header.vi} / ${header.en}`;
