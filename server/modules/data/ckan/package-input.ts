import type { z } from 'zod';
import {
  type DatasetFields,
  type DatasetPatch,
  datasetInput,
  datasetPatch,
} from '../portal/portal.schema.ts';
import { themeCodes } from '../portal/vocabularies.ts';
import { validationError } from './envelope.ts';

/**
 * A CKAN package dict → the portal's dataset fields. CKAN's own fields map to the portal's
 * (`title` → Vietnamese title, `notes` → description, `owner_org`, `tags`, `groups`,
 * `maintainer[_email]` → contact); the portal's extra fields come at the top level or in `extras`.
 * Fields that package_show answers are accepted and ignored, so a client may send back what it
 * read; any other field is refused, as CKAN refuses `__junk`.
 */
const readOnly = new Set([
  'id',
  'type',
  'state',
  'organization',
  'author',
  'author_email',
  'license_title',
  'license_url',
  'isopen',
  'url',
  'version',
  'metadata_created',
  'metadata_modified',
  'creator_user_id',
  'num_resources',
  'num_tags',
  'relationships_as_object',
  'relationships_as_subject',
  'issued',
  'modified',
  'demo',
  'quality_score',
  'quality',
  'counters',
  'version_number',
  'frequency_label',
  'tracking_summary',
]);
const ownFields = [
  'title_en',
  'notes_en',
  'temporal_start',
  'temporal_end',
  'spatial_unit_ids',
  'frequency',
  'contact_name',
  'contact_email',
] as const;
const known = new Set([
  ...readOnly,
  ...ownFields,
  'name',
  'title',
  'notes',
  'owner_org',
  'license_id',
  'private',
  'tags',
  'groups',
  'extras',
  'maintainer',
  'maintainer_email',
  'resources',
]);

const asBool = (value: unknown) =>
  value === true || value === 'true' || value === 'True' || value === '1'
    ? true
    : value === false || value === 'false' || value === 'False' || value === '0'
      ? false
      : value;

/** `[{name}]`, `['a']` or `'a,b'` → names. */
function names(value: unknown, field: string, errors: Record<string, string[]>): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : null;
  if (!list) {
    errors[field] = ['Not a list'];
    return undefined;
  }
  const out: string[] = [];
  for (const item of list) {
    const name = typeof item === 'string' ? item : (item as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || !name.trim()) {
      errors[field] = ['Each item needs a name'];
      return undefined;
    }
    out.push(name.trim());
  }
  return out;
}

/** Reads a CKAN dict into the portal's field names; unknown keys become `__junk` errors. */
function portalShape(data: Record<string, unknown>): {
  shape: Record<string, unknown>;
  errors: Record<string, string[]>;
} {
  const errors: Record<string, string[]> = {};
  const junk = Object.keys(data).filter((key) => !known.has(key));
  if (junk.length) errors.__junk = [`The input fields ${junk.join(', ')} were not expected.`];
  const merged: Record<string, unknown> = { ...data };
  if (data.extras !== undefined) {
    if (!Array.isArray(data.extras)) errors.extras = ['Not a list'];
    else
      for (const extra of data.extras as { key?: unknown; value?: unknown }[]) {
        const key = typeof extra?.key === 'string' ? extra.key : null;
        if (!key || !(ownFields as readonly string[]).includes(key)) {
          if (key && !readOnly.has(key)) errors[`extras.${key}`] = ['Unknown extra field'];
          continue;
        }
        let value = extra.value;
        const raw = extra.value;
        if (key === 'spatial_unit_ids' && typeof raw === 'string') {
          try {
            value = JSON.parse(raw);
          } catch {
            value = raw.split(',');
          }
        }
        if (merged[key] === undefined) merged[key] = value;
      }
  }
  const shape: Record<string, unknown> = {};
  const put = (target: string, value: unknown) => {
    if (value !== undefined) shape[target] = value === '' ? null : value;
  };
  put('name', merged.name);
  put('titleVi', merged.title);
  put('titleEn', merged.title_en);
  put('descriptionVi', merged.notes);
  put('descriptionEn', merged.notes_en);
  put('organizationId', merged.owner_org);
  put('licenseId', merged.license_id);
  put('private', asBool(merged.private));
  put('contactName', merged.contact_name ?? merged.maintainer);
  put('contactEmail', merged.contact_email ?? merged.maintainer_email);
  put('temporalStart', merged.temporal_start);
  put('temporalEnd', merged.temporal_end);
  put('frequency', merged.frequency);
  const spatial = merged.spatial_unit_ids;
  if (spatial !== undefined)
    put(
      'spatialUnitIds',
      typeof spatial === 'string'
        ? spatial
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : spatial,
    );
  const tags = names(merged.tags, 'tags', errors);
  if (tags) shape.keywords = tags;
  const groups = names(merged.groups, 'groups', errors);
  if (groups) {
    const codes = groups.map((g) => g.toUpperCase());
    const unknown = codes.filter((c) => !(themeCodes as string[]).includes(c));
    if (unknown.length) errors.groups = [`Group not found: ${unknown.join(', ').toLowerCase()}`];
    shape.themes = codes;
  }
  // Empty strings from forms mean "not given" for required text, as CKAN's `Missing value`.
  for (const key of ['name', 'titleVi', 'descriptionVi', 'organizationId'])
    if (shape[key] === null) delete shape[key];
  return { shape, errors };
}

const ckanFieldOf: Record<string, string> = {
  titleVi: 'title',
  titleEn: 'title_en',
  descriptionVi: 'notes',
  descriptionEn: 'notes_en',
  organizationId: 'owner_org',
  licenseId: 'license_id',
  contactName: 'contact_name',
  contactEmail: 'contact_email',
  temporalStart: 'temporal_start',
  temporalEnd: 'temporal_end',
  spatialUnitIds: 'spatial_unit_ids',
  keywords: 'tags',
  themes: 'groups',
};

function zodErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const [first] = issue.path;
    const field = ckanFieldOf[String(first)] ?? String(first ?? 'data');
    const message =
      issue.code === 'invalid_type' && issue.input === undefined ? 'Missing value' : issue.message;
    out[field] = [...(out[field] ?? []), message];
  }
  return out;
}

export function packageFields(data: Record<string, unknown>): DatasetFields {
  const { shape, errors } = portalShape(data);
  const parsed = datasetInput.safeParse(shape);
  const all = { ...errors, ...(parsed.success ? {} : zodErrors(parsed.error)) };
  if (Object.keys(all).length || !parsed.success) throw validationError(all);
  return parsed.data;
}

export function packagePatch(data: Record<string, unknown>): DatasetPatch {
  const { shape, errors } = portalShape(data);
  const parsed = datasetPatch.safeParse(shape);
  const all = { ...errors, ...(parsed.success ? {} : zodErrors(parsed.error)) };
  if (Object.keys(all).length || !parsed.success) throw validationError(all);
  return parsed.data;
}
