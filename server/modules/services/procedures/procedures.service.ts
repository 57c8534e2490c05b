import {
  type AttachmentsInput,
  allFields,
  boundItems,
  checkFieldValue,
  definitionProblems,
  type FieldType,
  type FormDefinition,
  type FormField,
  type FormIssue,
  isEmpty,
  isGroup,
  type ValidationResult,
  validate,
} from '../../../../shared/forms/form-rules.ts';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import { type Actor, type Principal, requireRole } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Bilingual, conflict, notFound, validationFailed } from '../../../platform/errors.ts';
import { foldVietnamese } from '../../../platform/text.ts';
import type { DataItem, DictionaryService } from '../../data/index.ts';
import type { OrgService } from '../../org/index.ts';
import type { FormVersion, ProcedureInput, ProcedurePatch, ProcedureQuery } from './procedures.schema.ts';
import type { NewProcedure, ProceduresStore } from './procedures.store.ts';
import type { FormRow, ProcedureRow, ProceduresTrx } from './procedures.tables.ts';

/** One administrative procedure of the catalogue (docs/public-services.md, `Procedure`). */
export type Procedure = {
  code: string;
  nameVi: string;
  nameEn: string;
  agencyLevel: 'city' | 'department' | 'commune';
  agencyIds: string[];
  fieldVi: string;
  fieldEn: string;
  legalBasis: string[];
  processingDays: number;
  feeVnd: number;
  onlineLevel: 'full' | 'partial';
  requiredDocuments: { vi: string; en: string }[];
  resultType: { vi: string; en: string };
  minimumAcr: ProcedureRow['minimum_acr'];
  notesVi: string | null;
  notesEn: string | null;
  publishedVersion: number | null;
  updatedAt: string;
};

export type CodeListOptions = Record<string, { value: string; labelVi: string; labelEn: string }[]>;

/** Which dictionary item types a field type can be bound to. */
const compatible: Record<FieldType, DataItem['type'][]> = {
  text: ['string', 'datetime'],
  textarea: ['string'],
  email: ['string'],
  phone: ['string'],
  number: ['integer', 'number'],
  date: ['date'],
  checkbox: ['boolean'],
  select: ['code', 'string'],
  address: ['address'],
};

const procedureWhat = (code: string): Bilingual => ({ vi: `thủ tục «${code}»`, en: `Procedure "${code}"` });
const formWhat = (code: string, version?: number): Bilingual => ({
  vi: `biểu mẫu của thủ tục «${code}»${version ? ` phiên bản ${version}` : ''}`,
  en: `The form of procedure "${code}"${version ? ` version ${version}` : ''}`,
});

function actorName(actor: Actor): string | null {
  const principal = actor.principal;
  if (principal.kind === 'official') return principal.username;
  return actor.system ?? null;
}

export function toProcedure(row: ProcedureRow, publishedVersion: number | null): Procedure {
  return {
    code: row.code,
    nameVi: row.name_vi,
    nameEn: row.name_en,
    agencyLevel: row.agency_level,
    agencyIds: row.agency_ids,
    fieldVi: row.field_vi,
    fieldEn: row.field_en,
    legalBasis: row.legal_basis,
    processingDays: row.processing_days,
    feeVnd: Number(row.fee_vnd),
    onlineLevel: row.online_level,
    requiredDocuments: row.required_documents,
    resultType: row.result_type,
    minimumAcr: row.minimum_acr,
    notesVi: row.notes_vi,
    notesEn: row.notes_en,
    publishedVersion,
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toFormVersion(row: FormRow): FormVersion {
  return {
    procedureCode: row.procedure_code,
    version: row.version,
    status: row.status,
    definition: row.definition,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    publishedAt: row.published_at?.toISOString() ?? null,
    publishedBy: row.published_by,
  };
}

export function procedureRow(input: ProcedureInput, at: Date, by: string | null): NewProcedure {
  return {
    code: input.code,
    name_vi: input.nameVi,
    name_en: input.nameEn,
    agency_level: input.agencyLevel,
    agency_ids: JSON.stringify(input.agencyIds),
    field_vi: input.fieldVi,
    field_en: input.fieldEn,
    legal_basis: JSON.stringify(input.legalBasis),
    processing_days: input.processingDays,
    fee_vnd: input.feeVnd,
    online_level: input.onlineLevel,
    required_documents: JSON.stringify(input.requiredDocuments),
    result_type: JSON.stringify(input.resultType),
    minimum_acr: input.minimumAcr,
    notes_vi: input.notesVi,
    notes_en: input.notesEn,
    created_at: at,
    updated_at: at,
    updated_by: by,
  };
}

/** A stable digest of what changed, for audit (hashes only are stored). */
const snapshot = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

export function createProceduresService(deps: {
  store: ProceduresStore;
  audit: AuditLog;
  clock: Clock;
  org: OrgService;
  dictionary: DictionaryService;
}) {
  const { store, audit, clock, org, dictionary } = deps;

  async function all(): Promise<Procedure[]> {
    const [rows, published] = await Promise.all([store.procedures(), store.publishedVersions()]);
    return rows.map((row) => toProcedure(row, published.get(row.code) ?? null));
  }

  async function find(code: string): Promise<Procedure | null> {
    const row = await store.procedure(code);
    if (!row) return null;
    const published = (await store.forms(code)).filter((form) => form.status === 'published').at(-1);
    return toProcedure(row, published?.version ?? null);
  }

  async function require(code: string): Promise<Procedure> {
    const procedure = await find(code);
    if (!procedure) throw notFound(procedureWhat(code));
    return procedure;
  }

  /** Editors: the city administrator, or an agency administrator of every agency of the procedure. */
  function requireEditor(principal: Principal, agencyIds: string[]) {
    for (const agencyId of agencyIds) requireRole(principal, ['city_admin', 'agency_admin'], agencyId);
  }

  async function checkAgencies(agencyIds: string[], path = 'agencyIds') {
    const unknown: string[] = [];
    for (const id of new Set(agencyIds)) if (!(await org.unitExists(id))) unknown.push(id);
    if (unknown.length)
      throw validationFailed([
        {
          path,
          message: {
            vi: `Không có đơn vị ${unknown.join(', ')} trong danh mục tổ chức.`,
            en: `No unit ${unknown.join(', ')} in the organisation register.`,
          },
        },
      ]);
  }

  async function codeListOptions(definition: FormDefinition): Promise<CodeListOptions> {
    const lists = new Set(
      allFields(definition).flatMap(({ field }) => (field.codeList ? [field.codeList] : [])),
    );
    const out: CodeListOptions = {};
    for (const list of lists) {
      out[list] = (await dictionary.codeList(list)).map((value) => ({
        value: value.code,
        labelVi: value.labelVi,
        labelEn: value.labelEn,
      }));
    }
    return out;
  }

  /**
   * Problems a definition has (structure, rules, and bindings to the dictionary: the item must
   * exist and suit the field type; a select bound to a coded item takes the item's code list).
   * Returns the definition with code lists filled in from the items.
   */
  async function checkDefinition(definition: FormDefinition): Promise<FormDefinition> {
    const issues: FormIssue[] = definitionProblems(definition);
    const knownLists = new Set((await dictionary.codeLists()).map((list) => list.code));
    const items = new Map<string, DataItem | null>();
    for (const code of boundItems(definition)) items.set(code, await dictionary.item(code));
    const fill = (field: FormField, path: string): FormField => {
      let out = field;
      if (field.item) {
        const item = items.get(field.item);
        if (!item) {
          issues.push({
            path: `${path}.item`,
            vi: `Không có mục dữ liệu «${field.item}» đã ban hành trong từ điển.`,
            en: `No published data item "${field.item}" in the dictionary.`,
          });
        } else if (!compatible[field.type].includes(item.type)) {
          issues.push({
            path: `${path}.type`,
            vi: `Kiểu trường «${field.type}» không hợp với mục dữ liệu kiểu «${item.type}».`,
            en: `The field type "${field.type}" does not suit a data item of type "${item.type}".`,
          });
        } else if (item.type === 'code' && item.codeList) {
          if (field.codeList && field.codeList !== item.codeList)
            issues.push({
              path: `${path}.codeList`,
              vi: `Mục dữ liệu dùng danh mục «${item.codeList}».`,
              en: `The data item uses the code list "${item.codeList}".`,
            });
          else if (!field.options) out = { ...field, codeList: item.codeList };
        }
      }
      if (out.codeList && !knownLists.has(out.codeList))
        issues.push({
          path: `${path}.codeList`,
          vi: `Không có danh mục mã «${out.codeList}».`,
          en: `There is no code list "${out.codeList}".`,
        });
      return out;
    };
    const filled: FormDefinition = {
      ...definition,
      sections: definition.sections.map((section, s) => ({
        ...section,
        fields: section.fields.map((entry, f) =>
          isGroup(entry)
            ? {
                ...entry,
                fields: entry.fields.map((field, g) => fill(field, `sections.${s}.fields.${f}.fields.${g}`)),
              }
            : fill(entry, `sections.${s}.fields.${f}`),
        ),
      })),
    };
    if (issues.length)
      throw validationFailed(
        issues.map((issue) => ({
          path: `body.definition.${issue.path}`,
          message: { vi: issue.vi, en: issue.en },
        })),
        { vi: 'Biểu mẫu có lỗi.', en: 'The form definition has errors.' },
      );
    return filled;
  }

  /** Validates answers: the shared rules, code lists, and each bound value against its dictionary item. */
  async function validateAnswers(
    definition: FormDefinition,
    answers: Record<string, unknown>,
    attachments: AttachmentsInput = [],
  ): Promise<ValidationResult> {
    const codeLists = Object.fromEntries(
      Object.entries(await codeListOptions(definition)).map(([list, options]) => [
        list,
        options.map((option) => option.value),
      ]),
    );
    const first = validate(definition, answers, attachments, { codeLists });
    // Collect each visible bound value that passed the field's own checks, and ask the dictionary.
    const checks = new Map<string, Bilingual | null>();
    const keyOf = (item: string, value: unknown) => `${item}\u0000${JSON.stringify(value)}`;
    const visit = async (field: FormField, value: unknown) => {
      if (!field.item || isEmpty(value) || checkFieldValue(field, value, { codeLists })) return;
      const key = keyOf(field.item, value);
      if (checks.has(key)) return;
      try {
        checks.set(key, await dictionary.validateValue(field.item, value));
      } catch {
        checks.set(key, null); // the item was withdrawn since the form was published: nothing to check
      }
    };
    for (const section of definition.sections)
      for (const entry of section.fields) {
        if (!isGroup(entry)) {
          await visit(entry, first.values[entry.key]);
          continue;
        }
        const raw = first.values[entry.key];
        const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : [];
        for (const item of list as Record<string, unknown>[])
          for (const field of entry.fields) await visit(field, item?.[field.key]);
      }
    if (checks.size === 0) return first;
    return validate(definition, answers, attachments, {
      codeLists,
      checkItem: (item, value) => checks.get(keyOf(item, value)) ?? null,
    });
  }

  /**
   * A published form version (no version: the newest published one), or null. Drafts are never
   * returned here: a dossier can only use a published, frozen version.
   */
  async function publishedVersion(code: string, version?: number): Promise<FormVersion | null> {
    const rows = (await store.forms(code)).filter((row) => row.status === 'published');
    const row = version === undefined ? rows.at(-1) : rows.find((r) => r.version === version);
    return row ? toFormVersion(row) : null;
  }

  async function audited<T>(work: (trx: ProceduresTrx) => Promise<T>): Promise<T> {
    return store.db.transaction().execute(work);
  }

  const agencyOf = (agencyIds: string[]) => (agencyIds.length === 1 ? agencyIds[0]! : null);

  return {
    // ——— Reading (public) ———

    /** Search by words (Vietnamese-aware: `dang ky thuong tru` finds «Đăng ký thường trú»), field, agency, level. */
    async list(query: ProcedureQuery = {}) {
      const procedures = await all();
      const words = query.q ? foldVietnamese(query.q).split(' ').filter(Boolean) : [];
      const field = query.field ? foldVietnamese(query.field) : null;
      const matching = procedures.filter((procedure) => {
        if (procedure.publishedVersion === null) return false;
        if (query.agencyId && !procedure.agencyIds.includes(query.agencyId)) return false;
        if (query.agencyLevel && procedure.agencyLevel !== query.agencyLevel) return false;
        if (query.onlineLevel && procedure.onlineLevel !== query.onlineLevel) return false;
        if (
          field &&
          foldVietnamese(procedure.fieldVi) !== field &&
          foldVietnamese(procedure.fieldEn) !== field
        )
          return false;
        if (words.length) {
          const haystack = foldVietnamese(
            `${procedure.code} ${procedure.nameVi} ${procedure.nameEn} ${procedure.fieldVi} ${procedure.fieldEn} ${procedure.resultType.vi} ${procedure.resultType.en}`,
          );
          if (!words.every((word) => haystack.includes(word))) return false;
        }
        return true;
      });
      const fields = new Map<string, { vi: string; en: string; count: number }>();
      for (const procedure of procedures) {
        if (procedure.publishedVersion === null) continue;
        const entry = fields.get(procedure.fieldVi) ?? {
          vi: procedure.fieldVi,
          en: procedure.fieldEn,
          count: 0,
        };
        entry.count += 1;
        fields.set(procedure.fieldVi, entry);
      }
      const offset = query.offset ?? 0;
      matching.sort((a, b) => a.nameVi.localeCompare(b.nameVi, 'vi'));
      return {
        items: matching.slice(offset, offset + (query.limit ?? 50)),
        total: matching.length,
        fields: [...fields.values()].sort((a, b) => a.vi.localeCompare(b.vi, 'vi')),
      };
    },

    /** A procedure, or null. */
    get: find,

    /** The procedure page: the procedure, its agencies' names, the items its published form binds. */
    async page(code: string) {
      const procedure = await require(code);
      if (procedure.publishedVersion === null) throw notFound(procedureWhat(code));
      const published = await store.form(code, procedure.publishedVersion);
      const agencies = [];
      for (const id of procedure.agencyIds.slice(0, 200)) {
        try {
          const unit = await org.unit(id);
          agencies.push({ id, nameVi: unit.nameVi, nameEn: unit.nameEn });
        } catch {
          agencies.push({ id, nameVi: id, nameEn: id });
        }
      }
      return { ...procedure, agencies, items: published ? boundItems(published.definition) : [] };
    },

    /** A published, frozen form version (no version: the newest), or null. */
    form: publishedVersion,

    /** The published form with the options of its code lists and its bound items (for the renderer). */
    async publishedForm(code: string, version?: number) {
      const rows = (await store.forms(code)).filter((row) => row.status === 'published');
      const row = version === undefined ? rows.at(-1) : rows.find((r) => r.version === version);
      if (!row) throw notFound(formWhat(code, version));
      return {
        ...toFormVersion(row),
        codeLists: await codeListOptions(row.definition),
        items: boundItems(row.definition),
      };
    },

    /** Dictionary items a form version binds (the consent screen's list). */
    async items(code: string, version?: number): Promise<string[]> {
      const form = await publishedVersion(code, version);
      return form ? boundItems(form.definition) : [];
    },

    validate: validateAnswers,
    codeListOptions,

    // ——— Editing (officials) ———

    async versions(principal: Principal, code: string) {
      const procedure = await require(code);
      requireEditor(principal, procedure.agencyIds);
      const rows = await store.forms(code);
      const definitions = rows.map((row) => row.definition);
      const codeLists: CodeListOptions = {};
      for (const definition of definitions) Object.assign(codeLists, await codeListOptions(definition));
      return { procedure, versions: rows.map(toFormVersion), codeLists };
    },

    async create(actor: Actor, input: ProcedureInput): Promise<Procedure> {
      requireEditor(actor.principal, input.agencyIds);
      await checkAgencies(input.agencyIds);
      return audited(async (trx) => {
        if (await store.lockProcedure(trx, input.code))
          throw conflict({
            vi: `Đã có thủ tục «${input.code}».`,
            en: `Procedure "${input.code}" already exists.`,
          });
        const row = procedureRow(input, clock.now(), actorName(actor));
        await store.insertProcedure(trx, row);
        await audit.record(trx, {
          actor,
          agencyId: agencyOf(input.agencyIds),
          action: 'services.procedure.create',
          objectType: 'services.procedure',
          objectId: input.code,
          before: null,
          after: snapshot(input),
          details: { code: input.code },
        });
        return toProcedure((await store.procedure(input.code, trx))!, null);
      });
    },

    async update(actor: Actor, code: string, patch: ProcedurePatch): Promise<Procedure> {
      const current = await require(code);
      requireEditor(actor.principal, current.agencyIds);
      if (patch.agencyIds) {
        requireEditor(actor.principal, patch.agencyIds);
        await checkAgencies(patch.agencyIds);
      }
      const merged: ProcedureInput = { ...current, ...patch, code } as ProcedureInput;
      const row = procedureRow(merged, clock.now(), actorName(actor));
      const { created_at: _created, code: _code, ...changes } = row;
      return audited(async (trx) => {
        await store.lockProcedure(trx, code);
        await store.updateProcedure(trx, code, changes);
        await audit.record(trx, {
          actor,
          agencyId: agencyOf(merged.agencyIds),
          action: 'services.procedure.update',
          objectType: 'services.procedure',
          objectId: code,
          before: snapshot(current),
          after: snapshot(merged),
          details: { code, fields: Object.keys(patch) },
        });
        return toProcedure((await store.procedure(code, trx))!, current.publishedVersion);
      });
    },

    /**
     * Saves the draft: updates the open draft, or opens a new draft version after the newest one
     * (published versions are never changed).
     */
    async saveDraft(actor: Actor, code: string, input: FormDefinition): Promise<FormVersion> {
      const procedure = await require(code);
      requireEditor(actor.principal, procedure.agencyIds);
      const definition = await checkDefinition(input);
      const now = clock.now();
      return audited(async (trx) => {
        await store.lockProcedure(trx, code);
        const rows = await store.forms(code, trx);
        const draft = rows.find((row) => row.status === 'draft');
        const version = draft?.version ?? (rows.at(-1)?.version ?? 0) + 1;
        if (draft) await store.updateDraft(trx, code, version, JSON.stringify(definition), now);
        else
          await store.insertForm(trx, {
            procedure_code: code,
            version,
            status: 'draft',
            definition: JSON.stringify(definition),
            created_at: now,
            created_by: actorName(actor),
            updated_at: now,
            published_at: null,
            published_by: null,
          });
        await audit.record(trx, {
          actor,
          agencyId: agencyOf(procedure.agencyIds),
          action: draft ? 'services.form.draft.update' : 'services.form.draft.create',
          objectType: 'services.form',
          objectId: `${code}@${version}`,
          before: draft ? snapshot(draft.definition) : null,
          after: snapshot(definition),
          details: { code, version },
        });
        return toFormVersion((await store.form(code, version, trx))!);
      });
    },

    /** Publishes the open draft: from now on that version is frozen. */
    async publish(actor: Actor, code: string): Promise<FormVersion> {
      const procedure = await require(code);
      requireEditor(actor.principal, procedure.agencyIds);
      const noDraft = () =>
        conflict({
          vi: `Thủ tục «${code}» không có bản nháp biểu mẫu để công bố.`,
          en: `Procedure "${code}" has no draft form to publish.`,
        });
      const checked = (await store.forms(code)).find((row) => row.status === 'draft');
      if (!checked) throw noDraft();
      // Checked before the transaction: the dictionary reads outside it (one connection on PGlite).
      await checkDefinition(checked.definition);
      const now = clock.now();
      return audited(async (trx) => {
        await store.lockProcedure(trx, code);
        const draft = (await store.forms(code, trx)).find((row) => row.status === 'draft');
        if (!draft) throw noDraft();
        if (
          draft.version !== checked.version ||
          JSON.stringify(draft.definition) !== JSON.stringify(checked.definition)
        )
          throw conflict({
            vi: 'Bản nháp vừa được người khác sửa; hãy tải lại rồi công bố.',
            en: 'The draft was just changed by someone else; reload and publish again.',
          });
        await store.publish(trx, code, draft.version, now, actorName(actor));
        await audit.record(trx, {
          actor,
          agencyId: agencyOf(procedure.agencyIds),
          action: 'services.form.publish',
          objectType: 'services.form',
          objectId: `${code}@${draft.version}`,
          before: null,
          after: snapshot(draft.definition),
          details: { code, version: draft.version, previous: procedure.publishedVersion },
        });
        return toFormVersion((await store.form(code, draft.version, trx))!);
      });
    },

    /**
     * The builder's preview: validates answers against a given (unsaved) definition, a version, or
     * else the draft (or the newest published version). Changes nothing.
     */
    async previewValidate(
      principal: Principal,
      code: string,
      input: {
        definition?: FormDefinition;
        version?: number;
        answers: Record<string, unknown>;
        attachments: AttachmentsInput;
      },
    ): Promise<ValidationResult> {
      const procedure = await require(code);
      requireEditor(principal, procedure.agencyIds);
      let definition: FormDefinition;
      if (input.definition) definition = await checkDefinition(input.definition);
      else {
        const rows = await store.forms(code);
        const row =
          input.version !== undefined
            ? rows.find((r) => r.version === input.version)
            : (rows.find((r) => r.status === 'draft') ?? rows.at(-1));
        if (!row) throw notFound(formWhat(code, input.version));
        definition = row.definition;
      }
      return validateAnswers(definition, input.answers, input.attachments);
    },

    checkDefinition,
  };
}

export type ProceduresServiceImpl = ReturnType<typeof createProceduresService>;
