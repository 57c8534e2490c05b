import type { Organization } from '../portal/organizations.ts';
import type { DatasetView, ResourceView } from '../portal/portal.schema.ts';
import { frequencies, type Licence, licenceOf, themes, themeUri } from '../portal/vocabularies.ts';

/**
 * The portal's objects as CKAN's dicts (package, resource, organization, group, licence), with the
 * fields CKAN documents plus this portal's own (English texts, coverage, frequency, quality) both
 * at the top level and in `extras`, where CKAN clients look for custom fields.
 */
/** CKAN writes naive UTC timestamps: `2025-07-01T08:00:00.000000`. */
export const ckanTime = (iso: string | null) =>
  iso ? iso.replace(/Z$/, '').replace(/\.(\d{3})$/, (_match, ms: string) => `.${ms}000`) : null;

export function licenceDict(licence: Licence) {
  return {
    id: licence.id,
    title: licence.title,
    url: licence.url,
    status: 'active',
    maintainer: '',
    family: licence.family,
    od_conformance: licence.odConformance,
    osd_conformance: 'not reviewed',
    domain_content: true,
    domain_data: true,
    domain_software: false,
    is_generic: false,
  };
}

export function organizationDict(organization: Organization, packageCount?: number) {
  return {
    id: organization.id,
    name: organization.id,
    title: organization.nameVi,
    display_name: organization.nameVi,
    title_en: organization.nameEn,
    description: organization.nameEn,
    type: 'organization',
    is_organization: true,
    state: 'active',
    approval_status: 'approved',
    image_url: '',
    image_display_url: '',
    created: `${organization.validFrom}T00:00:00.000000`,
    ...(packageCount === undefined ? {} : { package_count: packageCount }),
    extras: [
      { key: 'title_en', value: organization.nameEn },
      { key: 'kind', value: organization.kind },
      { key: 'valid_from', value: organization.validFrom },
      { key: 'valid_to', value: organization.validTo ?? '' },
    ],
  };
}

export function groupDict(code: string, packageCount?: number) {
  const theme = themes[code.toUpperCase() as keyof typeof themes];
  return {
    id: code.toLowerCase(),
    name: code.toLowerCase(),
    title: theme?.vi ?? code,
    display_name: theme?.vi ?? code,
    title_en: theme?.en ?? code,
    description: theme?.en ?? code,
    type: 'group',
    is_organization: false,
    state: 'active',
    approval_status: 'approved',
    image_url: '',
    image_display_url: '',
    created: '2024-01-01T00:00:00.000000',
    ...(packageCount === undefined ? {} : { package_count: packageCount }),
    extras: [{ key: 'uri', value: themeUri(code.toUpperCase()) }],
  };
}

export function resourceDict(resource: ResourceView) {
  return {
    id: resource.id,
    package_id: resource.datasetId,
    name: resource.name,
    description: resource.description ?? '',
    format: resource.format,
    url: resource.url,
    url_type: resource.kind === 'upload' ? 'upload' : null,
    source_url: resource.sourceUrl,
    mimetype: resource.mediaType,
    size: resource.sizeBytes,
    hash: resource.sha256 ? `sha256:${resource.sha256}` : '',
    position: resource.position,
    state: 'active',
    created: ckanTime(resource.createdAt),
    last_modified: ckanTime(resource.modifiedAt),
    metadata_modified: ckanTime(resource.modifiedAt),
    datastore_active: resource.datastoreActive,
    license_id: resource.licenseId,
    schema: resource.schema,
    schema_source: resource.schemaSource,
    validation_report: resource.validation,
    rows: resource.rows,
    refresh: resource.refresh,
    last_check: resource.lastCheck,
  };
}

export function packageDict(dataset: DatasetView, organization: Organization | null) {
  const licence = licenceOf(dataset.licenseId);
  const frequency = frequencies[dataset.frequency as keyof typeof frequencies];
  const own = {
    title_en: dataset.titleEn,
    notes_en: dataset.descriptionEn,
    temporal_start: dataset.temporalStart,
    temporal_end: dataset.temporalEnd,
    spatial_unit_ids: dataset.spatialUnitIds,
    frequency: dataset.frequency,
    issued: ckanTime(dataset.issued),
    modified: ckanTime(dataset.modified),
    contact_name: dataset.contactName,
    contact_email: dataset.contactEmail,
    demo: dataset.demo,
    quality_score: dataset.quality.score,
    version_number: dataset.version,
  };
  return {
    id: dataset.id,
    name: dataset.name,
    title: dataset.titleVi,
    notes: dataset.descriptionVi,
    type: 'dataset',
    state: dataset.state,
    private: dataset.private,
    owner_org: dataset.organization.id,
    organization: organization
      ? organizationDict(organization)
      : { id: dataset.organization.id, name: dataset.organization.id, title: dataset.organization.nameVi },
    author: dataset.organization.nameVi,
    author_email: null,
    maintainer: dataset.contactName,
    maintainer_email: dataset.contactEmail,
    license_id: dataset.licenseId,
    license_title: licence?.title ?? dataset.licenseId,
    license_url: licence?.url ?? null,
    isopen: dataset.licence.open,
    url: null,
    version: String(dataset.version),
    metadata_created: ckanTime(dataset.metadataCreated),
    metadata_modified: ckanTime(dataset.metadataModified),
    creator_user_id: null,
    num_resources: dataset.resources.length,
    num_tags: dataset.keywords.length,
    tags: dataset.keywords.map((name) => ({
      name,
      display_name: name,
      state: 'active',
      vocabulary_id: null,
    })),
    groups: dataset.themes.map((theme) => {
      const dict = groupDict(theme.code);
      return {
        id: dict.id,
        name: dict.name,
        title: dict.title,
        display_name: dict.display_name,
        description: dict.description,
        image_display_url: '',
      };
    }),
    resources: dataset.resources.map(resourceDict),
    relationships_as_object: [],
    relationships_as_subject: [],
    ...own,
    frequency_label: frequency ? { vi: frequency.vi, en: frequency.en } : null,
    quality: dataset.quality,
    counters: dataset.counters,
    extras: Object.entries(own)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) })),
  };
}
