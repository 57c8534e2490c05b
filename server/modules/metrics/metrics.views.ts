import type { EvidenceRow, IndicatorRow, ObservationRow } from './metrics.store.ts';
import type { EvidenceRef, Indicator, Observation, RollupPoint } from './metrics.types.ts';
import type { RollupReadRow } from './rollups.store.ts';

/** Rows as the service answers them. */
const iso = (value: Date | string | number) => new Date(value).toISOString();
const numberOrNull = (value: number | string | null) => (value === null ? null : Number(value));

export function toIndicator(row: IndicatorRow): Indicator {
  return {
    code: row.code,
    nameVi: row.name_vi,
    nameEn: row.name_en,
    descriptionVi: row.description_vi,
    descriptionEn: row.description_en,
    unit: row.unit,
    direction: row.direction,
    aggregation: row.aggregation,
    periodType: row.period_type,
    decimals: Number(row.decimals),
    computedSource: row.computed_source,
    example: row.example,
  };
}

export function toEvidence(row: EvidenceRow): EvidenceRef {
  return {
    id: row.id,
    fileId: row.file_id,
    filename: row.filename,
    mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes),
    description: row.description,
    uploadedAt: iso(row.uploaded_at),
  };
}

export function toObservation(row: ObservationRow, evidence: EvidenceRow[]): Observation {
  return {
    id: row.id,
    indicatorCode: row.indicator_code,
    period: row.period,
    agencyId: row.agency_id,
    value: numberOrNull(row.value),
    numerator: numberOrNull(row.numerator),
    denominator: numberOrNull(row.denominator),
    status: row.status,
    comment: row.comment,
    provenance: row.provenance,
    example: row.example,
    demo: row.demo,
    updatedAt: iso(row.updated_at),
    evidence: evidence.filter((item) => item.observation_id === row.id).map(toEvidence),
  };
}

/** Observations with their evidence, reading the evidence in one query. */
export async function withEvidence(
  rows: ObservationRow[],
  evidenceOf: (ids: string[]) => Promise<EvidenceRow[]>,
): Promise<Observation[]> {
  const evidence = await evidenceOf(rows.map((row) => row.id));
  return rows.map((row) => toObservation(row, evidence));
}

const provenanceBits: [number, RollupPoint['provenanceKind']][] = [
  [1, 'manual'],
  [2, 'imported'],
  [4, 'computed'],
  [8, 'seed'],
];

/** A rollup row as the service answers it: the city value, else the agencies' by the aggregation. */
export function toRollupPoint(row: RollupReadRow): RollupPoint {
  const fromCity = row.city_value !== null;
  let value: number | null;
  if (fromCity) value = Number(row.city_value);
  else if (row.aggregation === 'sum') value = numberOrNull(row.value_sum);
  else if (row.aggregation === 'ratio') {
    const denominator = numberOrNull(row.denominator_sum);
    value =
      denominator !== null && denominator > 0
        ? (Number(row.numerator_sum) / denominator) * (row.unit === '%' ? 100 : 1)
        : null;
  } else {
    // average, and `last` across the agencies of one period
    const count = Number(row.value_count);
    value = count > 0 ? Number(row.value_sum) / count : null;
  }
  const kind = fromCity
    ? ((row.city_provenance_kind ?? 'mixed') as RollupPoint['provenanceKind'])
    : (provenanceBits.find(([bit]) => bit === Number(row.provenance_kinds))?.[1] ?? 'mixed');
  const updated = fromCity ? row.city_updated_at : row.updated_at;
  return {
    indicatorCode: row.indicator_code,
    period: row.period,
    value,
    source: fromCity ? 'city' : 'aggregate',
    agencies: fromCity ? 0 : Number(row.agencies),
    provenanceKind: kind,
    example: Boolean(fromCity ? row.city_example : row.example),
    demo: Boolean(fromCity ? row.city_demo : row.demo),
    updatedAt: iso(updated ?? 0),
    computedQuery: fromCity && row.city_provenance_kind === 'computed' ? row.city_query : null,
    computedAt: fromCity ? row.city_computed_at : null,
  };
}
