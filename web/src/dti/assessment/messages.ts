/** Texts of the self-assessment screens, Vietnamese first; picked with `useLanguage().pick`. */
export const text = {
  loading: { vi: 'Đang tải…', en: 'Loading…' },
  listTitle: { vi: 'Tự đánh giá chỉ số chuyển đổi số', en: 'Digital-transformation index: self-assessment' },
  listLead: {
    vi: 'Các kỳ đánh giá đang mở mà đơn vị của bạn tham gia. Mỗi mục được lưu tự động; khi hoàn tất, đơn vị nộp bản tự đánh giá để thẩm định.',
    en: 'Open assessment cycles your units take part in. Every item is saved automatically; when done, the unit submits its self-assessment for appraisal.',
  },
  noCycles: {
    vi: 'Chưa có kỳ đánh giá đang mở nào cho đơn vị của bạn.',
    en: 'No open assessment cycle includes your units yet.',
  },
  cycle: { vi: 'Kỳ đánh giá', en: 'Cycle' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  progress: { vi: 'Tiến độ', en: 'Progress' },
  status: { vi: 'Trạng thái', en: 'Status' },
  answered: { vi: '{answered}/{total} mục đã kê khai', en: '{answered} of {total} items answered' },
  openForm: { vi: 'Mở bản tự đánh giá', en: 'Open the self-assessment' },
  yearOf: { vi: '{code} năm {year}', en: '{code} {year}' },
  placeholderWeights: {
    vi: 'Tên chỉ số thành phần và điểm tối đa là giá trị tạm đặt, Hội đồng thẩm định sẽ quy định.',
    en: 'Sub-index names and maximum points are placeholders for the appraisal council to set.',
  },
  back: { vi: 'Danh sách kỳ tự đánh giá', en: 'Self-assessment cycles' },
  formTitle: { vi: 'Tự đánh giá: {unit}', en: 'Self-assessment: {unit}' },
  formLead: {
    vi: 'Kê khai từng chỉ số thành phần áp dụng cho đơn vị, kèm minh chứng. Mỗi mục được lưu tự động sau khi bạn ngừng gõ.',
    en: 'Answer every sub-index that applies to the unit, with evidence. Each item is saved automatically once you stop typing.',
  },
  notInCycle: {
    vi: 'Đơn vị này không tham gia kỳ đánh giá, hoặc bạn không có quyền xem.',
    en: 'This unit is not in the cycle, or you may not see it.',
  },
  cycleLocked: {
    vi: 'Kỳ đánh giá đã khóa: chỉ xem, không sửa.',
    en: 'The assessment cycle is locked: read only.',
  },
  submittedNotice: {
    vi: 'Đơn vị đã nộp bản tự đánh giá lúc {at}. Các mục đã khóa, trừ mục thẩm định viên yêu cầu giải trình.',
    en: 'The unit submitted its self-assessment at {at}. Items are locked, except those the appraisers returned for clarification.',
  },
  clarificationNotice: {
    vi: '{n} mục cần giải trình: sửa các mục này rồi nộp lại.',
    en: '{n} items need clarification: edit them, then submit again.',
  },
  // unit status
  unitDraft: { vi: 'Đang tự đánh giá', en: 'Drafting' },
  unitSubmitted: { vi: 'Đã nộp', en: 'Submitted' },
  // item statuses
  status_draft: { vi: 'Đang soạn', en: 'Draft' },
  status_submitted: { vi: 'Đã nộp, chờ thẩm định', en: 'Submitted, awaiting appraisal' },
  status_accepted: { vi: 'Được chấp nhận', en: 'Accepted' },
  status_adjusted: { vi: 'Thẩm định viên đã điều chỉnh', en: 'Adjusted by the appraisers' },
  status_clarification: { vi: 'Cần giải trình', en: 'Clarification requested' },
  notAnswered: { vi: 'Chưa kê khai', en: 'Not answered' },
  // item
  maxPoints: { vi: 'Tối đa {max} điểm', en: 'Up to {max} points' },
  claimPoints: { vi: 'Điểm dự kiến: {points}/{max}', en: 'Points claimed: {points} of {max}' },
  notApplicable: { vi: 'Không áp dụng', en: 'Not applicable' },
  notApplicableKind: {
    vi: 'Chỉ áp dụng cho: {kinds}. Không tính vào điểm tối đa của đơn vị.',
    en: 'Applies only to: {kinds}. Not counted in the unit’s maximum.',
  },
  notApplicableTags: {
    vi: 'Chỉ áp dụng cho đơn vị: {tags}. Không tính vào điểm tối đa của đơn vị.',
    en: 'Applies only to units that are: {tags}. Not counted in the unit’s maximum.',
  },
  byAppraiser: { vi: 'Do thẩm định viên chấm', en: 'Scored by the appraisers' },
  formulaNote: {
    vi: 'Điểm tính theo công thức {expression} từ các biến {inputs}; các biến này chưa kê khai được trên màn hình này.',
    en: 'Scored by the formula {expression} from {inputs}; these inputs cannot be entered on this screen yet.',
  },
  measured: { vi: 'Đo tự động từ dữ liệu của nền tảng', en: 'Measured from the platform’s data' },
  indicator: { vi: 'Chỉ tiêu', en: 'Indicator' },
  period: { vi: 'Kỳ', en: 'Period' },
  observed: { vi: 'Giá trị ghi nhận', en: 'Observed value' },
  computedAt: { vi: 'Tính lúc', en: 'Computed at' },
  notMeasuredYet: { vi: 'Chưa được tính.', en: 'Not computed yet.' },
  yes: { vi: 'Có', en: 'Yes' },
  no: { vi: 'Không', en: 'No' },
  answer: { vi: 'Kê khai', en: 'Answer' },
  shareMode: { vi: 'Tỷ lệ (%)', en: 'Share (%)' },
  fractionMode: { vi: 'Tử số / mẫu số', en: 'Numerator / denominator' },
  howRatio: { vi: 'Cách nhập tỷ lệ', en: 'How to enter the ratio' },
  share: { vi: 'Tỷ lệ (%)', en: 'Share (%)' },
  numerator: { vi: 'Tử số', en: 'Numerator' },
  denominator: { vi: 'Mẫu số', en: 'Denominator' },
  target: {
    vi: 'Mục tiêu: {target}% (đạt mục tiêu được điểm tối đa)',
    en: 'Target: {target}% (meeting it earns full points)',
  },
  value: { vi: 'Giá trị', en: 'Value' },
  steps: { vi: 'Bảng ngưỡng', en: 'Thresholds' },
  stepFrom: { vi: 'Từ', en: 'From' },
  stepPoints: { vi: 'Điểm', en: 'Points' },
  reached: { vi: 'đạt', en: 'reached' },
  // values
  badNumber: { vi: 'Hãy nhập một số (ví dụ 12 hoặc 12,5).', en: 'Enter a number (e.g. 12 or 12.5).' },
  badShare: { vi: 'Tỷ lệ phải từ 0 đến 100%.', en: 'The share must be between 0 and 100%.' },
  badDenominator: { vi: 'Mẫu số phải lớn hơn 0.', en: 'The denominator must be greater than 0.' },
  badFraction: {
    vi: 'Tử số phải từ 0 đến mẫu số.',
    en: 'The numerator must be between 0 and the denominator.',
  },
  fractionIncomplete: { vi: 'Nhập cả tử số và mẫu số.', en: 'Enter both numerator and denominator.' },
  // appraisal
  appraisedValue: { vi: 'Giá trị sau thẩm định', en: 'Appraised value' },
  appraiserReason: { vi: 'Lý do của thẩm định viên', en: 'The appraisers’ reason' },
  unitValue: { vi: 'Đơn vị kê khai', en: 'The unit’s claim' },
  // evidence
  evidence: { vi: 'Minh chứng', en: 'Evidence' },
  evidenceRequired: { vi: 'Bắt buộc có minh chứng', en: 'Evidence required' },
  evidenceMissing: {
    vi: 'Cần minh chứng (số, tên, ngày văn bản) trước khi nộp.',
    en: 'Evidence is required (document number, title, date) before submitting.',
  },
  evidenceIncomplete: {
    vi: 'Minh chứng chưa đủ số, tên và ngày văn bản sẽ chưa được lưu.',
    en: 'Evidence without a document number, title and date is not saved yet.',
  },
  documentNumber: { vi: 'Số văn bản', en: 'Document number' },
  documentTitle: { vi: 'Tên văn bản', en: 'Document title' },
  documentDate: { vi: 'Ngày văn bản', en: 'Document date' },
  evidenceN: { vi: 'Minh chứng {n}', en: 'Evidence {n}' },
  addEvidence: { vi: 'Thêm minh chứng', en: 'Add evidence' },
  removeEvidence: { vi: 'Xóa minh chứng {n}', en: 'Remove evidence {n}' },
  file: {
    vi: 'Tệp đính kèm (PDF, PNG, JPEG, XLSX, DOCX; tối đa 20 MB)',
    en: 'Attached file (PDF, PNG, JPEG, XLSX, DOCX; up to 20 MB)',
  },
  attached: { vi: 'Đã đính kèm: {name}', en: 'Attached: {name}' },
  attachedFile: { vi: 'tệp minh chứng', en: 'evidence file' },
  uploading: { vi: 'Đang tải tệp lên…', en: 'Uploading…' },
  removeFile: { vi: 'Bỏ tệp', en: 'Remove the file' },
  fileTooLarge: { vi: 'Tệp vượt quá 20 MB.', en: 'The file is larger than 20 MB.' },
  fileWrongType: {
    vi: 'Loại tệp không được chấp nhận. Chỉ nhận: PDF, PNG, JPEG, XLSX, DOCX.',
    en: 'This type of file is not accepted. Allowed: PDF, PNG, JPEG, XLSX, DOCX.',
  },
  // autosave
  saving: { vi: 'Đang lưu…', en: 'Saving…' },
  pending: { vi: 'Có thay đổi chưa lưu', en: 'Unsaved changes' },
  savedAt: { vi: 'Đã lưu lúc {time}', en: 'Saved at {time}' },
  saveFailed: {
    vi: 'Chưa lưu được ({reason}). Giá trị vẫn giữ trên màn hình và sẽ tự thử lại.',
    en: 'Not saved ({reason}). Your entry is kept on screen and will be retried.',
  },
  retryNow: { vi: 'Thử lưu lại ngay', en: 'Retry now' },
  networkError: { vi: 'lỗi kết nối', en: 'network error' },
  // submit
  submit: { vi: 'Nộp bản tự đánh giá', en: 'Submit the self-assessment' },
  resubmit: { vi: 'Nộp lại các mục đã giải trình', en: 'Submit the clarified items' },
  confirmTitle: { vi: 'Nộp bản tự đánh giá?', en: 'Submit the self-assessment?' },
  confirmBody: {
    vi: 'Sau khi nộp, các mục bị khóa để thẩm định; chỉ mục được yêu cầu giải trình mới sửa lại được. Đã kê khai {answered}/{total} mục.',
    en: 'Once submitted, the items lock for appraisal; only items returned for clarification can be edited again. {answered} of {total} items answered.',
  },
  confirm: { vi: 'Nộp', en: 'Submit' },
  cancel: { vi: 'Hủy', en: 'Cancel' },
  close: { vi: 'Đóng', en: 'Close' },
  unsavedBlock: {
    vi: 'Còn mục chưa lưu được. Hãy kiểm tra kết nối rồi thử lưu lại trước khi nộp.',
    en: 'Some items could not be saved. Check the connection and retry before submitting.',
  },
  submitted: { vi: 'Đã nộp bản tự đánh giá.', en: 'The self-assessment has been submitted.' },
  summary: { vi: 'Đã kê khai {answered}/{total} mục', en: '{answered} of {total} items answered' },
} as const;

/** `{name}` placeholders filled in. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/** Names of unit kinds and tags an `appliesTo` can name. */
export const kindNames: Record<string, { vi: string; en: string }> = {
  department: { vi: 'sở, ban, ngành', en: 'departments' },
  ward: { vi: 'phường', en: 'wards' },
  commune: { vi: 'xã', en: 'communes' },
  province: { vi: 'tỉnh, thành phố', en: 'provinces' },
};
export const tagNames: Record<string, { vi: string; en: string }> = {
  digital_economy_duty: { vi: 'có nhiệm vụ kinh tế số', en: 'charged with the digital economy' },
};
