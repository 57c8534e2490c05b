/**
 * NGSI-LD names: entity types and attribute names are stored expanded (full IRIs) and compacted on
 * output against the request's @context. Terms of the pilots' Smart Data Models and of the NGSI-LD
 * core context expand here without any network; a term no context defines expands with the NGSI-LD
 * default vocabulary, as the specification says (ETSI GS CIM 009, 5.5.7).
 */
export const NGSI_LD_CORE_CONTEXT = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld';
export const DEFAULT_VOCABULARY = 'https://uri.etsi.org/ngsi-ld/default-context/';
/** The Smart Data Models context the platform serves for its pilots (a subset, served locally). */
export const SMART_DATA_MODELS_CONTEXT_PATH = '/ngsi-ld/contexts/smart-data-models.jsonld';

const sdm = (subject: string) => `https://smartdatamodels.org/dataModel.${subject}/`;
const SDM_TERM = 'https://smartdatamodels.org/';

/** Entity types of the pilots and the Smart Data Models subject each belongs to. */
export const pilotTypes: Record<string, string> = {
  TrafficFlowObserved: 'Transportation',
  OffStreetParking: 'Parking',
  FloodMonitoring: 'Environment',
  Streetlight: 'Streetlighting',
  WaterQualityObserved: 'Environment',
  WaterConsumptionObserved: 'WaterConsumption',
  ACMeasurement: 'Energy',
  AirQualityObserved: 'Environment',
};

/** Attribute terms of those models that the served Smart Data Models context defines. */
export const pilotAttributes = [
  'name',
  'description',
  'dateObserved',
  'address',
  'areaServed',
  'refDevice',
  'source',
  'status',
  'intensity',
  'occupancy',
  'averageVehicleSpeed',
  'congested',
  'laneId',
  'direction',
  'availableSpotNumber',
  'totalSpotNumber',
  'currentLevel',
  'referenceLevel',
  'alertThreshold',
  'powerState',
  'illuminanceLevel',
  'lanternHeight',
  'pH',
  'turbidity',
  'conductivity',
  'temperature',
  'freeChlorine',
  'totalConsumption',
  'flow',
  'activePower',
  'voltage',
  'current',
  'frequency',
  'pm25',
  'pm10',
  'no2',
  'o3',
  'co',
  'so2',
  'airQualityIndex',
  'airQualityLevel',
  'precipitation',
] as const;
const attributeTerms = new Set<string>(pilotAttributes);

/** Core NGSI-LD terms that are never expanded with a model's base. */
const coreTerms = new Set([
  'id',
  'type',
  'location',
  'observationSpace',
  'operationSpace',
  'createdAt',
  'modifiedAt',
  'observedAt',
  'unitCode',
  'datasetId',
]);

/**
 * Terms the NGSI-LD core context itself defines with another IRI (it is protected and comes last, so
 * it wins over the Smart Data Models subset): kept here so that expandTerm agrees with the served contexts.
 */
const coreContextTerms: Record<string, string> = {
  description: 'http://purl.org/dc/terms/description',
  title: 'http://purl.org/dc/terms/title',
  status: 'https://uri.etsi.org/ngsi-ld/status',
  value: 'https://uri.etsi.org/ngsi-ld/hasValue',
  object: 'https://uri.etsi.org/ngsi-ld/hasObject',
};
const coreContextIris = new Map(Object.entries(coreContextTerms).map(([term, iri]) => [iri, term]));

/** A term of the default contexts → its IRI; IRIs (anything with ':') are returned unchanged. */
export function expandTerm(term: string): string {
  if (term.includes(':')) return term;
  const fromCore = coreContextTerms[term];
  if (fromCore) return fromCore;
  if (coreTerms.has(term)) return `https://uri.etsi.org/ngsi-ld/${term}`;
  const subject = pilotTypes[term];
  if (subject) return `${sdm(subject)}${term}`;
  // Attribute names of the Smart Data Models share one vocabulary (https://smartdatamodels.org/<term>).
  if (attributeTerms.has(term)) return `${SDM_TERM}${term}`;
  return `${DEFAULT_VOCABULARY}${term}`;
}

/** The inverse of `expandTerm` for the default contexts; an IRI no default term maps to stays whole. */
export function compactTerm(iri: string): string {
  const coreTerm = coreContextIris.get(iri);
  if (coreTerm) return coreTerm;
  for (const [type, subject] of Object.entries(pilotTypes)) if (iri === `${sdm(subject)}${type}`) return type;
  if (iri.startsWith('https://uri.etsi.org/ngsi-ld/') && !iri.startsWith(DEFAULT_VOCABULARY)) {
    const term = iri.slice('https://uri.etsi.org/ngsi-ld/'.length);
    if (coreTerms.has(term)) return term;
  }
  if (iri.startsWith(SDM_TERM) && attributeTerms.has(iri.slice(SDM_TERM.length)))
    return iri.slice(SDM_TERM.length);
  if (iri.startsWith(DEFAULT_VOCABULARY)) return iri.slice(DEFAULT_VOCABULARY.length);
  return iri;
}

/** `urn:ngsi-ld:<Type>:<deviceId>`: the entity a device reports on. */
export const entityIdOf = (type: string, deviceId: string) => `urn:ngsi-ld:${type}:${deviceId}`;
