/** Texts of "My data", Vietnamese first; picked with `useLanguage().pick`. */
export const text = {
  title: { vi: 'Dữ liệu của tôi', en: 'My data' },
  intro: {
    vi: 'Các cơ quan chỉ được đọc dữ liệu cá nhân của bạn khi bạn đồng ý. Tại đây bạn xem các sự đồng ý đã cho, thu hồi khi muốn, và xem cơ quan nào đã đọc dữ liệu nào của bạn, khi nào, để làm gì.',
    en: 'Agencies may read your personal data only with your consent. Here you see the consents you gave, revoke them when you wish, and see which agency read which of your data, when, and why.',
  },
  simulated: {
    vi: 'Môi trường minh họa: dữ liệu từ Cơ sở dữ liệu quốc gia về dân cư là dữ liệu mô phỏng, không phải của người thật.',
    en: 'Demo environment: data from the national population database is simulated, not real people’s.',
  },
  citizensOnly: {
    vi: 'Trang này dành cho công dân đăng nhập bằng VNeID.',
    en: 'This page is for citizens signed in with VNeID.',
  },
  consentsHeading: { vi: 'Các sự đồng ý của tôi', en: 'My consents' },
  consentsEmpty: {
    vi: 'Bạn chưa đồng ý chia sẻ dữ liệu cho cơ quan nào.',
    en: 'You have not consented to any sharing yet.',
  },
  usageHeading: { vi: 'Nhật ký sử dụng dữ liệu', en: 'Data-usage log' },
  usageEmpty: {
    vi: 'Chưa có cơ quan nào yêu cầu dữ liệu của bạn.',
    en: 'No agency has requested your data yet.',
  },
  agency: { vi: 'Cơ quan', en: 'Agency' },
  purpose: { vi: 'Mục đích', en: 'Purpose' },
  items: { vi: 'Mục dữ liệu', en: 'Data items' },
  givenAt: { vi: 'Ngày đồng ý', en: 'Given on' },
  expiresAt: { vi: 'Hết hạn', en: 'Expires' },
  status: { vi: 'Trạng thái', en: 'Status' },
  actions: { vi: 'Thao tác', en: 'Actions' },
  when: { vi: 'Thời gian', en: 'When' },
  outcome: { vi: 'Kết quả', en: 'Outcome' },
  active: { vi: 'Còn hiệu lực', en: 'Active' },
  revoked: { vi: 'Đã thu hồi', en: 'Revoked' },
  expired: { vi: 'Đã hết hạn', en: 'Expired' },
  revoke: { vi: 'Thu hồi', en: 'Revoke' },
  revokeLabel: { vi: 'Thu hồi sự đồng ý cho', en: 'Revoke the consent for' },
  revokeFailed: { vi: 'Không thu hồi được', en: 'Could not revoke' },
  delivered: { vi: 'Đã cung cấp', en: 'Delivered' },
  refused: { vi: 'Bị từ chối', en: 'Refused' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
} as const;
