import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateFormula,
  type FormulaAst,
  FormulaError,
  formulaNames,
  MAX_FORMULA_DEPTH,
  MAX_FORMULA_LENGTH,
  parseFormula,
} from './formula.ts';

const names = ['a', 'b', 'c'];
const run = (text: string, vars: Record<string, number> = {}) =>
  evaluateFormula(parseFormula(text, names), vars);
const refused = (text: string, allowed = names) => {
  try {
    parseFormula(text, allowed);
  } catch (error) {
    return error instanceof FormulaError && error.vi.length > 0 && error.en.length > 0;
  }
  return false;
};

describe('formula evaluation', () => {
  it('follows precedence, unary minus, parentheses and comparisons', () => {
    expect(run('1 + 2 * 3')).toBe(7);
    expect(run('(1 + 2) * 3')).toBe(9);
    expect(run('-a - -b', { a: 2, b: 5 })).toBe(3);
    expect(run('10 / 4 - 1')).toBe(1.5);
    expect(run('a >= 0.5', { a: 0.5 })).toBe(1);
    expect(run('a != a')).toBe(0);
    expect(run('a + 1 < 2 * b', { a: 1, b: 1.5 })).toBe(1);
  });

  it('runs the whitelisted functions', () => {
    expect(run('min(a, b, 3)', { a: 4, b: 2 })).toBe(2);
    expect(run('max(a, b)', { a: 4, b: 2 })).toBe(4);
    expect(run('abs(-3)')).toBe(3);
    expect(run('round(2.5)')).toBe(3);
    expect(run('round(1.23456, 2)')).toBe(1.23);
    expect(run('clamp(a, 0, 1)', { a: 7 })).toBe(1);
    expect(run('if(a > 1, 10, 20)', { a: 2 })).toBe(10);
    expect(run('if(a > 1, 10, 20)', { a: 0 })).toBe(20);
  });

  it('gives 0 for division by zero and for a name without a value', () => {
    expect(run('a / b', { a: 3, b: 0 })).toBe(0);
    expect(run('a / (b - b)', { a: 3, b: 2 })).toBe(0);
    expect(run('c + 1', { a: 1 })).toBe(1);
  });

  it('reports the names a formula reads', () => {
    expect([...formulaNames(parseFormula('min(a, 1) + if(b, c, 0)', names))].sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('formula refusals', () => {
  it.each([
    'constructor',
    '__proto__',
    'a.constructor',
    'globalThis',
    'process',
    'process.exit(1)',
    'this',
    'a[0]',
    "'x'",
    '"x"',
    '`x`',
    'a = 1',
    'a => 1',
    'eval(1)',
    'Function(1)',
    'require(1)',
    'toString()',
    'constructor(1)',
    'a; b',
    '{}',
    'new a',
    'a ? 1 : 2',
    'a && b',
    '!a',
    '\\u0061',
    'd',
    'if',
    'min()',
    'abs(1, 2)',
    'clamp(1, 2)',
    '1.',
    '.5',
    '1a',
    '1 < 2 < 3',
    '(1',
    '1)',
    '',
    'a b',
  ])('refuses %s', (text) => {
    expect(refused(text)).toBe(true);
  });

  it('refuses reserved names even when declared as inputs', () => {
    expect(refused('constructor + 1', ['constructor'])).toBe(true);
    expect(refused('__proto__', ['__proto__'])).toBe(true);
    expect(refused('min + 1', ['min'])).toBe(true);
  });

  it('limits length and depth', () => {
    expect(refused(`1${' + 1'.repeat(MAX_FORMULA_LENGTH)}`)).toBe(true);
    expect(refused(`${'('.repeat(MAX_FORMULA_DEPTH + 1)}1${')'.repeat(MAX_FORMULA_DEPTH + 1)}`)).toBe(true);
    expect(refused(`${'-'.repeat(MAX_FORMULA_DEPTH + 1)}1`)).toBe(true);
    expect(run(`${'('.repeat(10)}1${')'.repeat(10)}`)).toBe(1);
  });

  it('refuses a hand-built AST that calls a function outside the whitelist', () => {
    const ast = { type: 'call', fn: 'constructor', args: [] } as unknown as FormulaAst;
    expect(() => evaluateFormula(ast, {})).toThrow(FormulaError);
  });

  it('never reads inherited properties of the values', () => {
    const vars = Object.create({ a: 99 }) as Record<string, number>;
    expect(evaluateFormula(parseFormula('a', names), vars)).toBe(0);
  });
});

// A generated whitelisted expression: its text and an independent reference evaluation.
type Gen = { text: string; value: (vars: Record<string, number>) => number };
const leaf: fc.Arbitrary<Gen> = fc.oneof(
  fc.integer({ min: 0, max: 1000 }).map((n) => ({ text: String(n), value: () => n })),
  fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([i, f]) => ({
    text: `${i}.${String(f).padStart(2, '0')}`,
    value: () => Number(`${i}.${String(f).padStart(2, '0')}`),
  })),
  fc
    .constantFrom(...names)
    .map((name) => ({ text: name, value: (v: Record<string, number>) => v[name] ?? 0 })),
);
const { expr } = fc.letrec<{ expr: Gen }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom('+', '-', '*', '/'), tie('expr'), tie('expr')).map(([op, l, r]) => ({
      text: `(${l.text} ${op} ${r.text})`,
      value: (v: Record<string, number>) => {
        const a = l.value(v);
        const b = r.value(v);
        return op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : b === 0 ? 0 : a / b;
      },
    })),
    fc
      .tuple(fc.constantFrom('<', '<=', '>', '>=', '==', '!='), tie('expr'), tie('expr'))
      .map(([op, l, r]) => ({
        text: `(${l.text} ${op} ${r.text})`,
        value: (v: Record<string, number>) => {
          const a = l.value(v);
          const b = r.value(v);
          const t = { '<': a < b, '<=': a <= b, '>': a > b, '>=': a >= b, '==': a === b, '!=': a !== b }[op];
          return t ? 1 : 0;
        },
      })),
    tie('expr').map((x) => ({ text: `-${x.text}`, value: (v: Record<string, number>) => -x.value(v) })),
    fc
      .tuple(fc.constantFrom('min', 'max'), fc.array(tie('expr'), { minLength: 1, maxLength: 3 }))
      .map(([fn, args]) => ({
        text: `${fn}(${args.map((x) => x.text).join(', ')})`,
        value: (v: Record<string, number>) =>
          (fn === 'min' ? Math.min : Math.max)(...args.map((x) => x.value(v))),
      })),
    tie('expr').map((x) => ({
      text: `abs(${x.text})`,
      value: (v: Record<string, number>) => Math.abs(x.value(v)),
    })),
    tie('expr').map((x) => ({
      text: `round(${x.text})`,
      value: (v: Record<string, number>) => Math.round(x.value(v)),
    })),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([x, lo, hi]) => ({
      text: `clamp(${x.text}, ${lo.text}, ${hi.text})`,
      value: (v: Record<string, number>) => Math.min(Math.max(x.value(v), lo.value(v)), hi.value(v)),
    })),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => ({
      text: `if(${c.text}, ${a.text}, ${b.text})`,
      value: (v: Record<string, number>) => (c.value(v) !== 0 ? a.value(v) : b.value(v)),
    })),
  ),
}));
const arbVars = fc.record({
  a: fc.double({ min: -100, max: 100, noNaN: true }),
  b: fc.double({ min: -100, max: 100, noNaN: true }),
  c: fc.integer({ min: -5, max: 5 }),
});
const shortExpr = expr.filter((x) => x.text.length <= MAX_FORMULA_LENGTH);

describe('formula properties', () => {
  it('accepts well-formed whitelisted expressions and matches a reference evaluation', () => {
    fc.assert(
      fc.property(shortExpr, arbVars, (gen, vars) => {
        let ast: FormulaAst;
        try {
          ast = parseFormula(gen.text, names);
        } catch (error) {
          // Only the depth limit may refuse a well-formed expression.
          return error instanceof FormulaError && error.en.includes('nested deeper');
        }
        expect(evaluateFormula(ast, vars)).toBe(gen.value(vars));
        return true;
      }),
      { numRuns: 300 },
    );
  });

  const attacks = [
    'constructor',
    '__proto__',
    'prototype',
    'globalThis',
    'process',
    'this',
    'window',
    'require',
    'eval(1)',
    'Function(1)',
    'constructor.constructor',
    'a.__proto__',
    '.constructor',
    '[0]',
    "['constructor']",
    '"x"',
    "'x'",
    '`x`',
    '= 1',
    '=> 1',
    ';',
    '{',
    '?',
    '&&',
    '||',
    '!',
    'toString()',
    'valueOf()',
    'hasOwnProperty(1)',
    'd',
    'import(1)',
    '\\',
    '$',
  ];

  it('refuses any expression with an attack inserted anywhere', () => {
    fc.assert(
      fc.property(shortExpr, fc.constantFrom(...attacks), fc.nat(), (gen, attack, at) => {
        const pos = at % (gen.text.length + 1);
        const text = `${gen.text.slice(0, pos)} ${attack} ${gen.text.slice(pos)}`;
        return refused(text);
      }),
      { numRuns: 500 },
    );
  });

  it('on arbitrary text, either refuses with a FormulaError or yields only whitelisted names and functions', () => {
    const alphabet = fc.constantFrom(
      ...'abcdxyz_019. +-*/()[]<>=!,\'"`;{}$\\'.split(''),
      'min',
      'max',
      'if',
      'clamp',
      'constructor',
      '__proto__',
      'process',
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join('')),
        (text) => {
          let ast: FormulaAst;
          try {
            ast = parseFormula(text, names);
          } catch (error) {
            return error instanceof FormulaError;
          }
          const seen = formulaNames(ast);
          expect([...seen].every((n) => names.includes(n))).toBe(true);
          expect(typeof evaluateFormula(ast, { a: 1, b: 2, c: 3 })).toBe('number');
          return true;
        },
      ),
      { numRuns: 1000 },
    );
  });
});
