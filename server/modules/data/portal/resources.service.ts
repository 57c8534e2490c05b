import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import type { Actor, Principal } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import { AppError, type Bilingual, notFound } from '../../../platform/errors.ts';
import type { FileKind, FileStore, StoredFile } from '../../../platform/files.ts';
import type { Counters } from './counters.ts';
import type { Datastore, TableSchema, ValidationReport } from './datastore.contract.ts';
import type { LinkResourceInput, ResourcePatch, ResourceView } from './portal.schema.ts';
import type { PortalService } from './portal.service.ts';
import type { PortalStore, ResourceRow } from './portal.store.ts';
import { canRead, resourceView } from './views.ts';
import { formatMediaTypes } from './vocabularies.ts';

/**
 * Resources of datasets: uploads (CSV, JSON, GeoJSON, XLSX, streamed into chunked storage; a CSV
 * also loads into the DataStore, whose validation report decides whether the upload is kept) and
 * links (checked on a schedule). Every change keeps the dataset's previous version.
 */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/** JSON and GeoJSON are parsed whole to check them; larger ones are refused. */
const MAX_JSON_BYTES = 32 * 1024 * 1024;

export type UploadInput = {
  filename: string;
  source: AsyncIterable<Buffer | string> | Iterable<Buffer>;
  name?: string;
  description?: string;
  licenseId?: string | null;
  schema?: TableSchema | null;
  onProgress?: (rows: number, bytes: number) => void;
};

/** An upload the checks refused: the report says why; nothing was kept. */
export class UploadRejected extends AppError {
  constructor(readonly report: ValidationReport) {
    super(
      'unprocessable',
      {
        vi: `Tệp không hợp lệ: ${report.issues[0]?.vi ?? 'xem báo cáo kiểm tra.'}`,
        en: `The file is not valid: ${report.issues[0]?.en ?? 'see the validation report.'}`,
      },
      { report },
    );
  }
}

const reportOf = (
  type: 'encoding' | 'header' | 'type' | 'size' | 'empty',
  message: Bilingual,
): ValidationReport => ({
  valid: false,
  rows: 0,
  issues: [{ type, ...message }],
  truncated: false,
});

/** The format of an uploaded file, from its content (the kind the kernel sniffed) and its name. */
function formatOf(kind: FileKind, filename: string): 'CSV' | 'JSON' | 'GEOJSON' | 'XLSX' | null {
  if (kind === 'csv') return 'CSV';
  if (kind === 'xlsx') return 'XLSX';
  if (kind === 'text' && /\.geojson$/i.test(filename)) return 'GEOJSON';
  if (kind === 'text' && /\.json$/i.test(filename)) return 'JSON';
  return null;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

const GEOJSON_TYPES = new Set([
  'FeatureCollection',
  'Feature',
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

export function createResourcesService(deps: {
  store: PortalStore;
  portal: PortalService;
  audit: AuditLog;
  clock: Clock;
  files: FileStore;
  counters: Counters;
  datastore: () => Datastore | null;
  publicUrl: string;
}) {
  const { store, portal, audit, files, counters, publicUrl } = deps;

  async function requireResource(id: string): Promise<ResourceRow> {
    const row = await store.resource(id);
    if (!row) throw notFound({ vi: `tài nguyên ${id}`, en: `Resource ${id}` });
    return row;
  }

  /** Stores the file and checks it; a CSV is loaded into the DataStore under `resourceId`. */
  async function receive(actor: Actor, resourceId: string, input: UploadInput) {
    let stored: StoredFile & { kind: FileKind; head: Buffer };
    try {
      stored = await files.saveStream({
        filename: input.filename,
        source: input.source,
        purpose: 'data.portal.resource',
        policy: { kinds: ['csv', 'xlsx', 'text'], maxBytes: MAX_UPLOAD_BYTES },
        actor,
      });
    } catch (error) {
      const code = (error as AppError).code;
      const mb = MAX_UPLOAD_BYTES / 1024 / 1024;
      if (code === 'payload_too_large')
        throw new UploadRejected(
          reportOf('size', { vi: `Tệp vượt quá ${mb} MB.`, en: `The file is larger than ${mb} MB.` }),
        );
      if (code === 'unsupported_media_type' && /\.(csv|json|geojson)$/i.test(input.filename))
        throw new UploadRejected(
          reportOf('encoding', {
            vi: 'Tệp không phải văn bản UTF-8. Hãy lưu lại tệp với bảng mã UTF-8.',
            en: 'The file is not UTF-8 text. Save it again with UTF-8 encoding.',
          }),
        );
      if (code === 'validation_failed')
        throw new UploadRejected(reportOf('empty', { vi: 'Tệp rỗng.', en: 'The file is empty.' }));
      throw error;
    }
    const format = formatOf(stored.kind, input.filename);
    try {
      if (!format)
        throw new UploadRejected(
          reportOf('type', {
            vi: 'Chỉ nhận tệp CSV, JSON, GeoJSON hoặc XLSX.',
            en: 'Only CSV, JSON, GeoJSON or XLSX files are accepted.',
          }),
        );
      if (format === 'CSV') {
        const datastore = deps.datastore();
        if (!datastore) {
          return {
            stored,
            format,
            report: null,
            schema: input.schema ?? null,
            schemaSource: input.schema ? 'publisher' : null,
            rows: null,
            datastoreActive: false,
          } as const;
        }
        const opened = await files.openStream(stored.id);
        const loaded = await datastore.load({
          resourceId,
          source: opened!.stream,
          ...(input.schema ? { schema: input.schema } : {}),
          maxBytes: MAX_UPLOAD_BYTES,
          ...(input.onProgress ? { onProgress: input.onProgress } : {}),
        });
        if (!loaded.ok) throw new UploadRejected(loaded.report);
        return {
          stored,
          format,
          report: loaded.report,
          schema: loaded.schema,
          schemaSource: input.schema ? ('publisher' as const) : ('inferred' as const),
          rows: loaded.rows,
          datastoreActive: true,
        };
      }
      if (format === 'JSON' || format === 'GEOJSON') {
        if (stored.sizeBytes > MAX_JSON_BYTES)
          throw new UploadRejected(
            reportOf('size', {
              vi: `Tệp JSON vượt quá ${MAX_JSON_BYTES / 1024 / 1024} MB.`,
              en: `JSON files are limited to ${MAX_JSON_BYTES / 1024 / 1024} MB.`,
            }),
          );
        const opened = await files.openStream(stored.id);
        let parsed: unknown;
        try {
          parsed = JSON.parse((await readAll(opened!.stream)).toString('utf8'));
        } catch (error) {
          throw new UploadRejected(
            reportOf('type', {
              vi: `Tệp không phải JSON hợp lệ: ${(error as Error).message}`,
              en: `The file is not valid JSON: ${(error as Error).message}`,
            }),
          );
        }
        const type = (parsed as { type?: unknown } | null)?.type;
        if (format === 'GEOJSON' && !(typeof type === 'string' && GEOJSON_TYPES.has(type)))
          throw new UploadRejected(
            reportOf('type', {
              vi: 'Tệp GeoJSON phải có "type" là FeatureCollection, Feature hoặc một kiểu hình học.',
              en: 'A GeoJSON file needs a "type" of FeatureCollection, Feature or a geometry type.',
            }),
          );
        const count = Array.isArray(parsed)
          ? parsed.length
          : Array.isArray((parsed as { features?: unknown[] }).features)
            ? (parsed as { features: unknown[] }).features.length
            : 1;
        return {
          stored,
          format,
          report: { valid: true, rows: count, issues: [], truncated: false },
          schema: null,
          schemaSource: null,
          rows: count,
          datastoreActive: false,
        };
      }
      return {
        stored,
        format,
        report: null,
        schema: input.schema ?? null,
        schemaSource: input.schema ? ('publisher' as const) : null,
        rows: null,
        datastoreActive: false,
      };
    } catch (error) {
      await files.removeStream(stored.id);
      throw error;
    }
  }

  async function afterFailedWrite(resourceId: string, fileId: string, loaded: boolean) {
    await files.removeStream(fileId).catch(() => {});
    if (loaded)
      await deps
        .datastore()
        ?.drop(resourceId)
        .catch(() => {});
  }

  const view = (row: ResourceRow) => resourceView(row, publicUrl);

  return {
    async show(principal: Principal, id: string, options: { countCall?: boolean } = {}) {
      const row = await requireResource(id);
      const dataset = await store.dataset(row.dataset_id);
      if (!dataset || !canRead(principal, dataset))
        throw notFound({ vi: `tài nguyên ${id}`, en: `Resource ${id}` });
      if (options.countCall) counters.apiCall(dataset.id);
      return { resource: view(row), dataset };
    },

    async addUpload(actor: Actor, datasetIdOrName: string, input: UploadInput) {
      const dataset = await portal.editable(actor, datasetIdOrName);
      portal.assertNotManaged(dataset, actor);
      const id = randomUUID();
      const received = await receive(actor, id, input);
      try {
        const row = await portal.changeDataset(
          actor,
          dataset.id,
          'resource_create',
          async (trx, _before, now) => {
            const row: ResourceRow = {
              id,
              dataset_id: dataset.id,
              position: await store.nextPosition(trx, dataset.id),
              name: input.name?.trim() || received.stored.filename,
              description: input.description ?? null,
              format: received.format,
              kind: 'upload',
              source_url: null,
              file_id: received.stored.id,
              media_type: formatMediaTypes[received.format] ?? received.stored.mediaType,
              size_bytes: received.stored.sizeBytes,
              sha256: received.stored.sha256,
              license_id: input.licenseId ?? null,
              table_schema: received.schema,
              schema_source: received.schemaSource,
              validation: received.report,
              datastore_active: received.datastoreActive,
              rows: received.rows,
              refresh: 'none',
              last_check: null,
              state: 'active',
              created_at: now,
              modified_at: now,
            };
            await store.insertResource(trx, row);
            await audit.record(trx, {
              actor,
              agencyId: dataset.organization_id,
              action: 'data.resource.create',
              objectType: 'data.resource',
              objectId: id,
              before: null,
              after: row,
              details: { dataset: dataset.name, format: row.format, bytes: row.size_bytes, rows: row.rows },
            });
            return row;
          },
          { dataChanged: true },
        );
        return { resource: view(row), report: received.report };
      } catch (error) {
        await afterFailedWrite(id, received.stored.id, received.datastoreActive);
        throw error;
      }
    },

    /** Replaces the file of an uploaded resource (its DataStore table is swapped once whole). */
    async replaceUpload(actor: Actor, resourceId: string, input: UploadInput) {
      const current = await requireResource(resourceId);
      const dataset = await portal.editable(actor, current.dataset_id);
      portal.assertNotManaged(dataset, actor);
      const received = await receive(actor, resourceId, {
        ...input,
        schema: input.schema ?? (current.schema_source === 'publisher' ? current.table_schema : null),
      });
      const row = await portal.changeDataset(
        actor,
        dataset.id,
        'resource_update',
        async (trx, _before, now) => {
          const set = {
            name: input.name?.trim() || current.name,
            description: input.description ?? current.description,
            format: received.format,
            kind: 'upload' as const,
            source_url: null,
            file_id: received.stored.id,
            media_type: formatMediaTypes[received.format] ?? received.stored.mediaType,
            size_bytes: received.stored.sizeBytes,
            sha256: received.stored.sha256,
            license_id: input.licenseId === undefined ? current.license_id : input.licenseId,
            table_schema: received.schema,
            schema_source: received.schemaSource,
            validation: received.report,
            datastore_active: received.datastoreActive,
            rows: received.rows,
            modified_at: now,
          };
          await store.updateResource(trx, resourceId, set);
          await audit.record(trx, {
            actor,
            agencyId: dataset.organization_id,
            action: 'data.resource.update',
            objectType: 'data.resource',
            objectId: resourceId,
            before: current,
            after: set,
            details: { dataset: dataset.name, replacedFile: true, rows: set.rows },
          });
          return { ...current, ...set };
        },
        { dataChanged: true },
      );
      if (current.datastore_active && !received.datastoreActive) await deps.datastore()?.drop(resourceId);
      return { resource: view(row), report: received.report };
    },

    async addLink(actor: Actor, datasetIdOrName: string, input: LinkResourceInput) {
      const dataset = await portal.editable(actor, datasetIdOrName);
      portal.assertNotManaged(dataset, actor);
      const id = randomUUID();
      const row = await portal.changeDataset(
        actor,
        dataset.id,
        'resource_create',
        async (trx, _before, now) => {
          const row: ResourceRow = {
            id,
            dataset_id: dataset.id,
            position: await store.nextPosition(trx, dataset.id),
            name: input.name,
            description: input.description ?? null,
            format: input.format.toUpperCase(),
            kind: 'link',
            source_url: input.url,
            file_id: null,
            media_type: formatMediaTypes[input.format.toUpperCase()] ?? null,
            size_bytes: null,
            sha256: null,
            license_id: input.licenseId ?? null,
            table_schema: input.schema ?? null,
            schema_source: input.schema ? 'publisher' : null,
            validation: null,
            datastore_active: false,
            rows: null,
            refresh: input.refresh,
            last_check: null,
            state: 'active',
            created_at: now,
            modified_at: now,
          };
          await store.insertResource(trx, row);
          await audit.record(trx, {
            actor,
            agencyId: dataset.organization_id,
            action: 'data.resource.create',
            objectType: 'data.resource',
            objectId: id,
            before: null,
            after: row,
            details: { dataset: dataset.name, format: row.format, link: true },
          });
          return row;
        },
        { dataChanged: true },
      );
      return view(row);
    },

    async update(actor: Actor, resourceId: string, patch: ResourcePatch): Promise<ResourceView> {
      const current = await requireResource(resourceId);
      const dataset = await portal.editable(actor, current.dataset_id);
      if (patch.url !== undefined && current.kind !== 'link')
        throw new AppError('unprocessable', {
          vi: 'Tài nguyên tải lên không có liên kết để sửa; hãy tải tệp mới.',
          en: 'An uploaded resource has no link to change; upload a new file.',
        });
      const row = await portal.changeDataset(
        actor,
        dataset.id,
        'resource_update',
        async (trx, _before, now) => {
          const set: Partial<ResourceRow> = { modified_at: now };
          if (patch.name !== undefined) set.name = patch.name;
          if (patch.description !== undefined) set.description = patch.description;
          if (patch.url !== undefined) {
            set.source_url = patch.url;
            set.last_check = null;
          }
          if (patch.format !== undefined && current.kind === 'link') set.format = patch.format.toUpperCase();
          if (patch.licenseId !== undefined) set.license_id = patch.licenseId;
          if (patch.schema !== undefined) {
            set.table_schema = patch.schema;
            set.schema_source = patch.schema ? 'publisher' : null;
          }
          if (patch.refresh !== undefined) set.refresh = patch.refresh;
          await store.updateResource(trx, resourceId, set);
          await audit.record(trx, {
            actor,
            agencyId: dataset.organization_id,
            action: 'data.resource.update',
            objectType: 'data.resource',
            objectId: resourceId,
            before: current,
            after: set,
            details: { dataset: dataset.name, fields: Object.keys(patch) },
          });
          return { ...current, ...set };
        },
      );
      return view(row);
    },

    async remove(actor: Actor, resourceId: string) {
      const current = await requireResource(resourceId);
      const dataset = await portal.editable(actor, current.dataset_id);
      portal.assertNotManaged(dataset, actor);
      await portal.changeDataset(
        actor,
        dataset.id,
        'resource_delete',
        async (trx) => {
          await store.updateResource(trx, resourceId, { state: 'deleted' });
          await audit.record(trx, {
            actor,
            agencyId: dataset.organization_id,
            action: 'data.resource.delete',
            objectType: 'data.resource',
            objectId: resourceId,
            before: current,
            after: null,
            details: { dataset: dataset.name },
          });
        },
        { dataChanged: true },
      );
      if (current.datastore_active) await deps.datastore()?.drop(resourceId);
    },

    /** The file of an upload, or where a link points; counted as a download. */
    async download(principal: Principal, resourceId: string) {
      const row = await requireResource(resourceId);
      const dataset = await store.dataset(row.dataset_id);
      if (!dataset || !canRead(principal, dataset))
        throw notFound({ vi: `tài nguyên ${resourceId}`, en: `Resource ${resourceId}` });
      counters.download(dataset.id);
      if (row.kind === 'link') return { kind: 'link' as const, url: row.source_url! };
      const opened = row.file_id ? await files.openStream(row.file_id) : null;
      if (!opened)
        throw notFound({ vi: `tệp của tài nguyên ${resourceId}`, en: `The file of resource ${resourceId}` });
      return {
        kind: 'file' as const,
        stream: opened.stream,
        filename: opened.filename,
        mediaType: row.media_type ?? opened.mediaType,
        sizeBytes: opened.sizeBytes,
        sha256: opened.sha256,
      };
    },

    requireResource,
    dropTable: async (resourceId: string) => void (await deps.datastore()?.drop(resourceId)),
    publicCounts: () => store.publicCounts(),
  };
}

export type ResourcesService = ReturnType<typeof createResourcesService>;
