import { CITY_UNIT_ID, holdsRole, type Principal } from '../../../platform/auth/principal.ts';
import type { Organization } from './organizations.ts';
import type { DatasetView, ResourceView } from './portal.schema.ts';
import type { DatasetRow, ResourceRow } from './portal.store.ts';
import { qualityOf } from './quality.ts';
import { licenceOf, themes, themeUri } from './vocabularies.ts';

/** Row → API shapes of the portal, and who may see or change what. */
const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** May this principal publish for `organizationId` (its data steward, or the city administrator)? */
export const canPublish = (principal: Principal, organizationId: string) =>
  holdsRole(principal, 'data_steward', organizationId) || holdsRole(principal, 'city_admin');

/** Organisations whose private datasets the principal sees: listed, or every one (`'all'`). */
export function privateScope(principal: Principal): string[] | 'all' {
  if (principal.kind !== 'official') return [];
  if (holdsRole(principal, 'city_admin') || holdsRole(principal, 'data_steward', CITY_UNIT_ID)) return 'all';
  return principal.memberships.filter((m) => m.role === 'data_steward').map((m) => m.unitId);
}

export const canRead = (principal: Principal, row: DatasetRow) =>
  row.state === 'active' && (!row.private || canPublish(principal, row.organization_id));

export function resourceView(row: ResourceRow, publicUrl: string): ResourceView {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    position: row.position,
    name: row.name,
    description: row.description,
    format: row.format,
    kind: row.kind,
    url: `${publicUrl}/api/data/portal/resources/${row.id}/download`,
    sourceUrl: row.kind === 'link' ? row.source_url : null,
    mediaType: row.media_type,
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    sha256: row.sha256,
    licenseId: row.license_id,
    schema: row.table_schema,
    schemaSource: row.schema_source,
    validation: row.validation,
    datastoreActive: row.datastore_active,
    rows: row.rows === null ? null : Number(row.rows),
    refresh: row.refresh,
    lastCheck: row.last_check,
    createdAt: iso(row.created_at)!,
    modifiedAt: iso(row.modified_at)!,
  };
}

export function organizationRef(organization: Organization | null, id: string) {
  return {
    id,
    nameVi: organization?.nameVi ?? id,
    nameEn: organization?.nameEn ?? id,
    kind: organization?.kind ?? 'unknown',
    validTo: organization?.validTo ?? null,
  };
}

export function datasetView(input: {
  row: DatasetRow;
  resources: ResourceRow[];
  organization: Organization | null;
  counters: { downloads: number; apiCalls: number } | undefined;
  principal: Principal;
  publicUrl: string;
  now: Date;
}): DatasetView {
  const { row, resources } = input;
  const licence = licenceOf(row.license_id);
  return {
    id: row.id,
    name: row.name,
    titleVi: row.title_vi,
    titleEn: row.title_en,
    descriptionVi: row.description_vi,
    descriptionEn: row.description_en,
    organization: organizationRef(input.organization, row.organization_id),
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    keywords: row.keywords,
    themes: row.themes.map((code) => ({
      code,
      vi: themes[code as keyof typeof themes]?.vi ?? code,
      en: themes[code as keyof typeof themes]?.en ?? code,
      uri: themeUri(code),
    })),
    licenseId: row.license_id,
    licence: {
      id: row.license_id,
      title: licence?.title ?? row.license_id,
      url: licence?.url ?? '',
      open: licence?.odConformance === 'approved',
    },
    temporalStart: row.temporal_start,
    temporalEnd: row.temporal_end,
    spatialUnitIds: row.spatial_unit_ids,
    frequency: row.frequency,
    issued: iso(row.issued),
    modified: iso(row.modified)!,
    metadataCreated: iso(row.created_at)!,
    metadataModified: iso(row.metadata_modified)!,
    private: row.private,
    demo: row.demo,
    state: row.state,
    version: row.version,
    resources: resources.map((r) => resourceView(r, input.publicUrl)),
    quality: qualityOf(row, resources, input.now),
    counters: input.counters ?? { downloads: 0, apiCalls: 0 },
    canEdit: canPublish(input.principal, row.organization_id),
  };
}
