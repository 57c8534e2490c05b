/**
 * What each event of a dossier's history is called, on the citizen's and the officer's screens
 * alike (the server's event kinds, docs/public-services.md "States and actions").
 */
export const dossierEventLabels: Record<string, { vi: string; en: string }> = {
  submitted: { vi: 'Đã nộp hồ sơ', en: 'Submitted' },
  intake_review: { vi: 'Bắt đầu kiểm tra tiếp nhận', en: 'Intake review started' },
  received: { vi: 'Đã tiếp nhận', en: 'Received' },
  supplement_requested: { vi: 'Yêu cầu bổ sung', en: 'Supplement requested' },
  supplement_provided: { vi: 'Công dân đã bổ sung', en: 'Supplement provided' },
  refused: { vi: 'Từ chối tiếp nhận', en: 'Refused at intake' },
  in_processing: { vi: 'Chuyển xử lý', en: 'Processing started' },
  step: { vi: 'Cập nhật bước xử lý', en: 'Step updated' },
  awaiting_payment: { vi: 'Phê duyệt, chờ nộp phí', en: 'Approved, awaiting the fee' },
  approved: { vi: 'Phê duyệt', en: 'Approved' },
  denied: { vi: 'Không giải quyết', en: 'Denied' },
  paid: { vi: 'Đã nộp phí', en: 'Fee paid' },
  result_issued: { vi: 'Trả kết quả', en: 'Result issued' },
  closed: { vi: 'Kết thúc hồ sơ', en: 'Closed' },
  withdrawn: { vi: 'Công dân rút hồ sơ', en: 'Withdrawn' },
  apology: { vi: 'Thư xin lỗi và hẹn lại', en: 'Apology and new appointment' },
  extended: { vi: 'Gia hạn giải quyết', en: 'Extended' },
  suspended: { vi: 'Tạm dừng xử lý', en: 'Suspended' },
  resumed: { vi: 'Tiếp tục xử lý', en: 'Resumed' },
  sent_to_agency: { vi: 'Chuyển cơ quan khác', en: 'Sent to another agency' },
  returned_from_agency: { vi: 'Cơ quan khác trả lại', en: 'Returned from another agency' },
  rated: { vi: 'Công dân đánh giá', en: 'Rated' },
};
