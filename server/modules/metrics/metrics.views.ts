import type { EvidenceRow, IndicatorRow, ObservationRow } from './metrics.store.ts';
import type { EvidenceRef, Indicator, Observation } from './metrics.types.ts';

/** Rows as the service answers them. */
const iso = (value: Date | string) => new Date(value).toISOString();
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
