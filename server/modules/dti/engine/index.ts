/**
 * The DTI scoring engine: pure functions over a framework, units and their inputs (no database).
 * The dti module imports it through this file only. See docs/dti.md "Scoring engine".
 *
 * Exports what the module and its benchmark use: types Rule, SubIndex, Framework, UnitRef, Inputs,
 * Normalisation, FrameworkProblem, SensitivityOptions; validateFramework(f) → FrameworkProblem[]
 * (vi/en messages; empty = valid); applies(sub, unit); scoreUnit(f, unit, inputs); rankUnits(scores,
 * { peerGroup? }); sensitivity(f, units, inputsByUnit, { perturbations, spread, seed, normalisation?,
 * perturbMaxPoints? }); whatIf(f, units, inputsByUnit, unitId, changes); seededRandom(seed). Inside
 * the engine: parseFormula(text, allowedNames) / evaluateFormula (formula.ts, ÷0 → 0) and
 * normalise (rank.ts).
 */
export { rankUnits } from './rank.ts';
export { applies, scoreUnit } from './score.ts';
export { type SensitivityOptions, seededRandom, sensitivity, whatIf } from './sensitivity.ts';
export type { Framework, FrameworkProblem, Inputs, Normalisation, Rule, SubIndex, UnitRef } from './types.ts';
export { validateFramework } from './validate.ts';
