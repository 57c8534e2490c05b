import { evaluateFormula, type FormulaAst, parseFormula } from './formula.ts';
import type {
  Framework,
  GroupScore,
  Inputs,
  InputValue,
  Part,
  SubIndex,
  UnitRef,
  UnitScore,
} from './types.ts';

/** Whether a sub-index applies to a unit (absent `appliesTo` = every unit). */
export function applies(sub: SubIndex, unit: UnitRef): boolean {
  const to = sub.appliesTo;
  if (!to) return true;
  if (to.unitKinds && !to.unitKinds.includes(unit.kind)) return false;
  if (to.tags && !to.tags.some((tag) => unit.tags.includes(tag))) return false;
  return true;
}

/** An input read as a plain number: true → 1, false/null → 0, numerator/denominator → the ratio (0 when den ≤ 0). */
export function inputNumber(value: InputValue | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? value : 0;
  return value.denominator > 0 ? value.numerator / value.denominator : 0;
}

const clamp01 = (x: number) => (Number.isNaN(x) ? 0 : Math.min(1, Math.max(0, x)));

// Parsed formulas per rule object (re-parsed if its text or inputs were edited since): a framework's
// formulas are parsed once, not once per unit.
const formulaCache = new WeakMap<object, { expression: string; inputs: string; ast: FormulaAst }>();
function formulaAst(rule: { expression: string; inputs: string[] }): FormulaAst {
  const inputs = rule.inputs.join(',');
  const cached = formulaCache.get(rule);
  if (cached && cached.expression === rule.expression && cached.inputs === inputs) return cached.ast;
  const ast = parseFormula(rule.expression, rule.inputs);
  formulaCache.set(rule, { expression: rule.expression, inputs, ast });
  return ast;
}

/**
 * The share of a sub-index's maximum earned by `inputs` (0..1). Points = share × maxPoints. Every
 * rule is non-decreasing in its own input; formulas are as monotone as the council writes them.
 */
export function subIndexShare(sub: SubIndex, inputs: Inputs): number {
  const raw = Object.hasOwn(inputs, sub.code) ? inputs[sub.code] : null;
  const rule = sub.rule;
  switch (rule.kind) {
    case 'boolean':
      return inputNumber(raw) > 0 ? 1 : 0;
    case 'ratio': {
      const target = rule.target && rule.target > 0 ? rule.target : 1;
      return clamp01(inputNumber(raw) / target);
    }
    case 'thresholds': {
      const value = inputNumber(raw);
      if (raw === null || raw === undefined) return 0;
      let points = 0;
      for (const step of rule.steps) if (value >= step.min) points = Math.max(points, step.points);
      return sub.maxPoints > 0 ? clamp01(points / sub.maxPoints) : 0;
    }
    case 'formula': {
      const vars: Record<string, number> = Object.create(null);
      for (const name of rule.inputs)
        vars[name] = inputNumber(Object.hasOwn(inputs, name) ? inputs[name] : null);
      return clamp01(evaluateFormula(formulaAst(rule), vars));
    }
    case 'appraiser':
      return sub.maxPoints > 0 ? clamp01(inputNumber(raw) / sub.maxPoints) : 0;
  }
}

const part = (points: number, max: number): Part => ({ points, max, index: max > 0 ? points / max : null });

/**
 * Scores one unit. A group's index is its points over the maximum of its APPLICABLE sub-indices, so a
 * unit is never penalised for what does not apply to it; the overall index is the weighted mean of
 * the groups' indices, groups with nothing applicable dropping out of the weighting.
 */
export function scoreUnit(framework: Framework, unit: UnitRef, inputs: Inputs): UnitScore {
  const subIndices: Record<string, number | null> = {};
  const mainIndices: Record<string, Part> = {};
  const groups: Record<string, GroupScore> = {};
  let weightSum = 0;
  for (const group of framework.groups) {
    let gPoints = 0;
    let gMax = 0;
    for (const main of group.indices) {
      let mPoints = 0;
      let mMax = 0;
      for (const sub of main.subIndices) {
        if (!applies(sub, unit)) {
          subIndices[sub.code] = null;
          continue;
        }
        const points = subIndexShare(sub, inputs) * sub.maxPoints;
        subIndices[sub.code] = points;
        mPoints += points;
        mMax += sub.maxPoints;
      }
      mainIndices[main.code] = part(mPoints, mMax);
      gPoints += mPoints;
      gMax += mMax;
    }
    const g = part(gPoints, gMax);
    groups[group.code] = { ...g, weight: group.weight, contribution: 0 };
    if (g.index !== null) weightSum += group.weight;
  }
  let index = 0;
  if (weightSum > 0) {
    for (const g of Object.values(groups)) {
      if (g.index === null) continue;
      g.contribution = (g.weight / weightSum) * g.index;
      index += g.contribution;
    }
  }
  return { unitId: unit.id, subIndices, mainIndices, groups, index: clamp01(index) };
}
