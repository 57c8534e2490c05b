/** Texts of the index's console hub, Vietnamese first; picked with `useLanguage().pick`. */
export const text = {
  title: { vi: 'Chỉ số chuyển đổi số', en: 'Digital-transformation index' },
  lead: {
    vi: 'Đánh giá, xếp hạng mức độ chuyển đổi số của các sở, ngành và xã, phường: bộ chỉ số, tự đánh giá, thẩm định, kỳ đánh giá và kết quả. Các mục dưới đây tùy theo vai trò của bạn.',
    en: 'Assessing and ranking the digital transformation of departments, communes and wards: frameworks, self-assessment, appraisal, cycles and results. What you see below depends on your roles.',
  },
  cardBody: {
    vi: 'Bộ chỉ số, tự đánh giá, thẩm định, kỳ đánh giá và kết quả xếp hạng.',
    en: 'Frameworks, self-assessment, appraisal, cycles and rankings.',
  },
  open: { vi: 'Mở', en: 'Open' },
  frameworks: { vi: 'Bộ chỉ số', en: 'Frameworks' },
  frameworksBody: {
    vi: 'Các bộ chỉ số theo năm và nhóm đơn vị; Hội đồng lưu phiên bản mới và chép sang năm khác.',
    en: 'Frameworks by year and unit set; the council saves new versions and copies them forward.',
  },
  selfAssessment: { vi: 'Tự đánh giá', en: 'Self-assessment' },
  selfAssessmentBody: {
    vi: 'Đơn vị kê khai từng chỉ số kèm minh chứng rồi nộp để thẩm định.',
    en: 'Units answer each sub-index with evidence, then submit it for appraisal.',
  },
  appraisal: { vi: 'Thẩm định', en: 'Appraisal' },
  appraisalBody: {
    vi: 'Các đơn vị được phân công cho bạn đang chờ thẩm định.',
    en: 'The units assigned to you that are awaiting appraisal.',
  },
  cycles: { vi: 'Kỳ đánh giá', en: 'Assessment cycles' },
  cyclesBody: {
    vi: 'Mở kỳ, phân công thẩm định viên, theo dõi tiến độ, chốt và công bố.',
    en: 'Open cycles, assign appraisers, follow progress, finalise and publish.',
  },
  results: { vi: 'Kết quả trước công bố', en: 'Results before publication' },
  resultsBody: {
    vi: 'Xếp hạng, độ nhạy và giả định của từng kỳ.',
    en: 'Each cycle’s ranking, sensitivity and what-if.',
  },
  resultsOf: { vi: 'Kết quả {code} năm {year}', en: 'Results: {code} {year}' },
  noCycles: { vi: 'Chưa có kỳ đánh giá.', en: 'No cycle yet.' },
  public: { vi: 'Trang công khai', en: 'Public page' },
  publicBody: {
    vi: 'Kết quả đã công bố, ai cũng xem được.',
    en: 'Published results, open to everyone.',
  },
} as const;
