import type { ValidationIssue, ValidationReport } from './datastore.schema.ts';
import { ID } from './table-sql.ts';

/** Issues kept in a report; past this the report says it was truncated and reading stops. */
export const ISSUE_CAP = 100;

/** The issues of one load, capped. */
export class IssueList {
  readonly issues: ValidationIssue[] = [];
  truncated = false;
  constructor(private readonly cap = ISSUE_CAP) {}

  add(issue: ValidationIssue) {
    if (this.issues.length < this.cap) this.issues.push(issue);
    else this.truncated = true;
  }

  get full() {
    return this.truncated;
  }

  get count() {
    return this.issues.length;
  }

  report(rows: number): ValidationReport {
    return { valid: this.issues.length === 0, rows, issues: this.issues, truncated: this.truncated };
  }
}

export const emptyIssue = (headerOnly: boolean): ValidationIssue =>
  headerOnly
    ? {
        type: 'empty',
        vi: 'Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào.',
        en: 'The file has a header row but no data rows.',
      }
    : {
        type: 'empty',
        vi: 'Tệp rỗng: không có dòng tiêu đề và dữ liệu.',
        en: 'The file is empty: no header and no data.',
      };

/** Problems of the header row (blank, reserved (`_id`) or duplicate names; with a schema, missing or extra columns). */
export function headerIssues(header: string[], schemaFields: string[] | null): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') {
      issues.push({
        type: 'header',
        row: 1,
        vi: `Cột thứ ${i + 1} không có tên trong dòng tiêu đề.`,
        en: `Column ${i + 1} has no name in the header row.`,
      });
      return;
    }
    if (name === ID) {
      // The DataStore's own row number (search results, sort, the keyset cursor): never a file's column.
      issues.push({
        type: 'header',
        row: 1,
        column: name,
        vi: `Tên cột "${ID}" được dành cho số thứ tự dòng của DataStore; hãy đổi tên cột này.`,
        en: `Column name "${ID}" is reserved for the DataStore's row number; rename this column.`,
      });
    }
    const first = seen.get(name);
    if (first !== undefined) {
      issues.push({
        type: 'header',
        row: 1,
        column: name,
        vi: `Tên cột "${name}" bị trùng (cột ${first + 1} và cột ${i + 1}).`,
        en: `Column name "${name}" appears twice (columns ${first + 1} and ${i + 1}).`,
      });
    } else seen.set(name, i);
  });
  if (header.length > 1000) {
    issues.push({
      type: 'header',
      row: 1,
      vi: 'Tệp có hơn 1000 cột.',
      en: 'The file has more than 1000 columns.',
    });
  }
  if (schemaFields) {
    for (const field of schemaFields) {
      if (!seen.has(field)) {
        issues.push({
          type: 'header',
          row: 1,
          column: field,
          vi: `Thiếu cột "${field}" mà lược đồ yêu cầu.`,
          en: `Column "${field}" required by the schema is missing.`,
        });
      }
    }
    const known = new Set(schemaFields);
    for (const name of seen.keys()) {
      if (!known.has(name)) {
        issues.push({
          type: 'header',
          row: 1,
          column: name,
          vi: `Cột "${name}" không có trong lược đồ.`,
          en: `Column "${name}" is not in the schema.`,
        });
      }
    }
  }
  return issues;
}
