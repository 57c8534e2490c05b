import type { Language } from '../../i18n/messages.ts';
import { fill, formatNumber } from '../../lib/format.ts';
import type { CycleUnit, Rule, SubIndex } from '../api.ts';
import { ruleText, text } from './messages.ts';

/** Whether a sub-index counts for the unit (the engine's `appliesTo`: kind and, if given, one of the tags). */
export function appliesTo(sub: SubIndex, unit: CycleUnit): boolean {
  const to = sub.appliesTo;
  if (!to) return true;
  if (to.unitKinds && !to.unitKinds.includes(unit.unitKind)) return false;
  if (to.tags && !to.tags.some((tag) => unit.tags.includes(tag))) return false;
  return true;
}

/** The scoring rule in words, so the appraiser need not know the engine. */
export function describeRule(rule: Rule, language: Language): string {
  const n = (value: number) => formatNumber(value, language);
  switch (rule.kind) {
    case 'boolean':
      return ruleText.boolean[language];
    case 'ratio':
      return fill(ruleText.ratio[language], { target: n(rule.target ?? 1) });
    case 'thresholds':
      return fill(ruleText.thresholds[language], {
        steps: rule.steps
          .map((step) => fill(ruleText.step[language], { min: n(step.min), points: n(step.points) }))
          .join('; '),
      });
    case 'formula':
      return fill(ruleText.formula[language], { expression: rule.expression });
    case 'appraiser':
      return ruleText.appraiser[language];
  }
}

/** A stored value as the unit meant it: yes/no for boolean rules, else the number. */
export function showValue(value: number | null, rule: Rule, language: Language): string {
  if (value === null) return text.notAnswered[language];
  if (rule.kind === 'boolean') return (value > 0 ? text.yes : text.no)[language];
  return formatNumber(value, language);
}

/** "0,5" or "0.5" → 0.5; anything else → null. */
export function parseValue(input: string): number | null {
  const cleaned = input.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}
