import ExcelJS from 'exceljs';
import type { Bilingual } from '../../../platform/errors.ts';
import type { CatalogueEntry } from './catalogue.schema.ts';
import type { View } from './catalogue.views.ts';

/**
 * The catalogue as a workbook: one row per approved entry, bilingual headers, demo entries marked
 * in their own column. The public workbook has the public columns only, and the open-only columns
 * filled for `open` entries; officials get every column.
 */
type Column = { key: string; header: Bilingual; width: number; official?: true; openOnly?: true };

const columns: Column[] = [
  { key: 'id', header: { vi: 'Mã mục', en: 'Entry id' }, width: 14 },
  { key: 'version', header: { vi: 'Phiên bản', en: 'Version' }, width: 9 },
  { key: 'nameVi', header: { vi: 'Tên CSDL / hệ thống', en: 'Name (Vietnamese)' }, width: 44 },
  { key: 'nameEn', header: { vi: 'Tên tiếng Anh', en: 'Name (English)' }, width: 40 },
  { key: 'owner', header: { vi: 'Cơ quan chủ quản', en: 'Owner agency' }, width: 30 },
  { key: 'descriptionVi', header: { vi: 'Mô tả', en: 'Description (Vietnamese)' }, width: 50 },
  { key: 'descriptionEn', header: { vi: 'Mô tả tiếng Anh', en: 'Description (English)' }, width: 50 },
  { key: 'dataItems', header: { vi: 'Mục dữ liệu lưu giữ', en: 'Data items held' }, width: 40 },
  { key: 'updateFrequency', header: { vi: 'Tần suất cập nhật', en: 'Update frequency' }, width: 14 },
  { key: 'sharingLevel', header: { vi: 'Mức chia sẻ', en: 'Sharing level' }, width: 12 },
  {
    key: 'nationalConnections',
    header: { vi: 'Kết nối CSDL quốc gia', en: 'National connections' },
    width: 30,
  },
  { key: 'legalBasis', header: { vi: 'Căn cứ pháp lý', en: 'Legal basis' }, width: 40, openOnly: true },
  {
    key: 'recordCount',
    header: { vi: 'Số bản ghi (ước tính)', en: 'Records (approx.)' },
    width: 14,
    openOnly: true,
  },
  { key: 'hosting', header: { vi: 'Nơi vận hành', en: 'Hosting' }, width: 16, openOnly: true },
  { key: 'contact', header: { vi: 'Đầu mối liên hệ', en: 'Contact' }, width: 34, openOnly: true },
  { key: 'securityLevel', header: { vi: 'Cấp độ an toàn', en: 'Security level' }, width: 10, official: true },
  {
    key: 'securityState',
    header: { vi: 'Trạng thái cấp độ', en: 'Level approval state' },
    width: 14,
    official: true,
  },
  {
    key: 'securityAuthority',
    header: { vi: 'Cơ quan phê duyệt cấp độ', en: 'Approving authority' },
    width: 30,
    official: true,
  },
  {
    key: 'securityDecision',
    header: { vi: 'Quyết định phê duyệt', en: 'Approval decision' },
    width: 24,
    official: true,
  },
  { key: 'approvedAt', header: { vi: 'Ngày phê duyệt mục', en: 'Entry approved on' }, width: 14 },
  { key: 'demo', header: { vi: 'Ví dụ minh họa', en: 'Demo example' }, width: 22 },
];

const DEMO_LABEL = 'Ví dụ minh họa, không phải hệ thống thật / Demo example, not a real system';

function cellValue(entry: CatalogueEntry, key: string): ExcelJS.CellValue {
  switch (key) {
    case 'owner':
      return `${entry.ownerNameVi} (${entry.ownerAgencyId})`;
    case 'dataItems':
    case 'nationalConnections':
      return entry[key].join(', ');
    case 'contact':
      return entry.contact
        ? [entry.contact.name, entry.contact.email, entry.contact.phone].filter(Boolean).join('; ')
        : null;
    case 'approvedAt':
      return entry.approvedAt?.slice(0, 10) ?? null;
    case 'demo':
      return entry.demo ? DEMO_LABEL : null;
    default:
      return ((entry as Record<string, unknown>)[key] as ExcelJS.CellValue) ?? null;
  }
}

export async function catalogueXlsx(
  entries: CatalogueEntry[],
  options: { view: View; generatedAt: Date },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Nền tảng đô thị thông minh Hà Nội / Hanoi smart-city platform';
  workbook.created = options.generatedAt;
  const shown = columns.filter((column) => options.view === 'full' || !column.official);
  const sheet = workbook.addWorksheet('Danh muc CSDL', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = shown.map((column) => ({ key: column.key, width: column.width }));
  const header = sheet.getRow(1);
  shown.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = `${column.header.vi}\n${column.header.en}`;
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle' };
  });
  header.height = 32;
  entries.forEach((entry, index) => {
    const row = sheet.getRow(index + 2);
    shown.forEach((column, columnIndex) => {
      const hidden = column.openOnly && options.view === 'public' && entry.sharingLevel !== 'open';
      const cell = row.getCell(columnIndex + 1);
      cell.value = hidden ? null : cellValue(entry, column.key);
      cell.alignment = { wrapText: true, vertical: 'top' };
    });
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: shown.length } };

  const notes = workbook.addWorksheet('Ghi chu - Notes');
  notes.columns = [{ width: 34 }, { width: 100 }];
  const lines: [string, string][] = [
    ['Tạo lúc / Generated at', options.generatedAt.toISOString()],
    [
      'Phạm vi / View',
      options.view === 'full'
        ? 'Đầy đủ, dành cho cán bộ / Full, for officials'
        : 'Phần công khai / Public part: tên, cơ quan, mô tả, mục dữ liệu, tần suất, mức chia sẻ, kết nối; căn cứ pháp lý, số bản ghi, nơi vận hành, liên hệ chỉ với CSDL mở / legal basis, records, hosting, contact for open systems only',
    ],
    ['Số mục / Entries', String(entries.length)],
    ['Ví dụ minh họa / Demo', `${entries.filter((entry) => entry.demo).length} — ${DEMO_LABEL}`],
  ];
  lines.forEach(([key, value], index) => {
    notes.getRow(index + 1).values = [key, value];
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
