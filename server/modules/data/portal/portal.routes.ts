import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../../platform/http/actor.ts';
import { problemResponses } from '../../../platform/http/openapi.ts';
import { labelFacets } from './facets.ts';
import type { LinkChecker } from './links.ts';
import type { Organizations } from './organizations.ts';
import {
  datasetInput,
  datasetName,
  datasetPatch,
  datasetView,
  linkResourceInput,
  resourcePatch,
  resourceView,
  searchQuery,
  searchResult,
  validationReportSchema,
  versionSummary,
} from './portal.schema.ts';
import type { PortalService } from './portal.service.ts';
import type { FacetField, SearchClause, SearchSort } from './portal.store.ts';
import type { ResourcesService } from './resources.service.ts';
import { streamedUpload } from './uploads.ts';
import { frequencies, licences, themeCodes, themes, themeUri, uploadFormats } from './vocabularies.ts';

const tags = ['data'];
const publisher = { access: { roles: ['data_steward' as const, 'city_admin' as const] } };
const nameParam = z.strictObject({ name: z.string().min(1).max(100) });
const resourceParam = z.strictObject({ resourceId: z.uuid() });
const versionParams = z.strictObject({
  name: z.string().min(1).max(100),
  version: z.coerce.number().int().min(1),
});
const uploadAnswer = z.object({ resource: resourceView, report: validationReportSchema.nullable() });
const allFacets: FacetField[] = ['organization', 'groups', 'tags', 'res_format', 'license_id'];

const sorts: Record<string, SearchSort[]> = {
  relevance: [
    { field: 'score', direction: 'desc' },
    { field: 'modified', direction: 'desc' },
  ],
  modified: [{ field: 'modified', direction: 'desc' }],
  name: [{ field: 'name', direction: 'asc' }],
  title: [{ field: 'title', direction: 'asc' }],
  created: [{ field: 'created', direction: 'desc' }],
  quality: [{ field: 'modified', direction: 'desc' }],
};

/** The portal's own API for the web app (`/api/data/portal/*`): problem+json errors, cookies + CSRF. */
export function portalRoutes(deps: {
  portal: PortalService;
  resources: ResourcesService;
  organizations: Organizations;
  links: LinkChecker;
}): FastifyPluginAsync {
  const { portal, resources, organizations, links } = deps;
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/data/portal/datasets',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Tìm bộ dữ liệu (không phân biệt dấu) / Search datasets (accent-insensitive)',
          description:
            'Lọc theo cơ quan, nhóm chủ đề, từ khóa, định dạng, giấy phép (danh sách phân cách bằng dấu phẩy); kèm số đếm theo từng mặt lọc. `includePrivate=true`: thêm bộ dữ liệu riêng tư của cơ quan mình. / Filter by organisation, theme group, tag, format, licence (comma-separated lists); answers facet counts. `includePrivate=true` adds your organisations’ private datasets.',
          querystring: searchQuery,
          response: { 200: searchResult, ...problemResponses },
        },
      },
      async (request) => {
        const query = request.query;
        const clauses: SearchClause[] = [];
        const add = (field: SearchClause['field'], values?: string[]) => {
          if (values?.length) clauses.push({ field, values, negate: false });
        };
        add('organization', query.organization);
        add('groups', query.group);
        add('tags', query.tag);
        add('res_format', query.format);
        add('license_id', query.license);
        const found = await portal.search(request.principal, {
          ...(query.q ? { q: query.q } : {}),
          clauses,
          includePrivate: query.includePrivate === 'true',
          sort: sorts[query.sort]!,
          start: (query.page - 1) * query.pageSize,
          rows: query.pageSize,
          facets: allFacets,
          facetLimit: 50,
          facetMinCount: 1,
        });
        const results =
          query.sort === 'quality'
            ? [...found.results].sort((a, b) => b.quality.score - a.quality.score)
            : found.results;
        return {
          count: found.count,
          results,
          facets: await labelFacets(found.facets, organizations),
        };
      },
    );

    app.get(
      '/api/data/portal/datasets/:name',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Một bộ dữ liệu / A dataset',
          params: nameParam,
          response: { 200: datasetView, ...problemResponses },
        },
      },
      async (request) => portal.show(request.principal, request.params.name),
    );

    app.get(
      '/api/data/portal/datasets/:name/versions',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Lịch sử phiên bản / Version history',
          params: nameParam,
          response: { 200: z.array(versionSummary), ...problemResponses },
        },
      },
      async (request) => portal.versions(request.principal, request.params.name),
    );

    app.get(
      '/api/data/portal/datasets/:name/versions/:version',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Một phiên bản (siêu dữ liệu và tài nguyên) / One version (metadata and resources)',
          params: versionParams,
          response: {
            200: z.object({ version: z.number(), current: z.boolean(), snapshot: z.unknown() }),
            ...problemResponses,
          },
        },
      },
      async (request) => portal.version(request.principal, request.params.name, request.params.version),
    );

    app.post(
      '/api/data/portal/datasets',
      {
        config: publisher,
        schema: {
          tags,
          summary: 'Tạo bộ dữ liệu / Create a dataset',
          description:
            'Cán bộ quản lý dữ liệu của cơ quan (`organizationId`) hoặc quản trị thành phố. / A data steward of the organisation (`organizationId`) or the city administrator.',
          body: datasetInput,
          response: { 201: datasetView, ...problemResponses },
        },
      },
      async (request, reply) => reply.code(201).send(await portal.create(actorOf(request), request.body)),
    );

    app.patch(
      '/api/data/portal/datasets/:name',
      {
        config: publisher,
        schema: {
          tags,
          summary: 'Sửa bộ dữ liệu (giữ phiên bản trước) / Change a dataset (keeps the previous version)',
          params: nameParam,
          body: datasetPatch,
          response: { 200: datasetView, ...problemResponses },
        },
      },
      async (request) => portal.update(actorOf(request), request.params.name, request.body),
    );

    app.delete(
      '/api/data/portal/datasets/:name',
      {
        config: publisher,
        schema: {
          tags,
          summary: 'Xóa bộ dữ liệu / Delete a dataset',
          params: nameParam,
          response: { 204: z.null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        await portal.remove(actorOf(request), request.params.name, async (id) => resources.dropTable(id));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/data/portal/datasets/:name/resources',
      {
        config: publisher,
        schema: {
          tags,
          summary: 'Tải lên tài nguyên (CSV, JSON, GeoJSON, XLSX) / Upload a resource',
          description:
            'multipart/form-data: các trường `name`, `description`, `licenseId`, `schema` (Table Schema dạng JSON) gửi TRƯỚC phần tệp `file`. CSV được nạp vào DataStore và kiểm tra; tệp không hợp lệ → 422 với `report` (báo cáo kiểm tra), không lưu gì. / multipart/form-data: fields `name`, `description`, `licenseId`, `schema` (Table Schema JSON) sent BEFORE the `file` part. A CSV is loaded into the DataStore and checked; an invalid file → 422 with `report`, nothing kept.',
          params: z.strictObject({ name: datasetName }),
          consumes: ['multipart/form-data'],
          response: { 201: uploadAnswer, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { input, file } = await streamedUpload(request);
        try {
          return reply
            .code(201)
            .send(await resources.addUpload(actorOf(request), request.params.name, input));
        } finally {
          file.file.resume();
        }
      },
    );

    app.post(
      '/api/data/portal/datasets/:name/links',
      {
        config: publisher,
        schema: {
          tags,
          summary: 'Thêm tài nguyên liên kết / Add a linked resource',
          description:
            'Liên kết được kiểm tra theo lịch `refresh` (daily, weekly, monthly; none: không kiểm tra). / The link is checked on its `refresh` schedule.',
          params: z.strictObject({ name: datasetName }),
          body: linkResourceInput,
          response: { 201: resourceView, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await resources.addLink(actorOf(request), request.params.name, request.body)),
    );

    app.get(
      '/api/data/portal/resources/:resourceId',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Một tài nguyên / A resource',
          params: resourceParam,
          response: { 200: resourceView, ...problemResponses },
        },
      },
      async (request) => (await resources.show(request.principal, request.params.resourceId)).resource,
    );

    app.get(
      '/api/data/portal/resources/:resourceId/download',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Tải tài nguyên về (được đếm) / Download a resource (counted)',
          description:
            'Tệp tải lên: nội dung tệp. Tài nguyên liên kết: chuyển hướng 302. / Uploads: the file. Links: a 302 redirect.',
          params: resourceParam,
        },
      },
      async (request, reply) => {
        const found = await resources.download(request.principal, request.params.resourceId);
        if (found.kind === 'link') return reply.redirect(found.url, 302);
        const ascii = found.filename
          .normalize('NFD')
          .replace(/[^\x20-\x7e]/g, '_')
          .replace(/"/g, '_');
        reply
          .type(found.mediaType)
          .header('content-length', String(found.sizeBytes))
          .header('etag', `"${found.sha256}"`)
          .header(
            'content-disposition',
            `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(found.filename)}`,
          );
        return reply.send(found.stream);
      },
    );

    app.patch(
      '/api/data/portal/resources/:resourceId',
      {
        config: publisher,
        schema: {
          tags,
          summary: 'Sửa thông tin tài nguyên / Change a resource’s metadata',
          params: resourceParam,
          body: resourcePatch,
          response: { 200: resourceView, ...problemResponses },
        },
      },
      async (request) => resources.update(actorOf(request), request.params.resourceId, request.body),
    );

    app.put(
      '/api/data/portal/resources/:resourceId/file',
      {
        config: publisher,
        schema: {
          tags,
          summary: 'Thay tệp của tài nguyên / Replace a resource’s file',
          description:
            'Như khi tải lên; bảng DataStore cũ giữ nguyên đến khi bảng mới nạp xong. / As for uploads; the old DataStore table stays until the new one is whole.',
          params: resourceParam,
          consumes: ['multipart/form-data'],
          response: { 200: uploadAnswer, ...problemResponses },
        },
      },
      async (request) => {
        const { input, file } = await streamedUpload(request);
        try {
          return await resources.replaceUpload(actorOf(request), request.params.resourceId, input);
        } finally {
          file.file.resume();
        }
      },
    );

    app.delete(
      '/api/data/portal/resources/:resourceId',
      {
        config: publisher,
        schema: {
          tags,
          summary: 'Xóa tài nguyên / Delete a resource',
          params: resourceParam,
          response: { 204: z.null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        await resources.remove(actorOf(request), request.params.resourceId);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/data/portal/resources/:resourceId/check',
      {
        config: publisher,
        schema: {
          tags,
          summary: 'Kiểm tra liên kết ngay / Check a link now',
          params: resourceParam,
          response: {
            200: z.object({
              at: z.string(),
              ok: z.boolean(),
              status: z.number().nullable(),
              detail: z.string().nullable(),
            }),
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const row = await resources.requireResource(request.params.resourceId);
        await portal.editable(actorOf(request), row.dataset_id);
        if (row.kind !== 'link')
          return { at: new Date().toISOString(), ok: true, status: null, detail: 'stored on the platform' };
        return links.check(row);
      },
    );

    app.get(
      '/api/data/portal/organizations',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Cơ quan (tổ chức CKAN) còn hiệu lực / Agencies (CKAN organizations) valid today',
          response: {
            200: z.array(
              z.object({
                id: z.string(),
                nameVi: z.string(),
                nameEn: z.string(),
                kind: z.string(),
                datasets: z.number(),
              }),
            ),
            ...problemResponses,
          },
        },
      },
      async () => {
        const counts = await resources.publicCounts();
        return (await organizations.list()).map((o) => ({
          id: o.id,
          nameVi: o.nameVi,
          nameEn: o.nameEn,
          kind: o.kind,
          datasets: counts.organizations.get(o.id) ?? 0,
        }));
      },
    );

    app.get(
      '/api/data/portal/vocabularies',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Chủ đề, giấy phép, tần suất, định dạng / Themes, licences, frequencies, formats',
          response: {
            200: z.object({
              themes: z.array(
                z.object({
                  code: z.string(),
                  name: z.string(),
                  vi: z.string(),
                  en: z.string(),
                  uri: z.string(),
                  datasets: z.number(),
                }),
              ),
              licences: z.array(
                z.object({
                  id: z.string(),
                  title: z.string(),
                  url: z.string(),
                  open: z.boolean(),
                  default: z.boolean(),
                }),
              ),
              frequencies: z.array(z.object({ code: z.string(), vi: z.string(), en: z.string() })),
              uploadFormats: z.array(z.string()),
            }),
            ...problemResponses,
          },
        },
      },
      async () => {
        const counts = await resources.publicCounts();
        return {
          themes: themeCodes.map((code) => ({
            code,
            name: code.toLowerCase(),
            ...themes[code],
            uri: themeUri(code),
            datasets: counts.groups.get(code) ?? 0,
          })),
          licences: licences.map((l) => ({
            id: l.id,
            title: l.title,
            url: l.url,
            open: l.odConformance === 'approved',
            default: l.id === 'CC-BY-4.0',
          })),
          frequencies: Object.entries(frequencies).map(([code, f]) => ({ code, vi: f.vi, en: f.en })),
          uploadFormats: [...uploadFormats],
        };
      },
    );
  };
}
