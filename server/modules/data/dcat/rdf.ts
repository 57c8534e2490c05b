/**
 * A small RDF graph and its three serialisations (Turtle, RDF/XML, JSON-LD), enough for the DCAT-AP
 * documents: IRIs, blank nodes and literals with a language or a datatype. Every predicate and
 * class comes from the namespaces below, so it always has a prefixed name.
 */
export const namespaces = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  adms: 'http://www.w3.org/ns/adms#',
  spdx: 'http://spdx.org/rdf/terms#',
  locn: 'http://www.w3.org/ns/locn#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  dcatap: 'http://data.europa.eu/r5r/',
} as const;
type Prefix = keyof typeof namespaces;
/** A prefixed name, `dct:title`. */
export type Curie = `${Prefix}:${string}`;

export type Node = { iri: string } | { blank: string };
export type Term = Node | { value: string; lang?: string; datatype?: Curie };
export type Triple = { s: Node; p: Curie; o: Term };

export const iri = (value: string): Node => ({ iri: value });
export const text = (value: string, lang?: string): Term => ({ value, ...(lang ? { lang } : {}) });
export const typed = (value: string, datatype: Curie): Term => ({ value, datatype });

const expand = (curie: Curie) => {
  const [prefix, local] = curie.split(':') as [Prefix, string];
  return `${namespaces[prefix]}${local}`;
};
const isNode = (term: Term): term is Node => 'iri' in term || 'blank' in term;

export class Graph {
  readonly triples: Triple[] = [];
  private blanks = 0;

  blank(): Node {
    this.blanks += 1;
    return { blank: `b${this.blanks}` };
  }

  add(s: Node, p: Curie, o: Term | null | undefined) {
    if (o) this.triples.push({ s, p, o });
    return this;
  }

  type(s: Node, type: Curie) {
    return this.add(s, 'rdf:type', iri(expand(type)));
  }

  /** Subjects in first-mention order with their triples. */
  private bySubject(): [Node, Triple[]][] {
    const map = new Map<string, [Node, Triple[]]>();
    for (const triple of this.triples) {
      const key = 'iri' in triple.s ? `<${triple.s.iri}>` : `_:${triple.s.blank}`;
      const entry = map.get(key) ?? [triple.s, []];
      entry[1].push(triple);
      map.set(key, entry);
    }
    return [...map.values()];
  }

  toTurtle(): string {
    // Turtle IRIs cannot hold spaces, controls or <>"{}|^`\ as such: they go as \uXXXX.
    const escapeIri = (value: string) =>
      [...value]
        .map((c) =>
          c.charCodeAt(0) <= 0x20 || '<>"{}|^`\\'.includes(c)
            ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
            : c,
        )
        .join('');
    const node = (n: Node) => ('iri' in n ? `<${escapeIri(n.iri)}>` : `_:${n.blank}`);
    const literal = (t: { value: string; lang?: string; datatype?: Curie }) => {
      const escaped = t.value
        .replace(/\\/g, '\\\\')
        .replace(/"/g, '\\"')
        .replace(/\n/g, '\\n')
        .replace(/\r/g, '\\r')
        .replace(/\t/g, '\\t');
      return `"${escaped}"${t.lang ? `@${t.lang}` : t.datatype ? `^^${t.datatype}` : ''}`;
    };
    const lines = Object.entries(namespaces).map(([prefix, ns]) => `@prefix ${prefix}: <${ns}> .`);
    lines.push('');
    for (const [subject, triples] of this.bySubject()) {
      const parts = triples.map(
        (t) => `    ${t.p === 'rdf:type' ? 'a' : t.p} ${isNode(t.o) ? node(t.o) : literal(t.o)}`,
      );
      lines.push(`${node(subject)}\n${parts.join(' ;\n')} .\n`);
    }
    return lines.join('\n');
  }

  toRdfXml(): string {
    const xmlEscape = (value: string) =>
      [...value]
        // Characters XML 1.0 cannot carry at all are left out.
        .filter((c) => {
          const code = c.charCodeAt(0);
          return (
            (code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) &&
            code !== 0xfffe &&
            code !== 0xffff
          );
        })
        .join('')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;');
    const lines = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<rdf:RDF ${Object.entries(namespaces)
        .map(([prefix, ns]) => `xmlns:${prefix}="${ns}"`)
        .join(' ')}>`,
    ];
    for (const [subject, triples] of this.bySubject()) {
      const about =
        'iri' in subject ? `rdf:about="${xmlEscape(subject.iri)}"` : `rdf:nodeID="${subject.blank}"`;
      lines.push(`  <rdf:Description ${about}>`);
      for (const t of triples) {
        if ('iri' in t.o) lines.push(`    <${t.p} rdf:resource="${xmlEscape(t.o.iri)}"/>`);
        else if ('blank' in t.o) lines.push(`    <${t.p} rdf:nodeID="${t.o.blank}"/>`);
        else {
          const attribute = t.o.lang
            ? ` xml:lang="${t.o.lang}"`
            : t.o.datatype
              ? ` rdf:datatype="${expand(t.o.datatype)}"`
              : '';
          lines.push(`    <${t.p}${attribute}>${xmlEscape(t.o.value)}</${t.p}>`);
        }
      }
      lines.push('  </rdf:Description>');
    }
    lines.push('</rdf:RDF>', '');
    return lines.join('\n');
  }

  /** Flattened JSON-LD: one node object per subject in `@graph`, prefixes in `@context`. */
  toJsonLd(): Record<string, unknown> {
    const graph = this.bySubject().map(([subject, triples]) => {
      const object: Record<string, unknown> = {
        '@id': 'iri' in subject ? subject.iri : `_:${subject.blank}`,
      };
      for (const t of triples) {
        if (t.p === 'rdf:type') {
          const types = (object['@type'] as string[] | undefined) ?? [];
          types.push((t.o as { iri: string }).iri);
          object['@type'] = types;
          continue;
        }
        const value = isNode(t.o)
          ? { '@id': 'iri' in t.o ? t.o.iri : `_:${t.o.blank}` }
          : t.o.lang
            ? { '@value': t.o.value, '@language': t.o.lang }
            : t.o.datatype
              ? { '@value': t.o.value, '@type': expand(t.o.datatype) }
              : { '@value': t.o.value };
        const list = (object[t.p] as unknown[] | undefined) ?? [];
        list.push(value);
        object[t.p] = list;
      }
      return object;
    });
    return { '@context': { ...namespaces }, '@graph': graph };
  }
}
