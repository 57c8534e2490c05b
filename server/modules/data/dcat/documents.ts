import type { Organization } from '../portal/organizations.ts';
import type { DatasetView } from '../portal/portal.schema.ts';
import {
  DEMO_KEYWORD,
  FILE_TYPE_AUTHORITY,
  fileTypeCodes,
  frequencies,
  frequencyUri,
  licenceOf,
  THEME_AUTHORITY,
} from '../portal/vocabularies.ts';
import { type Graph, iri, type Node, text, typed } from './rdf.ts';

/**
 * DCAT-AP 3 descriptions of the catalogue, its datasets and their distributions, with every
 * mandatory class and property (Catalogue: title, description, publisher; Dataset: title,
 * description; Distribution: access URL; Agent: name; Concept: preferred label; Concept scheme:
 * title; Checksum: algorithm and value; Catalogue record: primary topic and modified) and the
 * recommended ones the portal has.
 */
const LANGUAGE = 'http://publications.europa.eu/resource/authority/language';
const ACCESS_RIGHT = 'http://publications.europa.eu/resource/authority/access-right';
const PUBLISHER_TYPE = 'http://purl.org/adms/publishertype';

export const catalogIri = (publicUrl: string) => `${publicUrl}/catalog`;
export const datasetIri = (publicUrl: string, name: string) =>
  `${publicUrl}/dataset/${encodeURIComponent(name)}`;
const agentIri = (publicUrl: string, unitId: string) =>
  `${publicUrl}/organization/${encodeURIComponent(unitId)}`;
const unitIri = (publicUrl: string, unitId: string) =>
  `${publicUrl}/api/org/units/${encodeURIComponent(unitId)}`;
const dateTime = (iso: string) => typed(iso, 'xsd:dateTime');

export function addAgent(
  graph: Graph,
  publicUrl: string,
  organization: Organization | null,
  unitId: string,
): Node {
  const agent = iri(agentIri(publicUrl, unitId));
  graph.type(agent, 'foaf:Agent');
  graph.type(agent, 'foaf:Organization');
  graph.add(agent, 'foaf:name', text(organization?.nameVi ?? unitId, 'vi'));
  if (organization) graph.add(agent, 'foaf:name', text(organization.nameEn, 'en'));
  const kind = organization?.kind;
  graph.add(
    agent,
    'dct:type',
    iri(
      `${PUBLISHER_TYPE}/${kind === 'city' || kind === 'department' || kind === 'agency' ? 'RegionalAuthority' : 'LocalAuthority'}`,
    ),
  );
  if (organization?.contact.email) graph.add(agent, 'foaf:mbox', iri(`mailto:${organization.contact.email}`));
  if (organization?.contact.website) graph.add(agent, 'foaf:homepage', iri(organization.contact.website));
  return agent;
}

function addThemeScheme(graph: Graph) {
  const scheme = iri(THEME_AUTHORITY);
  graph.type(scheme, 'skos:ConceptScheme');
  graph.add(scheme, 'dct:title', text('Data theme', 'en'));
  graph.add(scheme, 'dct:title', text('Chủ đề dữ liệu', 'vi'));
  return scheme;
}

export function addDataset(
  graph: Graph,
  publicUrl: string,
  dataset: DatasetView,
  organization: Organization | null,
  spatialNames: Map<string, { vi: string; en: string }>,
): Node {
  const node = iri(datasetIri(publicUrl, dataset.name));
  graph.type(node, 'dcat:Dataset');
  graph.add(node, 'dct:title', text(dataset.titleVi, 'vi'));
  if (dataset.titleEn) graph.add(node, 'dct:title', text(dataset.titleEn, 'en'));
  graph.add(node, 'dct:description', text(dataset.descriptionVi, 'vi'));
  if (dataset.descriptionEn) graph.add(node, 'dct:description', text(dataset.descriptionEn, 'en'));
  graph.add(node, 'dct:identifier', text(dataset.id));
  graph.add(node, 'dct:publisher', addAgent(graph, publicUrl, organization, dataset.organization.id));
  graph.add(node, 'dct:accessRights', iri(`${ACCESS_RIGHT}/${dataset.private ? 'NON_PUBLIC' : 'PUBLIC'}`));
  graph.add(node, 'dct:language', iri(`${LANGUAGE}/VIE`));
  if (dataset.titleEn) graph.add(node, 'dct:language', iri(`${LANGUAGE}/ENG`));
  if (dataset.issued) graph.add(node, 'dct:issued', dateTime(dataset.issued));
  graph.add(node, 'dct:modified', dateTime(dataset.modified));
  graph.add(node, 'dcat:version', text(String(dataset.version)));
  graph.add(node, 'adms:versionNotes', text(`Phiên bản ${dataset.version} / Version ${dataset.version}`));
  graph.add(
    node,
    'dcat:landingPage',
    iri(`${publicUrl}/api/3/action/package_show?id=${encodeURIComponent(dataset.name)}`),
  );
  for (const keyword of dataset.keywords) graph.add(node, 'dcat:keyword', text(keyword, 'vi'));
  if (dataset.demo && !dataset.keywords.includes(DEMO_KEYWORD))
    graph.add(node, 'dcat:keyword', text(DEMO_KEYWORD, 'vi'));
  if (dataset.themes.length) {
    const scheme = addThemeScheme(graph);
    for (const theme of dataset.themes) {
      const concept = iri(theme.uri);
      graph.type(concept, 'skos:Concept');
      graph.add(concept, 'skos:prefLabel', text(theme.vi, 'vi'));
      graph.add(concept, 'skos:prefLabel', text(theme.en, 'en'));
      graph.add(concept, 'skos:inScheme', scheme);
      graph.add(node, 'dcat:theme', concept);
    }
  }
  if (dataset.contactEmail || dataset.contactName) {
    const contact = graph.blank();
    graph.type(contact, 'vcard:Kind');
    graph.add(
      contact,
      'vcard:fn',
      text(dataset.contactName ?? organization?.nameVi ?? dataset.organization.id),
    );
    if (dataset.contactEmail) graph.add(contact, 'vcard:hasEmail', iri(`mailto:${dataset.contactEmail}`));
    graph.add(node, 'dcat:contactPoint', contact);
  }
  if (dataset.temporalStart || dataset.temporalEnd) {
    const period = graph.blank();
    graph.type(period, 'dct:PeriodOfTime');
    if (dataset.temporalStart) graph.add(period, 'dcat:startDate', typed(dataset.temporalStart, 'xsd:date'));
    if (dataset.temporalEnd) graph.add(period, 'dcat:endDate', typed(dataset.temporalEnd, 'xsd:date'));
    graph.add(node, 'dct:temporal', period);
  }
  for (const unitId of dataset.spatialUnitIds) {
    const location = iri(unitIri(publicUrl, unitId));
    graph.type(location, 'dct:Location');
    const names = spatialNames.get(unitId);
    graph.add(location, 'skos:prefLabel', text(names?.vi ?? unitId, 'vi'));
    if (names) graph.add(location, 'skos:prefLabel', text(names.en, 'en'));
    graph.add(node, 'dct:spatial', location);
  }
  if (frequencies[dataset.frequency as keyof typeof frequencies]) {
    const frequency = iri(frequencyUri(dataset.frequency));
    graph.type(frequency, 'dct:Frequency');
    graph.add(node, 'dct:accrualPeriodicity', frequency);
  }
  for (const resource of dataset.resources) {
    const distribution = iri(`${datasetIri(publicUrl, dataset.name)}/resource/${resource.id}`);
    graph.type(distribution, 'dcat:Distribution');
    graph.add(distribution, 'dcat:accessURL', iri(resource.url));
    if (resource.kind === 'upload') graph.add(distribution, 'dcat:downloadURL', iri(resource.url));
    graph.add(distribution, 'dct:title', text(resource.name, 'vi'));
    if (resource.description) graph.add(distribution, 'dct:description', text(resource.description, 'vi'));
    const code = fileTypeCodes[resource.format.toUpperCase()];
    if (code) {
      const format = iri(`${FILE_TYPE_AUTHORITY}/${code}`);
      graph.type(format, 'dct:MediaTypeOrExtent');
      graph.add(distribution, 'dct:format', format);
    }
    if (resource.mediaType)
      graph.add(
        distribution,
        'dcat:mediaType',
        iri(`https://www.iana.org/assignments/media-types/${resource.mediaType}`),
      );
    const licence = licenceOf(resource.licenseId ?? dataset.licenseId);
    if (licence) {
      const document = iri(licence.authority ?? licence.url);
      graph.type(document, 'dct:LicenseDocument');
      graph.add(document, 'dct:title', text(licence.title, 'en'));
      if (licence.authority) graph.add(document, 'rdfs:seeAlso', iri(licence.url));
      graph.add(distribution, 'dct:license', document);
    }
    if (resource.sizeBytes !== null)
      graph.add(distribution, 'dcat:byteSize', typed(String(resource.sizeBytes), 'xsd:nonNegativeInteger'));
    if (resource.sha256) {
      const checksum = graph.blank();
      graph.type(checksum, 'spdx:Checksum');
      graph.add(checksum, 'spdx:algorithm', iri('http://spdx.org/rdf/terms#checksumAlgorithm_sha256'));
      graph.add(checksum, 'spdx:checksumValue', typed(resource.sha256, 'xsd:hexBinary'));
      graph.add(distribution, 'spdx:checksum', checksum);
    }
    graph.add(distribution, 'dct:issued', dateTime(resource.createdAt));
    graph.add(distribution, 'dct:modified', dateTime(resource.modifiedAt));
    graph.add(
      distribution,
      'dcatap:availability',
      iri('http://publications.europa.eu/resource/authority/planned-availability/STABLE'),
    );
    graph.add(node, 'dcat:distribution', distribution);
  }
  return node;
}

export function addCatalogue(
  graph: Graph,
  publicUrl: string,
  options: { city: Organization | null; modified: string | null },
): Node {
  const catalogue = iri(catalogIri(publicUrl));
  graph.type(catalogue, 'dcat:Catalog');
  graph.add(catalogue, 'dct:title', text('Cổng dữ liệu mở thành phố Hà Nội', 'vi'));
  graph.add(catalogue, 'dct:title', text('Hanoi Open Data Portal', 'en'));
  graph.add(
    catalogue,
    'dct:description',
    text('Dữ liệu mở của các cơ quan thuộc Ủy ban nhân dân thành phố Hà Nội (Kế hoạch 239/KH-UBND).', 'vi'),
  );
  graph.add(
    catalogue,
    'dct:description',
    text("Open data of the agencies of the Hanoi People's Committee (Plan 239/KH-UBND).", 'en'),
  );
  graph.add(catalogue, 'dct:publisher', addAgent(graph, publicUrl, options.city, 'hanoi'));
  graph.add(catalogue, 'foaf:homepage', iri(`${publicUrl}/`));
  graph.add(catalogue, 'dct:language', iri(`${LANGUAGE}/VIE`));
  graph.add(catalogue, 'dct:language', iri(`${LANGUAGE}/ENG`));
  const licence = licenceOf('CC-BY-4.0')!;
  const document = iri(licence.authority!);
  graph.type(document, 'dct:LicenseDocument');
  graph.add(document, 'dct:title', text(licence.title, 'en'));
  graph.add(catalogue, 'dct:license', document);
  graph.add(catalogue, 'dcat:themeTaxonomy', addThemeScheme(graph));
  const hanoi = iri(unitIri(publicUrl, 'hanoi'));
  graph.type(hanoi, 'dct:Location');
  graph.add(hanoi, 'skos:prefLabel', text('Hà Nội', 'vi'));
  graph.add(hanoi, 'skos:prefLabel', text('Hanoi', 'en'));
  graph.add(catalogue, 'dct:spatial', hanoi);
  if (options.modified) graph.add(catalogue, 'dct:modified', dateTime(options.modified));
  return catalogue;
}

export function addRecord(
  graph: Graph,
  publicUrl: string,
  catalogue: Node,
  dataset: DatasetView,
  datasetNode: Node,
) {
  const record = iri(`${datasetIri(publicUrl, dataset.name)}#record`);
  graph.type(record, 'dcat:CatalogRecord');
  graph.add(record, 'foaf:primaryTopic', datasetNode);
  graph.add(record, 'dct:modified', dateTime(dataset.metadataModified));
  graph.add(record, 'dct:issued', dateTime(dataset.metadataCreated));
  graph.add(catalogue, 'dcat:record', record);
}
