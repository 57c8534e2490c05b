import { describe, expect, it } from 'vitest';
import { compactTerm, expandTerm, pilotAttributes, pilotTypes } from '../terms.ts';
import { localContextFile, termMapOf } from './context.ts';
import { parseQ } from './q.ts';

/** The served contexts agree with terms.ts (what ingestion stores), and q parses into the AST it means. */
describe('contexts', () => {
  it('expand and compact every pilot term exactly as terms.ts does', async () => {
    const map = await termMapOf('http://localhost:3999/ngsi-ld/contexts/smart-data-models.jsonld');
    const terms = [
      ...Object.keys(pilotTypes),
      ...pilotAttributes,
      'location',
      'observedAt',
      'unitCode',
      'somethingElse',
    ];
    for (const term of terms) {
      expect(map.expand(term), term).toBe(expandTerm(term));
      expect(map.compact(expandTerm(term)), term).toBe(term);
      expect(compactTerm(expandTerm(term)), term).toBe(term);
    }
  });

  it('serve only local files, whatever the host, and refuse the rest', async () => {
    expect(localContextFile('https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld')).toBe(
      'ngsi-ld-core-context-v1.8.jsonld',
    );
    expect(localContextFile('http://10.0.0.1:8080/ngsi-ld/contexts/smart-data-models.jsonld')).toBe(
      'smart-data-models.jsonld',
    );
    expect(localContextFile('http://example.org/ngsi-ld/contexts/../secret')).toBeUndefined();
    expect(localContextFile('file:///etc/passwd')).toBeUndefined();
    await expect(termMapOf('https://example.org/context.jsonld')).rejects.toMatchObject({
      errorType: 'LdContextNotAvailable',
    });
    await expect(termMapOf({ '@version': 2 } as never)).rejects.toMatchObject({
      errorType: 'BadRequestData',
    });
  });
});

describe('q', () => {
  const expand = (term: string) => `x:${term}`;
  it('parses precedence, paths, ranges, lists and patterns', () => {
    expect(parseQ('a==1|b>2;c', expand)).toEqual({
      kind: 'or',
      items: [
        {
          kind: 'compare',
          path: { attr: 'x:a', sub: [], meta: null, keys: [] },
          op: '==',
          value: { kind: 'number', value: 1 },
        },
        {
          kind: 'and',
          items: [
            {
              kind: 'compare',
              path: { attr: 'x:b', sub: [], meta: null, keys: [] },
              op: '>',
              value: { kind: 'number', value: 2 },
            },
            { kind: 'exists', path: { attr: 'x:c', sub: [], meta: null, keys: [] }, negate: false },
          ],
        },
      ],
    });
    expect(parseQ('a.b.observedAt>=2026-01-01T00:00:00+07:00', expand)).toMatchObject({
      path: { attr: 'x:a', sub: ['x:b'], meta: 'observedAt' },
      value: { kind: 'dateTime', value: '2025-12-31T17:00:00.000Z' },
    });
    expect(parseQ('address[city.name]=="Hà Nội"', expand)).toMatchObject({
      path: { keys: ['city', 'name'] },
      value: { value: 'Hà Nội' },
    });
    expect(parseQ('a==1..5', expand)).toMatchObject({ kind: 'range', low: { value: 1 }, high: { value: 5 } });
    expect(parseQ('a!="x","y"', expand)).toMatchObject({
      kind: 'list',
      negate: true,
      values: [{ value: 'x' }, { value: 'y' }],
    });
    expect(parseQ('a~=^h.*i$', expand)).toMatchObject({ kind: 'pattern', pattern: '^h.*i$' });
    expect(parseQ('rel==urn:ngsi-ld:Device:1', expand)).toMatchObject({
      value: { kind: 'string', value: 'urn:ngsi-ld:Device:1' },
    });
  });

  it('refuses what is not the language, and what is too big', () => {
    for (const bad of [
      '',
      'a==',
      'a=1',
      '(a',
      'a)',
      'a==1;',
      'a=="x',
      'a[b==1',
      'a.observedAt[x]==1',
      'a>1..2',
    ])
      expect(() => parseQ(bad, expand), bad).toThrow();
    expect(() => parseQ('a==1;'.repeat(100).slice(0, -1), expand)).toThrow(/too complex/);
    expect(() => parseQ('x'.repeat(2001), expand)).toThrow(/too complex/);
  });
});
