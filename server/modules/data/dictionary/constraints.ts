import type { ProblemField } from '../../../platform/errors.ts';
import type { Constraints, ItemType } from './dictionary.schema.ts';

/**
 * Which constraints each type takes, and whether a set of constraints makes sense: a pattern that
 * compiles, lower bounds not above upper bounds, a code list exactly when the type is `code`.
 * Returned as problem fields (`constraints.<key>`, `codeList`) so the caller sees every fault at once.
 */
const allowed: Record<ItemType, (keyof Constraints)[]> = {
  string: ['pattern', 'minLength', 'maxLength'],
  integer: ['minimum', 'maximum'],
  number: ['minimum', 'maximum'],
  boolean: [],
  date: [],
  datetime: [],
  code: [],
  address: [],
  geometry: ['geometryTypes'],
  file: ['mediaTypes', 'maxBytes'],
};

/** Patterns are ECMAScript regular expressions with the `u` flag, as JSON Schema 2020-12 reads them. */
export function compilePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
}

const field = (path: string, vi: string, en: string): ProblemField => ({ path, message: { vi, en } });

export function checkItemDefinition(
  type: ItemType,
  constraints: Constraints,
  codeList: string | null,
  knownCodeList: (code: string) => boolean,
): ProblemField[] {
  const problems: ProblemField[] = [];
  const permitted = allowed[type];
  for (const key of Object.keys(constraints) as (keyof Constraints)[]) {
    if (constraints[key] === undefined) continue;
    if (!permitted.includes(key)) {
      problems.push(
        field(
          `constraints.${key}`,
          `Ràng buộc «${key}» không áp dụng cho kiểu ${type}${permitted.length ? ` (chỉ nhận: ${permitted.join(', ')})` : ''}.`,
          `The constraint "${key}" does not apply to type ${type}${permitted.length ? ` (allowed: ${permitted.join(', ')})` : ''}.`,
        ),
      );
    }
  }
  if (constraints.pattern !== undefined && compilePattern(constraints.pattern) === null) {
    problems.push(
      field(
        'constraints.pattern',
        'Biểu thức chính quy không hợp lệ (cú pháp ECMAScript, cờ u).',
        'The pattern is not a valid regular expression (ECMAScript syntax, u flag).',
      ),
    );
  }
  const { minLength, maxLength, minimum, maximum } = constraints;
  if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) {
    problems.push(
      field(
        'constraints.minLength',
        'Độ dài tối thiểu lớn hơn độ dài tối đa.',
        'The minimum length is greater than the maximum length.',
      ),
    );
  }
  if (minimum !== undefined && maximum !== undefined && minimum > maximum) {
    problems.push(
      field(
        'constraints.minimum',
        'Giá trị nhỏ nhất lớn hơn giá trị lớn nhất.',
        'The minimum is greater than the maximum.',
      ),
    );
  }
  if (type === 'integer') {
    for (const key of ['minimum', 'maximum'] as const) {
      const bound = constraints[key];
      if (bound !== undefined && !Number.isInteger(bound)) {
        problems.push(
          field(
            `constraints.${key}`,
            'Kiểu số nguyên cần cận là số nguyên.',
            'An integer type needs whole-number bounds.',
          ),
        );
      }
    }
  }
  if (type === 'code') {
    if (!codeList) {
      problems.push(
        field('codeList', 'Kiểu «code» cần một danh mục mã.', 'The type "code" needs a code list.'),
      );
    } else if (!knownCodeList(codeList)) {
      problems.push(
        field(
          'codeList',
          `Không có danh mục mã «${codeList}» (xem /api/data/code-lists).`,
          `There is no code list "${codeList}" (see /api/data/code-lists).`,
        ),
      );
    }
  } else if (codeList) {
    problems.push(
      field('codeList', 'Chỉ kiểu «code» mới dùng danh mục mã.', 'Only the type "code" takes a code list.'),
    );
  }
  return problems;
}
