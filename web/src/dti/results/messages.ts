/** Texts of the index results screens, Vietnamese first; picked with `useLanguage().pick`. */
export const text = {
  publicTitle: { vi: 'Chỉ số chuyển đổi số', en: 'Digital-transformation index' },
  publicLead: {
    vi: 'Kết quả đánh giá, xếp hạng chuyển đổi số các sở, ban, ngành và xã, phường của Hà Nội đã được Hội đồng thẩm định công bố.',
    en: 'Published digital-transformation scores and ranks of Hanoi’s departments, communes and wards, as released by the appraisal council.',
  },
  officialTitle: { vi: 'Kết quả chỉ số chuyển đổi số', en: 'Digital-transformation index results' },
  cycleOf: { vi: 'Kỳ đánh giá năm {year} — {framework}', en: '{year} assessment — {framework}' },
  placeholder: {
    vi: 'Trọng số tạm đặt, chưa chính thức / Placeholder weights, not official',
    en: 'Trọng số tạm đặt, chưa chính thức / Placeholder weights, not official',
  },
  placeholderBody: {
    vi: 'Tên chỉ số thành phần và điểm tối đa là giá trị tạm đặt cho đến khi Hội đồng thẩm định quy định; thứ hạng chỉ mang tính minh họa.',
    en: 'Sub-index names and maximum points are placeholders until the appraisal council sets them; ranks are illustrative only.',
  },
  notPublished: { vi: 'Chưa công bố / Not published', en: 'Chưa công bố / Not published' },
  notPublishedBody: {
    vi: 'Kết quả này chỉ Hội đồng thẩm định và thẩm định viên xem được cho đến khi công bố.',
    en: 'Only the appraisal council and appraisers see these results until they are published.',
  },
  statusOpen: { vi: 'Đang đánh giá', en: 'Open' },
  statusFinalised: { vi: 'Đã chốt', en: 'Finalised' },
  statusPublished: { vi: 'Đã công bố', en: 'Published' },
  chooseCycle: { vi: 'Kỳ đánh giá đã công bố', en: 'Published assessment' },
  chooseYear: { vi: 'Năm', en: 'Year' },
  chooseFramework: { vi: 'Bộ chỉ số', en: 'Framework' },
  noPublished: { vi: 'Chưa có kỳ đánh giá nào được công bố.', en: 'No assessment has been published yet.' },
  downloads: { vi: 'Tải về', en: 'Downloads' },
  xlsx: { vi: 'Bảng xếp hạng (XLSX)', en: 'Ranking (XLSX)' },
  pdf: { vi: 'Báo cáo kết quả (PDF)', en: 'Results report (PDF, Vietnamese)' },
  // ranking
  rankingTitle: { vi: 'Bảng xếp hạng', en: 'Ranking' },
  rankingCaption: {
    vi: 'Xếp hạng năm {year}: chỉ số 0–1 tổng hợp và theo nhóm; {n} đơn vị đang hiển thị',
    en: '{year} ranking: overall and group indices 0–1; {n} units shown',
  },
  search: {
    vi: 'Tìm theo tên đơn vị (gõ có dấu hoặc không dấu)',
    en: 'Search by unit name (accents optional)',
  },
  peerFilter: { vi: 'Nhóm đơn vị', en: 'Peer group' },
  allPeers: { vi: 'Tất cả', en: 'All' },
  peerDepartments: { vi: 'Sở, ban, ngành', en: 'Departments' },
  peerCommunes: { vi: 'Xã, phường', en: 'Communes and wards' },
  rank: { vi: 'Hạng', en: 'Rank' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  peerRank: { vi: 'Hạng trong nhóm', en: 'Peer rank' },
  index: { vi: 'Chỉ số', en: 'Index' },
  change: { vi: 'So với năm trước', en: 'Change on last year' },
  sortBy: { vi: 'Sắp xếp theo {column}', en: 'Sort by {column}' },
  noChange: { vi: 'Chưa có năm trước', en: 'No previous year' },
  up: { vi: 'tăng {n} hạng', en: 'up {n} places' },
  down: { vi: 'giảm {n} hạng', en: 'down {n} places' },
  same: { vi: 'giữ hạng', en: 'same rank' },
  noMatch: { vi: 'Không có đơn vị nào khớp.', en: 'No unit matches.' },
  select: { vi: 'Xem chi tiết {name}', en: 'Show details of {name}' },
  notApplicable: { vi: 'Không áp dụng', en: 'Not applicable' },
  // unit detail
  unitTitle: { vi: 'Chi tiết đơn vị: {name}', en: 'Unit details: {name}' },
  chooseUnit: { vi: 'Chọn đơn vị', en: 'Choose a unit' },
  radarLabel: { vi: 'Biểu đồ chỉ số chính của {name}', en: 'Chart of {name}’s main indices' },
  radarCaption: { vi: 'Các chỉ số chính của {name} (0–1)', en: 'Main indices of {name} (0–1)' },
  mainIndex: { vi: 'Chỉ số chính', en: 'Main index' },
  group: { vi: 'Nhóm', en: 'Group' },
  weight: { vi: 'Trọng số', en: 'Weight' },
  trendTitle: { vi: 'Diễn biến qua các năm', en: 'Trend over the years' },
  trendLabel: {
    vi: 'Biểu đồ chỉ số và thứ hạng của {name} qua các năm',
    en: '{name}’s index and rank over the years',
  },
  trendCaption: {
    vi: 'Chỉ số và thứ hạng của {name} qua các kỳ đã công bố cùng bộ chỉ số',
    en: '{name}’s index and rank across published assessments of the same framework',
  },
  year: { vi: 'Năm', en: 'Year' },
  trendNone: {
    vi: 'Chưa có kỳ đã công bố nào khác để so sánh.',
    en: 'No other published assessment to compare with.',
  },
  notAssessed: { vi: 'Không tham gia', en: 'Not assessed' },
  // map
  mapTitle: { vi: 'Bản đồ chỉ số các xã, phường', en: 'Map of commune and ward indices' },
  mapLabel: {
    vi: 'Bản đồ 126 xã, phường tô màu theo chỉ số chuyển đổi số',
    en: 'Map of the 126 communes and wards coloured by digital-transformation index',
  },
  legend: { vi: 'Chú giải', en: 'Legend' },
  noResult: { vi: 'chưa có kết quả', en: 'no result yet' },
  mapNote: {
    vi: 'Bấm vào một xã, phường để xem chi tiết; bảng xếp hạng ở trên là cách dùng bàn phím để chọn cùng các đơn vị.',
    en: 'Click a commune or ward for its details; the ranking table above is the keyboard route to the same units.',
  },
  // sensitivity
  sensitivityTitle: {
    vi: 'Khoảng thứ hạng khi thay đổi trọng số',
    en: 'Rank intervals under weight changes',
  },
  sensitivityLead: {
    vi: 'Trọng số các nhóm được nhiễu ngẫu nhiên {n} lần; bảng cho biết thứ hạng của mỗi đơn vị dao động trong khoảng nào.',
    en: 'Group weights are randomly perturbed {n} times; the table shows the range each unit’s rank moves in.',
  },
  spread: { vi: 'Biên độ nhiễu trọng số', en: 'Weight perturbation spread' },
  normalisation: { vi: 'Chuẩn hoá', en: 'Normalisation' },
  normNone: { vi: 'Không (theo bộ chỉ số)', en: 'None (as the framework says)' },
  normMinmax: { vi: 'Min–max', en: 'Min–max' },
  normZscore: { vi: 'Điểm z', en: 'z-score' },
  normTarget: { vi: 'Theo mục tiêu', en: 'Against target' },
  minMax: { vi: 'Hạng thấp nhất – cao nhất', en: 'Best – worst rank' },
  p5p95: { vi: 'Khoảng 5%–95%', en: '5th–95th percentile' },
  sensitivityCaption: {
    vi: 'Khoảng thứ hạng của từng đơn vị (biên độ {spread})',
    en: 'Rank interval of each unit (spread {spread})',
  },
  // what-if
  whatIfTitle: { vi: 'Giả định (what-if)', en: 'What-if' },
  whatIfLead: {
    vi: 'Thử thay giá trị một chỉ số thành phần của một đơn vị để xem chỉ số và thứ hạng thay đổi thế nào. Không lưu gì.',
    en: 'Try another value for one sub-index of one unit to see how its index and rank would change. Nothing is saved.',
  },
  subIndex: { vi: 'Chỉ số thành phần', en: 'Sub-index' },
  newValue: { vi: 'Giá trị mới', en: 'New value' },
  yes: { vi: 'Có / đạt', en: 'Yes / met' },
  no: { vi: 'Không / chưa đạt', en: 'No / not met' },
  compute: { vi: 'Tính thử', en: 'Compute' },
  before: { vi: 'Hiện tại', en: 'Now' },
  after: { vi: 'Giả định', en: 'What-if' },
  whatIfCaption: { vi: 'Kết quả giả định cho {name}', en: 'What-if result for {name}' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
} as const;

export const statusText = {
  open: text.statusOpen,
  finalised: text.statusFinalised,
  published: text.statusPublished,
} as const;

export const normalisationText = {
  minmax: text.normMinmax,
  zscore: text.normZscore,
  target: text.normTarget,
} as const;
