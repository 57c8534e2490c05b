import { PdfWriter, type TableColumn } from '../plan/index.ts';
import type { PersonalDataExport } from './export.ts';

/**
 * The export as a readable Vietnamese PDF (English beside the headings), drawn with the plan
 * module's PdfWriter so it embeds Noto Sans and keeps every diacritic. It carries the same data as
 * the JSON, laid out for people; the JSON remains the complete, machine-readable copy.
 */
const MUTED = '#495057';

/** Hanoi wall-clock time, "dd/mm/yyyy hh:mm". */
function hanoiTime(iso: string | null): string {
  if (!iso) return '—';
  const local = new Date(Date.parse(iso) + 7 * 3600_000).toISOString();
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 16)}`;
}

/** A value as one line of text: nested objects flattened to "key: value" pairs. */
function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(show).join('; ');
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => `${key}: ${show(inner)}`)
      .join(', ');
  if (typeof value === 'boolean') return value ? 'có / yes' : 'không / no';
  return String(value);
}

function pairs(pdf: PdfWriter, values: Record<string, unknown>) {
  const columns: TableColumn[] = [
    { header: 'Trường / Field', width: 170 },
    { header: 'Giá trị / Value', width: pdf.contentWidth - 170 },
  ];
  pdf.table(
    columns,
    Object.entries(values).map(([key, value]) => ({ cells: [key, show(value)] })),
    { size: 8.5 },
  );
}

function empty(pdf: PdfWriter, text = 'Không có. / None.') {
  pdf.text(text, { colour: MUTED, gap: 6 });
}

function account(pdf: PdfWriter, data: PersonalDataExport) {
  pdf.heading('1. Tài khoản đăng nhập / Sign-in account');
  const { account, sessions, signIns } = data.identity;
  if (!account) return empty(pdf);
  pairs(pdf, {
    'Họ và tên / Full name': account.fullName,
    'Số định danh / Personal id': account.personalId,
    'Ngày sinh / Date of birth': account.birthdate,
    'Giới tính / Sex': account.gender,
    'Trạng thái / Status': account.status,
    'Tạo lúc / Created': hanoiTime(account.createdAt),
    'Đăng nhập gần nhất / Last sign-in': hanoiTime(account.lastSignInAt),
    'Số phiên đang lưu / Sessions kept': sessions.length,
    'Số lần đăng nhập / Sign-ins': signIns.length,
  });
}

function population(pdf: PdfWriter, data: PersonalDataExport) {
  pdf.heading('2. Cơ sở dữ liệu quốc gia về dân cư (mô phỏng) / Population database (simulated)');
  pdf.text(data.population.note.vi, { gap: 1 });
  pdf.text(data.population.note.en, { size: 8.5, colour: MUTED, gap: 6 });
  if (!data.population.resident) return empty(pdf);
  pairs(pdf, data.population.resident as unknown as Record<string, unknown>);
}

function consents(pdf: PdfWriter, data: PersonalDataExport) {
  pdf.heading('3. Sự đồng ý chia sẻ dữ liệu / Consents');
  if (data.exchange.consents.length === 0) empty(pdf);
  else
    pdf.table(
      [
        { header: 'Cơ quan / Agency', width: 130 },
        { header: 'Mục đích / Purpose', width: 130 },
        { header: 'Mục dữ liệu / Items', width: 120 },
        { header: 'Ngày đồng ý / Given', width: 65 },
        { header: 'Trạng thái / Status', width: pdf.contentWidth - 445 },
      ],
      data.exchange.consents.map((c) => ({
        cells: [c.consumerNameVi, c.purposeVi, c.items.join(', '), hanoiTime(c.givenAt), c.status],
      })),
      { size: 8 },
    );
  pdf.heading('4. Nhật ký sử dụng dữ liệu / Data-usage log', 2);
  if (data.exchange.dataUsage.length === 0) return empty(pdf);
  pdf.table(
    [
      { header: 'Thời gian / When', width: 75 },
      { header: 'Cơ quan / Agency', width: 150 },
      { header: 'Mục dữ liệu / Items', width: 150 },
      { header: 'Kết quả / Outcome', width: pdf.contentWidth - 375 },
    ],
    data.exchange.dataUsage.map((u) => ({
      cells: [hanoiTime(u.at), u.consumerNameVi, u.items.join(', '), u.outcome],
    })),
    { size: 8 },
  );
}

function services(pdf: PdfWriter, data: PersonalDataExport) {
  pdf.heading('5. Bản nháp hồ sơ chưa nộp / Drafts not submitted');
  if (data.services.drafts.length === 0) empty(pdf);
  for (const draft of data.services.drafts) {
    pdf.text(
      `Thủ tục / Procedure: ${draft.procedureCode} — cập nhật / updated ${hanoiTime(draft.updatedAt)}`,
      {
        bold: true,
      },
    );
    pairs(pdf, draft.answers);
  }
  pdf.heading('6. Hồ sơ đã nộp / Submitted dossiers');
  if (data.services.dossiers.length === 0) empty(pdf);
  for (const dossier of data.services.dossiers) {
    pdf.heading(`${dossier.code} — ${dossier.procedureNameVi}`, 3);
    pdf.text(
      `Trạng thái / State: ${dossier.state} · Nộp / Submitted: ${hanoiTime(dossier.submittedAt)} · Người nộp / Applicant: ${dossier.applicantName}`,
      { size: 9 },
    );
    pairs(pdf, {
      ...dossier.answers,
      'Lệ phí / Fee (VND)': dossier.payment.feeVnd,
      'Đã nộp lệ phí / Paid': hanoiTime(dossier.payment.paidAt),
      'Đánh giá / Rating': dossier.rating,
      'Tệp đính kèm / Attachments': dossier.attachments.map((a) => a.filename),
    });
  }
  pdf.heading('7. Kết quả đã cấp / Issued results');
  if (data.services.results.length === 0) return empty(pdf);
  pdf.table(
    [
      { header: 'Kết quả / Result', width: 180 },
      { header: 'Cơ quan cấp / Issuer', width: 140 },
      { header: 'Ngày cấp / Issued', width: 75 },
      { header: 'Kiểm tra / Verify', width: pdf.contentWidth - 395 },
    ],
    data.services.results.map((r) => ({
      cells: [r.titleVi, r.agencyNameVi, hanoiTime(r.issuedAt), r.verifyPath],
    })),
    { size: 8 },
  );
}

function notifications(pdf: PdfWriter, data: PersonalDataExport) {
  pdf.heading('8. Thông báo / Notifications');
  if (data.notifications.length === 0) empty(pdf);
  else
    pdf.table(
      [
        { header: 'Thời gian / When', width: 75 },
        { header: 'Tiêu đề / Subject', width: 160 },
        { header: 'Nội dung / Body', width: pdf.contentWidth - 235 },
      ],
      data.notifications.map((n) => ({ cells: [hanoiTime(n.createdAt), n.subject.vi, n.body.vi] })),
      { size: 8 },
    );
  pdf.heading('9. Yêu cầu xoá dữ liệu / Deletion requests');
  if (data.privacy.deletionRequests.length === 0) return empty(pdf);
  for (const request of data.privacy.deletionRequests) {
    pdf.text(`${hanoiTime(request.requestedAt)}`, { bold: true });
    for (const item of request.deleted)
      pdf.text(`Đã xoá / Deleted (${item.count}): ${item.what.vi}`, { size: 9 });
    for (const item of request.kept) pdf.text(`Giữ lại / Kept (${item.count}): ${item.what.vi}`, { size: 9 });
  }
}

export function exportPdf(data: PersonalDataExport): Promise<Buffer> {
  const title = 'Dữ liệu cá nhân của tôi';
  const pdf = new PdfWriter({
    title,
    subject: 'My personal data — export from the Hanoi smart-city platform',
    author: 'Nền tảng đô thị thông minh Hà Nội / Hanoi smart-city platform',
    createdAt: new Date(data.generatedAt),
    footer: `Dữ liệu cá nhân / Personal data · ${data.subject.fullName}`,
  });
  pdf.text(title, { size: 18, bold: true, gap: 2 });
  pdf.text('My personal data', { size: 11, colour: MUTED, gap: 8 });
  pdf.text(`Người dân / Citizen: ${data.subject.fullName}`);
  pdf.text(`Số định danh / Personal id: ${data.subject.personalId}`);
  pdf.text(`Ngày lập / Generated: ${hanoiTime(data.generatedAt)} (giờ Hà Nội / Hanoi time)`, { gap: 4 });
  pdf.text(
    'Bản đầy đủ, máy đọc được, là tệp JSON tải cùng trang "Dữ liệu của tôi". / The complete, machine-readable copy is the JSON file on the "My data" page.',
    { size: 8.5, colour: MUTED, gap: 8 },
  );
  account(pdf, data);
  population(pdf, data);
  consents(pdf, data);
  services(pdf, data);
  notifications(pdf, data);
  return pdf.finish();
}
