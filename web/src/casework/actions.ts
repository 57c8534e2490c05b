import type { Pair } from './messages.ts';

/**
 * How the officer's screen offers each action: its label, the inputs it needs and whether it is a
 * final decision. Which actions are possible now comes from the server (`allowedActions` of the
 * officer detail, from the state machine's own table).
 */
export type ActionName =
  | 'start_intake'
  | 'request_supplement'
  | 'refuse_intake'
  | 'receive'
  | 'assign'
  | 'send_to_agency'
  | 'return_from_agency'
  | 'suspend'
  | 'resume'
  | 'extend'
  | 'approve'
  | 'deny'
  | 'record_payment'
  | 'issue_result'
  | 'close';

export type Input = 'reason' | 'optionalReason' | 'days' | 'assign' | 'targetAgency' | 'reference';

export type ActionSpec = {
  name: ActionName;
  label: Pair;
  inputs: Input[];
  /** A final decision: asks for confirmation first. */
  final?: boolean;
};

export const actionSpecs: ActionSpec[] = [
  {
    name: 'receive',
    label: { vi: 'Tiếp nhận hồ sơ (bắt đầu tính hạn)', en: 'Receive (start the clock)' },
    inputs: [],
  },
  {
    name: 'start_intake',
    label: { vi: 'Bắt đầu kiểm tra tiếp nhận', en: 'Start the intake review' },
    inputs: [],
  },
  {
    name: 'request_supplement',
    label: { vi: 'Yêu cầu bổ sung hồ sơ', en: 'Request a supplement' },
    inputs: ['reason'],
  },
  {
    name: 'refuse_intake',
    label: { vi: 'Từ chối tiếp nhận', en: 'Refuse at intake' },
    inputs: ['reason'],
    final: true,
  },
  {
    name: 'assign',
    label: { vi: 'Phân công, chuyển bước xử lý', en: 'Assign or move to a step' },
    inputs: ['assign'],
  },
  {
    name: 'approve',
    label: { vi: 'Phê duyệt', en: 'Approve' },
    inputs: ['optionalReason'],
    final: true,
  },
  {
    name: 'deny',
    label: { vi: 'Không giải quyết (từ chối)', en: 'Deny' },
    inputs: ['reason'],
    final: true,
  },
  {
    name: 'send_to_agency',
    label: { vi: 'Chuyển cơ quan khác', en: 'Send to another agency' },
    inputs: ['targetAgency', 'reason'],
  },
  {
    name: 'return_from_agency',
    label: { vi: 'Nhận lại từ cơ quan khác', en: 'Take back from the other agency' },
    inputs: ['optionalReason'],
  },
  {
    name: 'extend',
    label: { vi: 'Gia hạn giải quyết', en: 'Extend the deadline' },
    inputs: ['days', 'reason'],
  },
  {
    name: 'suspend',
    label: { vi: 'Tạm dừng xử lý', en: 'Suspend' },
    inputs: ['reason'],
  },
  {
    name: 'resume',
    label: { vi: 'Tiếp tục xử lý', en: 'Resume' },
    inputs: ['optionalReason'],
  },
  {
    name: 'record_payment',
    label: { vi: 'Ghi nhận đã nộp phí tại quầy', en: 'Record a counter payment' },
    inputs: ['reference'],
  },
  {
    name: 'issue_result',
    label: { vi: 'Trả kết quả (ký số)', en: 'Issue the signed result' },
    inputs: [],
    final: true,
  },
  {
    name: 'close',
    label: { vi: 'Kết thúc hồ sơ', en: 'Close the dossier' },
    inputs: [],
    final: true,
  },
];

/** The specs of the actions the server allows now (`allowedActions`), in the panel's order. */
export const actionsFor = (allowed: readonly string[]): ActionSpec[] =>
  actionSpecs.filter((a) => allowed.includes(a.name));

/** The values the form collects; `bodyOf` turns them into the server's `officerAction` body. */
export type ActionValues = {
  reason: string;
  days: string;
  step: string;
  officialId: string;
  targetAgencyId: string;
  reference: string;
};

export const emptyValues: ActionValues = {
  reason: '',
  days: '',
  step: '',
  officialId: '',
  targetAgencyId: '',
  reference: '',
};

/** Field errors checked before sending (the server checks again); keys are `ActionValues` keys. */
export function problemsOf(
  spec: ActionSpec,
  values: ActionValues,
): Partial<Record<keyof ActionValues, true>> {
  const problems: Partial<Record<keyof ActionValues, true>> = {};
  if (spec.inputs.includes('reason') && values.reason.trim().length < 3) problems.reason = true;
  if (spec.inputs.includes('optionalReason') && values.reason.trim() && values.reason.trim().length < 3)
    problems.reason = true;
  if (spec.inputs.includes('days') && !/^(1[0-5]|[1-9])$/.test(values.days.trim())) problems.days = true;
  if (spec.inputs.includes('targetAgency') && !values.targetAgencyId) problems.targetAgencyId = true;
  if (spec.inputs.includes('reference') && !values.reference.trim()) problems.reference = true;
  return problems;
}

export function bodyOf(spec: ActionSpec, values: ActionValues): Record<string, unknown> {
  const body: Record<string, unknown> = { action: spec.name };
  const reason = values.reason.trim();
  if (spec.inputs.includes('reason') || (spec.inputs.includes('optionalReason') && reason))
    body.reason = reason;
  if (spec.inputs.includes('days')) body.days = Number(values.days);
  if (spec.inputs.includes('targetAgency')) body.targetAgencyId = values.targetAgencyId;
  if (spec.inputs.includes('reference')) body.reference = values.reference.trim();
  if (spec.inputs.includes('assign')) {
    if (values.step.trim()) body.step = values.step.trim();
    if (values.officialId.trim()) body.officialId = values.officialId.trim();
  }
  return body;
}
