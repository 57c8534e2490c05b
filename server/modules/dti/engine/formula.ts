/**
 * A small formula language for "formula" sub-indices, parsed by recursive descent to an AST and
 * evaluated by a switch over node types — never `eval`, `Function` or a general expression library,
 * because frameworks are edited by people and evaluated on the server.
 *
 * Grammar (one comparison at most, non-associative):
 *   expr    := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?
 *   sum     := product (('+' | '-') product)*
 *   product := unary (('*' | '/') unary)*
 *   unary   := '-' unary | primary
 *   primary := number | name | fn '(' expr (',' expr)* ')' | '(' expr ')'
 * Numbers are decimal (`12`, `0.5`); names come from the caller's allow-list; functions from
 * FUNCTIONS. Anything else (strings, `.`, `[]`, `=`, `!`, `&&`, `?:`, other names) is refused.
 * Comparisons give 1 or 0; `if(c, a, b)` is a if c ≠ 0, else b. Division by zero gives 0 (a missing
 * denominator earns no points rather than failing the whole assessment).
 */

export const MAX_FORMULA_LENGTH = 500;
export const MAX_FORMULA_DEPTH = 32;

const FUNCTIONS = {
  min: { minArgs: 1, maxArgs: 16 },
  max: { minArgs: 1, maxArgs: 16 },
  abs: { minArgs: 1, maxArgs: 1 },
  round: { minArgs: 1, maxArgs: 2 },
  clamp: { minArgs: 3, maxArgs: 3 },
  if: { minArgs: 3, maxArgs: 3 },
} as const;

export type FunctionName = keyof typeof FUNCTIONS;
export const FORMULA_FUNCTIONS = Object.keys(FUNCTIONS) as FunctionName[];

type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type FormulaAst =
  | { type: 'num'; value: number }
  | { type: 'var'; name: string }
  | { type: 'neg'; arg: FormulaAst }
  | { type: 'bin'; op: '+' | '-' | '*' | '/'; left: FormulaAst; right: FormulaAst }
  | { type: 'cmp'; op: CompareOp; left: FormulaAst; right: FormulaAst }
  | { type: 'call'; fn: FunctionName; args: FormulaAst[] };

/** Names a formula may never use, even if a framework declares them as inputs. */
const RESERVED = new Set([
  '__proto__',
  'prototype',
  'constructor',
  'globalThis',
  'global',
  'window',
  'self',
  'this',
  'process',
  'require',
  'import',
  'eval',
  'Function',
  'new',
  'hasOwnProperty',
  'valueOf',
  'toString',
]);

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Whether `name` may be declared as a formula input (identifier-like, not reserved, not a function). */
export function isAllowedInputName(name: string): boolean {
  return NAME.test(name) && !RESERVED.has(name) && !Object.hasOwn(FUNCTIONS, name);
}

export class FormulaError extends Error {
  constructor(
    readonly vi: string,
    readonly en: string,
    readonly position?: number,
  ) {
    super(en);
    this.name = 'FormulaError';
  }
}

type Token =
  | { t: 'num'; value: number; pos: number }
  | { t: 'name'; value: string; pos: number }
  | { t: 'op'; value: string; pos: number }
  | { t: 'end'; pos: number };

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const rest = text.slice(i);
    const num = /^\d+(\.\d+)?/.exec(rest);
    if (num) {
      if (/^[A-Za-z_.]/.test(rest.slice(num[0].length))) {
        throw new FormulaError(`Số không hợp lệ tại vị trí ${i}`, `Malformed number at position ${i}`, i);
      }
      tokens.push({ t: 'num', value: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (name) {
      tokens.push({ t: 'name', value: name[0], pos: i });
      i += name[0].length;
      continue;
    }
    const two = rest.slice(0, 2);
    if (two === '<=' || two === '>=' || two === '==' || two === '!=') {
      tokens.push({ t: 'op', value: two, pos: i });
      i += 2;
      continue;
    }
    if ('+-*/(),<>'.includes(c)) {
      tokens.push({ t: 'op', value: c, pos: i });
      i++;
      continue;
    }
    throw new FormulaError(
      `Ký tự không được phép "${c}" tại vị trí ${i} (chỉ cho phép số, tên đầu vào, + - * / ( ) , so sánh)`,
      `Character "${c}" not allowed at position ${i} (only numbers, input names, + - * / ( ) , comparisons)`,
      i,
    );
  }
  tokens.push({ t: 'end', pos: text.length });
  return tokens;
}

/** Parses `text` to an AST; identifiers must be in `allowedNames`. Throws FormulaError. */
export function parseFormula(text: string, allowedNames: readonly string[]): FormulaAst {
  if (text.length > MAX_FORMULA_LENGTH) {
    throw new FormulaError(
      `Công thức dài quá ${MAX_FORMULA_LENGTH} ký tự`,
      `Formula longer than ${MAX_FORMULA_LENGTH} characters`,
    );
  }
  const allowed = new Set(allowedNames.filter(isAllowedInputName));
  const tokens = tokenise(text);
  let at = 0;
  const peek = (): Token => tokens[at] ?? { t: 'end', pos: text.length };
  const isOp = (value: string) => {
    const tok = peek();
    return tok.t === 'op' && tok.value === value;
  };
  const expect = (value: string) => {
    if (!isOp(value)) {
      const tok = peek();
      throw new FormulaError(
        `Thiếu "${value}" tại vị trí ${tok.pos}`,
        `Expected "${value}" at position ${tok.pos}`,
        tok.pos,
      );
    }
    at++;
  };
  const enter = (depth: number) => {
    if (depth > MAX_FORMULA_DEPTH) {
      throw new FormulaError(
        `Công thức lồng nhau quá ${MAX_FORMULA_DEPTH} cấp`,
        `Formula nested deeper than ${MAX_FORMULA_DEPTH} levels`,
      );
    }
  };

  const expr = (depth: number): FormulaAst => {
    enter(depth);
    const left = sum(depth);
    const tok = peek();
    if (tok.t === 'op' && ['<', '<=', '>', '>=', '==', '!='].includes(tok.value)) {
      at++;
      const right = sum(depth);
      return { type: 'cmp', op: tok.value as CompareOp, left, right };
    }
    return left;
  };
  const sum = (depth: number): FormulaAst => {
    let left = product(depth);
    for (let tok = peek(); tok.t === 'op' && (tok.value === '+' || tok.value === '-'); tok = peek()) {
      at++;
      left = { type: 'bin', op: tok.value, left, right: product(depth) };
    }
    return left;
  };
  const product = (depth: number): FormulaAst => {
    let left = unary(depth);
    for (let tok = peek(); tok.t === 'op' && (tok.value === '*' || tok.value === '/'); tok = peek()) {
      at++;
      left = { type: 'bin', op: tok.value, left, right: unary(depth) };
    }
    return left;
  };
  const unary = (depth: number): FormulaAst => {
    if (isOp('-')) {
      enter(depth + 1);
      at++;
      return { type: 'neg', arg: unary(depth + 1) };
    }
    return primary(depth);
  };
  const primary = (depth: number): FormulaAst => {
    const tok = peek();
    at++;
    if (tok.t === 'num') return { type: 'num', value: tok.value };
    if (tok.t === 'op' && tok.value === '(') {
      const inner = expr(depth + 1);
      expect(')');
      return inner;
    }
    if (tok.t === 'name') {
      if (isOp('(')) {
        if (!Object.hasOwn(FUNCTIONS, tok.value)) {
          throw new FormulaError(
            `Hàm "${tok.value}" không được phép (chỉ: ${FORMULA_FUNCTIONS.join(', ')})`,
            `Function "${tok.value}" is not allowed (only: ${FORMULA_FUNCTIONS.join(', ')})`,
            tok.pos,
          );
        }
        const fn = tok.value as FunctionName;
        at++;
        const args = [expr(depth + 1)];
        while (isOp(',')) {
          at++;
          args.push(expr(depth + 1));
        }
        expect(')');
        const { minArgs, maxArgs } = FUNCTIONS[fn];
        if (args.length < minArgs || args.length > maxArgs) {
          throw new FormulaError(
            `Hàm "${fn}" nhận ${minArgs}–${maxArgs} đối số, có ${args.length}`,
            `Function "${fn}" takes ${minArgs}–${maxArgs} arguments, got ${args.length}`,
            tok.pos,
          );
        }
        return { type: 'call', fn, args };
      }
      if (!allowed.has(tok.value)) {
        throw new FormulaError(
          `Tên "${tok.value}" không phải đầu vào đã khai báo của công thức`,
          `Name "${tok.value}" is not a declared input of the formula`,
          tok.pos,
        );
      }
      return { type: 'var', name: tok.value };
    }
    throw new FormulaError(
      `Biểu thức không hợp lệ tại vị trí ${tok.pos}`,
      `Unexpected ${tok.t === 'end' ? 'end of formula' : `"${tok.value}"`} at position ${tok.pos}`,
      tok.pos,
    );
  };

  const ast = expr(0);
  const tok = peek();
  if (tok.t !== 'end') {
    throw new FormulaError(
      `Thừa nội dung tại vị trí ${tok.pos}`,
      `Unexpected "${tok.value}" at position ${tok.pos}`,
      tok.pos,
    );
  }
  return ast;
}

/** Names the formula reads (for validation and dependency display). */
export function formulaNames(ast: FormulaAst, into = new Set<string>()): Set<string> {
  switch (ast.type) {
    case 'var':
      into.add(ast.name);
      break;
    case 'neg':
      formulaNames(ast.arg, into);
      break;
    case 'bin':
    case 'cmp':
      formulaNames(ast.left, into);
      formulaNames(ast.right, into);
      break;
    case 'call':
      for (const arg of ast.args) formulaNames(arg, into);
      break;
  }
  return into;
}

/**
 * Evaluates an AST. A name missing from `vars` reads as 0 (not provided); only own properties are
 * read, so no prototype is ever reached. Division by zero gives 0.
 */
export function evaluateFormula(ast: FormulaAst, vars: Readonly<Record<string, number>>): number {
  switch (ast.type) {
    case 'num':
      return ast.value;
    case 'var':
      return Object.hasOwn(vars, ast.name) ? Number(vars[ast.name]) : 0;
    case 'neg':
      return -evaluateFormula(ast.arg, vars);
    case 'bin': {
      const a = evaluateFormula(ast.left, vars);
      const b = evaluateFormula(ast.right, vars);
      if (ast.op === '+') return a + b;
      if (ast.op === '-') return a - b;
      if (ast.op === '*') return a * b;
      return b === 0 ? 0 : a / b;
    }
    case 'cmp': {
      const a = evaluateFormula(ast.left, vars);
      const b = evaluateFormula(ast.right, vars);
      const ops: Record<CompareOp, boolean> = {
        '<': a < b,
        '<=': a <= b,
        '>': a > b,
        '>=': a >= b,
        '==': a === b,
        '!=': a !== b,
      };
      return ops[ast.op] ? 1 : 0;
    }
    case 'call':
      return callFunction(ast.fn, ast.args, vars);
  }
}

function callFunction(fn: FunctionName, args: FormulaAst[], vars: Readonly<Record<string, number>>): number {
  const value = (i: number) => {
    const arg = args[i];
    return arg ? evaluateFormula(arg, vars) : 0;
  };
  switch (fn) {
    case 'min':
      return Math.min(...args.map((_, i) => value(i)));
    case 'max':
      return Math.max(...args.map((_, i) => value(i)));
    case 'abs':
      return Math.abs(value(0));
    case 'round': {
      const digits = args.length > 1 ? Math.max(0, Math.min(6, Math.round(value(1)))) : 0;
      const f = 10 ** digits;
      return Math.round(value(0) * f) / f;
    }
    case 'clamp':
      return Math.min(Math.max(value(0), value(1)), value(2));
    case 'if':
      // Lazy, so the untaken branch is never evaluated.
      return value(0) !== 0 ? value(1) : value(2);
    default:
      // A hand-built AST could name anything; refuse rather than trust it.
      throw new FormulaError(
        `Hàm "${String(fn)}" không được phép`,
        `Function "${String(fn)}" is not allowed`,
      );
  }
}
