import { foldVietnamese } from '../../../platform/text.ts';
import { type CsvValue, toCsv } from './csv.ts';
import type { DataItem, ItemStatus } from './dictionary.schema.ts';
import type { ItemRow } from './dictionary.tables.ts';

/** Rows to API shapes, and which version of an item a list shows. */
const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

const published = (status: ItemStatus) => status === 'approved' || status === 'deprecated';

/** The item's current version: its highest approved or deprecated one. */
export function currentVersion(versions: ItemRow[]): ItemRow | undefined {
  return versions.filter((row) => published(row.status)).at(-1);
}

export function openVersion(versions: ItemRow[]): ItemRow | undefined {
  return versions.find((row) => row.status === 'draft' || row.status === 'submitted');
}

export function toItem(row: ItemRow, current: number | null): DataItem {
  return {
    code: row.code,
    version: row.version,
    status: row.status,
    current: row.version === current,
    nameVi: row.name_vi,
    nameEn: row.name_en,
    descriptionVi: row.description_vi,
    descriptionEn: row.description_en,
    type: row.type,
    constraints: row.constraints,
    codeList: row.code_list,
    sensitivity: row.sensitivity,
    verificationClass: row.verification_class,
    source: row.source,
    agencyId: row.agency_id,
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    submittedBy: row.submitted_by,
    submittedAt: iso(row.submitted_at),
    approvedBy: row.approved_by,
    approvedAt: iso(row.approved_at),
    approvalNote: row.approval_note,
    rejection:
      row.rejected_by && row.rejected_at && row.rejection_reason
        ? { by: row.rejected_by, at: iso(row.rejected_at)!, reason: row.rejection_reason }
        : null,
    deprecatedBy: row.deprecated_by,
    deprecatedAt: iso(row.deprecated_at),
    deprecationReason: row.deprecation_reason,
    replacedBy: row.replaced_by,
  };
}

export function groupByCode(rows: ItemRow[]): Map<string, ItemRow[]> {
  const byCode = new Map<string, ItemRow[]>();
  for (const row of rows) {
    const list = byCode.get(row.code) ?? [];
    list.push(row);
    byCode.set(row.code, list);
  }
  for (const list of byCode.values()) list.sort((a, b) => a.version - b.version);
  return byCode;
}

/**
 * The version a list shows for one item: with a status filter, the version in that status that
 * matters (the open one for draft/submitted, the current one for approved/deprecated); without,
 * the current version, or the open one for those who may see drafts.
 */
export function headVersion(versions: ItemRow[], status: ItemStatus | undefined, seesDrafts: boolean) {
  const current = currentVersion(versions);
  const open = seesDrafts ? openVersion(versions) : undefined;
  if (status === 'draft' || status === 'submitted') return open?.status === status ? open : undefined;
  if (status) return current?.status === status ? current : undefined;
  return current ?? open;
}

/** Accent-insensitive: every word of the query appears in the code, names or descriptions. */
export function matchesQuery(item: DataItem, q: string | undefined): boolean {
  if (!q) return true;
  const haystack = foldVietnamese(
    [item.code, item.nameVi, item.nameEn, item.descriptionVi ?? '', item.descriptionEn ?? ''].join(' '),
  );
  return foldVietnamese(q)
    .split(' ')
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

const CSV_HEADER = [
  'code',
  'version',
  'status',
  'name_vi',
  'name_en',
  'description_vi',
  'description_en',
  'type',
  'code_list',
  'pattern',
  'min_length',
  'max_length',
  'minimum',
  'maximum',
  'other_constraints',
  'sensitivity',
  'verification_class',
  'source',
  'approved_at',
  'replaced_by',
];

/** The published dictionary as CSV: one row per item (its current version). */
export function itemsCsv(items: DataItem[]): Buffer {
  const rows: CsvValue[][] = items.map((item) => {
    const { pattern, minLength, maxLength, minimum, maximum, ...other } = item.constraints;
    return [
      item.code,
      item.version,
      item.status,
      item.nameVi,
      item.nameEn,
      item.descriptionVi,
      item.descriptionEn,
      item.type,
      item.codeList,
      pattern,
      minLength,
      maxLength,
      minimum,
      maximum,
      Object.keys(other).length ? JSON.stringify(other) : null,
      item.sensitivity,
      item.verificationClass,
      item.source,
      item.approvedAt,
      item.replacedBy,
    ];
  });
  return toCsv(CSV_HEADER, rows);
}
