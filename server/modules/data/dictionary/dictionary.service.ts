import type { AuditLog } from '../../../platform/audit/audit.ts';
import type { Actor, Principal } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Bilingual, conflict, notFound, validationFailed } from '../../../platform/errors.ts';
import type { OrgService } from '../../org/index.ts';
import { checkItemDefinition } from './constraints.ts';
import type {
  CodeList,
  CodeListValue,
  Constraints,
  DataItem,
  ItemInput,
  ItemPatch,
  ItemStatus,
} from './dictionary.schema.ts';
import type { DictionaryStore } from './dictionary.store.ts';
import type { DictionaryTrx, ItemChanges, ItemRow, NewItemRow } from './dictionary.tables.ts';
import {
  currentVersion,
  groupByCode,
  headVersion,
  itemsCsv,
  matchesQuery,
  openVersion,
  toItem,
} from './dictionary.views.ts';
import { type CodeListLookup, dictionaryDocument, itemDocument } from './json-schema.ts';
import { nationalSources } from './reference/sources.ts';
import {
  actorAccount,
  actorLabel,
  requireCityApprover,
  requireNotAuthor,
  requireStewardFor,
} from './stewardship.ts';
import { checkValue } from './values.ts';

/**
 * The city's data standards: items by version with an approval step, code lists (one dynamic,
 * from the org register), and the published forms (JSON Schema, CSV). Approved versions are never
 * changed (the database refuses too); a change is a new version.
 */
const ADMIN_UNIT_KINDS = new Set(['city', 'district', 'ward', 'commune']);
const KIND_LABELS: Record<string, Bilingual> = {
  city: { vi: 'Thành phố trực thuộc trung ương', en: 'Centrally governed city' },
  district: { vi: 'Quận, huyện, thị xã (đến 30/6/2025)', en: 'District (until 30 Jun 2025)' },
  ward: { vi: 'Phường', en: 'Ward' },
  commune: { vi: 'Xã', en: 'Commune' },
};

const itemWhat = (code: string, version?: number) => ({
  vi: `mục dữ liệu ${code}${version ? ` phiên bản ${version}` : ''}`,
  en: `Data item ${code}${version ? ` version ${version}` : ''}`,
});

export type ItemQuery = {
  q?: string;
  status?: ItemStatus;
  sensitivity?: string;
  source?: string;
  type?: string;
  limit?: number;
  offset?: number;
};

export function createDictionaryService(deps: {
  store: DictionaryStore;
  audit: AuditLog;
  clock: Clock;
  org: OrgService;
  publicUrl: string;
}) {
  const { store, audit, clock, org, publicUrl } = deps;
  const seesDrafts = (principal: Principal) => principal.kind === 'official';

  /**
   * Inside a transaction, pass it: on embedded PGlite there is one connection, and a query outside
   * the open transaction would wait for it forever.
   */
  async function assertDefinition(
    type: DataItem['type'],
    constraints: Constraints,
    codeList: string | null,
    executor?: DictionaryTrx,
  ): Promise<void> {
    const lists = new Set((await store.codeLists(executor)).map((list) => list.code));
    const problems = checkItemDefinition(type, constraints, codeList, (code) => lists.has(code));
    if (problems.length) throw validationFailed(problems);
  }

  async function assertAgency(agencyId: string) {
    if (!(await org.unitExists(agencyId, clock.today()))) {
      throw validationFailed([
        {
          path: 'agencyId',
          message: {
            vi: `Không có đơn vị ${agencyId} đang hoạt động.`,
            en: `There is no unit ${agencyId} in force today.`,
          },
        },
      ]);
    }
  }

  async function adminUnitValues(at: string): Promise<CodeListValue[]> {
    const units = await org.units({ at });
    return units
      .filter((unit) => ADMIN_UNIT_KINDS.has(unit.kind) && (unit.codes.gso || unit.codes.nso))
      .map((unit) => ({
        code: (unit.codes.gso ?? unit.codes.nso)!,
        labelVi: unit.nameVi,
        labelEn: unit.nameEn,
        noteVi: KIND_LABELS[unit.kind]?.vi ?? null,
        noteEn: KIND_LABELS[unit.kind]?.en ?? null,
      }))
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  async function codeListDetail(code: string, at?: string): Promise<CodeList> {
    const list = await store.codeList(code);
    if (!list) throw notFound({ vi: `danh mục mã ${code}`, en: `Code list ${code}` });
    const day = at ?? clock.today();
    const values = list.dynamic
      ? await adminUnitValues(day)
      : (await store.codeListValues(code)).map((row) => ({
          code: row.value,
          labelVi: row.label_vi,
          labelEn: row.label_en,
          noteVi: row.note_vi,
          noteEn: row.note_en,
        }));
    return {
      code: list.code,
      nameVi: list.name_vi,
      nameEn: list.name_en,
      descriptionVi: list.description_vi,
      descriptionEn: list.description_en,
      sourceVi: list.source_vi,
      sourceEn: list.source_en,
      dynamic: list.dynamic,
      valueCount: values.length,
      at: list.dynamic ? day : null,
      values,
    };
  }

  async function lookupFor(items: DataItem[]): Promise<CodeListLookup> {
    const lists = new Map<string, CodeList>();
    for (const code of new Set(items.map((item) => item.codeList).filter((c): c is string => !!c))) {
      lists.set(code, await codeListDetail(code));
    }
    return (code) => ({ values: lists.get(code)?.values ?? [], at: lists.get(code)?.at ?? null });
  }

  /** Versions of one item the principal may see (drafts for officials only). */
  async function visibleVersions(principal: Principal, code: string): Promise<ItemRow[]> {
    const versions = await store.versionsOf(code);
    const visible = seesDrafts(principal)
      ? versions
      : versions.filter((row) => row.status === 'approved' || row.status === 'deprecated');
    if (!visible.length) throw notFound(itemWhat(code));
    return visible;
  }

  async function heads(drafts: boolean, query: ItemQuery): Promise<DataItem[]> {
    const rows = await store.allVersions({
      sensitivity: query.sensitivity,
      source: query.source,
      type: query.type,
    });
    const items: DataItem[] = [];
    for (const versions of groupByCode(rows).values()) {
      const head = headVersion(versions, query.status, drafts);
      if (!head) continue;
      const item = toItem(head, currentVersion(versions)?.version ?? null);
      if (matchesQuery(item, query.q)) items.push(item);
    }
    return items;
  }

  /** The published items: every code's current (approved or deprecated) version. */
  async function publishedItems(): Promise<DataItem[]> {
    const rows = await store.allVersions();
    return [...groupByCode(rows).values()]
      .map((versions) => currentVersion(versions))
      .filter((row): row is ItemRow => !!row)
      .map((row) => toItem(row, row.version));
  }

  const now = () => clock.now();

  async function within<T>(code: string, work: (trx: DictionaryTrx, versions: ItemRow[]) => Promise<T>) {
    return store.db.transaction().execute(async (trx) => work(trx, await store.lockItem(trx, code)));
  }

  function requireVersion(versions: ItemRow[], code: string, version: number): ItemRow {
    const row = versions.find((candidate) => candidate.version === version);
    if (!row) throw notFound(itemWhat(code, version));
    return row;
  }

  function requireStatus(row: ItemRow, status: ItemStatus, action: Bilingual) {
    if (row.status !== status) {
      throw conflict({
        vi: `Không thể ${action.vi}: phiên bản ${row.version} của ${row.code} đang ở trạng thái ${row.status}.`,
        en: `Cannot ${action.en}: version ${row.version} of ${row.code} is ${row.status}.`,
      });
    }
  }

  async function reload(trx: DictionaryTrx, code: string, version: number): Promise<DataItem> {
    const versions = await store.versionsOf(code, trx);
    const row = versions.find((candidate) => candidate.version === version)!;
    return toItem(row, currentVersion(versions)?.version ?? null);
  }

  const snapshot = (row: Pick<ItemRow, 'code' | 'version' | 'status'> & Partial<ItemRow>) => ({
    code: row.code,
    version: row.version,
    status: row.status,
    nameVi: row.name_vi,
    type: row.type,
    constraints: row.constraints,
    codeList: row.code_list,
    sensitivity: row.sensitivity,
    verificationClass: row.verification_class,
    source: row.source,
  });

  function patchToChanges(patch: ItemPatch): ItemChanges {
    const changes: ItemChanges = {};
    if (patch.nameVi !== undefined) changes.name_vi = patch.nameVi;
    if (patch.nameEn !== undefined) changes.name_en = patch.nameEn;
    if (patch.descriptionVi !== undefined) changes.description_vi = patch.descriptionVi;
    if (patch.descriptionEn !== undefined) changes.description_en = patch.descriptionEn;
    if (patch.type !== undefined) changes.type = patch.type;
    if (patch.constraints !== undefined) changes.constraints = JSON.stringify(patch.constraints);
    if (patch.codeList !== undefined) changes.code_list = patch.codeList;
    if (patch.sensitivity !== undefined) changes.sensitivity = patch.sensitivity;
    if (patch.verificationClass !== undefined) changes.verification_class = patch.verificationClass;
    if (patch.source !== undefined) changes.source = patch.source;
    return changes;
  }

  return {
    // ——— Reading ———

    async list(principal: Principal, query: ItemQuery) {
      const all = await heads(seesDrafts(principal), query);
      const offset = query.offset ?? 0;
      return { items: all.slice(offset, offset + (query.limit ?? 200)), total: all.length };
    },

    async detail(principal: Principal, code: string) {
      const versions = await visibleVersions(principal, code);
      const current = currentVersion(versions);
      const shown = current ?? versions.at(-1)!;
      return {
        ...toItem(shown, current?.version ?? null),
        versions: versions.map((row) => ({
          version: row.version,
          status: row.status,
          createdAt: row.created_at.toISOString(),
          approvedAt: row.approved_at?.toISOString() ?? null,
          approvedBy: row.approved_by,
          deprecatedAt: row.deprecated_at?.toISOString() ?? null,
        })),
      };
    },

    async version(principal: Principal, code: string, version: number): Promise<DataItem> {
      const versions = await visibleVersions(principal, code);
      const row = requireVersion(versions, code, version);
      return toItem(row, currentVersion(versions)?.version ?? null);
    },

    async codeLists() {
      const [lists, counts] = await Promise.all([store.codeLists(), store.valueCounts()]);
      return lists.map((list) => ({
        code: list.code,
        nameVi: list.name_vi,
        nameEn: list.name_en,
        descriptionVi: list.description_vi,
        descriptionEn: list.description_en,
        sourceVi: list.source_vi,
        sourceEn: list.source_en,
        dynamic: list.dynamic,
        valueCount: list.dynamic ? null : (counts.get(list.code) ?? 0),
      }));
    },

    codeListDetail,

    sources: () => nationalSources.map((source) => ({ ...source })),

    async jsonSchema(): Promise<Record<string, unknown>> {
      const items = await publishedItems();
      return dictionaryDocument(`${publicUrl}/api/data/items/schema.json`, items, await lookupFor(items));
    },

    async itemJsonSchema(principal: Principal, code: string, version?: number) {
      const versions = await visibleVersions(principal, code);
      const current = currentVersion(versions);
      const row = version ? requireVersion(versions, code, version) : (current ?? versions.at(-1)!);
      const item = toItem(row, current?.version ?? null);
      const id = `${publicUrl}/api/data/items/${code}/schema.json${version ? `?version=${version}` : ''}`;
      return itemDocument(id, item, await lookupFor([item]));
    },

    async csv(): Promise<Buffer> {
      return itemsCsv(await publishedItems());
    },

    // ——— For other modules ———

    /** A version of an item, or (no version) its current published version; null when there is none. */
    async item(code: string, version?: number): Promise<DataItem | null> {
      const versions = await store.versionsOf(code);
      const current = currentVersion(versions);
      const row = version === undefined ? current : versions.find((v) => v.version === version);
      return row ? toItem(row, current?.version ?? null) : null;
    },

    /** One version per item: the current one, or with `status` the version in that status. */
    items: (query: { status?: ItemStatus; q?: string } = {}) =>
      heads(query.status === 'draft' || query.status === 'submitted', query),

    async codeList(code: string, options: { at?: string } = {}): Promise<CodeListValue[]> {
      return (await codeListDetail(code, options.at)).values;
    },

    /** Null when `value` satisfies the item's current version; else why not, in both languages. */
    async validateValue(code: string, value: unknown): Promise<Bilingual | null> {
      const versions = await store.versionsOf(code);
      const row = currentVersion(versions);
      if (!row) throw notFound(itemWhat(code));
      const codes =
        row.type === 'code' && row.code_list
          ? new Set((await codeListDetail(row.code_list)).values.map((v) => v.code))
          : null;
      return checkValue(
        { nameVi: row.name_vi, nameEn: row.name_en, type: row.type, constraints: row.constraints },
        value,
        codes,
      );
    },

    // ——— Changing ———

    async create(actor: Actor, input: ItemInput): Promise<DataItem> {
      requireStewardFor(actor.principal, input.agencyId);
      await assertAgency(input.agencyId);
      const constraints = input.constraints ?? {};
      await assertDefinition(input.type, constraints, input.codeList ?? null);
      if ((await store.versionsOf(input.code)).length) {
        throw conflict({
          vi: `Mã ${input.code} đã có; hãy tạo phiên bản mới của mục này.`,
          en: `The code ${input.code} exists; make a new version of that item instead.`,
        });
      }
      const at = now();
      const row: NewItemRow = {
        code: input.code,
        version: 1,
        status: 'draft',
        name_vi: input.nameVi,
        name_en: input.nameEn,
        description_vi: input.descriptionVi ?? null,
        description_en: input.descriptionEn ?? null,
        type: input.type,
        constraints: JSON.stringify(constraints),
        code_list: input.codeList ?? null,
        sensitivity: input.sensitivity,
        verification_class: input.verificationClass,
        source: input.source ?? null,
        agency_id: input.agencyId,
        created_by: actorLabel(actor),
        created_at: at,
        updated_at: at,
        submitted_by: null,
        submitted_by_account: null,
        submitted_at: null,
        approved_by: null,
        approved_at: null,
        approval_note: null,
        rejected_by: null,
        rejected_at: null,
        rejection_reason: null,
        deprecated_by: null,
        deprecated_at: null,
        deprecation_reason: null,
        replaced_by: null,
      };
      try {
        return await store.db.transaction().execute(async (trx) => {
          await store.insertVersion(trx, row);
          await audit.record(trx, {
            actor,
            agencyId: input.agencyId,
            action: 'data.item.create',
            objectType: 'data.item',
            objectId: `${input.code}@1`,
            before: null,
            after: snapshot({ ...row, constraints }),
            details: { code: input.code, version: 1 },
          });
          return reload(trx, input.code, 1);
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23505')
          throw conflict({ vi: `Mã ${input.code} đã có.`, en: `The code ${input.code} exists.` });
        throw error;
      }
    },

    async newVersion(actor: Actor, code: string, input: ItemPatch & { agencyId: string }): Promise<DataItem> {
      requireStewardFor(actor.principal, input.agencyId);
      await assertAgency(input.agencyId);
      return within(code, async (trx, versions) => {
        if (!versions.length) throw notFound(itemWhat(code));
        const open = openVersion(versions);
        if (open) {
          throw conflict({
            vi: `Mục ${code} đang có phiên bản ${open.version} chưa phê duyệt; hãy hoàn tất phiên bản đó trước.`,
            en: `Item ${code} already has an open version ${open.version}; finish that one first.`,
          });
        }
        const current = currentVersion(versions);
        if (!current) throw notFound(itemWhat(code));
        if (current.status === 'deprecated') {
          throw conflict({
            vi: `Mục ${code} đã ngừng sử dụng${current.replaced_by ? `; dùng ${current.replaced_by}` : ''}.`,
            en: `Item ${code} is deprecated${current.replaced_by ? `; use ${current.replaced_by}` : ''}.`,
          });
        }
        const { agencyId, ...patch } = input;
        const merged = {
          type: patch.type ?? current.type,
          constraints: patch.constraints ?? current.constraints,
          codeList: patch.codeList !== undefined ? patch.codeList : current.code_list,
        };
        await assertDefinition(merged.type, merged.constraints, merged.codeList, trx);
        const at = now();
        const version = versions.at(-1)!.version + 1;
        const row: NewItemRow = {
          ...current,
          ...patchToChanges(patch),
          constraints: JSON.stringify(merged.constraints),
          version,
          status: 'draft',
          agency_id: agencyId,
          created_by: actorLabel(actor),
          created_at: at,
          updated_at: at,
          submitted_by: null,
          submitted_by_account: null,
          submitted_at: null,
          approved_by: null,
          approved_at: null,
          approval_note: null,
          rejected_by: null,
          rejected_at: null,
          rejection_reason: null,
          deprecated_by: null,
          deprecated_at: null,
          deprecation_reason: null,
          replaced_by: null,
        };
        await store.insertVersion(trx, row);
        await audit.record(trx, {
          actor,
          agencyId,
          action: 'data.item.version.create',
          objectType: 'data.item',
          objectId: `${code}@${version}`,
          before: snapshot(current),
          after: snapshot({ ...row, constraints: merged.constraints }),
          details: { code, version, from: current.version, fields: Object.keys(patch) },
        });
        return reload(trx, code, version);
      });
    },

    async editDraft(actor: Actor, code: string, version: number, patch: ItemPatch): Promise<DataItem> {
      return within(code, async (trx, versions) => {
        const row = requireVersion(versions, code, version);
        requireStewardFor(actor.principal, row.agency_id);
        requireStatus(row, 'draft', { vi: 'sửa', en: 'edit' });
        const merged = {
          type: patch.type ?? row.type,
          constraints: patch.constraints ?? row.constraints,
          codeList: patch.codeList !== undefined ? patch.codeList : row.code_list,
        };
        await assertDefinition(merged.type, merged.constraints, merged.codeList, trx);
        await store.updateVersion(trx, code, version, { ...patchToChanges(patch), updated_at: now() });
        const after = (await store.version(code, version, trx))!;
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          action: 'data.item.update',
          objectType: 'data.item',
          objectId: `${code}@${version}`,
          before: snapshot(row),
          after: snapshot(after),
          details: { code, version, fields: Object.keys(patch) },
        });
        return reload(trx, code, version);
      });
    },

    async submit(actor: Actor, code: string, version: number): Promise<DataItem> {
      return within(code, async (trx, versions) => {
        const row = requireVersion(versions, code, version);
        requireStewardFor(actor.principal, row.agency_id);
        requireStatus(row, 'draft', { vi: 'gửi duyệt', en: 'submit' });
        await assertDefinition(row.type, row.constraints, row.code_list, trx);
        const at = now();
        await store.updateVersion(trx, code, version, {
          status: 'submitted',
          submitted_by: actorLabel(actor),
          submitted_by_account: actorAccount(actor),
          submitted_at: at,
          updated_at: at,
        });
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          action: 'data.item.submit',
          objectType: 'data.item',
          objectId: `${code}@${version}`,
          before: { status: row.status },
          after: { status: 'submitted' },
          details: { code, version },
        });
        return reload(trx, code, version);
      });
    },

    async approve(actor: Actor, code: string, version: number, note?: string): Promise<DataItem> {
      requireCityApprover(actor.principal);
      return within(code, async (trx, versions) => {
        const row = requireVersion(versions, code, version);
        requireStatus(row, 'submitted', { vi: 'phê duyệt', en: 'approve' });
        requireNotAuthor(actor.principal, row.submitted_by_account);
        const at = now();
        await store.updateVersion(trx, code, version, {
          status: 'approved',
          approved_by: actorLabel(actor),
          approved_at: at,
          approval_note: note ?? null,
          updated_at: at,
        });
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          action: 'data.item.approve',
          objectType: 'data.item',
          objectId: `${code}@${version}`,
          before: { status: row.status },
          after: snapshot({ ...row, status: 'approved' }),
          details: { code, version, note: note ?? null },
        });
        return reload(trx, code, version);
      });
    },

    async reject(actor: Actor, code: string, version: number, reason: string): Promise<DataItem> {
      requireCityApprover(actor.principal);
      return within(code, async (trx, versions) => {
        const row = requireVersion(versions, code, version);
        requireStatus(row, 'submitted', { vi: 'từ chối', en: 'reject' });
        requireNotAuthor(actor.principal, row.submitted_by_account);
        const at = now();
        await store.updateVersion(trx, code, version, {
          status: 'draft',
          rejected_by: actorLabel(actor),
          rejected_at: at,
          rejection_reason: reason,
          updated_at: at,
        });
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          action: 'data.item.reject',
          objectType: 'data.item',
          objectId: `${code}@${version}`,
          before: { status: row.status },
          after: { status: 'draft' },
          details: { code, version, reason },
        });
        return reload(trx, code, version);
      });
    },

    async deprecate(actor: Actor, code: string, input: { reason: string; replacedBy?: string | null }) {
      requireCityApprover(actor.principal);
      const replacedBy = input.replacedBy ?? null;
      if (replacedBy === code) {
        throw validationFailed([
          {
            path: 'replacedBy',
            message: { vi: 'Mục thay thế phải là mục khác.', en: 'The replacement must be another item.' },
          },
        ]);
      }
      if (replacedBy) {
        const replacement = currentVersion(await store.versionsOf(replacedBy));
        if (replacement?.status !== 'approved') {
          throw validationFailed([
            {
              path: 'replacedBy',
              message: {
                vi: `Mục thay thế ${replacedBy} phải là mục đã phê duyệt và đang dùng.`,
                en: `The replacement ${replacedBy} must be an approved item in use.`,
              },
            },
          ]);
        }
      }
      return within(code, async (trx, versions) => {
        const current = currentVersion(versions);
        if (!current) throw notFound(itemWhat(code));
        requireStatus(current, 'approved', { vi: 'ngừng sử dụng', en: 'deprecate' });
        const open = openVersion(versions);
        if (open) {
          throw conflict({
            vi: `Mục ${code} đang có phiên bản ${open.version} chưa phê duyệt; hãy xử lý phiên bản đó trước.`,
            en: `Item ${code} has an open version ${open.version}; settle it first.`,
          });
        }
        const at = now();
        await store.updateVersion(trx, code, current.version, {
          status: 'deprecated',
          deprecated_by: actorLabel(actor),
          deprecated_at: at,
          deprecation_reason: input.reason,
          replaced_by: replacedBy,
          updated_at: at,
        });
        await audit.record(trx, {
          actor,
          agencyId: current.agency_id,
          action: 'data.item.deprecate',
          objectType: 'data.item',
          objectId: `${code}@${current.version}`,
          before: { status: current.status },
          after: { status: 'deprecated', replacedBy },
          details: { code, version: current.version, reason: input.reason, replacedBy },
        });
        return reload(trx, code, current.version);
      });
    },
  };
}

export type DictionaryService = ReturnType<typeof createDictionaryService>;
