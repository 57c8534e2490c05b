import type { Bilingual } from '../../../platform/errors.ts';
import type { Confidence, SubmissionState, TargetStatus, TaskStatus } from '../plan.schema.ts';

/** The words documents print, Vietnamese first. Statuses as the plan module names them. */
export const taskStatusLabels: Record<TaskStatus, Bilingual> = {
  not_started: { vi: 'Chưa bắt đầu', en: 'Not started' },
  in_progress: { vi: 'Đang thực hiện', en: 'In progress' },
  done: { vi: 'Hoàn thành', en: 'Done' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  cancelled: { vi: 'Đã hủy', en: 'Cancelled' },
};

export const targetStatusLabels: Record<TargetStatus, Bilingual> = {
  achieved: { vi: 'Đã đạt', en: 'Achieved' },
  on_track: { vi: 'Đúng tiến độ', en: 'On track' },
  at_risk: { vi: 'Có nguy cơ chậm', en: 'At risk' },
  off_track: { vi: 'Chậm tiến độ', en: 'Off track' },
  no_data: { vi: 'Chưa có số liệu', en: 'No data' },
};

export const submissionStateLabels: Record<SubmissionState, Bilingual> = {
  draft: { vi: 'Đang soạn', en: 'Draft' },
  submitted: { vi: 'Đã gửi', en: 'Submitted' },
  approved: { vi: 'Đã phê duyệt', en: 'Approved' },
  returned: { vi: 'Bị trả lại', en: 'Returned' },
};

export const directionLabels: Record<'at_least' | 'at_most', Bilingual> = {
  at_least: { vi: 'Càng cao càng tốt (≥)', en: 'Higher is better (≥)' },
  at_most: { vi: 'Càng thấp càng tốt (≤)', en: 'Lower is better (≤)' },
};

/** Badge colours: placeholders stand out, confirmed values are calm. */
export const confidenceColours: Record<Confidence, string> = {
  official: '#2b8a3e',
  seed: '#1971c2',
  hanoi: '#e67700',
  national_proxy: '#e67700',
  unknown: '#868e96',
};

export const targetStatusColours: Record<TargetStatus, string> = {
  achieved: '#2b8a3e',
  on_track: '#37b24d',
  at_risk: '#f08c00',
  off_track: '#e03131',
  no_data: '#868e96',
};

export const EXAMPLE_COLOUR = '#862e9c';
export const DEMO_LABEL: Bilingual = { vi: 'Dữ liệu mô phỏng', en: 'Demo data' };

export const both = (text: Bilingual) => `${text.vi} / ${text.en}`;
