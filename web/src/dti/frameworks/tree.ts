import type { FrameworkTree, Group, MainIndex, Rule, SubIndex } from '../api.ts';

/**
 * The framework editor's state and every edit to it, as pure functions (no React): the council
 * edits a copy of a version's tree, and saving posts it as a new version. Nodes are addressed by
 * position — `{ g }`, `{ g, m }`, `{ g, m, s }` — which is also how the server names them in
 * validation errors (`tree.groups[0].indices[1].subIndices[2].maxPoints`).
 */
export type NodeAt = { g: number; m?: number; s?: number };
export type NodeError = { field: string; vi: string; en: string };
/** Node key (`g0`, `g0.m1`, `g0.m1.s2`, or `root` for the whole tree) → its errors. */
export type NodeErrors = Record<string, NodeError[]>;

export type EditorState = {
  tree: FrameworkTree;
  weightsArePlaceholders: boolean;
  noteVi: string;
  noteEn: string;
  errors: NodeErrors;
};

export type EditorAction =
  | { type: 'group'; g: number; patch: Partial<Omit<Group, 'indices'>> }
  | { type: 'main'; g: number; m: number; patch: Partial<Omit<MainIndex, 'subIndices'>> }
  | { type: 'sub'; g: number; m: number; s: number; patch: Partial<SubIndex> }
  | { type: 'add'; at: { g?: number; m?: number } }
  | { type: 'remove'; at: NodeAt }
  | { type: 'placeholders'; value: boolean }
  | { type: 'note'; noteVi?: string; noteEn?: string }
  | { type: 'errors'; errors: { path: string; vi: string; en: string }[] }
  | { type: 'reset'; state: EditorState };

export const ROOT = 'root';

export function nodeKey(at: NodeAt): string {
  if (at.m === undefined) return `g${at.g}`;
  if (at.s === undefined) return `g${at.g}.m${at.m}`;
  return `g${at.g}.m${at.m}.s${at.s}`;
}

export function initialState(framework: {
  tree: FrameworkTree;
  weightsArePlaceholders: boolean;
  noteVi: string | null;
  noteEn: string | null;
}): EditorState {
  return {
    tree: structuredClone(framework.tree),
    weightsArePlaceholders: framework.weightsArePlaceholders,
    noteVi: framework.noteVi ?? '',
    noteEn: framework.noteEn ?? '',
    errors: {},
  };
}

/**
 * Where a server error points: Zod gives `body.tree.groups.0.weight`, the framework validation
 * `tree.groups[0].weight`. Both become the node key and the rest of the path (the field).
 */
export function locateError(path: string): { key: string; field: string } {
  const parts = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((part) => part !== '');
  if (parts[0] === 'body') parts.shift();
  if (parts[0] === 'tree') parts.shift();
  const at: NodeAt = { g: -1 };
  const levels = [
    ['groups', 'g'],
    ['indices', 'm'],
    ['subIndices', 's'],
  ] as const;
  for (const [name, slot] of levels) {
    const index = Number(parts[1]);
    if (parts[0] !== name || !Number.isInteger(index)) break;
    at[slot] = index;
    parts.splice(0, 2);
  }
  return { key: at.g < 0 ? ROOT : nodeKey(at), field: parts.join('.') };
}

export function errorsByNode(errors: { path: string; vi: string; en: string }[]): NodeErrors {
  const result: NodeErrors = {};
  for (const error of errors) {
    const { key, field } = locateError(error.path);
    result[key] = [...(result[key] ?? []), { field, vi: error.vi, en: error.en }];
  }
  return result;
}

/** Whether the node at `key` or anything below it has an error (to open it for the reader). */
export function hasErrorsWithin(errors: NodeErrors, key: string): boolean {
  return Object.keys(errors).some((k) => k === key || k.startsWith(`${key}.`));
}

/** The next free code `prefix + n` in the tree (codes are unique across the whole tree). */
export function nextCode(tree: FrameworkTree, prefix: string): string {
  const used = new Set(allCodes(tree));
  let n = 1;
  while (used.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

function allCodes(tree: FrameworkTree): string[] {
  return tree.groups.flatMap((g) => [
    g.code,
    ...g.indices.flatMap((m) => [m.code, ...m.subIndices.map((s) => s.code)]),
  ]);
}

export function newSubIndex(code: string): SubIndex {
  return {
    code,
    nameVi: 'Chỉ số thành phần mới',
    nameEn: 'New sub-index',
    maxPoints: 10,
    rule: { kind: 'boolean' },
    source: 'self',
    evidence: { required: true, fields: ['number', 'title', 'date', 'file'] },
  };
}

export function newMainIndex(tree: FrameworkTree): MainIndex {
  const code = nextCode(tree, 'M');
  return {
    code,
    nameVi: 'Chỉ số chính mới',
    nameEn: 'New main index',
    subIndices: [newSubIndex(`${code}.1`)],
  };
}

function newGroup(tree: FrameworkTree): Group {
  // G… and M… codes never collide, so the new main index can pick its code from the same tree.
  return {
    code: nextCode(tree, 'G'),
    nameVi: 'Nhóm mới',
    nameEn: 'New group',
    weight: 0,
    indices: [newMainIndex(tree)],
  };
}

/** A rule of another kind, keeping what carries over (a formula's inputs, a ratio's target). */
export function ruleOfKind(kind: Rule['kind'], previous: Rule, maxPoints: number): Rule {
  if (kind === previous.kind) return previous;
  switch (kind) {
    case 'boolean':
    case 'appraiser':
      return { kind };
    case 'ratio':
      return { kind, target: 1 };
    case 'thresholds':
      return { kind, steps: [{ min: 1, points: maxPoints }] };
    case 'formula':
      return { kind, expression: '', inputs: [] };
  }
}

/** "a, b ,c" → ['a', 'b', 'c']: the comma-separated lists of the form (inputs, unit kinds, tags). */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** appliesTo from the form's lists; empty lists mean "no restriction", so the key goes away. */
export function appliesToFrom(unitKinds: string[], tags: string[]): SubIndex['appliesTo'] {
  if (unitKinds.length === 0 && tags.length === 0) return undefined;
  return {
    ...(unitKinds.length > 0 ? { unitKinds } : {}),
    ...(tags.length > 0 ? { tags } : {}),
  };
}

/** A sub-index with `patch` applied, dropping keys that no longer mean anything. */
function patchSub(sub: SubIndex, patch: Partial<SubIndex>): SubIndex {
  const next: SubIndex = { ...sub, ...patch };
  if (next.source !== 'measured') delete next.indicatorCode;
  if ('appliesTo' in patch && patch.appliesTo === undefined) delete next.appliesTo;
  return next;
}

const without = <T>(list: T[], index: number) => list.filter((_, at) => at !== index);
const replace = <T>(list: T[], index: number, update: (item: T) => T) =>
  list.map((item, at) => (at === index ? update(item) : item));

function dropErrors(errors: NodeErrors, key: string): NodeErrors {
  const { [key]: _dropped, ...rest } = errors;
  return rest;
}

function mapTree(tree: FrameworkTree, g: number, update: (group: Group) => Group): FrameworkTree {
  return { groups: replace(tree.groups, g, update) };
}

/**
 * One edit. Editing a node's fields clears that node's errors (the reader is fixing them); adding
 * or removing nodes shifts positions, so every error (they name positions) is cleared.
 */
export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  const { tree } = state;
  switch (action.type) {
    case 'group':
      return {
        ...state,
        tree: mapTree(tree, action.g, (group) => ({ ...group, ...action.patch })),
        errors: dropErrors(state.errors, nodeKey(action)),
      };
    case 'main':
      return {
        ...state,
        tree: mapTree(tree, action.g, (group) => ({
          ...group,
          indices: replace(group.indices, action.m, (main) => ({ ...main, ...action.patch })),
        })),
        errors: dropErrors(state.errors, nodeKey(action)),
      };
    case 'sub':
      return {
        ...state,
        tree: mapTree(tree, action.g, (group) => ({
          ...group,
          indices: replace(group.indices, action.m, (main) => ({
            ...main,
            subIndices: replace(main.subIndices, action.s, (sub) => patchSub(sub, action.patch)),
          })),
        })),
        errors: dropErrors(state.errors, nodeKey(action)),
      };
    case 'add':
      return { ...state, tree: addNode(tree, action.at), errors: {} };
    case 'remove':
      return { ...state, tree: removeNode(tree, action.at), errors: {} };
    case 'placeholders':
      return { ...state, weightsArePlaceholders: action.value };
    case 'note':
      return {
        ...state,
        noteVi: action.noteVi ?? state.noteVi,
        noteEn: action.noteEn ?? state.noteEn,
      };
    case 'errors':
      return { ...state, errors: errorsByNode(action.errors) };
    case 'reset':
      return action.state;
  }
}

/** Adds a group (no `g`), a main index to group `g`, or a sub-index to main index `g, m`. */
function addNode(tree: FrameworkTree, at: { g?: number; m?: number }): FrameworkTree {
  const { g, m } = at;
  if (g === undefined) return { groups: [...tree.groups, newGroup(tree)] };
  if (m === undefined)
    return mapTree(tree, g, (group) => ({ ...group, indices: [...group.indices, newMainIndex(tree)] }));
  return mapTree(tree, g, (group) => ({
    ...group,
    indices: replace(group.indices, m, (main) => ({
      ...main,
      subIndices: [...main.subIndices, newSubIndex(nextCode(tree, `${main.code}.`))],
    })),
  }));
}

function removeNode(tree: FrameworkTree, at: NodeAt): FrameworkTree {
  const { g, m, s } = at;
  if (m === undefined) return { groups: without(tree.groups, g) };
  if (s === undefined) return mapTree(tree, g, (group) => ({ ...group, indices: without(group.indices, m) }));
  return mapTree(tree, g, (group) => ({
    ...group,
    indices: replace(group.indices, m, (main) => ({ ...main, subIndices: without(main.subIndices, s) })),
  }));
}

/** The body of `POST /api/dti/frameworks/:id/versions`; empty notes are sent as null. */
export function saveBody(state: EditorState) {
  return {
    tree: state.tree,
    weightsArePlaceholders: state.weightsArePlaceholders,
    noteVi: state.noteVi.trim() || null,
    noteEn: state.noteEn.trim() || null,
  };
}

/** Sizes as the server counts them: points only from groups that weigh. */
export function treeCounts(tree: FrameworkTree) {
  const mains = tree.groups.flatMap((g) => g.indices);
  return {
    groups: tree.groups.length,
    mainIndices: mains.length,
    subIndices: mains.reduce((sum, m) => sum + m.subIndices.length, 0),
    maxPoints: tree.groups
      .filter((g) => g.weight > 0)
      .flatMap((g) => g.indices.flatMap((m) => m.subIndices))
      .reduce((sum, s) => sum + (Number.isFinite(s.maxPoints) ? s.maxPoints : 0), 0),
  };
}

/** Sum of group weights (the editor shows it; the engine only needs it > 0). */
export const weightSum = (tree: FrameworkTree) =>
  tree.groups.reduce((sum, g) => sum + (Number.isFinite(g.weight) ? g.weight : 0), 0);

type Thresholds = Extract<Rule, { kind: 'thresholds' }>;
type Step = Thresholds['steps'][number];

/** Threshold steps: change one, add one above the last, or remove one. */
export const setStep = (rule: Thresholds, index: number, patch: Partial<Step>): Thresholds => ({
  ...rule,
  steps: replace(rule.steps, index, (step) => ({ ...step, ...patch })),
});
export function addStep(rule: Thresholds, maxPoints: number): Thresholds {
  const last = rule.steps.at(-1);
  return { ...rule, steps: [...rule.steps, { min: (last?.min ?? 0) + 1, points: maxPoints }] };
}
export const removeStep = (rule: Thresholds, index: number): Thresholds => ({
  ...rule,
  steps: without(rule.steps, index),
});

/** Whether anything would be saved: the state differs from the version it started from. */
export function isDirty(state: EditorState, from: EditorState): boolean {
  return JSON.stringify(saveBody(state)) !== JSON.stringify(saveBody(from));
}
