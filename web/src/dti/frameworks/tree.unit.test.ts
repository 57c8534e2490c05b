import { describe, expect, it } from 'vitest';
import type { FrameworkTree } from '../api.ts';
import {
  addStep,
  appliesToFrom,
  editorReducer,
  errorsByNode,
  hasErrorsWithin,
  initialState,
  isDirty,
  locateError,
  nextCode,
  parseList,
  removeStep,
  ruleOfKind,
  saveBody,
  setStep,
  treeCounts,
} from './tree.ts';

const tree = (): FrameworkTree => ({
  groups: [
    {
      code: 'I',
      nameVi: 'Nền tảng',
      nameEn: 'Foundation',
      weight: 0.5,
      indices: [
        {
          code: '1',
          nameVi: 'Nhận thức',
          nameEn: 'Awareness',
          subIndices: [
            {
              code: '1.1',
              nameVi: 'A',
              nameEn: 'A',
              maxPoints: 10,
              rule: { kind: 'boolean' },
              source: 'self',
              evidence: { required: true, fields: ['number'] },
            },
            {
              code: '1.2',
              nameVi: 'B',
              nameEn: 'B',
              maxPoints: 20,
              rule: { kind: 'ratio', target: 0.8 },
              source: 'measured',
              indicatorCode: 'X',
              evidence: { required: false, fields: [] },
            },
          ],
        },
      ],
    },
    { code: 'III', nameVi: 'Theo dõi', nameEn: 'Tracked', weight: 0, indices: [] },
  ],
});

const start = () => initialState({ tree: tree(), weightsArePlaceholders: true, noteVi: null, noteEn: null });

describe('framework editor state', () => {
  it('maps both server path styles to the node and field they name', () => {
    expect(locateError('tree.groups[0].indices[0].subIndices[1].maxPoints')).toEqual({
      key: 'g0.m0.s1',
      field: 'maxPoints',
    });
    expect(locateError('body.tree.groups.1.weight')).toEqual({ key: 'g1', field: 'weight' });
    expect(locateError('tree.groups[0].indices[2]')).toEqual({ key: 'g0.m2', field: '' });
    expect(locateError('tree.groups[0].indices[0].subIndices[0].rule.steps[2].points')).toEqual({
      key: 'g0.m0.s0',
      field: 'rule.steps.2.points',
    });
    expect(locateError('groups')).toEqual({ key: 'root', field: 'groups' });
    expect(locateError('body.weightsArePlaceholders')).toEqual({
      key: 'root',
      field: 'weightsArePlaceholders',
    });
  });

  it('groups errors by node and finds them within a subtree', () => {
    const errors = errorsByNode([
      { path: 'tree.groups[0].indices[0].subIndices[1]', vi: 'trùng', en: 'duplicated' },
      { path: 'tree.groups[0].indices[0].subIndices[1].maxPoints', vi: 'điểm', en: 'points' },
      { path: 'groups', vi: 'tổng', en: 'sum' },
    ]);
    expect(errors['g0.m0.s1']).toHaveLength(2);
    expect(errors.root?.[0]?.en).toBe('sum');
    expect(hasErrorsWithin(errors, 'g0')).toBe(true);
    expect(hasErrorsWithin(errors, 'g0.m0')).toBe(true);
    expect(hasErrorsWithin(errors, 'g1')).toBe(false);
    // `g1` is not within `g10`'s prefix and vice versa.
    expect(hasErrorsWithin({ 'g10.m0': [] }, 'g1')).toBe(false);
  });

  it('edits fields of each level without touching the rest, and clears only that node’s errors', () => {
    let state = editorReducer(start(), {
      type: 'errors',
      errors: [
        { path: 'tree.groups[0].weight', vi: 'a', en: 'a' },
        { path: 'tree.groups[0].indices[0].subIndices[0].maxPoints', vi: 'b', en: 'b' },
      ],
    });
    state = editorReducer(state, { type: 'group', g: 0, patch: { weight: 0.7 } });
    expect(state.tree.groups[0]?.weight).toBe(0.7);
    expect(Object.keys(state.errors)).toEqual(['g0.m0.s0']);
    state = editorReducer(state, { type: 'main', g: 0, m: 0, patch: { nameEn: 'Digital awareness' } });
    expect(state.tree.groups[0]?.indices[0]?.nameEn).toBe('Digital awareness');
    state = editorReducer(state, { type: 'sub', g: 0, m: 0, s: 0, patch: { maxPoints: 15 } });
    expect(state.tree.groups[0]?.indices[0]?.subIndices[0]?.maxPoints).toBe(15);
    expect(state.tree.groups[0]?.indices[0]?.subIndices[1]?.maxPoints).toBe(20);
    expect(state.errors).toEqual({});
    // The original tree is never mutated.
    expect(start().tree.groups[0]?.weight).toBe(0.5);
  });

  it('drops the indicator code when a sub-index stops being measured, and empty applies-to', () => {
    let state = editorReducer(start(), { type: 'sub', g: 0, m: 0, s: 1, patch: { source: 'self' } });
    expect(state.tree.groups[0]?.indices[0]?.subIndices[1]).not.toHaveProperty('indicatorCode');
    state = editorReducer(state, {
      type: 'sub',
      g: 0,
      m: 0,
      s: 0,
      patch: { appliesTo: appliesToFrom(['ward'], []) },
    });
    expect(state.tree.groups[0]?.indices[0]?.subIndices[0]?.appliesTo).toEqual({ unitKinds: ['ward'] });
    state = editorReducer(state, {
      type: 'sub',
      g: 0,
      m: 0,
      s: 0,
      patch: { appliesTo: appliesToFrom([], []) },
    });
    expect(state.tree.groups[0]?.indices[0]?.subIndices[0]).not.toHaveProperty('appliesTo');
  });

  it('adds nodes with fresh unique codes and removes them, clearing positional errors', () => {
    let state = editorReducer(start(), { type: 'errors', errors: [{ path: 'groups', vi: 'x', en: 'x' }] });
    state = editorReducer(state, { type: 'add', at: { g: 0, m: 0 } });
    expect(state.tree.groups[0]?.indices[0]?.subIndices.map((s) => s.code)).toEqual(['1.1', '1.2', '1.3']);
    expect(state.errors).toEqual({});
    state = editorReducer(state, { type: 'add', at: { g: 1 } });
    expect(state.tree.groups[1]?.indices[0]?.code).toBe('M1');
    expect(state.tree.groups[1]?.indices[0]?.subIndices[0]?.code).toBe('M1.1');
    state = editorReducer(state, { type: 'add', at: {} });
    expect(state.tree.groups.map((g) => g.code)).toEqual(['I', 'III', 'G1']);
    expect(state.tree.groups[2]?.indices[0]?.code).toBe('M2');
    state = editorReducer(state, { type: 'remove', at: { g: 0, m: 0, s: 0 } });
    expect(state.tree.groups[0]?.indices[0]?.subIndices.map((s) => s.code)).toEqual(['1.2', '1.3']);
    state = editorReducer(state, { type: 'remove', at: { g: 1, m: 0 } });
    expect(state.tree.groups[1]?.indices).toEqual([]);
    state = editorReducer(state, { type: 'remove', at: { g: 2 } });
    expect(state.tree.groups.map((g) => g.code)).toEqual(['I', 'III']);
  });

  it('switches rule kinds keeping what carries over, and edits threshold steps', () => {
    expect(ruleOfKind('thresholds', { kind: 'boolean' }, 12)).toEqual({
      kind: 'thresholds',
      steps: [{ min: 1, points: 12 }],
    });
    const ratio = { kind: 'ratio' as const, target: 0.9 };
    expect(ruleOfKind('ratio', ratio, 5)).toBe(ratio);
    expect(ruleOfKind('formula', ratio, 5)).toEqual({ kind: 'formula', expression: '', inputs: [] });
    let steps = addStep({ kind: 'thresholds', steps: [{ min: 3, points: 4 }] }, 10);
    expect(steps.steps).toEqual([
      { min: 3, points: 4 },
      { min: 4, points: 10 },
    ]);
    steps = setStep(steps, 1, { min: 8 });
    expect(steps.steps[1]).toEqual({ min: 8, points: 10 });
    expect(removeStep(steps, 0).steps).toEqual([{ min: 8, points: 10 }]);
  });

  it('parses lists, finds free codes, counts like the server and tells when there is something to save', () => {
    expect(parseList(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
    expect(nextCode(tree(), '1.')).toBe('1.3');
    expect(treeCounts(tree())).toEqual({ groups: 2, mainIndices: 1, subIndices: 2, maxPoints: 30 });
    const from = start();
    expect(isDirty(from, from)).toBe(false);
    const noted = editorReducer(from, { type: 'note', noteVi: '  Hội đồng  ' });
    expect(isDirty(noted, from)).toBe(true);
    expect(saveBody(noted)).toMatchObject({ noteVi: 'Hội đồng', noteEn: null, weightsArePlaceholders: true });
    expect(isDirty(editorReducer(from, { type: 'placeholders', value: false }), from)).toBe(true);
    expect(editorReducer(noted, { type: 'reset', state: from })).toBe(from);
  });
});
