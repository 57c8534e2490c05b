import type { FrameworkTree, UnitSet } from './dti.schema.ts';
import { type Framework, type FrameworkProblem, validateFramework } from './engine/index.ts';

/** The bridge to the scoring engine (engine/): a stored tree plus its row's facts is an engine Framework. */
export type TreeMeta = { year: number; unitSet: UnitSet; version: number; placeholders: boolean };

export function toEngineFramework(tree: FrameworkTree, meta: TreeMeta): Framework {
  return {
    year: meta.year,
    unitSet: meta.unitSet,
    version: String(meta.version),
    weightsArePlaceholders: meta.placeholders,
    groups: tree.groups,
  };
}

export function validateTree(tree: FrameworkTree, meta: TreeMeta): FrameworkProblem[] {
  return validateFramework(toEngineFramework(tree, meta));
}
