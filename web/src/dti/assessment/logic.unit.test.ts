import { describe, expect, it } from 'vitest';
import type { Rule, SubIndex } from '../api.ts';
import {
  applicability,
  checkEvidenceFile,
  claimPoints,
  draftFromValue,
  emptyDraft,
  evidenceToSend,
  isEditable,
  lacksRequiredEvidence,
  parseNumber,
  parseValue,
  progress,
  reachedStep,
} from './logic.ts';

const sub = (code: string, rule: Rule, extra: Partial<SubIndex> = {}): SubIndex => ({
  code,
  nameVi: code,
  nameEn: code,
  maxPoints: 10,
  rule,
  source: 'self',
  evidence: { required: true, fields: ['number', 'title', 'date', 'file'] },
  ...extra,
});
const steps: Extract<Rule, { kind: 'thresholds' }> = {
  kind: 'thresholds',
  steps: [
    { min: 0, points: 2 },
    { min: 50, points: 6 },
    { min: 90, points: 10 },
  ],
};
const ward = { unitKind: 'ward', tags: [] as string[] };

describe('parseNumber', () => {
  it('reads decimal comma and point, blank as null, anything else as invalid', () => {
    expect(parseNumber(' 12,5 ')).toBe(12.5);
    expect(parseNumber('12.5')).toBe(12.5);
    expect(parseNumber('-3')).toBe(-3);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('1.000,5')).toBeUndefined();
    expect(parseNumber('abc')).toBeUndefined();
    expect(parseNumber('1e3')).toBeUndefined();
  });
});

describe('parseValue per rule kind', () => {
  it('boolean: yes/no/blank', () => {
    expect(parseValue({ kind: 'boolean' }, { ...emptyDraft, text: 'yes' })).toEqual({
      ok: true,
      value: true,
    });
    expect(parseValue({ kind: 'boolean' }, { ...emptyDraft, text: 'no' })).toEqual({
      ok: true,
      value: false,
    });
    expect(parseValue({ kind: 'boolean' }, emptyDraft)).toEqual({ ok: true, value: null });
  });

  it('ratio: a percent is sent as its share, out-of-range percents are refused', () => {
    expect(parseValue({ kind: 'ratio' }, { ...emptyDraft, text: '75' })).toEqual({ ok: true, value: 0.75 });
    expect(parseValue({ kind: 'ratio' }, { ...emptyDraft, text: '' })).toEqual({ ok: true, value: null });
    const over = parseValue({ kind: 'ratio' }, { ...emptyDraft, text: '120' });
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.error.vi).toContain('0 đến 100%');
  });

  it('ratio: numerator/denominator is sent as the share; a bad fraction is refused in both languages', () => {
    const fraction = { ...emptyDraft, mode: 'fraction' as const };
    expect(parseValue({ kind: 'ratio' }, { ...fraction, numerator: '3', denominator: '4' })).toEqual({
      ok: true,
      value: 0.75,
    });
    expect(parseValue({ kind: 'ratio' }, fraction)).toEqual({ ok: true, value: null });
    for (const [numerator, denominator] of [
      ['3', ''],
      ['3', '0'],
      ['5', '4'],
      ['x', '4'],
    ] as const) {
      const parsed = parseValue({ kind: 'ratio' }, { ...fraction, numerator, denominator });
      expect(parsed.ok, `${numerator}/${denominator}`).toBe(false);
      if (!parsed.ok) expect(parsed.error.en.length).toBeGreaterThan(0);
    }
  });

  it('thresholds: any number; formula and appraiser items send nothing', () => {
    expect(parseValue(steps, { ...emptyDraft, text: '55,5' })).toEqual({ ok: true, value: 55.5 });
    expect(parseValue(steps, { ...emptyDraft, text: 'năm' }).ok).toBe(false);
    expect(parseValue({ kind: 'appraiser' }, { ...emptyDraft, text: '5' })).toEqual({
      ok: true,
      value: null,
    });
  });

  it('a stored value comes back to the same value through the form', () => {
    const cases: [Rule, number][] = [
      [{ kind: 'boolean' }, 1],
      [{ kind: 'boolean' }, 0],
      [{ kind: 'ratio' }, 0.125],
      [{ kind: 'ratio' }, 1 / 3],
      [steps, 42],
    ];
    for (const [rule, value] of cases) {
      const back = parseValue(rule, draftFromValue(rule, value));
      expect(back.ok).toBe(true);
      if (back.ok) expect(Number(back.value)).toBeCloseTo(value, 6);
    }
  });
});

describe('claimPoints mirrors the engine rules', () => {
  it('boolean: max or 0', () => {
    const s = sub('b', { kind: 'boolean' });
    expect(claimPoints(s, true)).toBe(10);
    expect(claimPoints(s, 1)).toBe(10);
    expect(claimPoints(s, false)).toBe(0);
    expect(claimPoints(s, null)).toBe(0);
  });
  it('ratio: max × min(1, share / target)', () => {
    const s = sub('r', { kind: 'ratio', target: 0.8 });
    expect(claimPoints(s, 0.4)).toBe(5);
    expect(claimPoints(s, 0.9)).toBe(10);
    expect(claimPoints(sub('r', { kind: 'ratio' }), 0.25)).toBe(2.5);
  });
  it('thresholds: points of the highest step reached', () => {
    const s = sub('t', steps);
    expect(claimPoints(s, -1)).toBe(0);
    expect(claimPoints(s, 0)).toBe(2);
    expect(claimPoints(s, 89)).toBe(6);
    expect(claimPoints(s, 90)).toBe(10);
    expect(reachedStep(steps, 89)).toBe(1);
    expect(reachedStep(steps, null)).toBe(-1);
  });
  it('formulas and appraiser scores are not recomputed on the client', () => {
    expect(claimPoints(sub('f', { kind: 'formula', expression: 'a', inputs: ['a'] }), 1)).toBeNull();
    expect(claimPoints(sub('a', { kind: 'appraiser' }), 5)).toBeNull();
  });
});

describe('applicability', () => {
  it('needs the unit kind AND one of the tags, and says which condition failed', () => {
    const dept = sub('d', { kind: 'boolean' }, { appliesTo: { unitKinds: ['department'] } });
    const econ = sub('e', { kind: 'boolean' }, { appliesTo: { tags: ['digital_economy_duty'] } });
    expect(applicability(sub('x', { kind: 'boolean' }), ward)).toEqual({ applies: true });
    expect(applicability(dept, ward)).toEqual({ applies: false, unitKinds: ['department'] });
    expect(applicability(econ, { unitKind: 'department', tags: [] })).toEqual({
      applies: false,
      tags: ['digital_economy_duty'],
    });
    expect(applicability(econ, { unitKind: 'department', tags: ['digital_economy_duty'] })).toEqual({
      applies: true,
    });
  });
});

describe('progress', () => {
  it('counts answered items among the applicable self-answered ones only', () => {
    const subs = [
      sub('1', { kind: 'boolean' }),
      sub('2', { kind: 'boolean' }),
      sub('3', { kind: 'boolean' }, { appliesTo: { unitKinds: ['department'] } }),
      sub('4', { kind: 'ratio' }, { source: 'measured', indicatorCode: 'X' }),
      sub('5', { kind: 'appraiser' }, { source: 'appraiser' }),
    ];
    const entry = (code: string, value: number | null, status: 'draft' | 'clarification' = 'draft') => ({
      unitId: 'u',
      code,
      value,
      evidence: [],
      status,
      appraisedValue: null,
      reason: null,
      provenance: null,
      updatedAt: '2025-01-01T00:00:00Z',
    });
    expect(progress(subs, ward, [entry('1', 0), entry('2', null, 'clarification'), entry('4', 0.5)])).toEqual(
      {
        answered: 1,
        total: 2,
        clarification: 1,
      },
    );
  });
});

describe('evidence', () => {
  const row = {
    key: 'k',
    documentNumber: '12/KH-UBND',
    title: 'Kế hoạch',
    date: '2025-03-01',
    fileId: 'f1',
    filename: 'a.pdf',
  };
  it('sends only complete rows, trimmed, without local fields', () => {
    expect(
      evidenceToSend([
        { ...row, title: '  Kế hoạch ' },
        { ...row, key: 'k2', date: '' },
      ]),
    ).toEqual([{ documentNumber: '12/KH-UBND', title: 'Kế hoạch', date: '2025-03-01', fileId: 'f1' }]);
  });
  it('matches the server: a non-zero claim on a required item needs evidence', () => {
    const s = sub('b', { kind: 'boolean' });
    expect(lacksRequiredEvidence(s, true, [])).toBe(true);
    expect(lacksRequiredEvidence(s, false, [])).toBe(false);
    expect(lacksRequiredEvidence(s, null, [])).toBe(false);
    expect(lacksRequiredEvidence({ ...s, evidence: { required: false, fields: [] } }, true, [])).toBe(false);
  });
  it('refuses files over 20 MB or of another kind before uploading', () => {
    expect(checkEvidenceFile({ name: 'a.pdf', size: 1000 })).toBeNull();
    expect(checkEvidenceFile({ name: 'scan.JPG', size: 1000 })).toBeNull();
    expect(checkEvidenceFile({ name: 'a.pdf', size: 21 * 1024 * 1024 })?.vi).toContain('20 MB');
    expect(checkEvidenceFile({ name: 'a.exe', size: 10 })?.en).toContain('not accepted');
  });
});

describe('isEditable', () => {
  it('drafts while the unit drafts; after submit only items returned for clarification', () => {
    expect(isEditable(true, 'draft', undefined)).toBe(true);
    expect(isEditable(true, 'draft', 'draft')).toBe(true);
    expect(isEditable(true, 'submitted', undefined)).toBe(false);
    expect(isEditable(true, 'submitted', 'submitted')).toBe(false);
    expect(isEditable(true, 'submitted', 'accepted')).toBe(false);
    expect(isEditable(true, 'submitted', 'clarification')).toBe(true);
    expect(isEditable(false, 'draft', 'draft')).toBe(false);
  });
});
