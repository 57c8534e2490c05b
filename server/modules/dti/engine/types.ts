/**
 * Types of the digital-transformation index (DTI) scoring engine. Pure data: no database, no I/O.
 * A framework (per year and unit set) is groups → main indices → sub-indices; each sub-index has
 * maximum points and a scoring rule. See docs/dti.md "Scoring engine".
 */

/** How a sub-index turns its input into points (always 0..maxPoints). */
export type Rule =
  /** Yes/no: `true` (or a number > 0) earns maxPoints. */
  | { kind: 'boolean' }
  /** A share in [0,1] or numerator/denominator → maxPoints × min(1, ratio / target); target defaults to 1. */
  | { kind: 'ratio'; target?: number }
  /** The points of the highest step whose `min` the value reaches (steps ascending by min), else 0. */
  | { kind: 'thresholds'; steps: { min: number; points: number }[] }
  /**
   * A formula over other inputs (parsed to an AST, evaluated against a whitelist). Its result is the
   * SHARE of maxPoints earned, clamped to [0,1] — so perturbing maxPoints rescales it cleanly.
   */
  | { kind: 'formula'; expression: string; inputs: string[] }
  /** Points set by an appraiser: the input is the points themselves, clamped to 0..maxPoints. */
  | { kind: 'appraiser' };

export type EvidenceField = 'number' | 'title' | 'date' | 'file';

export type SubIndex = {
  code: string;
  nameVi: string;
  nameEn: string;
  maxPoints: number;
  rule: Rule;
  source: 'self' | 'measured' | 'appraiser';
  /** For measured sub-indices: the metrics indicator that feeds them. */
  indicatorCode?: string;
  /**
   * Which units are scored on it; absent = all units. A unit qualifies when its kind is listed (if
   * `unitKinds` is given) AND it carries at least one of `tags` (if `tags` is given).
   */
  appliesTo?: { unitKinds?: string[]; tags?: string[] };
  evidence: { required: boolean; fields: EvidenceField[] };
};

export type MainIndex = { code: string; nameVi: string; nameEn: string; subIndices: SubIndex[] };

export type Group = { code: string; nameVi: string; nameEn: string; weight: number; indices: MainIndex[] };

export type Framework = {
  year: number;
  unitSet: 'departments' | 'communes' | 'provinces';
  version: string;
  groups: Group[];
  /** True while the weights are placeholders (the official ones are not public). */
  weightsArePlaceholders: boolean;
};

export type UnitRef = { id: string; kind: string; tags: string[] };

export type InputValue = number | boolean | { numerator: number; denominator: number } | null;

/**
 * Values keyed by sub-index code (and, for formulas, by any declared input name). Missing or null =
 * not provided → 0 points. Not-applicable is decided by `appliesTo`, never by a missing value.
 */
export type Inputs = Record<string, InputValue>;

/** A problem found by validateFramework, in Vietnamese and English. */
export type FrameworkProblem = { code: string; path: string; vi: string; en: string };

export type Part = { points: number; max: number; index: number | null };

export type GroupScore = Part & {
  weight: number;
  /** weight share × index: the group's part of the overall index (0 when the group drops out). */
  contribution: number;
};

export type UnitScore = {
  unitId: string;
  /** Points per sub-index; null when the sub-index does not apply to the unit. */
  subIndices: Record<string, number | null>;
  /** Per main index; `index` is null when none of its sub-indices applies. */
  mainIndices: Record<string, Part>;
  /** Per group; `index` is null (and the group drops out of the weighting) when nothing in it applies. */
  groups: Record<string, GroupScore>;
  /** Weighted mean of the applicable groups' indices, 0..1 (0 when nothing applies). */
  index: number;
};

export type Normalisation = 'minmax' | 'zscore' | 'target';

export type RankedUnit = {
  unitId: string;
  index: number;
  /** Competition rank overall ("1,2,2,4"). */
  rank: number;
  peerGroup?: string;
  /** Competition rank within the peer group. */
  peerRank?: number;
};

export type RankInterval = { rank: number; minRank: number; maxRank: number; p5: number; p95: number };
