import { type RawBuilder, sql } from 'kysely';
import { badRequestData, NgsiError } from './errors.ts';

/**
 * The NGSI-LD query language (ETSI GS CIM 009, 4.9): `q` is parsed into an AST — never pasted into
 * SQL — and compiled to a parameterised SQL condition on urban.entities.attrs.
 *
 *   q       = or ; or = and *("|" and) ; and = term *(";" and-term) ; term = "(" or ")" / "!" path / test
 *   test    = path [op value]         op: == != > >= < <= ~= (=~) !~=
 *   value   = number / "string" / date-time / date / true / false / URI / value ".." value / value *("," value)
 *   path    = name *("." name) *("[" key "]")   (sub-attributes or observedAt/unitCode/createdAt/modifiedAt,
 *             then keys inside a compound value)
 */
export type Literal =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'dateTime'; value: string }
  | { kind: 'boolean'; value: boolean };

export type QPath = { attr: string; sub: string[]; meta: string | null; keys: string[] };

export type QNode =
  | { kind: 'and' | 'or'; items: QNode[] }
  | { kind: 'exists'; path: QPath; negate: boolean }
  | { kind: 'compare'; path: QPath; op: '==' | '!=' | '>' | '>=' | '<' | '<='; value: Literal }
  | { kind: 'range'; path: QPath; negate: boolean; low: Literal; high: Literal }
  | { kind: 'list'; path: QPath; negate: boolean; values: Literal[] }
  | { kind: 'pattern'; path: QPath; negate: boolean; pattern: string };

const MAX_LENGTH = 2_000;
const MAX_TERMS = 64;
const MAX_DEPTH = 16;
const MAX_PATTERN = 256;
const META = new Set(['observedAt', 'unitCode', 'createdAt', 'modifiedAt']);
const NAME = /^[^\s<>"'=;()[\]|&,!~.]+/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\d:T])/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?![\w:-])/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s;|()",]+/;

const invalid = (at: number, vi: string, en: string) =>
  badRequestData({
    vi: `Biểu thức q không hợp lệ tại vị trí ${at}: ${vi}.`,
    en: `Invalid q expression at position ${at}: ${en}.`,
  });
const tooComplex = () =>
  new NgsiError('TooComplexQuery', {
    vi: `Biểu thức q quá phức tạp (tối đa ${MAX_LENGTH} ký tự, ${MAX_TERMS} điều kiện, ${MAX_DEPTH} mức ngoặc).`,
    en: `The q expression is too complex (at most ${MAX_LENGTH} characters, ${MAX_TERMS} terms, ${MAX_DEPTH} levels of parentheses).`,
  });

/**
 * Whether a regular expression may run in PostgreSQL: it compiles, and has no back-references, the
 * one feature that can make a regex engine take exponential time.
 */
export function isSafePattern(pattern: string): boolean {
  if (/\\[1-9]|\\k</.test(pattern)) return false;
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Parses `q`; `expand` turns attribute and sub-attribute names into IRIs. */
export function parseQ(input: string, expand: (term: string) => string): QNode {
  if (input.length > MAX_LENGTH) throw tooComplex();
  let pos = 0;
  let terms = 0;
  const rest = () => input.slice(pos);
  const peek = (token: string) => input.startsWith(token, pos);

  const literal = (): Literal => {
    const text = rest();
    if (text.startsWith('"')) {
      let out = '';
      let i = 1;
      for (; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        out += text[i];
      }
      if (text[i] !== '"') throw invalid(pos, 'chuỗi chưa đóng ngoặc kép', 'unterminated string');
      pos += i + 1;
      return { kind: 'string', value: out };
    }
    let match = DATE_TIME.exec(text);
    if (match) {
      const date = new Date(match[0]);
      if (Number.isNaN(date.getTime())) throw invalid(pos, 'thời điểm sai', 'bad date-time');
      pos += match[0].length;
      return { kind: 'dateTime', value: date.toISOString() };
    }
    match = DATE.exec(text);
    if (match) {
      pos += match[0].length;
      return { kind: 'string', value: match[0] };
    }
    match = NUMBER.exec(text);
    if (match) {
      pos += match[0].length;
      return { kind: 'number', value: Number(match[0]) };
    }
    for (const word of ['true', 'false'] as const)
      if (text.startsWith(word) && !/^[\w:]/.test(text.slice(word.length))) {
        pos += word.length;
        return { kind: 'boolean', value: word === 'true' };
      }
    match = URI.exec(text);
    if (match && !match[0].includes('..')) {
      pos += match[0].length;
      return { kind: 'string', value: match[0] };
    }
    throw invalid(pos, 'thiếu giá trị', 'a value is expected');
  };

  const path = (): QPath => {
    const names: string[] = [];
    const keys: string[] = [];
    const name = () => {
      const match = NAME.exec(rest());
      if (!match) throw invalid(pos, 'thiếu tên thuộc tính', 'an attribute name is expected');
      pos += match[0].length;
      return match[0];
    };
    names.push(name());
    while (peek('.') && !peek('..')) {
      pos++;
      names.push(name());
    }
    while (peek('[')) {
      pos++;
      const close = input.indexOf(']', pos);
      if (close < 0) throw invalid(pos, 'thiếu ]', 'missing ]');
      const key = input.slice(pos, close);
      if (!key) throw invalid(pos, 'khoá rỗng', 'empty key');
      keys.push(...key.split('.'));
      pos = close + 1;
    }
    const [first, ...others] = names as [string, ...string[]];
    const last = others.at(-1);
    const meta = last !== undefined && META.has(last) ? last : null;
    const sub = (meta ? others.slice(0, -1) : others).map(expand);
    if (meta && keys.length > 0) throw invalid(pos, `${meta} không có khoá con`, `${meta} has no keys`);
    return { attr: expand(first), sub, meta, keys };
  };

  const values = (): { list: Literal[]; range?: [Literal, Literal] } => {
    const first = literal();
    if (peek('..')) {
      pos += 2;
      return { list: [], range: [first, literal()] };
    }
    const list = [first];
    while (peek(',')) {
      pos++;
      list.push(literal());
    }
    return { list };
  };

  const term = (depth: number): QNode => {
    if (++terms > MAX_TERMS || depth > MAX_DEPTH) throw tooComplex();
    if (peek('(')) {
      pos++;
      const inner = or(depth + 1);
      if (!peek(')')) throw invalid(pos, 'thiếu )', 'missing )');
      pos++;
      return inner;
    }
    if (peek('!') && !peek('!=') && !peek('!~=')) {
      pos++;
      return { kind: 'exists', path: path(), negate: true };
    }
    const target = path();
    const op = ['==', '!=', '>=', '<=', '!~=', '~=', '=~', '>', '<'].find((candidate) => peek(candidate));
    if (!op) return { kind: 'exists', path: target, negate: false };
    pos += op.length;
    if (op === '~=' || op === '=~' || op === '!~=') {
      const match = /^[^;|)]*/.exec(rest());
      const pattern = match?.[0] ?? '';
      if (!pattern || pattern.length > MAX_PATTERN)
        throw invalid(pos, 'biểu thức chính quy rỗng hoặc quá dài', 'empty or over-long regular expression');
      if (!isSafePattern(pattern))
        throw invalid(
          pos,
          'biểu thức chính quy sai hoặc có tham chiếu ngược',
          'bad regular expression, or one with back-references',
        );
      pos += pattern.length;
      return { kind: 'pattern', path: target, negate: op === '!~=', pattern };
    }
    const parsed = values();
    if (parsed.range || parsed.list.length > 1) {
      if (op !== '==' && op !== '!=')
        throw invalid(
          pos,
          'khoảng và danh sách chỉ dùng với == và !=',
          'ranges and lists go with == and != only',
        );
      return parsed.range
        ? { kind: 'range', path: target, negate: op === '!=', low: parsed.range[0], high: parsed.range[1] }
        : { kind: 'list', path: target, negate: op === '!=', values: parsed.list };
    }
    return { kind: 'compare', path: target, op: op as '==', value: parsed.list[0] as Literal };
  };

  const and = (depth: number): QNode => {
    const items = [term(depth)];
    while (peek(';')) {
      pos++;
      items.push(term(depth));
    }
    return items.length === 1 ? (items[0] as QNode) : { kind: 'and', items };
  };

  function or(depth: number): QNode {
    const items = [and(depth)];
    while (peek('|')) {
      pos++;
      items.push(and(depth));
    }
    return items.length === 1 ? (items[0] as QNode) : { kind: 'or', items };
  }

  const tree = or(0);
  if (pos !== input.length)
    throw invalid(
      pos,
      `ký tự thừa "${input.slice(pos, pos + 10)}"`,
      `unexpected "${input.slice(pos, pos + 10)}"`,
    );
  return tree;
}

// --- SQL ---------------------------------------------------------------------------------------

const DATE_TIME_SQL = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})$';

/** The attribute node (normalized attribute object) a path names, as jsonb. */
function attributeNode(path: QPath): RawBuilder<unknown> {
  let node = sql`attrs -> ${path.attr}`;
  for (const sub of path.sub) node = sql`(${node}) -> ${sub}`;
  return node;
}

/** The value a path compares: value (or object) of the attribute, a key inside it, or a metadata field. */
function comparedValue(path: QPath): RawBuilder<unknown> {
  const node = attributeNode(path);
  if (path.meta) return sql`(${node}) -> ${path.meta}`;
  let value = sql`coalesce((${node}) -> 'value', (${node}) -> 'object')`;
  for (const key of path.keys) value = sql`(${value}) -> ${key}`;
  return value;
}

/** The jsonb value as SQL of the literal's kind, null when the stored value is of another kind. */
function typed(value: RawBuilder<unknown>, literal: Literal): RawBuilder<unknown> {
  switch (literal.kind) {
    case 'number':
      return sql`(case when jsonb_typeof(${value}) = 'number' then (${value})::float8 end)`;
    case 'dateTime':
      return sql`(case when jsonb_typeof(${value}) = 'string' and (${value} #>> '{}') ~ ${DATE_TIME_SQL} then (${value} #>> '{}')::timestamptz end)`;
    case 'string':
      return sql`(case when jsonb_typeof(${value}) = 'string' then (${value} #>> '{}') end) collate "C"`;
    case 'boolean':
      return sql`(case when jsonb_typeof(${value}) = 'boolean' then (${value})::boolean end)`;
  }
}

function param(literal: Literal): RawBuilder<unknown> {
  switch (literal.kind) {
    case 'number':
      return sql`${literal.value}::float8`;
    case 'dateTime':
      return sql`${literal.value}::timestamptz`;
    case 'string':
      return sql`${literal.value}::text collate "C"`;
    case 'boolean':
      return sql`${literal.value}::boolean`;
  }
}

/** Equality: jsonb equality, or membership when the stored value is an array (ETSI 4.9). */
function equals(value: RawBuilder<unknown>, literal: Literal): RawBuilder<unknown> {
  if (literal.kind === 'dateTime') return sql`(${typed(value, literal)} = ${param(literal)})`;
  const json = JSON.stringify(literal.value);
  return sql`(case when jsonb_typeof(${value}) = 'array' then (${value}) @> jsonb_build_array(${json}::jsonb) else (${value}) = ${json}::jsonb end)`;
}

const comparators = { '>': sql`>`, '>=': sql`>=`, '<': sql`<`, '<=': sql`<=` } as const;

/** A SQL condition for a q tree (every user value a bound parameter). */
export function qToSql(node: QNode): RawBuilder<boolean> {
  switch (node.kind) {
    case 'and':
    case 'or':
      return sql<boolean>`(${sql.join(
        node.items.map((item) => qToSql(item)),
        node.kind === 'and' ? sql` and ` : sql` or `,
      )})`;
    case 'exists': {
      const present = sql`(${node.path.meta || node.path.keys.length ? comparedValue(node.path) : attributeNode(node.path)}) is not null`;
      return node.negate ? sql<boolean>`not ${present}` : sql<boolean>`${present}`;
    }
    case 'compare': {
      const value = comparedValue(node.path);
      if (node.op === '==') return sql<boolean>`coalesce(${equals(value, node.value)}, false)`;
      if (node.op === '!=')
        return sql<boolean>`((${value}) is not null and not coalesce(${equals(value, node.value)}, false))`;
      return sql<boolean>`coalesce(${typed(value, node.value)} ${comparators[node.op]} ${param(node.value)}, false)`;
    }
    case 'range': {
      const value = comparedValue(node.path);
      const inside = sql`coalesce(${typed(value, node.low)} >= ${param(node.low)} and ${typed(value, node.high)} <= ${param(node.high)}, false)`;
      return node.negate ? sql<boolean>`((${value}) is not null and not ${inside})` : sql<boolean>`${inside}`;
    }
    case 'list': {
      const value = comparedValue(node.path);
      const any = sql`coalesce((${sql.join(
        node.values.map((literal) => equals(value, literal)),
        sql` or `,
      )}), false)`;
      return node.negate ? sql<boolean>`((${value}) is not null and not ${any})` : sql<boolean>`${any}`;
    }
    case 'pattern': {
      const value = comparedValue(node.path);
      const matches = sql`coalesce((case when jsonb_typeof(${value}) = 'string' then (${value} #>> '{}') ~ ${node.pattern} end), false)`;
      return node.negate
        ? sql<boolean>`((${value}) is not null and not ${matches})`
        : sql<boolean>`${matches}`;
    }
  }
}
