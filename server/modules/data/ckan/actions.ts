import type { Actor, Principal } from '../../../platform/auth/principal.ts';
import { ckanFieldType, type Datastore } from '../portal/datastore.contract.ts';
import type { Organizations } from '../portal/organizations.ts';
import { linkResourceInput, resourcePatch, tableSchemaInput } from '../portal/portal.schema.ts';
import type { PortalService } from '../portal/portal.service.ts';
import type { ResourcesService } from '../portal/resources.service.ts';
import { licences, themeCodes } from '../portal/vocabularies.ts';
import { groupDict, licenceDict, organizationDict, packageDict, resourceDict } from './dicts.ts';
import { CkanError, validationError } from './envelope.ts';
import { packageFields, packagePatch } from './package-input.ts';
import type { CkanUpload } from './request-data.ts';
import { asBoolean, MAX_ROWS, packageSearchParams } from './search-params.ts';

/**
 * The CKAN actions this portal answers (issue §5), each over the portal's services. Read actions
 * are side-effect free (GET or POST); the rest need POST and an official's API token.
 */
export type ActionContext = {
  principal: Principal;
  actor: Actor;
  data: Record<string, unknown>;
  upload: CkanUpload | null;
  publicUrl: string;
};
export type Action = { sideEffectFree: boolean; run(context: ActionContext): Promise<unknown> };

export type CkanDeps = {
  portal: PortalService;
  resources: ResourcesService;
  organizations: Organizations;
  datastore: () => Datastore | null;
  siteVersion: string;
};

const notFound = (what: string) => new CkanError('Not Found Error', `Not found: ${what}`);

function requiredId(data: Record<string, unknown>, ...keys: string[]): string {
  for (const key of keys) {
    const value = data[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  throw validationError({ [keys[0]!]: ['Missing value'] });
}

function integer(value: unknown, field: string, fallback: number, max?: number): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 0) throw validationError({ [field]: ['Invalid integer'] });
  return max === undefined ? n : Math.min(n, max);
}

function jsonValue(value: unknown, field: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw validationError({ [field]: ['Not valid JSON'] });
  }
}

function schemaOf(value: unknown) {
  if (value === undefined || value === '' || value === null) return value === undefined ? undefined : null;
  const parsed = tableSchemaInput.safeParse(jsonValue(value, 'schema'));
  if (!parsed.success)
    throw validationError({ schema: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
  return parsed.data;
}

function refuseUnknown(data: Record<string, unknown>, known: string[]) {
  const junk = Object.keys(data).filter((key) => !known.includes(key));
  if (junk.length)
    throw validationError({ __junk: [`The input fields ${junk.join(', ')} were not expected.`] });
}

export function ckanActions(deps: CkanDeps): Record<string, Action> {
  const { portal, resources, organizations } = deps;

  async function packageOf(principal: Principal, idOrName: string, countCall = false) {
    const view = await portal.show(principal, idOrName, { countCall });
    return packageDict(view, await organizations.get(view.organization.id));
  }

  async function dictsOf(views: Awaited<ReturnType<PortalService['views']>>) {
    return Promise.all(
      views.map(async (view) => packageDict(view, await organizations.get(view.organization.id))),
    );
  }

  /** Syncs a package's resources with `resources` of package_update: links only. */
  async function syncResources(actor: Actor, datasetId: string, given: unknown) {
    if (given === undefined) return;
    if (!Array.isArray(given)) throw validationError({ resources: ['Not a list'] });
    const current = (await portal.show(actor.principal, datasetId)).resources;
    const keep = new Set<string>();
    for (const [i, item] of given.entries()) {
      const dict = (item ?? {}) as Record<string, unknown>;
      const id = typeof dict.id === 'string' ? dict.id : null;
      const existing = id ? current.find((r) => r.id === id) : undefined;
      if (existing) {
        keep.add(existing.id);
        const patch = resourcePatch.safeParse({
          ...(typeof dict.name === 'string' ? { name: dict.name } : {}),
          ...(typeof dict.description === 'string' ? { description: dict.description } : {}),
          ...(existing.kind === 'link' && typeof dict.url === 'string' && dict.url !== existing.sourceUrl
            ? { url: dict.url }
            : {}),
        });
        if (!patch.success)
          throw validationError({ [`resources.${i}`]: patch.error.issues.map((x) => x.message) });
        if (Object.keys(patch.data).length) await resources.update(actor, existing.id, patch.data);
        continue;
      }
      const link = linkResourceInput.safeParse({
        name: dict.name ?? dict.url,
        url: dict.url,
        format: dict.format || 'HTML',
        ...(typeof dict.description === 'string' ? { description: dict.description } : {}),
      });
      if (!link.success)
        throw validationError({
          [`resources.${i}`]: link.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`),
        });
      await resources.addLink(actor, datasetId, link.data);
    }
    for (const resource of current) if (!keep.has(resource.id)) await resources.remove(actor, resource.id);
  }

  const read = (run: Action['run']): Action => ({ sideEffectFree: true, run });
  const write = (run: Action['run']): Action => ({ sideEffectFree: false, run });

  return {
    site_read: read(async () => true),

    status_show: read(async ({ publicUrl }) => ({
      site_title: 'Cổng dữ liệu mở Hà Nội / Hanoi Open Data',
      site_description:
        'Dữ liệu mở của chính quyền thành phố Hà Nội (Kế hoạch 239/KH-UBND). / Open data of the Hanoi city government (Plan 239/KH-UBND).',
      site_url: publicUrl,
      // The CKAN API level this portal answers; it is not CKAN itself (see `platform`).
      ckan_version: '2.10.0',
      platform: `hanoi-smart-city ${deps.siteVersion}`,
      error_emails_to: null,
      locale_default: 'vi',
      extensions: ['datastore', 'dcat'],
    })),

    license_list: read(async () => licences.map(licenceDict)),

    package_list: read(async ({ data }) => {
      const limit = integer(data.limit, 'limit', MAX_ROWS, MAX_ROWS);
      const offset = integer(data.offset, 'offset', 0);
      return portal.names(limit, offset);
    }),

    package_search: read(async ({ principal, data }) => {
      const params = packageSearchParams(data);
      if (params.impossible)
        return {
          count: 0,
          sort: data.sort ?? 'score desc, metadata_modified desc',
          facets: {},
          search_facets: {},
          results: [],
        };
      const found = await portal.search(principal, params);
      const facets: Record<string, Record<string, number>> = {};
      const searchFacets: Record<
        string,
        { title: string; items: { name: string; display_name: string; count: number }[] }
      > = {};
      for (const field of params.facets) {
        const items = found.facets[field] ?? [];
        facets[field] = Object.fromEntries(items);
        searchFacets[field] = {
          title: field,
          items: await Promise.all(
            items.map(async ([name, count]) => ({
              name,
              display_name:
                field === 'organization'
                  ? ((await organizations.get(name))?.nameVi ?? name)
                  : field === 'groups'
                    ? groupDict(name).display_name
                    : name,
              count,
            })),
          ),
        };
      }
      return {
        count: found.count,
        sort: typeof data.sort === 'string' && data.sort ? data.sort : 'score desc, metadata_modified desc',
        facets,
        search_facets: searchFacets,
        results: await dictsOf(found.results),
      };
    }),

    package_show: read(async ({ principal, data }) => {
      refuseUnknown(data, [
        'id',
        'name_or_id',
        'use_default_schema',
        'include_tracking',
        'include_plugin_data',
      ]);
      return packageOf(principal, requiredId(data, 'id', 'name_or_id'), true);
    }),

    package_create: write(async ({ actor, data }) => {
      const fields = packageFields(data);
      const created = await portal.create(actor, fields);
      await syncResources(actor, created.id, data.resources);
      return packageOf(actor.principal, created.id);
    }),

    package_patch: write(async ({ actor, data }) => {
      const id = requiredId(data, 'id', 'name');
      const { id: _id, ...rest } = data;
      const patch = packagePatch(rest);
      const updated = await portal.update(actor, id, patch, 'patch');
      await syncResources(actor, updated.id, data.resources);
      return packageOf(actor.principal, updated.id);
    }),

    package_update: write(async ({ actor, data }) => {
      const id = requiredId(data, 'id', 'name');
      const current = await portal.show(actor.principal, id);
      const { id: _id, ...rest } = data;
      // package_update replaces the whole dataset: what is not sent takes its default.
      const fields = packageFields({ name: current.name, ...rest });
      const updated = await portal.update(actor, current.id, fields, 'replace', fields);
      await syncResources(actor, updated.id, data.resources);
      return packageOf(actor.principal, updated.id);
    }),

    package_delete: write(async ({ actor, data }) => {
      await portal.remove(actor, requiredId(data, 'id'), (resourceId) => resources.dropTable(resourceId));
      return null;
    }),

    resource_show: read(async ({ principal, data }) => {
      refuseUnknown(data, ['id', 'include_tracking']);
      const found = await resources.show(principal, requiredId(data, 'id'), { countCall: true });
      return resourceDict(found.resource);
    }),

    resource_create: write(async ({ actor, data, upload }) => {
      refuseUnknown(data, [
        'package_id',
        'url',
        'name',
        'description',
        'format',
        'license_id',
        'schema',
        'refresh',
        'upload',
        'url_type',
        'mimetype',
      ]);
      const packageId = requiredId(data, 'package_id');
      const schema = schemaOf(data.schema);
      if (upload) {
        try {
          const created = await resources.addUpload(actor, packageId, {
            filename: upload.filename,
            source: upload.source,
            ...(typeof data.name === 'string' && data.name ? { name: data.name } : {}),
            ...(typeof data.description === 'string' ? { description: data.description } : {}),
            ...(typeof data.license_id === 'string' && data.license_id ? { licenseId: data.license_id } : {}),
            schema: schema ?? null,
          });
          return resourceDict(created.resource);
        } finally {
          upload.resume();
        }
      }
      const link = linkResourceInput.safeParse({
        name: data.name || data.url,
        url: data.url,
        format: data.format || 'HTML',
        ...(typeof data.description === 'string' ? { description: data.description } : {}),
        ...(typeof data.license_id === 'string' && data.license_id ? { licenseId: data.license_id } : {}),
        ...(schema ? { schema } : {}),
        ...(typeof data.refresh === 'string' ? { refresh: data.refresh } : {}),
      });
      if (!link.success) {
        const fields: Record<string, string[]> = {};
        for (const issue of link.error.issues) {
          const key = String(issue.path[0] ?? 'url');
          fields[key] = [...(fields[key] ?? []), data[key] === undefined ? 'Missing value' : issue.message];
        }
        throw validationError(fields);
      }
      return resourceDict(await resources.addLink(actor, packageId, link.data));
    }),

    resource_patch: write(async ({ actor, data, upload }) => {
      refuseUnknown(data, [
        'id',
        'url',
        'name',
        'description',
        'format',
        'license_id',
        'schema',
        'refresh',
        'upload',
        'url_type',
        'mimetype',
        'package_id',
      ]);
      const id = requiredId(data, 'id');
      const schema = schemaOf(data.schema);
      if (upload) {
        try {
          const replaced = await resources.replaceUpload(actor, id, {
            filename: upload.filename,
            source: upload.source,
            ...(typeof data.name === 'string' && data.name ? { name: data.name } : {}),
            ...(typeof data.description === 'string' ? { description: data.description } : {}),
            ...(schema !== undefined ? { schema } : {}),
          });
          return resourceDict(replaced.resource);
        } finally {
          upload.resume();
        }
      }
      const patch = resourcePatch.safeParse({
        ...(data.name !== undefined ? { name: data.name } : {}),
        ...(data.description !== undefined ? { description: data.description } : {}),
        ...(data.url !== undefined && data.url !== '' ? { url: data.url } : {}),
        ...(data.format !== undefined ? { format: data.format } : {}),
        ...(data.license_id !== undefined ? { licenseId: data.license_id || null } : {}),
        ...(schema !== undefined ? { schema } : {}),
        ...(data.refresh !== undefined ? { refresh: data.refresh } : {}),
      });
      if (!patch.success) {
        const fields: Record<string, string[]> = {};
        for (const issue of patch.error.issues) fields[String(issue.path[0] ?? 'data')] = [issue.message];
        throw validationError(fields);
      }
      const current = await resources.show(actor.principal, id);
      // A client sending back the download URL of an upload is not changing it.
      if (patch.data.url && current.resource.kind === 'upload' && patch.data.url === current.resource.url)
        delete patch.data.url;
      return resourceDict(await resources.update(actor, id, patch.data));
    }),

    resource_delete: write(async ({ actor, data }) => {
      await resources.remove(actor, requiredId(data, 'id'));
      return null;
    }),

    organization_list: read(async ({ data }) => {
      const allFields = asBoolean(data.all_fields, 'all_fields', false);
      const limit = integer(data.limit, 'limit', MAX_ROWS, MAX_ROWS);
      const offset = integer(data.offset, 'offset', 0);
      const sort = typeof data.sort === 'string' ? data.sort : 'title asc';
      const wanted =
        data.organizations === undefined
          ? null
          : new Set(String(jsonValue(data.organizations, 'organizations')).split(','));
      const counts = (await resources.publicCounts()).organizations;
      let list = (await organizations.list()).filter((o) => !wanted || wanted.has(o.id));
      const [field = 'title', direction = 'asc'] = sort.trim().split(/\s+/);
      if (!['name', 'title', 'package_count'].includes(field) || !['asc', 'desc'].includes(direction))
        throw validationError({ sort: [`Cannot sort by ${sort}`] });
      list = list.sort((a, b) => {
        const by =
          field === 'package_count'
            ? (counts.get(a.id) ?? 0) - (counts.get(b.id) ?? 0)
            : field === 'name'
              ? a.id.localeCompare(b.id)
              : a.nameVi.localeCompare(b.nameVi, 'vi');
        return direction === 'desc' ? -by : by;
      });
      const page = list.slice(offset, offset + limit);
      return allFields ? page.map((o) => organizationDict(o, counts.get(o.id) ?? 0)) : page.map((o) => o.id);
    }),

    organization_show: read(async ({ principal, data }) => {
      const id = requiredId(data, 'id');
      const organization = await organizations.get(id);
      if (!organization) throw notFound('Organization not found');
      const counts = (await resources.publicCounts()).organizations;
      const dict = organizationDict(organization, counts.get(id) ?? 0);
      if (!asBoolean(data.include_datasets, 'include_datasets', false)) return dict;
      const found = await portal.search(principal, {
        clauses: [{ field: 'organization', values: [id], negate: false }],
        includePrivate: false,
        sort: [{ field: 'name', direction: 'asc' }],
        start: 0,
        rows: MAX_ROWS,
        facets: [],
        facetLimit: 0,
        facetMinCount: 1,
      });
      return { ...dict, packages: await dictsOf(found.results) };
    }),

    group_list: read(async ({ data }) => {
      const allFields = asBoolean(data.all_fields, 'all_fields', false);
      const counts = (await resources.publicCounts()).groups;
      const limit = integer(data.limit, 'limit', MAX_ROWS, MAX_ROWS);
      const offset = integer(data.offset, 'offset', 0);
      const codes = themeCodes.slice(offset, offset + limit);
      return allFields
        ? codes.map((code) => groupDict(code, counts.get(code) ?? 0))
        : codes.map((c) => c.toLowerCase());
    }),

    group_show: read(async ({ principal, data }) => {
      const id = requiredId(data, 'id').toUpperCase();
      if (!(themeCodes as string[]).includes(id)) throw notFound('Group not found');
      const counts = (await resources.publicCounts()).groups;
      const dict = groupDict(id, counts.get(id) ?? 0);
      if (!asBoolean(data.include_datasets, 'include_datasets', false)) return dict;
      const found = await portal.search(principal, {
        clauses: [{ field: 'groups', values: [id], negate: false }],
        includePrivate: false,
        sort: [{ field: 'name', direction: 'asc' }],
        start: 0,
        rows: MAX_ROWS,
        facets: [],
        facetLimit: 0,
        facetMinCount: 1,
      });
      return { ...dict, packages: await dictsOf(found.results) };
    }),

    tag_list: read(async ({ data }) => {
      if (data.vocabulary_id !== undefined && data.vocabulary_id !== '') return [];
      const query = typeof data.query === 'string' ? data.query : typeof data.q === 'string' ? data.q : '';
      const all = await portal.publicTags(query);
      return asBoolean(data.all_fields, 'all_fields', false)
        ? all.map((name) => ({ id: name, name, display_name: name, vocabulary_id: null }))
        : all;
    }),

    datastore_search: read(async ({ principal, data }) => {
      refuseUnknown(data, [
        'resource_id',
        'id',
        'filters',
        'q',
        'fields',
        'sort',
        'limit',
        'offset',
        'include_total',
        'records_format',
        'distinct',
        'plain',
        'language',
        'total_estimation_threshold',
      ]);
      const resourceId = requiredId(data, 'resource_id', 'id');
      const found = await resources.show(principal, resourceId, { countCall: true });
      const datastore = deps.datastore();
      if (!datastore || !found.resource.datastoreActive)
        throw notFound(`Resource "${resourceId}" was not found in the DataStore.`);
      if (data.records_format !== undefined && data.records_format !== 'objects')
        throw validationError({ records_format: ['Only "objects" is supported'] });
      const filters = data.filters === undefined ? undefined : jsonValue(data.filters, 'filters');
      if (
        filters !== undefined &&
        (filters === null || typeof filters !== 'object' || Array.isArray(filters))
      )
        throw validationError({ filters: ['Not a JSON object'] });
      if (data.q !== undefined && typeof data.q !== 'string')
        throw validationError({ q: ['Only a text query is supported'] });
      const fieldsValue =
        typeof data.fields === 'string' && data.fields.trim().startsWith('[')
          ? jsonValue(data.fields, 'fields')
          : data.fields;
      const fields =
        fieldsValue === undefined
          ? undefined
          : Array.isArray(fieldsValue)
            ? fieldsValue.map(String)
            : String(fieldsValue)
                .split(',')
                .map((f) => f.trim())
                .filter(Boolean);
      const limit = integer(data.limit, 'limit', 100);
      const offset = integer(data.offset, 'offset', 0);
      const includeTotal = asBoolean(data.include_total, 'include_total', true);
      const result = await datastore.search({
        resourceId,
        ...(filters ? { filters: filters as Record<string, string> } : {}),
        ...(data.q ? { q: data.q as string } : {}),
        ...(fields ? { fields } : {}),
        ...(typeof data.sort === 'string' && data.sort ? { sort: data.sort } : {}),
        limit,
        offset,
        includeTotal,
      });
      const link = (at: number) => {
        const params = new URLSearchParams({
          resource_id: resourceId,
          offset: String(at),
          limit: String(limit),
        });
        if (data.q) params.set('q', String(data.q));
        if (filters) params.set('filters', JSON.stringify(filters));
        if (typeof data.sort === 'string' && data.sort) params.set('sort', data.sort);
        return `/api/3/action/datastore_search?${params}`;
      };
      return {
        include_total: includeTotal,
        resource_id: resourceId,
        fields: result.fields.map((f) => ({ id: f.id, type: ckanFieldType(f.type) })),
        records_format: 'objects',
        records: result.records,
        limit,
        offset,
        ...(data.q ? { q: data.q } : {}),
        ...(filters ? { filters } : {}),
        ...(typeof data.sort === 'string' && data.sort ? { sort: data.sort } : {}),
        ...(includeTotal ? { total: result.total, total_was_estimated: result.totalWasEstimated } : {}),
        _links: { start: link(0), next: link(offset + limit) },
        ...(result.nextAfter ? { next_after: result.nextAfter } : {}),
      };
    }),
  };
}
