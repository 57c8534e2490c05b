import type { Actor } from '../../platform/auth/principal.ts';
import type { PlatformContext } from '../../platform/module.ts';
import type { Citizen, PrivacyDeps } from './ports.ts';

type Bilingual = { vi: string; en: string };

/** One category of data in the answer to a deletion request. */
export type DeletionItem = { category: string; count: number; what: Bilingual; reason?: Bilingual };

export type DeletionRequestView = {
  id: string;
  requestedAt: string;
  deleted: DeletionItem[];
  kept: DeletionItem[];
};

type RequestRow = {
  id: string;
  account_id: string;
  requested_at: Date;
  deleted: DeletionItem[];
  kept: DeletionItem[];
};

/** Why records of administrative procedures stay (Decree 13/2023/NĐ-CP art. 16(2) and 17; archives law). */
const ADMINISTRATIVE_RECORD: Bilingual = {
  vi: 'Hồ sơ thủ tục hành chính do cơ quan nhà nước xử lý theo quy định của pháp luật không thuộc trường hợp được xoá theo yêu cầu (Nghị định 13/2023/NĐ-CP, Điều 16 khoản 2 và Điều 17); hồ sơ được lưu trữ theo Luật Lưu trữ và thời hạn bảo quản của từng thủ tục.',
  en: 'Dossiers of administrative procedures are processed by state agencies as the law requires and are not deleted on request (Decree 13/2023/NĐ-CP, art. 16(2) and 17); they are archived under the Law on Archives for the retention period of each procedure.',
};

function keptItems(
  counts: {
    dossiers: number;
    results: number;
    receipts: number;
    usage: number;
  },
  signInDays: number,
): DeletionItem[] {
  return [
    {
      category: 'services.dossiers',
      count: counts.dossiers,
      what: {
        vi: 'Hồ sơ đã nộp (thông tin khai, tệp đính kèm, lịch sử xử lý, lệ phí, đánh giá)',
        en: 'Submitted dossiers (answers, attachments, processing history, fees, ratings)',
      },
      reason: ADMINISTRATIVE_RECORD,
    },
    {
      category: 'services.results',
      count: counts.results,
      what: { vi: 'Kết quả giải quyết đã cấp (có chữ ký số)', en: 'Issued results (digitally signed)' },
      reason: {
        vi: 'Kết quả là văn bản hành chính đã cấp: cơ quan phải lưu giữ và mọi người nhận được phải kiểm tra được tính xác thực tại /verify (Nghị định 13/2023/NĐ-CP, Điều 16 khoản 2; Luật Lưu trữ).',
        en: 'Results are issued administrative documents: the agency must keep them and anyone who receives one must be able to check it at /verify (Decree 13/2023/NĐ-CP, art. 16(2); Law on Archives).',
      },
    },
    {
      category: 'exchange.consent_receipts',
      count: counts.receipts,
      what: { vi: 'Biên nhận sự đồng ý (đã thu hồi)', en: 'Consent receipts (revoked)' },
      reason: {
        vi: 'Việc rút lại sự đồng ý không ảnh hưởng đến tính hợp pháp của việc xử lý đã thực hiện trước đó (Nghị định 13/2023/NĐ-CP, Điều 12); biên nhận là bằng chứng của việc xử lý hợp pháp đó.',
        en: 'Withdrawing consent does not affect the lawfulness of processing done before (Decree 13/2023/NĐ-CP, art. 12); the receipts are the proof of that processing.',
      },
    },
    {
      category: 'exchange.messages',
      count: counts.usage,
      what: { vi: 'Nhật ký sử dụng dữ liệu giữa các cơ quan', en: 'Log of data use between agencies' },
      reason: {
        vi: 'Nhật ký chỉ ghi thêm, có chuỗi băm để chứng minh không bị sửa; số định danh chỉ được lưu dưới dạng băm có khoá và nội dung được niêm phong. Nhật ký cho phép bạn và cơ quan kiểm tra ai đã đọc dữ liệu của bạn.',
        en: 'The log is append-only and hash-chained so it can prove it was not altered; your personal id is kept only as a keyed hash and the contents are sealed. It lets you and auditors see who read your data.',
      },
    },
    {
      category: 'identity.account',
      count: 1,
      what: {
        vi: 'Tài khoản đăng nhập và lịch sử đăng nhập',
        en: 'Sign-in account and sign-in history',
      },
      reason: {
        vi: `Tài khoản cần để bạn đăng nhập và để hồ sơ được lưu giữ vẫn gắn với bạn; lịch sử đăng nhập dùng cho an toàn thông tin và chỉ tiêu của Kế hoạch 239, và được xoá tự động sau ${signInDays} ngày. Phiên đăng nhập tự hết hạn.`,
        en: `The account lets you sign in and keeps your archived dossiers attached to you; the sign-in history serves security and Plan 239’s indicators and is deleted automatically after ${signInDays} days. Sessions expire by themselves.`,
      },
    },
    {
      category: 'population.resident',
      count: 1,
      what: {
        vi: 'Bản ghi trong Cơ sở dữ liệu quốc gia về dân cư (mô phỏng)',
        en: 'Your record in the national population database (simulated)',
      },
      reason: {
        vi: 'Đây là cơ sở dữ liệu của Nhà nước do Bộ Công an quản lý, không phải dữ liệu của nền tảng; việc điều chỉnh thực hiện tại cơ quan Công an.',
        en: 'It is the state’s database, kept by the Ministry of Public Security, not the platform’s data; corrections are made by the police.',
      },
    },
  ];
}

const view = (row: RequestRow): DeletionRequestView => ({
  id: row.id,
  requestedAt: new Date(row.requested_at).toISOString(),
  deleted: row.deleted,
  kept: row.kept,
});

/** A citizen's deletion requests: the immediate part done in one transaction, the rest explained. */
export function createDeletionRequests(context: PlatformContext, deps: PrivacyDeps) {
  const db = context.database.db;
  return {
    async list(citizen: Citizen): Promise<DeletionRequestView[]> {
      const rows = await db
        .selectFrom('privacy.deletion_requests')
        .selectAll()
        .where('account_id', '=', citizen.accountId)
        .orderBy('requested_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map((row) => view(row as RequestRow));
    },

    async request(actor: Actor, citizen: Citizen): Promise<DeletionRequestView> {
      // Read and prepared before the transaction: in embedded mode it holds the only connection.
      const [services, receipts, usage, revocation] = await Promise.all([
        deps.services.personalData.exportFor(citizen.personalId),
        deps.exchange.myConsents(actor),
        deps.exchange.myDataUsage(actor, 10_000),
        deps.exchange.consentRevocation(actor),
      ]);
      const row: RequestRow = {
        id: crypto.randomUUID(),
        account_id: citizen.accountId,
        requested_at: context.clock.now(),
        deleted: [],
        kept: keptItems(
          {
            dossiers: services.dossiers.length,
            results: services.results.length,
            receipts: receipts.length,
            usage: usage.length,
          },
          context.config.retention.signInDays,
        ),
      };
      await db.transaction().execute(async (trx) => {
        const drafts = await deps.services.personalData.eraseDraftsFor(trx, citizen.personalId);
        const revoked = await revocation.run(trx);
        // The outbox is matched through the notifications it was sent for (addressed to this account),
        // not by e-mail or phone: an address on a dossier may be shared with someone else.
        const notices = await context.notify.eraseFor(trx, { kind: 'citizen', id: citizen.accountId });
        row.deleted = [
          {
            category: 'services.drafts',
            count: drafts.drafts,
            what: {
              vi: `Bản nháp hồ sơ chưa nộp, gồm thông tin đã khai, dữ liệu điền sẵn và ${drafts.files} tệp đính kèm`,
              en: `Drafts never submitted, with what you typed, the pre-filled data and ${drafts.files} attached files`,
            },
          },
          {
            category: 'exchange.consents',
            count: revoked.length,
            what: {
              vi: 'Sự đồng ý còn hiệu lực: đã thu hồi, cơ quan không còn được đọc dữ liệu của bạn theo các sự đồng ý này',
              en: 'Active consents: revoked, agencies may no longer read your data under them',
            },
          },
          {
            category: 'platform.notifications',
            count: notices.notifications,
            what: {
              vi: `Thông báo trong hộp thư (bản sao của những gì lịch sử xử lý hồ sơ đã ghi), cùng ${notices.messages} e-mail và tin nhắn SMS đã gửi từ các thông báo này`,
              en: `Notifications in your inbox (copies of what the dossiers' processing history records), with the ${notices.messages} e-mails and text messages sent from them`,
            },
          },
        ];
        if (notices.pendingMessages > 0)
          row.kept.push({
            category: 'platform.outbox',
            count: notices.pendingMessages,
            what: {
              vi: 'E-mail và tin nhắn SMS đang chờ gửi, cùng thông báo của chúng',
              en: 'E-mails and text messages waiting to be sent, with their notifications',
            },
            reason: {
              vi: `Tin đang trong hàng đợi gửi thì chưa xoá được; sau khi gửi xong, chúng được xoá tự động sau ${context.config.retention.outboxDays} ngày và thông báo sau ${context.config.retention.notificationDays} ngày, hoặc ngay khi bạn gửi lại yêu cầu xoá.`,
              en: `Messages still queued for sending cannot be deleted yet; once sent they are deleted automatically after ${context.config.retention.outboxDays} days and their notifications after ${context.config.retention.notificationDays} days, or at once if you make another deletion request.`,
            },
          });
        await trx
          .insertInto('privacy.deletion_requests')
          .values({
            ...row,
            deleted: JSON.stringify(row.deleted),
            kept: JSON.stringify(row.kept),
          })
          .execute();
        await context.audit.record(trx, {
          actor,
          action: 'me.deletion_request',
          objectType: 'privacy.deletion_request',
          objectId: row.id,
          details: {
            draftsDeleted: drafts.drafts,
            filesDeleted: drafts.files,
            consentsRevoked: revoked.length,
            notificationsDeleted: notices.notifications,
            messagesDeleted: notices.messages,
          },
        });
      });
      return view(row);
    },
  };
}
