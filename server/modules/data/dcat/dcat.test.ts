import jsonld from 'jsonld';
import { DataFactory, Parser, Store } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';

/**
 * The DCAT-AP 3 documents parse with real RDF parsers (n3 for Turtle, jsonld for JSON-LD,
 * rdfxml-streaming-parser for RDF/XML), give the same graph in each format, and carry every
 * mandatory class and property of DCAT-AP 3.0.
 */
const { namedNode } = DataFactory;
const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  spdx: 'http://spdx.org/rdf/terms#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
};
const term = (curie: string) => {
  const [prefix, local] = curie.split(':') as [keyof typeof NS, string];
  return namedNode(`${NS[prefix]}${local}`);
};

let t: TestPlatform;
/** The public datasets, as CKAN's package_list names them: other modules publish some too. */
let published: string[];
beforeAll(async () => {
  t = await createTestPlatform({ demo: true });
  published = (await t.server.inject('/api/3/action/package_list?limit=1000')).json().result;
});
afterAll(() => t?.close());

async function parseTurtle(text: string): Promise<Store> {
  return new Store(new Parser({ format: 'text/turtle' }).parse(text));
}
async function parseJsonLd(text: string): Promise<Store> {
  const nquads = (await jsonld.toRDF(JSON.parse(text), {
    format: 'application/n-quads',
  })) as unknown as string;
  return new Store(new Parser({ format: 'application/n-quads' }).parse(nquads));
}
async function parseRdfXml(text: string): Promise<Store> {
  const store = new Store();
  const parser = new RdfXmlParser({ baseIRI: 'http://localhost:3999/' });
  await new Promise<void>((resolve, reject) => {
    parser.on('data', (quad) => store.addQuad(quad));
    parser.on('error', reject);
    parser.on('end', () => resolve());
    parser.write(text);
    parser.end();
  });
  return store;
}
const parsers = { ttl: parseTurtle, jsonld: parseJsonLd, rdf: parseRdfXml } as const;

const subjectsOf = (store: Store, type: string) => store.getSubjects(term('rdf:type'), term(type), null);

/** Every subject of `type` has each of `properties` at least once. */
function expectMandatory(store: Store, type: string, properties: string[]) {
  const subjects = subjectsOf(store, type);
  expect(subjects.length, type).toBeGreaterThan(0);
  for (const subject of subjects)
    for (const property of properties)
      expect(
        store.countQuads(subject, term(property), null, null),
        `${type} ${subject.value} ${property}`,
      ).toBeGreaterThan(0);
}

function expectDcatAp(store: Store, options: { catalogue: boolean }) {
  if (options.catalogue) {
    expectMandatory(store, 'dcat:Catalog', ['dct:title', 'dct:description', 'dct:publisher']);
    expectMandatory(store, 'dcat:CatalogRecord', ['foaf:primaryTopic', 'dct:modified']);
  }
  expectMandatory(store, 'dcat:Dataset', ['dct:title', 'dct:description']);
  expectMandatory(store, 'dcat:Distribution', ['dcat:accessURL']);
  expectMandatory(store, 'foaf:Agent', ['foaf:name']);
  expectMandatory(store, 'skos:Concept', ['skos:prefLabel']);
  expectMandatory(store, 'skos:ConceptScheme', ['dct:title']);
  expectMandatory(store, 'spdx:Checksum', ['spdx:algorithm', 'spdx:checksumValue']);
  // Every object of these properties is typed with DCAT-AP's range class.
  const ranges: [string, string][] = [
    ['dct:publisher', 'foaf:Agent'],
    ['dcat:distribution', 'dcat:Distribution'],
    ['dcat:theme', 'skos:Concept'],
    ['dct:license', 'dct:LicenseDocument'],
    ['dcat:contactPoint', 'vcard:Kind'],
    ['dct:temporal', 'dct:PeriodOfTime'],
    ['dct:spatial', 'dct:Location'],
  ];
  for (const [property, range] of ranges)
    for (const object of store.getObjects(null, term(property), null))
      expect(store.countQuads(object, term('rdf:type'), term(range), null), `${property} → ${range}`).toBe(1);
}

describe('DCAT-AP 3', () => {
  for (const format of ['ttl', 'jsonld', 'rdf'] as const) {
    it(`the catalogue (${format}) parses and has every mandatory class and property`, async () => {
      const response = await t.server.inject(`/catalog.${format}`);
      expect(response.statusCode).toBe(200);
      const store = await parsers[format](response.body);
      expectDcatAp(store, { catalogue: true });
      const datasets = store.getObjects(
        namedNode('http://localhost:3999/catalog'),
        term('dcat:dataset'),
        null,
      );
      // Every public dataset once: the 5 reference and 3 demo ones seeded here and whatever other
      // modules publish.
      expect(published).toEqual(
        expect.arrayContaining([
          'diem-dung-xe-buyt-demo',
          'ranh-gioi-hanh-chinh-ha-noi',
          'tu-dien-muc-du-lieu',
        ]),
      );
      expect(datasets.map((d) => d.value).sort()).toEqual(
        published.map((name) => `http://localhost:3999/dataset/${name}`).sort(),
      );
      const demo = namedNode('http://localhost:3999/dataset/diem-dung-xe-buyt-demo');
      expect(store.getObjects(demo, term('dcat:keyword'), null).map((o) => o.value)).toContain(
        'du-lieu-minh-hoa-demo',
      );
      const boundaries = namedNode('http://localhost:3999/dataset/ranh-gioi-hanh-chinh-ha-noi');
      const licences = store
        .getObjects(boundaries, term('dcat:distribution'), null)
        .flatMap((d) => store.getObjects(d, term('dct:license'), null).map((l) => l.value))
        .sort();
      expect(licences).toEqual([
        'http://publications.europa.eu/resource/authority/licence/ODC_BL',
        'https://creativecommons.org/licenses/by/3.0/igo/',
      ]);
    });
  }

  it('the three formats describe the same graph', async () => {
    const sizes = await Promise.all(
      (['ttl', 'jsonld', 'rdf'] as const).map(
        async (format) =>
          (await parsers[format]((await t.server.inject(`/catalog.${format}?page_size=3`)).body)).size,
      ),
    );
    expect(new Set(sizes).size).toBe(1);
  });

  it('pages with hydra and filters by modified_since', async () => {
    const page = await parseTurtle((await t.server.inject('/catalog.ttl?page=2&page_size=3')).body);
    const view = namedNode('http://localhost:3999/catalog.ttl?page=2&page_size=3');
    expect(published.length).toBeGreaterThan(6); // so page 2 of 3 has a next page
    expect(page.getObjects(view, term('hydra:totalItems'), null)[0]?.value).toBe(String(published.length));
    expect(page.getObjects(view, term('hydra:nextPage'), null)[0]?.value).toBe(
      'http://localhost:3999/catalog.ttl?page=3&page_size=3',
    );
    expect(page.getObjects(view, term('hydra:previousPage'), null)[0]?.value).toBe(
      'http://localhost:3999/catalog.ttl?page=1&page_size=3',
    );
    expect(
      page.getObjects(namedNode('http://localhost:3999/catalog'), term('dcat:dataset'), null),
    ).toHaveLength(3);
    const future = await parseTurtle((await t.server.inject('/catalog.ttl?modified_since=2999-01-01')).body);
    expect(
      future.getObjects(namedNode('http://localhost:3999/catalog'), term('dcat:dataset'), null),
    ).toHaveLength(0);
    expectMandatory(future, 'dcat:Catalog', ['dct:title', 'dct:description', 'dct:publisher']);
    const bad = await t.server.inject('/catalog.ttl?page=0');
    expect(bad.statusCode).toBe(400);
  });

  for (const format of ['ttl', 'jsonld', 'rdf'] as const) {
    it(`one dataset (${format}) with its distributions, coverage and contact`, async () => {
      const response = await t.server.inject(`/dataset/quan-trac-chat-luong-khong-khi-demo.${format}`);
      expect(response.statusCode).toBe(200);
      const store = await parsers[format](response.body);
      expectDcatAp(store, { catalogue: false });
      const dataset = namedNode('http://localhost:3999/dataset/quan-trac-chat-luong-khong-khi-demo');
      const titles = store
        .getObjects(dataset, term('dct:title'), null)
        .map((o) => (o as { language: string }).language)
        .sort();
      expect(titles).toEqual(['en', 'vi']);
      expect(store.getObjects(dataset, term('dct:accrualPeriodicity'), null)[0]?.value).toBe(
        'http://publications.europa.eu/resource/authority/frequency/DAILY',
      );
      const [period] = store.getObjects(dataset, term('dct:temporal'), null);
      expect(store.getObjects(period!, term('dcat:startDate'), null)[0]?.value).toBe('2025-01-01');
      expect(store.getObjects(dataset, term('dct:spatial'), null)).toHaveLength(4);
      expect(
        store
          .getObjects(dataset, term('dcat:theme'), null)
          .map((o) => o.value)
          .sort(),
      ).toEqual([
        'http://publications.europa.eu/resource/authority/data-theme/ENVI',
        'http://publications.europa.eu/resource/authority/data-theme/HEAL',
      ]);
    });
  }

  it('private and unknown datasets are not found', async () => {
    expect((await t.server.inject('/dataset/khong-co.ttl')).statusCode).toBe(404);
    expect((await t.server.inject('/dataset/khong-co.xml')).statusCode).toBe(400);
  });
});
