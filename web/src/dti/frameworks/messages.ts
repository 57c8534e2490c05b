import type { EvidenceField, Rule, SubIndex, UnitSet } from '../api.ts';

type Text = { vi: string; en: string };

/** Texts of the framework screens, Vietnamese first; picked with `useLanguage().pick`. */
export const text = {
  area: { vi: 'Chỉ số chuyển đổi số', en: 'Digital-transformation index' },
  listTitle: { vi: 'Bộ chỉ số chuyển đổi số', en: 'Digital-transformation index frameworks' },
  listLead: {
    vi: 'Các bộ chỉ số theo năm và nhóm đơn vị. Mỗi lần sửa tạo một phiên bản mới; kỳ đánh giá luôn tính theo đúng phiên bản đã mở.',
    en: 'Frameworks by year and unit set. Every edit makes a new version; a cycle always scores against the version it was opened with.',
  },
  year: { vi: 'Năm {year}', en: 'Year {year}' },
  version: { vi: 'Phiên bản {version}', en: 'Version {version}' },
  versionShort: { vi: 'Phiên bản', en: 'Version' },
  title: { vi: 'Tên bộ chỉ số', en: 'Framework' },
  groups: { vi: 'Nhóm', en: 'Groups' },
  mainIndices: { vi: 'Chỉ số chính', en: 'Main indices' },
  subIndices: { vi: 'Chỉ số thành phần', en: 'Sub-indices' },
  maxPoints: { vi: 'Điểm tối đa', en: 'Max points' },
  totalPoints: { vi: 'Tổng điểm', en: 'Total points' },
  created: { vi: 'Tạo lúc', en: 'Created' },
  marks: { vi: 'Ghi chú', en: 'Marks' },
  reference: { vi: 'Dữ liệu tham chiếu', en: 'Reference' },
  placeholder: { vi: 'Trọng số tạm đặt', en: 'Placeholder weights' },
  placeholderNotice: {
    vi: 'Trọng số và điểm tối đa của bộ chỉ số này là giá trị tạm đặt vì văn bản chính thức chưa công bố; Hội đồng thẩm định sẽ lưu phiên bản với giá trị thật.',
    en: 'The weights and max points of this framework are placeholders, as the official ones are not public; the appraisal council will save a version with the real values.',
  },
  none: { vi: 'Chưa có bộ chỉ số nào.', en: 'No frameworks yet.' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
  open: { vi: 'Xem {title}, phiên bản {version}', en: 'Open {title}, version {version}' },
  back: { vi: 'Về danh sách bộ chỉ số', en: 'Back to the frameworks' },
  note: { vi: 'Ghi chú phiên bản', en: 'Version note' },
  otherVersions: { vi: 'Các phiên bản', en: 'Versions' },
  current: { vi: '(đang xem)', en: '(shown)' },
  readOnly: {
    vi: 'Chỉ Hội đồng thẩm định (vai trò chủ trì kế hoạch) được sửa bộ chỉ số. Bạn đang xem ở chế độ chỉ đọc.',
    en: 'Only the appraisal council (plan owner role) may edit frameworks. You are viewing it read-only.',
  },
  tree: { vi: 'Cấu trúc bộ chỉ số', en: 'Framework structure' },
  weight: { vi: 'Trọng số', en: 'Weight' },
  weightSum: { vi: 'Tổng trọng số các nhóm: {sum}', en: 'Sum of group weights: {sum}' },
  code: { vi: 'Mã', en: 'Code' },
  nameVi: { vi: 'Tên (tiếng Việt)', en: 'Name (Vietnamese)' },
  nameEn: { vi: 'Tên (tiếng Anh)', en: 'Name (English)' },
  rule: { vi: 'Quy tắc chấm', en: 'Scoring rule' },
  target: { vi: 'Mục tiêu tỷ lệ', en: 'Ratio target' },
  steps: { vi: 'Bảng ngưỡng', en: 'Threshold steps' },
  stepMin: { vi: 'Ngưỡng từ', en: 'From' },
  stepPoints: { vi: 'Điểm', en: 'Points' },
  stepMinN: { vi: 'Ngưỡng bậc {n}', en: 'Threshold of step {n}' },
  stepPointsN: { vi: 'Điểm bậc {n}', en: 'Points of step {n}' },
  addStep: { vi: 'Thêm bậc', en: 'Add a step' },
  removeStepN: { vi: 'Xoá bậc {n}', en: 'Remove step {n}' },
  expression: { vi: 'Công thức', en: 'Formula' },
  expressionHint: {
    vi: 'Kết quả là tỷ lệ điểm đạt được (0–1). Dùng + − × ÷, min, max, abs, round, clamp, if.',
    en: 'The result is the share of points earned (0–1). Use + - * /, min, max, abs, round, clamp, if.',
  },
  inputs: { vi: 'Đầu vào của công thức', en: 'Formula inputs' },
  listHint: { vi: 'Cách nhau bằng dấu phẩy', en: 'Comma-separated' },
  source: { vi: 'Nguồn', en: 'Source' },
  indicatorCode: { vi: 'Mã chỉ tiêu đo', en: 'Indicator code' },
  appliesTo: { vi: 'Áp dụng cho', en: 'Applies to' },
  unitKinds: { vi: 'Loại đơn vị', en: 'Unit kinds' },
  tags: { vi: 'Nhãn đơn vị', en: 'Unit tags' },
  allUnits: { vi: 'mọi đơn vị', en: 'every unit' },
  evidence: { vi: 'Minh chứng', en: 'Evidence' },
  evidenceRequired: { vi: 'Bắt buộc có minh chứng', en: 'Evidence required' },
  evidenceOptional: { vi: 'không bắt buộc', en: 'optional' },
  evidenceFields: { vi: 'Trường minh chứng', en: 'Evidence fields' },
  edit: { vi: 'Sửa bộ chỉ số', en: 'Edit the framework' },
  addGroup: { vi: 'Thêm nhóm', en: 'Add a group' },
  addMain: { vi: 'Thêm chỉ số chính vào {code}', en: 'Add a main index to {code}' },
  addSub: { vi: 'Thêm chỉ số thành phần vào {code}', en: 'Add a sub-index to {code}' },
  remove: { vi: 'Xoá {code}', en: 'Remove {code}' },
  placeholderToggle: { vi: 'Trọng số là giá trị tạm đặt', en: 'Weights are placeholders' },
  noteVi: { vi: 'Ghi chú (tiếng Việt)', en: 'Note (Vietnamese)' },
  noteEn: { vi: 'Ghi chú (tiếng Anh)', en: 'Note (English)' },
  save: { vi: 'Lưu thành phiên bản mới', en: 'Save as new version' },
  discard: { vi: 'Bỏ các thay đổi', en: 'Discard changes' },
  unchanged: { vi: 'Chưa có thay đổi nào để lưu.', en: 'Nothing has changed yet.' },
  saveFailed: { vi: 'Chưa lưu được phiên bản mới', en: 'The new version was not saved' },
  nodeErrors: { vi: 'Lỗi tại {code}', en: 'Problems at {code}' },
  treeErrors: { vi: 'Lỗi của cả bộ chỉ số', en: 'Problems with the whole framework' },
  notANumber: { vi: 'Nhập một số', en: 'Enter a number' },
  copyTitle: { vi: 'Chép sang năm khác', en: 'Copy forward to another year' },
  copyYear: { vi: 'Năm mới', en: 'New year' },
  copy: { vi: 'Chép sang năm {year}', en: 'Copy to {year}' },
  copyHint: {
    vi: 'Tạo phiên bản của bộ chỉ số này cho năm khác; phiên bản đang xem không thay đổi.',
    en: 'Makes a version of this framework for another year; this version stays as it is.',
  },
} satisfies Record<string, Text>;

export const unitSetNames: Record<UnitSet, Text> = {
  departments: { vi: 'Sở, ban, ngành', en: 'Departments' },
  communes: { vi: 'Xã, phường', en: 'Communes and wards' },
  provinces: { vi: 'Tỉnh, thành phố (DTI quốc gia)', en: 'Provinces (national DTI)' },
};

export const ruleNames: Record<Rule['kind'], Text> = {
  boolean: { vi: 'Có/không', en: 'Yes/no' },
  ratio: { vi: 'Tỷ lệ so với mục tiêu', en: 'Ratio to a target' },
  thresholds: { vi: 'Bảng ngưỡng', en: 'Threshold steps' },
  formula: { vi: 'Công thức', en: 'Formula' },
  appraiser: { vi: 'Thẩm định viên chấm', en: 'Scored by the appraiser' },
};

export const sourceNames: Record<SubIndex['source'], Text> = {
  self: { vi: 'Đơn vị tự khai', en: 'Self-assessed' },
  measured: { vi: 'Đo tự động', en: 'Measured' },
  appraiser: { vi: 'Thẩm định viên', en: 'Appraiser' },
};

export const evidenceFieldNames: Record<EvidenceField, Text> = {
  number: { vi: 'Số văn bản', en: 'Document number' },
  title: { vi: 'Tên văn bản', en: 'Title' },
  date: { vi: 'Ngày văn bản', en: 'Date' },
  file: { vi: 'Tệp đính kèm', en: 'Attached file' },
};
