import { isPeriodId } from '../../period.ts';
import { numberText, readNumber } from '../../report/number.ts';
import type { Confidence, Direction, TargetDetail } from '../../types.ts';

/** The target edit form's state: text as typed, turned into the PATCH body on save. */
export type TargetForm = {
  labelVi: string;
  labelEn: string;
  unit: string;
  direction: Direction;
  confidence: Confidence;
  baselineValue: string;
  baselineYear: string;
  milestones: { year: string; value: string }[];
  leadAgencyId: string;
  sourceDocument: string;
  sourceUrl: string;
  onTrack: string;
  atRisk: string;
  pathKind: 'linear' | 'stepped';
  steps: string;
  note: string;
};

export function formFromTarget(target: TargetDetail): TargetForm {
  return {
    labelVi: target.labelVi,
    labelEn: target.labelEn,
    unit: target.unit,
    direction: target.direction,
    confidence: target.confidence,
    baselineValue: numberText(target.baseline?.value),
    baselineYear: target.baseline ? String(target.baseline.year) : '',
    milestones: target.milestones.map((milestone) => ({
      year: String(milestone.year),
      value: numberText(milestone.value),
    })),
    leadAgencyId: target.leadAgency?.id ?? '',
    sourceDocument: target.sourceDocument ?? '',
    sourceUrl: target.sourceUrl ?? '',
    onTrack: String(Math.round(target.thresholds.onTrack * 1000) / 10),
    atRisk: String(Math.round(target.thresholds.atRisk * 1000) / 10),
    pathKind: target.path.kind,
    steps: target.path.steps.map((step) => `${step.period} = ${step.value}`).join('\n'),
    note: '',
  };
}

export type FormProblem = 'baseline' | 'milestone' | 'threshold' | 'steps' | 'labels';

const year = (text: string) => {
  const value = Number(text.trim());
  return Number.isInteger(value) && value >= 2000 && value <= 2100 ? value : undefined;
};

/** The PATCH body, or the first thing in the form that cannot be sent. */
export function patchFromForm(
  form: TargetForm,
): { body: Record<string, unknown> } | { problem: FormProblem } {
  if (!form.labelVi.trim() || !form.labelEn.trim() || !form.unit.trim()) return { problem: 'labels' };
  const baselineValue = readNumber(form.baselineValue);
  const baselineYear = form.baselineYear.trim() ? year(form.baselineYear) : null;
  if (
    baselineValue === undefined ||
    baselineYear === undefined ||
    (baselineValue === null) !== (baselineYear === null)
  ) {
    return { problem: 'baseline' };
  }
  const milestones: { year: number; value: number | null }[] = [];
  for (const row of form.milestones) {
    if (!row.year.trim() && !row.value.trim()) continue;
    const milestoneYear = year(row.year);
    const value = readNumber(row.value);
    if (milestoneYear === undefined || value === undefined) return { problem: 'milestone' };
    milestones.push({ year: milestoneYear, value });
  }
  const onTrack = readNumber(form.onTrack);
  const atRisk = readNumber(form.atRisk);
  if (!onTrack || !atRisk || onTrack > 100 || atRisk > onTrack || atRisk <= 0)
    return { problem: 'threshold' };
  const steps: { period: string; value: number }[] = [];
  for (const line of form.steps.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const [period = '', value = ''] = line.split('=').map((part) => part.trim());
    const number = readNumber(value);
    if (!isPeriodId(period) || number === null || number === undefined) return { problem: 'steps' };
    steps.push({ period, value: number });
  }
  return {
    body: {
      labelVi: form.labelVi.trim(),
      labelEn: form.labelEn.trim(),
      unit: form.unit.trim(),
      direction: form.direction,
      confidence: form.confidence,
      baseline: baselineValue === null ? null : { value: baselineValue, year: baselineYear },
      milestones,
      leadAgencyId: form.leadAgencyId || null,
      sourceDocument: form.sourceDocument.trim() || null,
      sourceUrl: form.sourceUrl.trim() || null,
      thresholds: { onTrack: onTrack / 100, atRisk: atRisk / 100 },
      path: { kind: form.pathKind, steps },
      ...(form.note.trim() ? { note: form.note.trim() } : {}),
    },
  };
}
