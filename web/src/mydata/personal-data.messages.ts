/** Texts of the download and deletion sections of "My data", Vietnamese first. */
export const text = {
  exportHeading: { vi: 'Tải dữ liệu của tôi', en: 'Download my data' },
  exportIntro: {
    vi: 'Bản sao toàn bộ dữ liệu nền tảng đang lưu về bạn: tài khoản, bản ghi dân cư, sự đồng ý, nhật ký sử dụng dữ liệu, bản nháp, hồ sơ, kết quả và thông báo. Tệp JSON đầy đủ và máy đọc được; tệp PDF để đọc và in.',
    en: 'A copy of everything the platform holds about you: account, population record, consents, data-usage log, drafts, dossiers, results and notifications. The JSON file is complete and machine-readable; the PDF is for reading and printing.',
  },
  downloadJson: { vi: 'Tải dữ liệu của tôi (JSON)', en: 'Download my data (JSON)' },
  downloadPdf: { vi: 'Tải dữ liệu của tôi (PDF)', en: 'Download my data (PDF)' },
  deletionHeading: { vi: 'Yêu cầu xoá dữ liệu', en: 'Request deletion of my data' },
  deletionIntro: {
    vi: 'Nền tảng xoá ngay những gì pháp luật cho phép: bản nháp hồ sơ chưa nộp (kể cả tệp đính kèm) và thu hồi các sự đồng ý còn hiệu lực. Hồ sơ đã nộp, kết quả đã cấp và các nhật ký phải được giữ lại theo quy định; bạn sẽ thấy rõ phần nào được giữ và vì sao.',
    en: 'The platform deletes at once what the law allows: drafts never submitted (with their files), and it revokes your active consents. Submitted dossiers, issued results and the logs must be kept by law; you will see what is kept and why.',
  },
  requestDeletion: { vi: 'Yêu cầu xoá dữ liệu', en: 'Request deletion' },
  confirmTitle: { vi: 'Xác nhận yêu cầu xoá dữ liệu', en: 'Confirm the deletion request' },
  confirmBody: {
    vi: 'Các bản nháp chưa nộp sẽ bị xoá vĩnh viễn và mọi sự đồng ý còn hiệu lực sẽ bị thu hồi. Không thể hoàn tác. Bạn có chắc chắn?',
    en: 'Drafts never submitted will be deleted for good and every active consent revoked. This cannot be undone. Are you sure?',
  },
  confirm: { vi: 'Xoá dữ liệu', en: 'Delete my data' },
  cancel: { vi: 'Huỷ', en: 'Cancel' },
  close: { vi: 'Đóng', en: 'Close' },
  failed: { vi: 'Không gửi được yêu cầu', en: 'Could not send the request' },
  answerHeading: { vi: 'Kết quả yêu cầu ngày {date}', en: 'Outcome of the request of {date}' },
  deleted: { vi: 'Đã xoá', en: 'Deleted' },
  kept: { vi: 'Được giữ lại', en: 'Kept' },
  count: { vi: 'Số lượng: {count}', en: 'Count: {count}' },
  reason: { vi: 'Lý do', en: 'Reason' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
} as const;
