import { foldVietnamese } from '../../../platform/text.ts';

/**
 * foldVietnamese for the load's hot path: one pass over the string with a table of what each
 * character below U+2000 folds to (built from foldVietnamese itself, so both always agree), and
 * foldVietnamese for anything else. The DataStore stores this in `_search` and folds `q` the same way.
 */
const TABLE_SIZE = 0x2000;
/** Folded code unit per character; REMOVE for combining marks, SPACE_RUN for whitespace. */
const REMOVE = 0xffff;
const SPACE = 0x20;
const folded = new Uint16Array(TABLE_SIZE);
/** Characters whose fold is not exactly one code unit (ligatures, ß → ss …) take the slow path. */
const SLOW = 0xfffe;

for (let code = 0; code < TABLE_SIZE; code++) {
  const char = String.fromCharCode(code);
  if (/\s/u.test(char)) folded[code] = SPACE;
  else {
    const result = foldVietnamese(char);
    folded[code] = result.length === 0 ? REMOVE : result.length === 1 ? result.charCodeAt(0) : SLOW;
  }
}
// Capital sigma lowercases by context (final ς): only the whole-string path gets it right.
folded[0x3a3] = SLOW;

/** Reused output buffer: building the string char by char was the slow part of a load. */
const out = new Uint16Array(4096);

export function foldForSearch(text: string): string {
  if (text.length > out.length) return foldVietnamese(text);
  let n = 0;
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= TABLE_SIZE) return foldVietnamese(text);
    const to = folded[code]!;
    if (to === REMOVE) continue;
    if (to === SLOW) return foldVietnamese(text);
    if (to === SPACE) {
      pendingSpace = n > 0;
      continue;
    }
    if (pendingSpace) {
      out[n++] = SPACE;
      pendingSpace = false;
    }
    out[n++] = to;
  }
  return String.fromCharCode.apply(null, out.subarray(0, n) as unknown as number[]);
}
