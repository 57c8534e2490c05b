import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import { type Actor, type Principal, requireRole } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import { AppError, conflict, notFound, validationFailed } from '../../../platform/errors.ts';
import { foldVietnamese } from '../../../platform/text.ts';
import type { Counters } from './counters.ts';
import type { Organizations } from './organizations.ts';
import type { DatasetFields, DatasetPatch, DatasetView } from './portal.schema.ts';
import type {
  DatasetRow,
  FacetField,
  NewDataset,
  PortalStore,
  PortalTrx,
  ResourceRow,
  SearchClause,
  SearchSort,
} from './portal.store.ts';
import { canPublish, canRead, datasetView, privateScope } from './views.ts';
import { DEMO_KEYWORD, DEMO_LABEL } from './vocabularies.ts';

/**
 * Datasets: create, change (every change keeps the previous version), delete, read with access
 * rules, and search (accent-insensitive). Publishing needs `data_steward` of the organisation or
 * the city administrator; private datasets are seen by their organisation's stewards only.
 */
export type PortalDeps = {
  store: PortalStore;
  audit: AuditLog;
  clock: Clock;
  organizations: Organizations;
  counters: Counters;
  publicUrl: string;
};

export type SystemOptions = { demo?: boolean; managedBy?: string };

export type PortalSearch = {
  q?: string;
  clauses: SearchClause[];
  includePrivate: boolean;
  sort: SearchSort[];
  start: number;
  rows: number;
  facets: FacetField[];
  facetLimit: number;
  facetMinCount: number;
};

const datasetLabel = (name: string) => ({ vi: `bộ dữ liệu ${name}`, en: `Dataset ${name}` });

/**
 * Words of a query as a tsquery over folded text: `Hà Nội` → `ha & noi:*`. Only the last word
 * matches as a prefix (it may be half typed): Vietnamese syllables are short, so prefixing every
 * word let `ha noi` match `còn hạn … Sở Nội vụ`.
 */
export function tsqueryOf(q: string | undefined): string | null {
  if (!q) return null;
  const words = foldVietnamese(q.normalize('NFC'))
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, 20);
  return words.length
    ? words.map((word, i) => (i === words.length - 1 ? `${word}:*` : word)).join(' & ')
    : null;
}

export function searchTextOf(fields: {
  name: string;
  title_vi: string;
  title_en: string | null;
  description_vi: string;
  description_en: string | null;
  keywords: string[];
  organization: string;
}): string {
  return foldVietnamese(
    [
      fields.name.replace(/[-_]/g, ' '),
      fields.title_vi,
      fields.title_en ?? '',
      fields.keywords.join(' '),
      fields.organization,
      fields.description_vi,
      fields.description_en ?? '',
    ]
      .join(' ')
      .normalize('NFC'),
  ).slice(0, 100_000);
}

/** The state of a dataset kept in its version history. */
export const snapshotOf = (row: DatasetRow, resources: ResourceRow[]) => {
  const { search_text: _text, search_vector: _vector, ...dataset } = row;
  return { dataset, resources };
};

export function createPortalService(deps: PortalDeps) {
  const { store, audit, clock, organizations, counters, publicUrl } = deps;

  async function views(principal: Principal, rows: DatasetRow[]): Promise<DatasetView[]> {
    const ids = rows.map((row) => row.id);
    const [resources, totals] = await Promise.all([store.resourcesOf(ids), store.countersOf(ids)]);
    const now = clock.now();
    return Promise.all(
      rows.map(async (row) =>
        datasetView({
          row,
          resources: resources.filter((r) => r.dataset_id === row.id),
          organization: await organizations.get(row.organization_id),
          counters: totals.get(row.id),
          principal,
          publicUrl,
          now,
        }),
      ),
    );
  }

  /** The dataset if the principal may read it; private or deleted ones are "not found" to others. */
  async function readable(principal: Principal, idOrName: string): Promise<DatasetRow> {
    const row = await store.dataset(idOrName);
    if (!row || !canRead(principal, row)) throw notFound(datasetLabel(idOrName));
    return row;
  }

  /** The dataset if the actor may change it (system actors may change any). */
  async function editable(actor: Actor, idOrName: string): Promise<DatasetRow> {
    const row = await store.dataset(idOrName);
    if (row?.state !== 'active') throw notFound(datasetLabel(idOrName));
    if (!actor.system) {
      if (!canRead(actor.principal, row)) throw notFound(datasetLabel(idOrName));
      requireRole(actor.principal, ['data_steward', 'city_admin'], row.organization_id);
    }
    return row;
  }

  async function checkFields(fields: DatasetFields, actor: Actor, options: { organizationChanged: boolean }) {
    const problems: { path: string; message: { vi: string; en: string } }[] = [];
    if (options.organizationChanged && !(await organizations.isCurrent(fields.organizationId))) {
      problems.push({
        path: 'organizationId',
        message: {
          vi: `Không có cơ quan ${fields.organizationId} còn hiệu lực hôm nay.`,
          en: `No agency ${fields.organizationId} is valid today.`,
        },
      });
    }
    for (const unitId of new Set(fields.spatialUnitIds)) {
      if (!(await organizations.get(unitId)))
        problems.push({
          path: 'spatialUnitIds',
          message: { vi: `Không có đơn vị ${unitId}.`, en: `No unit ${unitId}.` },
        });
    }
    if (fields.temporalStart && fields.temporalEnd && fields.temporalStart > fields.temporalEnd) {
      problems.push({
        path: 'temporalEnd',
        message: { vi: 'Ngày kết thúc trước ngày bắt đầu.', en: 'The end date is before the start date.' },
      });
    }
    if (problems.length) throw validationFailed(problems);
    if (!actor.system) requireRole(actor.principal, ['data_steward', 'city_admin'], fields.organizationId);
  }

  function rowFields(fields: DatasetFields, organizationName: string, demo: boolean) {
    const keywords = [...new Set(fields.keywords.map((k) => k.normalize('NFC')))];
    const titleVi = fields.titleVi.normalize('NFC');
    // Demo data says so in its title, its keywords and its description (docs/open-data.md).
    const demoTitle = demo && !titleVi.includes(DEMO_LABEL) ? `[${DEMO_LABEL}] ${titleVi}` : titleVi;
    const demoKeywords = demo && !keywords.includes(DEMO_KEYWORD) ? [...keywords, DEMO_KEYWORD] : keywords;
    const descriptionVi = fields.descriptionVi.normalize('NFC');
    const demoDescription =
      demo && !descriptionVi.includes(DEMO_LABEL)
        ? `${descriptionVi}\n\n${DEMO_LABEL}: dữ liệu được tạo để minh họa, không phải số liệu thật. / Generated to demonstrate the portal, not real figures.`
        : descriptionVi;
    const row = {
      name: fields.name,
      title_vi: demoTitle,
      title_en: fields.titleEn?.normalize('NFC') || null,
      description_vi: demoDescription,
      description_en: fields.descriptionEn?.normalize('NFC') || null,
      organization_id: fields.organizationId,
      contact_name: fields.contactName ?? null,
      contact_email: fields.contactEmail ?? null,
      keywords: demoKeywords,
      themes: [...new Set(fields.themes)],
      license_id: fields.licenseId,
      temporal_start: fields.temporalStart ?? null,
      temporal_end: fields.temporalEnd ?? null,
      spatial_unit_ids: [...new Set(fields.spatialUnitIds)],
      frequency: fields.frequency,
      private: fields.private,
      demo,
    };
    return { ...row, search_text: searchTextOf({ ...row, organization: organizationName }) };
  }

  const fieldsOf = (row: DatasetRow): DatasetFields => ({
    name: row.name,
    titleVi: row.title_vi,
    titleEn: row.title_en,
    descriptionVi: row.description_vi,
    descriptionEn: row.description_en,
    organizationId: row.organization_id,
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    keywords: row.keywords,
    themes: row.themes as DatasetFields['themes'],
    licenseId: row.license_id as DatasetFields['licenseId'],
    temporalStart: row.temporal_start,
    temporalEnd: row.temporal_end,
    spatialUnitIds: row.spatial_unit_ids,
    frequency: row.frequency as DatasetFields['frequency'],
    private: row.private,
  });

  async function organizationName(id: string) {
    const organization = await organizations.get(id);
    return organization ? `${organization.nameVi} ${organization.nameEn}` : id;
  }

  /**
   * Runs `change` on the locked dataset inside one transaction, after keeping its current state as
   * a version; the dataset's version and metadata_modified move on. Returns what `change` returns.
   */
  async function changeDataset<T>(
    actor: Actor,
    datasetId: string,
    action: string,
    change: (trx: PortalTrx, before: DatasetRow, now: Date) => Promise<T>,
    options: { dataChanged?: boolean } = {},
  ): Promise<T> {
    return store.db.transaction().execute(async (trx) => {
      const before = await store.lockDataset(trx, datasetId);
      const resources = await store.resourcesOf([datasetId], trx);
      const now = clock.now();
      await store.insertVersion(trx, {
        dataset_id: datasetId,
        version: before.version,
        snapshot: snapshotOf(before, resources),
        action,
        changed_at: now,
        changed_by: actorLabel(actor),
      });
      const result = await change(trx, before, now);
      await store.touchDataset(trx, datasetId, {
        version: before.version + 1,
        metadata_modified: now,
        ...(options.dataChanged ? { modified: now } : {}),
      });
      return result;
    });
  }

  const actorLabel = (actor: Actor) =>
    actor.system ?? (actor.principal.kind === 'official' ? actor.principal.username : actor.principal.kind);

  async function showView(principal: Principal, row: DatasetRow) {
    return (await views(principal, [row]))[0]!;
  }

  return {
    readable,
    editable,
    changeDataset,
    views,
    actorLabel,

    async show(principal: Principal, idOrName: string, options: { countCall?: boolean } = {}) {
      const row = await readable(principal, idOrName);
      if (options.countCall) counters.apiCall(row.id);
      return showView(principal, row);
    },

    async create(actor: Actor, fields: DatasetFields, system: SystemOptions = {}): Promise<DatasetView> {
      await checkFields(fields, actor, { organizationChanged: true });
      const demo = Boolean(actor.system && system.demo);
      const name = await organizationName(fields.organizationId);
      const now = clock.now();
      const id = randomUUID();
      const row: NewDataset = {
        id,
        ...rowFields(fields, name, demo),
        issued: fields.private ? null : now,
        modified: now,
        state: 'active',
        version: 1,
        managed_by: actor.system ? (system.managedBy ?? null) : null,
        created_at: now,
        created_by: actorLabel(actor),
        metadata_modified: now,
      };
      await store.db.transaction().execute(async (trx) => {
        if (await store.nameTaken(trx, fields.name))
          throw conflict({
            vi: `Tên ${fields.name} đã được dùng cho bộ dữ liệu khác.`,
            en: `The name ${fields.name} is already used by another dataset.`,
          });
        await store.insertDataset(trx, row);
        await audit.record(trx, {
          actor,
          agencyId: fields.organizationId,
          action: 'data.dataset.create',
          objectType: 'data.dataset',
          objectId: id,
          before: null,
          after: snapshotOf({ ...row, search_vector: '' }, []),
          details: { name: fields.name, private: fields.private, demo },
        });
      });
      return showView(actor.principal, (await store.dataset(id))!);
    },

    /**
     * Changes a dataset: `patch` keeps unnamed fields (CKAN's package_patch); `replace` resets
     * them to their defaults (package_update).
     */
    async update(
      actor: Actor,
      idOrName: string,
      changes: DatasetPatch,
      mode: 'patch' | 'replace' = 'patch',
      defaults?: DatasetFields,
    ): Promise<DatasetView> {
      const current = await editable(actor, idOrName);
      const base = mode === 'replace' && defaults ? defaults : fieldsOf(current);
      const merged: DatasetFields = { ...base };
      for (const [key, value] of Object.entries(changes)) {
        if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
      }
      const organizationChanged = merged.organizationId !== current.organization_id;
      await checkFields(merged, actor, { organizationChanged });
      const name = await organizationName(merged.organizationId);
      const fields = rowFields(merged, name, current.demo);
      await changeDataset(
        actor,
        current.id,
        mode === 'replace' ? 'update' : 'patch',
        async (trx, before, now) => {
          if (fields.name !== before.name && (await store.nameTaken(trx, fields.name, before.id)))
            throw conflict({
              vi: `Tên ${fields.name} đã được dùng cho bộ dữ liệu khác.`,
              en: `The name ${fields.name} is already used by another dataset.`,
            });
          await store.updateDataset(trx, before.id, {
            ...fields,
            // First publication: the day it became public.
            issued: before.issued ?? (fields.private ? null : now),
            modified: before.modified,
            state: 'active',
            version: before.version,
            managed_by: before.managed_by,
            metadata_modified: now,
          });
          await audit.record(trx, {
            actor,
            agencyId: fields.organization_id,
            action: 'data.dataset.update',
            objectType: 'data.dataset',
            objectId: before.id,
            before: snapshotOf(before, []),
            after: fields,
            details: {
              name: fields.name,
              fields: Object.keys(changes),
              ...(organizationChanged ? { movedFrom: before.organization_id } : {}),
            },
          });
        },
      );
      return showView(actor.principal, (await store.dataset(current.id))!);
    },

    async remove(actor: Actor, idOrName: string, dropTable: (resourceId: string) => Promise<void>) {
      const current = await editable(actor, idOrName);
      const resources = await store.resourcesOf([current.id]);
      await changeDataset(actor, current.id, 'delete', async (trx, before) => {
        await trx
          .updateTable('data.portal_datasets')
          .set({ state: 'deleted' })
          .where('id', '=', before.id)
          .execute();
        await audit.record(trx, {
          actor,
          agencyId: before.organization_id,
          action: 'data.dataset.delete',
          objectType: 'data.dataset',
          objectId: before.id,
          before: snapshotOf(before, resources),
          after: null,
          details: { name: before.name },
        });
      });
      // The published tables go with the dataset; files stay for the version history.
      for (const resource of resources) if (resource.datastore_active) await dropTable(resource.id);
    },

    async versions(principal: Principal, idOrName: string) {
      const row = await readable(principal, idOrName);
      const earlier = await store.versions(row.id);
      return [
        {
          version: row.version,
          changedAt: new Date(row.metadata_modified).toISOString(),
          changedBy: null,
          action: 'current',
          current: true,
        },
        ...earlier.map((v) => ({
          version: v.version,
          changedAt: new Date(v.changed_at).toISOString(),
          changedBy: v.changed_by,
          action: v.action,
          current: false,
        })),
      ];
    },

    async version(principal: Principal, idOrName: string, version: number) {
      const row = await readable(principal, idOrName);
      if (version === row.version) {
        return { version, current: true, snapshot: snapshotOf(row, await store.resourcesOf([row.id])) };
      }
      const found = await store.version(row.id, version);
      if (!found) throw notFound({ vi: `phiên bản ${version}`, en: `Version ${version}` });
      const snapshot = typeof found.snapshot === 'string' ? JSON.parse(found.snapshot) : found.snapshot;
      return { version, current: false, snapshot };
    },

    async search(principal: Principal, request: PortalSearch) {
      const found = await store.search({
        tsquery: tsqueryOf(request.q),
        clauses: request.clauses,
        privateOf: request.includePrivate ? privateScope(principal) : [],
        sort: request.sort,
        start: request.start,
        rows: request.rows,
        facets: request.facets,
        facetLimit: request.facetLimit,
        facetMinCount: request.facetMinCount,
      });
      const rows = await store.datasetsByIds(found.ids);
      const byId = new Map(rows.map((row) => [row.id, row]));
      const ordered = found.ids.map((id) => byId.get(id)).filter((row): row is DatasetRow => Boolean(row));
      return { count: found.count, results: await views(principal, ordered), facets: found.facets };
    },

    canPublish,
    names: (limit: number, offset: number) => store.names(limit, offset),
    /** Tags of public datasets, those containing `query` when given (accent-insensitive). */
    async publicTags(query: string) {
      const folded = foldVietnamese(query);
      return (await store.publicTags()).filter((tag) => !folded || foldVietnamese(tag).includes(folded));
    },

    assertNotManaged(row: DatasetRow, actor: Actor) {
      if (row.managed_by && !actor.system)
        throw new AppError('conflict', {
          vi: 'Bộ dữ liệu này do nền tảng tự cập nhật; không sửa tài nguyên bằng tay.',
          en: 'The platform keeps this dataset current; its resources are not edited by hand.',
        });
    },
  };
}

export type PortalService = ReturnType<typeof createPortalService>;
