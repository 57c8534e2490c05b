import ExcelJS from 'exceljs';
import type { ResultsService } from './results.service.ts';

type Results = Awaited<ReturnType<ResultsService['results']>>;

/** The ranking table as XLSX, bilingual headers; placeholder weights are said so on the sheet. */
export async function resultsWorkbook(results: Results): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('DTI');
  sheet.addRow([
    `Chỉ số chuyển đổi số / Digital-transformation index — ${results.frameworkCode} ${results.year}`,
  ]);
  sheet.addRow([
    results.status === 'published' ? 'Đã công bố / Published' : 'Chưa công bố / Not published',
    results.weightsArePlaceholders
      ? 'Trọng số tạm đặt, chưa chính thức / Placeholder weights, not official'
      : 'Trọng số chính thức / Official weights',
  ]);
  const groupCodes = results.groups.map((g) => g.code);
  const header = sheet.addRow([
    'Hạng / Rank',
    'Mã đơn vị / Unit code',
    'Đơn vị / Unit',
    'Nhóm so sánh / Peer group',
    'Hạng trong nhóm / Peer rank',
    'Chỉ số (0–1) / Index (0–1)',
    ...results.groups.map((g) => `${g.nameVi} / ${g.nameEn}`),
    'Thay đổi chỉ số / Index change',
    'Thay đổi hạng / Rank change',
  ]);
  header.font = { bold: true };
  for (const u of results.units)
    sheet.addRow([
      u.rank,
      u.unitId,
      u.unitNameVi,
      u.peerGroup,
      u.peerRank,
      Number(u.index.toFixed(4)),
      ...groupCodes.map((code) =>
        u.groups[code] == null ? null : Number((u.groups[code] as number).toFixed(4)),
      ),
      u.change ? Number(u.change.index.toFixed(4)) : null,
      u.change?.rank ?? null,
    ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
