import { FormulaError, isAllowedInputName, parseFormula } from './formula.ts';
import type { Framework, FrameworkProblem } from './types.ts';

/**
 * Checks a framework before it is saved or scored: unique codes, weights ≥ 0 summing to > 0,
 * maxPoints > 0, ascending thresholds within maxPoints, ratio targets > 0, formulas that parse and
 * read only their declared inputs, and evidence requirements that name a field. Returns every
 * problem found (empty = valid), each in Vietnamese and English.
 */
export function validateFramework(framework: Framework): FrameworkProblem[] {
  const problems: FrameworkProblem[] = [];
  const add = (code: string, path: string, vi: string, en: string) => problems.push({ code, path, vi, en });
  const seen = new Map<string, string>();
  const unique = (code: string, path: string) => {
    const first = seen.get(code);
    if (first !== undefined) {
      add(
        'duplicate-code',
        path,
        `Mã "${code}" bị trùng (đã dùng tại ${first})`,
        `Code "${code}" is duplicated (already used at ${first})`,
      );
    } else seen.set(code, path);
    if (code.trim() === '') add('empty-code', path, 'Mã không được để trống', 'Code must not be empty');
    // Codes become keys of plain objects (inputs, results): never let one name a prototype slot.
    if (code === '__proto__' || code === 'constructor' || code === 'prototype') {
      add('reserved-code', path, `Mã "${code}" là tên dành riêng`, `Code "${code}" is a reserved name`);
    }
  };

  if (framework.groups.length === 0)
    add('no-groups', 'groups', 'Bộ chỉ số chưa có nhóm nào', 'The framework has no groups');
  let weightSum = 0;
  framework.groups.forEach((group, gi) => {
    const gPath = `groups[${gi}]`;
    unique(group.code, gPath);
    if (!Number.isFinite(group.weight) || group.weight < 0) {
      add(
        'negative-weight',
        `${gPath}.weight`,
        `Trọng số nhóm "${group.code}" phải là số ≥ 0`,
        `Weight of group "${group.code}" must be a number ≥ 0`,
      );
    } else weightSum += group.weight;
    group.indices.forEach((main, mi) => {
      const mPath = `${gPath}.indices[${mi}]`;
      unique(main.code, mPath);
      main.subIndices.forEach((sub, si) => {
        const sPath = `${mPath}.subIndices[${si}]`;
        unique(sub.code, sPath);
        if (!Number.isFinite(sub.maxPoints) || sub.maxPoints <= 0) {
          add(
            'max-points',
            `${sPath}.maxPoints`,
            `Điểm tối đa của "${sub.code}" phải > 0`,
            `Max points of "${sub.code}" must be > 0`,
          );
        }
        if (sub.evidence.required && sub.evidence.fields.length === 0) {
          add(
            'evidence-fields',
            `${sPath}.evidence`,
            `"${sub.code}" yêu cầu minh chứng nhưng chưa nêu trường nào`,
            `"${sub.code}" requires evidence but names no field`,
          );
        }
        const rule = sub.rule;
        if (rule.kind === 'ratio' && rule.target !== undefined && !(rule.target > 0)) {
          add(
            'ratio-target',
            `${sPath}.rule.target`,
            `Mục tiêu tỷ lệ của "${sub.code}" phải > 0`,
            `Ratio target of "${sub.code}" must be > 0`,
          );
        }
        if (rule.kind === 'thresholds') {
          if (rule.steps.length === 0) {
            add(
              'thresholds-empty',
              `${sPath}.rule.steps`,
              `"${sub.code}" chưa có bậc điểm nào`,
              `"${sub.code}" has no threshold steps`,
            );
          }
          rule.steps.forEach((step, i) => {
            const prev = rule.steps[i - 1];
            if (prev && !(step.min > prev.min && step.points >= prev.points)) {
              add(
                'thresholds-order',
                `${sPath}.rule.steps[${i}]`,
                `Các bậc của "${sub.code}" phải tăng dần theo ngưỡng và không giảm điểm`,
                `Steps of "${sub.code}" must ascend by threshold with non-decreasing points`,
              );
            }
            if (!(step.points >= 0 && step.points <= sub.maxPoints)) {
              add(
                'thresholds-points',
                `${sPath}.rule.steps[${i}].points`,
                `Điểm một bậc của "${sub.code}" phải trong khoảng 0–${sub.maxPoints}`,
                `A step of "${sub.code}" must give 0–${sub.maxPoints} points`,
              );
            }
          });
        }
        if (rule.kind === 'formula') {
          for (const name of rule.inputs) {
            if (!isAllowedInputName(name)) {
              add(
                'formula-input-name',
                `${sPath}.rule.inputs`,
                `Tên đầu vào "${name}" của "${sub.code}" không hợp lệ hoặc bị cấm`,
                `Input name "${name}" of "${sub.code}" is invalid or reserved`,
              );
            }
          }
          try {
            parseFormula(rule.expression, rule.inputs);
          } catch (error) {
            if (!(error instanceof FormulaError)) throw error;
            add(
              'formula',
              `${sPath}.rule.expression`,
              `Công thức của "${sub.code}": ${error.vi}`,
              `Formula of "${sub.code}": ${error.en}`,
            );
          }
        }
      });
    });
  });
  if (framework.groups.length > 0 && !(weightSum > 0)) {
    add(
      'weights-sum',
      'groups',
      'Tổng trọng số các nhóm phải > 0',
      'The group weights must sum to more than 0',
    );
  }
  return problems;
}
