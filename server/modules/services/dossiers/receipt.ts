import type { Principal } from '../../../platform/auth/principal.ts';
import type { OrgService } from '../../org/index.ts';
import { renderOfficialPdf } from '../results/pdf.ts';
import type { ProceduresPort, WorkingCalendarPort } from './ports.ts';
import type { ProcessService } from './process.service.ts';

/** `YYYY-MM-DD` → `DD/MM/YYYY`, as Vietnamese documents write dates. */
const vnDate = (isoDate: string) => isoDate.split('-').reverse().join('/');
const vnDateTime = (instant: string) =>
  new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(instant));

/**
 * The receipt for a submitted dossier ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"): code, applicant,
 * procedure, documents received and the appointment date — the agency's once it has received the
 * dossier, until then the date it would be if received on the day of submission, marked provisional.
 * Its QR code opens the public status lookup with the code filled in. Not signed: it records a
 * filing, it is not a decision.
 */
export function createReceipts(deps: {
  process: ProcessService;
  procedures: () => Pick<ProceduresPort, 'get'>;
  org: Pick<OrgService, 'unit'>;
  calendar: Pick<WorkingCalendarPort, 'dueDate'>;
  publicUrl: string;
}) {
  return {
    async receiptPdf(principal: Principal, code: string): Promise<{ filename: string; bytes: Buffer }> {
      const dossier = await deps.process.citizenDetail(principal, code);
      const [agency, procedure] = await Promise.all([
        deps.org.unit(dossier.agencyId).catch(() => null),
        deps.procedures().get(dossier.procedureCode),
      ]);
      const appointment = dossier.appointmentDate
        ? vnDate(dossier.appointmentDate)
        : procedure
          ? `${vnDate(
              deps.calendar.dueDate({
                receivedAt: new Date(dossier.submittedAt),
                workingDays: procedure.processingDays,
                pauses: [],
              }),
            )} (dự kiến, tính khi cơ quan tiếp nhận / provisional, set when the agency receives it)`
          : 'Tính khi cơ quan tiếp nhận / Set when the agency receives it';
      const documents = dossier.attachments.map((a) => a.filename).join('; ') || '—';
      const lookupUrl = `${deps.publicUrl}/tra-cuu-ho-so?code=${encodeURIComponent(dossier.code)}`;
      const bytes = await renderOfficialPdf({
        agency: agency
          ? { nameVi: agency.nameVi, nameEn: agency.nameEn }
          : { nameVi: dossier.agencyId, nameEn: dossier.agencyId },
        titleVi: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
        titleEn: 'Receipt of application and appointment for the result',
        subject: `Giấy tiếp nhận hồ sơ ${dossier.code} / Receipt of dossier ${dossier.code}`,
        rows: [
          { labelVi: 'Mã hồ sơ', labelEn: 'Dossier code', value: dossier.code },
          { labelVi: 'Người nộp', labelEn: 'Applicant', value: dossier.applicantName },
          {
            labelVi: 'Thủ tục',
            labelEn: 'Procedure',
            value: `${dossier.procedureNameVi} / ${dossier.procedureNameEn}`,
          },
          {
            labelVi: 'Hình thức nộp',
            labelEn: 'Channel',
            value: dossier.channel === 'online' ? 'Trực tuyến / Online' : 'Tại quầy / At the counter',
          },
          { labelVi: 'Thời điểm nộp', labelEn: 'Submitted at', value: vnDateTime(dossier.submittedAt) },
          { labelVi: 'Giấy tờ đã nộp', labelEn: 'Documents received', value: documents },
          {
            labelVi: 'Thời hạn giải quyết',
            labelEn: 'Processing time',
            value: procedure ? `${procedure.processingDays} ngày làm việc / working days` : '—',
          },
          { labelVi: 'Ngày hẹn trả kết quả', labelEn: 'Appointment date', value: appointment },
          {
            labelVi: 'Phí, lệ phí',
            labelEn: 'Fees',
            value:
              dossier.feeVnd > 0 ? `${dossier.feeVnd.toLocaleString('vi-VN')} đồng / VND` : 'Không / None',
          },
        ],
        qr: {
          url: lookupUrl,
          heading: 'Tra cứu tình trạng hồ sơ / Check the dossier’s status',
          footer:
            'Nhập 4 số cuối số định danh cá nhân của người nộp để xem tình trạng. / Enter the last 4 digits of the applicant’s ID number to see the status.',
        },
        createdAt: new Date(dossier.submittedAt),
      });
      return { filename: `giay-tiep-nhan-${dossier.code}.pdf`, bytes };
    },
  };
}

export type Receipts = ReturnType<typeof createReceipts>;
