import type { CycleUnit, Entry, EntryStatus, Evidence, Rule, SubIndex } from '../api.ts';
import { text as m } from './messages.ts';

/**
 * Pure logic of the self-assessment form: which items apply to the unit, how typed text becomes the
 * value the server accepts (`number | boolean | null`, a ratio as its share), the points a claim
 * would earn (mirroring the engine's rules in docs/dti.md for the simple kinds only), and who may
 * still edit an item.
 */
type Text = { vi: string; en: string };
export type ApplyResult = { applies: true } | { applies: false; unitKinds?: string[]; tags?: string[] };

/** The engine's `applies`: `unitKinds` must contain the unit's kind AND the unit must carry one of `tags`. */
export function applicability(sub: SubIndex, unit: Pick<CycleUnit, 'unitKind' | 'tags'>): ApplyResult {
  const to = sub.appliesTo;
  if (!to) return { applies: true };
  if (to.unitKinds && !to.unitKinds.includes(unit.unitKind))
    return { applies: false, unitKinds: to.unitKinds };
  if (to.tags && !to.tags.some((tag) => unit.tags.includes(tag))) return { applies: false, tags: to.tags };
  return { applies: true };
}

/** What the unit itself answers: self-sourced items with a rule a person can answer. */
export function isSelfAnswered(sub: SubIndex): boolean {
  return sub.source === 'self' && sub.rule.kind !== 'appraiser' && sub.rule.kind !== 'formula';
}

/** The form's state of one value, as typed. */
export type ValueDraft = {
  /** boolean: 'yes' | 'no' | ''; ratio (share mode): percent; thresholds: the number. */
  text: string;
  mode: 'share' | 'fraction';
  numerator: string;
  denominator: string;
};
export const emptyDraft: ValueDraft = { text: '', mode: 'share', numerator: '', denominator: '' };

export type Parsed = { ok: true; value: number | boolean | null } | { ok: false; error: Text };

const numberPattern = /^-?\d+(?:[.,]\d+)?$/;

/** A number as people type it here: decimal comma or point, no thousands separators; '' → null. */
export function parseNumber(input: string): number | null | undefined {
  const text = input.trim().replace(/\s/g, '');
  if (text === '') return null;
  if (!numberPattern.test(text)) return undefined;
  return Number(text.replace(',', '.'));
}

/** Typed text → the value for `PUT …/entries/:code`, or why it cannot be sent. */
export function parseValue(rule: Rule, draft: ValueDraft): Parsed {
  switch (rule.kind) {
    case 'boolean':
      return { ok: true, value: draft.text === 'yes' ? true : draft.text === 'no' ? false : null };
    case 'ratio': {
      if (draft.mode === 'fraction') {
        const num = parseNumber(draft.numerator);
        const den = parseNumber(draft.denominator);
        if (num === undefined || den === undefined) return { ok: false, error: m.badNumber };
        if (num === null && den === null) return { ok: true, value: null };
        if (num === null || den === null) return { ok: false, error: m.fractionIncomplete };
        if (den <= 0) return { ok: false, error: m.badDenominator };
        if (num < 0 || num > den) return { ok: false, error: m.badFraction };
        return { ok: true, value: num / den };
      }
      const percent = parseNumber(draft.text);
      if (percent === undefined) return { ok: false, error: m.badNumber };
      if (percent === null) return { ok: true, value: null };
      if (percent < 0 || percent > 100) return { ok: false, error: m.badShare };
      return { ok: true, value: percent / 100 };
    }
    case 'thresholds': {
      const value = parseNumber(draft.text);
      if (value === undefined) return { ok: false, error: m.badNumber };
      return { ok: true, value };
    }
    default:
      return { ok: true, value: null };
  }
}

/** A percent without floating-point noise (0.125 → "12.5"). */
const percentText = (share: number) => String(Math.round(share * 100 * 10_000) / 10_000);

/** The stored value back into the form's text (ratios as a percent). */
export function draftFromValue(rule: Rule, value: number | null): ValueDraft {
  if (value === null) return emptyDraft;
  switch (rule.kind) {
    case 'boolean':
      return { ...emptyDraft, text: value > 0 ? 'yes' : 'no' };
    case 'ratio':
      return { ...emptyDraft, text: percentText(value) };
    default:
      return { ...emptyDraft, text: String(value) };
  }
}

/**
 * The points a value would earn (docs/dti.md, "Rules"), for boolean, ratio and thresholds. Null for
 * formulas and appraiser scores: those are not recomputed here (the server's engine decides).
 */
export function claimPoints(sub: SubIndex, value: number | boolean | null): number | null {
  const rule = sub.rule;
  const n = value === null ? null : typeof value === 'boolean' ? (value ? 1 : 0) : value;
  switch (rule.kind) {
    case 'boolean':
      return n !== null && n > 0 ? sub.maxPoints : 0;
    case 'ratio': {
      const target = rule.target && rule.target > 0 ? rule.target : 1;
      const share = n === null ? 0 : Math.min(1, Math.max(0, n / target));
      return round2(sub.maxPoints * share);
    }
    case 'thresholds': {
      if (n === null) return 0;
      let points = 0;
      for (const step of rule.steps) if (n >= step.min) points = Math.max(points, step.points);
      return Math.min(sub.maxPoints, points);
    }
    default:
      return null;
  }
}
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The step a thresholds value reaches (index into `steps`), -1 when none. */
export function reachedStep(rule: Extract<Rule, { kind: 'thresholds' }>, value: number | null): number {
  if (value === null) return -1;
  let reached = -1;
  rule.steps.forEach((step, i) => {
    if (value >= step.min && (reached === -1 || step.points >= rule.steps[reached]!.points)) reached = i;
  });
  return reached;
}

/** Evidence as typed; only complete rows (number, title, date) are sent. */
export type EvidenceDraft = {
  key: string;
  documentNumber: string;
  title: string;
  date: string;
  fileId: string | null;
  filename: string | null;
};

export const isCompleteEvidence = (e: EvidenceDraft) =>
  e.documentNumber.trim() !== '' && e.title.trim() !== '' && /^\d{4}-\d{2}-\d{2}$/.test(e.date);

export function evidenceToSend(drafts: EvidenceDraft[]): Evidence[] {
  return drafts.filter(isCompleteEvidence).map((e) => ({
    documentNumber: e.documentNumber.trim(),
    title: e.title.trim(),
    date: e.date,
    fileId: e.fileId,
  }));
}

/** The server's submit check: a required-evidence item with a non-zero claim and no evidence. */
export function lacksRequiredEvidence(sub: SubIndex, value: number | boolean | null, evidence: Evidence[]) {
  const claimed = value !== null && value !== false && value !== 0;
  return sub.evidence.required && claimed && evidence.length === 0;
}

/** May the unit still change this item? Drafts while the unit drafts, and items returned for clarification. */
export function isEditable(
  cycleOpen: boolean,
  unitStatus: CycleUnit['status'],
  entryStatus: EntryStatus | undefined,
): boolean {
  if (!cycleOpen) return false;
  if (entryStatus === undefined) return unitStatus === 'draft';
  return entryStatus === 'draft' || entryStatus === 'clarification';
}

/** Items answered over the unit's applicable self-answered items. */
export function progress(subs: SubIndex[], unit: Pick<CycleUnit, 'unitKind' | 'tags'>, entries: Entry[]) {
  const byCode = new Map(entries.map((e) => [e.code, e]));
  const own = subs.filter((s) => isSelfAnswered(s) && applicability(s, unit).applies);
  return {
    answered: own.filter((s) => (byCode.get(s.code)?.value ?? null) !== null).length,
    total: own.length,
    clarification: entries.filter((e) => e.status === 'clarification').length,
  };
}

const evidenceExtensions = /\.(pdf|png|jpe?g|xlsx|docx)$/i;
const maxEvidenceBytes = 20 * 1024 * 1024;

/** The server's evidence policy checked before uploading (the server checks the content again). */
export function checkEvidenceFile(file: { name: string; size: number }): Text | null {
  if (file.size > maxEvidenceBytes) return m.fileTooLarge;
  if (!evidenceExtensions.test(file.name)) return m.fileWrongType;
  return null;
}
