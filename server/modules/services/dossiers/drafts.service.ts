import { isDeepStrictEqual } from 'node:util';
import { type Kysely, sql, type Transaction } from 'kysely';
import { type Actor, acrValues, type Principal } from '../../../platform/auth/principal.ts';
import { isoDateInHanoi } from '../../../platform/clock.ts';
import { AppError, forbidden, notFound, validationFailed } from '../../../platform/errors.ts';
import { type FileKind, mediaTypes, sniffKind, type UploadPolicy } from '../../../platform/files.ts';
import type { PlatformContext } from '../../../platform/module.ts';
import type { PopulationService } from '../../population/index.ts';
import { contactPhoneOf } from './contact.ts';
import type {
  DeliveredValue,
  DossierRow,
  DossierTables,
  DraftAttachment,
  DraftRow,
  Provenance,
} from './dossiers.tables.ts';
import type { ExchangePort, FormDefinition, FormField, ProcedureInfo, ProceduresPort } from './ports.ts';

type Citizen = Extract<Principal, { kind: 'citizen' }>;

export type InlineAttachment = { key: string; filename: string; contentBase64: string };

export type DraftsDeps = {
  context: PlatformContext;
  procedures: () => ProceduresPort;
  exchange: () => ExchangePort;
  population: PopulationService;
  draftRetentionDays: number;
  /** Told the dictionary items a new dossier answered (the earlier-dossiers provider offers them). */
  onSubmitted?: (items: string[]) => void;
};

const requireCitizen = (principal: Principal): Citizen => {
  if (principal.kind !== 'citizen') {
    throw forbidden({ vi: 'Chức năng này dành cho công dân.', en: 'This is for citizens.' });
  }
  return principal;
};

/** A level-2 procedure refuses a level-1 session with a problem the web turns into a step-up. */
export function requireAssurance(principal: Citizen, procedure: ProcedureInfo) {
  if (procedure.minimumAcr === acrValues.vneidLevel2 && principal.acr !== acrValues.vneidLevel2) {
    throw new AppError(
      'forbidden',
      {
        vi: 'Thủ tục này cần định danh điện tử VNeID mức 2. Vui lòng xác thực lại ở mức 2.',
        en: 'This procedure needs VNeID level 2. Please sign in again at level 2.',
      },
      { reason: 'step_up_required', requiredAcr: acrValues.vneidLevel2, currentAcr: principal.acr },
    );
  }
}

/** The top-level fields of a form (bound fields of repeating groups are not pre-filled). */
export function topLevelFields(definition: FormDefinition): FormField[] {
  return definition.sections.flatMap((section) =>
    section.fields.filter((field): field is FormField => !('fields' in field)),
  );
}

const boundFields = (definition: FormDefinition) => topLevelFields(definition).filter((field) => field.item);

/** The file kinds a form's media types allow. */
export function policyFor(mediaTypeList: string[], maxBytes: number): UploadPolicy {
  const kinds = (Object.entries(mediaTypes) as [FileKind, string][])
    .filter(([, type]) => mediaTypeList.includes(type))
    .map(([kind]) => kind);
  return { kinds, maxBytes };
}

/** Agency prefix of a dossier code: initials of the id's words, numbers kept (`so-y-te` → `SYT`). */
export function agencyPrefix(agencyId: string): string {
  return agencyId
    .split(/[-_.]/)
    .map((part) => (/^\d+$/.test(part) ? part : part.charAt(0).toUpperCase()))
    .join('');
}

/** The next dossier code of an agency for a Hanoi day: `<initials>-<YYYYMMDD>-<seq>`. */
export async function nextDossierCode(trx: Transaction<DossierTables>, agencyId: string, day: string) {
  const sequence = await trx
    .insertInto('services.dossier_sequences')
    .values({ agency_id: agencyId, day, last: 1 })
    .onConflict((oc) =>
      oc.columns(['agency_id', 'day']).doUpdateSet({ last: sql`services.dossier_sequences.last + 1` }),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return `${agencyPrefix(agencyId)}-${day.replaceAll('-', '')}-${String(sequence.last).padStart(4, '0')}`;
}

export function createDraftsService(deps: DraftsDeps) {
  const { context } = deps;
  const db = context.database.db as unknown as Kysely<DossierTables>;
  const now = () => context.clock.now();

  async function procedureOf(code: string): Promise<ProcedureInfo> {
    const procedure = await deps.procedures().get(code);
    if (!procedure || procedure.publishedVersion === null) {
      throw notFound({ vi: `thủ tục ${code}`, en: `Procedure ${code}` });
    }
    return procedure;
  }

  /** Published form versions are frozen (procedures never edit one), so each is read once. */
  const forms = new Map<string, Promise<FormDefinition>>();
  function formOf(code: string, version: number): Promise<FormDefinition> {
    const key = `${code}\n${version}`;
    let form = forms.get(key);
    if (!form) {
      form = deps
        .procedures()
        .form(code, version)
        .then((found) => {
          if (!found)
            throw notFound({ vi: `biểu mẫu ${code} phiên bản ${version}`, en: `Form ${code} v${version}` });
          return found.definition;
        });
      forms.set(key, form);
      // A failure (absent, database) is not remembered.
      form.catch(() => forms.delete(key));
    }
    return form;
  }

  async function ownDraft(principal: Principal, draftId: string): Promise<DraftRow> {
    const citizen = requireCitizen(principal);
    const draft = /^[0-9a-f-]{36}$/.test(draftId)
      ? await db
          .selectFrom('services.dossier_drafts')
          .selectAll()
          .where('id', '=', draftId)
          .executeTakeFirst()
      : undefined;
    // Another citizen's draft is answered exactly like a missing one.
    if (!draft || draft.personal_id !== citizen.personalId) {
      throw notFound({ vi: 'bản nháp hồ sơ', en: 'Draft' });
    }
    return draft;
  }

  const openDraft = (draft: DraftRow) => {
    if (draft.submitted_dossier_id) {
      throw new AppError('conflict', {
        vi: 'Bản nháp này đã được nộp thành hồ sơ.',
        en: 'This draft has already been submitted.',
      });
    }
  };

  /** `known`: the procedure and form the caller already read for this request. */
  async function view(draft: DraftRow, known?: { procedure: ProcedureInfo; definition: FormDefinition }) {
    const procedure = known?.procedure ?? (await procedureOf(draft.procedure_code));
    const definition = known?.definition ?? (await formOf(draft.procedure_code, draft.form_version));
    const items = [...new Set(boundFields(definition).map((field) => field.item!))];
    const sources =
      draft.consent === 'pending' && items.length > 0
        ? await deps.exchange().sources(draft.personal_id, items)
        : [];
    const prefill = Object.fromEntries(
      Object.entries(draft.delivered).map(([key, delivered]) => [
        key,
        {
          item: delivered.item,
          serviceId: delivered.serviceId,
          providerAgencyId: delivered.providerAgencyId,
          updatedAt: delivered.updatedAt,
          verification: delivered.verification,
          ...(delivered.issuer ? { issuer: delivered.issuer } : {}),
          locked: delivered.verification === 'government-verified',
          label:
            delivered.verification === 'government-verified' && delivered.issuer
              ? {
                  vi: `Theo kết quả do ${delivered.issuer.nameVi} cấp ngày ${isoDateInHanoi(new Date(delivered.updatedAt))}`,
                  en: `From the result issued by ${delivered.issuer.nameEn} on ${isoDateInHanoi(new Date(delivered.updatedAt))}`,
                }
              : delivered.verification === 'government-verified'
                ? {
                    vi: `Đã xác thực bởi ${delivered.serviceId}, cập nhật ${isoDateInHanoi(new Date(delivered.updatedAt))}`,
                    en: `Verified by ${delivered.serviceId}, updated ${isoDateInHanoi(new Date(delivered.updatedAt))}`,
                  }
                : {
                    vi: `Từ hồ sơ của bạn ngày ${isoDateInHanoi(new Date(delivered.updatedAt))}`,
                    en: `From your dossier of ${isoDateInHanoi(new Date(delivered.updatedAt))}`,
                  },
        },
      ]),
    );
    return {
      id: draft.id,
      procedure: {
        code: procedure.code,
        nameVi: procedure.nameVi,
        nameEn: procedure.nameEn,
        minimumAcr: procedure.minimumAcr,
        processingDays: procedure.processingDays,
        feeVnd: procedure.feeVnd,
      },
      formVersion: draft.form_version,
      form: definition,
      agencyId: draft.agency_id,
      consent: draft.consent,
      receiptId: draft.receipt_id,
      neededItems: items,
      sources,
      answers: draft.answers,
      prefill,
      attachments: draft.attachments.map(({ key, fileId, filename, mediaType, sizeBytes }) => ({
        key,
        fileId,
        filename,
        mediaType,
        sizeBytes,
      })),
      retentionDays: deps.draftRetentionDays,
      createdAt: draft.created_at.toISOString(),
      updatedAt: draft.updated_at.toISOString(),
      submittedDossierId: draft.submitted_dossier_id,
    };
  }

  /** Resolves which form field a delivered item fills. */
  function deliveredByField(definition: FormDefinition, values: DeliveredValueInput[]) {
    const byItem = new Map<string, DeliveredValueInput>();
    // Government-verified values win over self-declared ones for the same item.
    for (const value of values) {
      const known = byItem.get(value.item);
      if (
        !known ||
        (known.verification !== 'government-verified' && value.verification === 'government-verified')
      )
        byItem.set(value.item, value);
    }
    const delivered: Record<string, DeliveredValue> = {};
    for (const field of boundFields(definition)) {
      const value = byItem.get(field.item!);
      if (value && value.value !== undefined && value.value !== null) {
        delivered[field.key] = {
          value: value.value,
          item: value.item,
          serviceId: value.serviceId,
          providerAgencyId: value.providerAgencyId,
          updatedAt: value.updatedAt,
          verification: value.verification,
          ...(value.issuer ? { issuer: value.issuer } : {}),
        };
      }
    }
    return delivered;
  }
  type DeliveredValueInput = DeliveredValue;

  return {
    requireCitizen,
    procedureOf,
    formOf,

    /**
     * Start a draft, or continue the open one for this procedure (drafts follow the citizen);
     * `fresh` starts another application beside the open one.
     */
    async start(principal: Principal, procedureCode: string, options: { fresh?: boolean } = {}) {
      const citizen = requireCitizen(principal);
      const procedure = await procedureOf(procedureCode);
      requireAssurance(citizen, procedure);
      const open = options.fresh
        ? undefined
        : await db
            .selectFrom('services.dossier_drafts')
            .selectAll()
            .where('personal_id', '=', citizen.personalId)
            .where('procedure_code', '=', procedure.code)
            .where('submitted_dossier_id', 'is', null)
            .orderBy('updated_at', 'desc')
            .executeTakeFirst();
      if (open) return view(open, { procedure, definition: await formOf(procedure.code, open.form_version) });
      const at = now();
      // Commune-level procedures go to the citizen's own ward or commune when it is competent.
      const resident = await deps.population.findByPersonalId(citizen.personalId);
      const agencyId =
        resident?.wardId && procedure.agencyIds.includes(resident.wardId)
          ? resident.wardId
          : procedure.agencyIds[0];
      if (!agencyId) throw notFound({ vi: 'cơ quan giải quyết', en: 'Competent agency' });
      const row: DraftRow = {
        id: crypto.randomUUID(),
        account_id: citizen.accountId,
        personal_id: citizen.personalId,
        procedure_code: procedure.code,
        form_version: procedure.publishedVersion!,
        agency_id: agencyId,
        consent: 'pending',
        receipt_id: null,
        answers: {},
        delivered: {},
        fetched_at: null,
        attachments: [],
        created_at: at,
        updated_at: at,
        purged_at: null,
        submitted_dossier_id: null,
      };
      await db
        .insertInto('services.dossier_drafts')
        .values({
          ...row,
          answers: JSON.stringify(row.answers),
          delivered: JSON.stringify(row.delivered),
          attachments: JSON.stringify(row.attachments),
        } as never)
        .execute();
      return view(row, {
        procedure,
        definition: await formOf(procedure.code, procedure.publishedVersion!),
      });
    },

    async get(principal: Principal, draftId: string) {
      return view(await ownDraft(principal, draftId));
    },

    async mine(principal: Principal) {
      const citizen = requireCitizen(principal);
      const rows = await db
        .selectFrom('services.dossier_drafts')
        .select(['id', 'procedure_code', 'consent', 'created_at', 'updated_at'])
        .where('personal_id', '=', citizen.personalId)
        .where('submitted_dossier_id', 'is', null)
        .orderBy('updated_at', 'desc')
        .limit(100)
        .execute();
      return rows.map((row) => ({
        id: row.id,
        procedureCode: row.procedure_code,
        consent: row.consent,
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      }));
    },

    /** The consent step: accept (receipt, fetch, pre-fill) or fill in by hand. */
    async consent(actor: Actor, draftId: string, accept: boolean) {
      const draft = await ownDraft(actor.principal, draftId);
      openDraft(draft);
      const citizen = actor.principal as Citizen;
      const procedure = await procedureOf(draft.procedure_code);
      requireAssurance(citizen, procedure);
      const definition = await formOf(draft.procedure_code, draft.form_version);
      const items = [...new Set(boundFields(definition).map((field) => field.item!))];
      if (!accept || items.length === 0) {
        await db
          .updateTable('services.dossier_drafts')
          .set({ consent: 'declined', updated_at: now() })
          .where('id', '=', draft.id)
          .execute();
        return view({ ...draft, consent: 'declined', updated_at: now() }, { procedure, definition });
      }
      const exchange = deps.exchange();
      const purposeCode = `services.procedure.${procedure.code}`;
      const receipt = await exchange.giveConsent(actor, {
        purposeCode,
        purposeVi: `Điền sẵn hồ sơ thủ tục "${procedure.nameVi}"`,
        purposeEn: `Pre-filling the application for "${procedure.nameEn}"`,
        consumerAgencyId: draft.agency_id,
        items,
        retentionDays: deps.draftRetentionDays,
      });
      const values = await exchange.fetchForCitizen({
        consumerAgencyId: draft.agency_id,
        personalId: citizen.personalId,
        receiptId: receipt.id,
        items,
        purposeCode,
        actor,
      });
      const delivered = deliveredByField(definition, values);
      const answers = { ...draft.answers };
      for (const [key, value] of Object.entries(delivered)) answers[key] = value.value;
      const at = now();
      await db
        .updateTable('services.dossier_drafts')
        .set({
          consent: 'accepted',
          receipt_id: receipt.id,
          delivered: JSON.stringify(delivered) as never,
          answers: JSON.stringify(answers) as never,
          fetched_at: at,
          updated_at: at,
        })
        .where('id', '=', draft.id)
        .execute();
      return view(
        {
          ...draft,
          consent: 'accepted',
          receipt_id: receipt.id,
          delivered,
          answers,
          fetched_at: at,
          updated_at: at,
        },
        { procedure, definition },
      );
    },

    async save(principal: Principal, draftId: string, answers: Record<string, unknown>) {
      const draft = await ownDraft(principal, draftId);
      openDraft(draft);
      const at = now();
      await db
        .updateTable('services.dossier_drafts')
        .set({ answers: JSON.stringify(answers) as never, updated_at: at })
        .where('id', '=', draft.id)
        .execute();
      return view({ ...draft, answers, updated_at: at });
    },

    async discard(principal: Principal, draftId: string) {
      const draft = await ownDraft(principal, draftId);
      openDraft(draft);
      await db.deleteFrom('services.dossier_drafts').where('id', '=', draft.id).execute();
    },

    async addAttachment(
      actor: Actor,
      draftId: string,
      key: string,
      file: { filename: string; bytes: Buffer },
    ) {
      const draft = await ownDraft(actor.principal, draftId);
      openDraft(draft);
      const definition = await formOf(draft.procedure_code, draft.form_version);
      const spec = definition.attachments.find((a) => a.key === key);
      if (!spec) {
        throw validationFailed([
          {
            path: 'key',
            message: { vi: 'Biểu mẫu không có mục đính kèm này.', en: 'The form has no such attachment.' },
          },
        ]);
      }
      return db.transaction().execute(async (trx) => {
        const stored = await context.files.save(trx as never, {
          filename: file.filename,
          bytes: file.bytes,
          purpose: 'services.dossier',
          policy: policyFor(spec.mediaTypes, spec.maxBytes),
          actor,
        });
        const attachment: DraftAttachment = {
          key,
          fileId: stored.id,
          filename: stored.filename,
          mediaType: stored.mediaType,
          sizeBytes: stored.sizeBytes,
          sha256: stored.sha256,
        };
        await trx
          .updateTable('services.dossier_drafts')
          .set({
            attachments: sql`attachments || ${JSON.stringify([attachment])}::jsonb`,
            updated_at: now(),
          })
          .where('id', '=', draft.id)
          .execute();
        return attachment;
      });
    },

    /**
     * Submit: checks locked values against what the exchange delivered for this draft (422 and
     * nothing stored when one was altered), validates the form, then writes the dossier, its
     * answers with per-field provenance, attachments and the submitted event in one transaction.
     */
    async submit(
      actor: Actor,
      draftId: string,
      input: { answers: Record<string, unknown>; attachments?: InlineAttachment[] },
    ) {
      const draft = await ownDraft(actor.principal, draftId);
      const citizen = actor.principal as Citizen;
      if (draft.submitted_dossier_id) return { dossierId: draft.submitted_dossier_id, replay: true };
      const procedure = await procedureOf(draft.procedure_code);
      requireAssurance(citizen, procedure);
      const definition = await formOf(draft.procedure_code, draft.form_version);
      let answers = input.answers;

      const altered = Object.entries(draft.delivered)
        .filter(([key, delivered]) => {
          if (delivered.verification !== 'government-verified') return false;
          return !isDeepStrictEqual(answers[key], delivered.value);
        })
        .map(([key]) => key);
      if (altered.length > 0) {
        throw new AppError(
          'unprocessable',
          {
            vi: 'Một số thông tin đã được cơ quan nhà nước xác thực bị thay đổi. Hồ sơ không được lưu.',
            en: 'Some government-verified values were changed. Nothing was stored.',
          },
          {
            fields: altered.map((path) => ({
              path,
              message: {
                vi: 'Giá trị đã xác thực không được sửa.',
                en: 'A verified value cannot be changed.',
              },
            })),
          },
        );
      }

      const inline = (input.attachments ?? []).map((attachment) => {
        const spec = definition.attachments.find((a) => a.key === attachment.key);
        if (!spec) {
          throw validationFailed([
            {
              path: `attachments.${attachment.key}`,
              message: { vi: 'Biểu mẫu không có mục đính kèm này.', en: 'The form has no such attachment.' },
            },
          ]);
        }
        return { ...attachment, bytes: Buffer.from(attachment.contentBase64, 'base64'), spec };
      });
      const attachmentRefs = draft.attachments.map((a) => ({
        key: a.key,
        mediaType: a.mediaType,
        bytes: a.sizeBytes,
      }));
      for (const a of inline) {
        const kind = sniffKind(a.bytes, a.filename);
        attachmentRefs.push({
          key: a.key,
          mediaType: kind ? mediaTypes[kind] : 'application/octet-stream',
          bytes: a.bytes.length,
        });
      }
      const validation = await deps.procedures().validate(definition, answers, attachmentRefs);
      if (!validation.valid || validation.issues.length > 0) {
        throw validationFailed(
          validation.issues.map((issue) => ({ path: issue.path, message: { vi: issue.vi, en: issue.en } })),
        );
      }
      // Hidden and unknown values are not kept (the validator says which remain).
      answers = validation.values ?? answers;

      const fetchedAt = draft.fetched_at?.toISOString() ?? '';
      const provenance: Record<string, Provenance> = {};
      const itemOf = new Map(boundFields(definition).map((field) => [field.key, field.item!]));
      for (const key of Object.keys(answers)) {
        const delivered = draft.delivered[key];
        if (delivered && isDeepStrictEqual(answers[key], delivered.value)) {
          provenance[key] =
            delivered.verification === 'government-verified'
              ? {
                  source: 'exchange',
                  item: delivered.item,
                  serviceId: delivered.serviceId,
                  providerAgencyId: delivered.providerAgencyId,
                  updatedAt: delivered.updatedAt,
                  verification: 'government-verified',
                  fetchedAt,
                }
              : {
                  source: 'earlier-dossier',
                  item: delivered.item,
                  serviceId: delivered.serviceId,
                  updatedAt: delivered.updatedAt,
                  verification: 'self-declared',
                  fetchedAt,
                  edited: false,
                };
        } else {
          const item = itemOf.get(key);
          provenance[key] = delivered
            ? {
                source: 'typed',
                ...(item ? { item } : {}),
                prefilledFrom: {
                  serviceId: delivered.serviceId,
                  verification: delivered.verification,
                  updatedAt: delivered.updatedAt,
                },
              }
            : { source: 'typed', ...(item ? { item } : {}) };
        }
      }

      const resident = await deps.population.findByPersonalId(citizen.personalId);
      const at = now();
      const day = isoDateInHanoi(at);

      const dossier = await db.transaction().execute(async (trx) => {
        // One submission per draft, even when the same submit arrives twice.
        const locked = await trx
          .selectFrom('services.dossier_drafts')
          .select(['submitted_dossier_id'])
          .where('id', '=', draft.id)
          .forUpdate()
          .executeTakeFirst();
        if (!locked) throw notFound({ vi: 'bản nháp hồ sơ', en: 'Draft' });
        if (locked.submitted_dossier_id)
          return { id: locked.submitted_dossier_id, code: null as string | null };
        const code = await nextDossierCode(trx, draft.agency_id, day);
        const id = crypto.randomUUID();
        const row: DossierRow = {
          id,
          code,
          procedure_code: procedure.code,
          procedure_name_vi: procedure.nameVi,
          procedure_name_en: procedure.nameEn,
          form_version: draft.form_version,
          agency_id: draft.agency_id,
          account_id: citizen.accountId,
          personal_id: citizen.personalId,
          id_last4: citizen.personalId.slice(-4),
          applicant_name: citizen.fullName,
          contact_email: resident?.email ?? null,
          contact_phone: contactPhoneOf(answers, itemOf),
          channel: 'online',
          online_level: procedure.onlineLevel,
          state: 'submitted',
          resume_state: null,
          answers,
          provenance,
          processing_days: procedure.processingDays,
          fee_vnd: procedure.feeVnd,
          paid_at: null,
          payment_intent_id: null,
          submitted_at: at,
          received_at: null,
          due_date: null,
          pauses: [],
          extension_days: 0,
          suspensions: 0,
          assigned_official_id: null,
          step: null,
          target_agency_id: null,
          decided_at: null,
          result_id: null,
          closed_at: null,
          appointment_date: null,
          apology_for_due: null,
          rating: null,
          rating_comment: null,
          rated_at: null,
          draft_id: draft.id,
          demo: false,
          version: 1,
          updated_at: at,
        };
        await trx
          .insertInto('services.dossiers')
          .values({
            ...row,
            answers: JSON.stringify(answers),
            provenance: JSON.stringify(provenance),
            pauses: '[]',
          } as never)
          .execute();
        const files = [...draft.attachments];
        for (const attachment of inline) {
          const stored = await context.files.save(trx as never, {
            filename: attachment.filename,
            bytes: attachment.bytes,
            purpose: 'services.dossier',
            policy: policyFor(attachment.spec.mediaTypes, attachment.spec.maxBytes),
            actor,
          });
          files.push({
            key: attachment.key,
            fileId: stored.id,
            filename: stored.filename,
            mediaType: stored.mediaType,
            sizeBytes: stored.sizeBytes,
            sha256: stored.sha256,
          });
        }
        for (const file of files) {
          await trx
            .insertInto('services.dossier_attachments')
            .values({
              id: crypto.randomUUID(),
              dossier_id: id,
              key: file.key,
              file_id: file.fileId,
              filename: file.filename,
              media_type: file.mediaType,
              size_bytes: file.sizeBytes,
              sha256: file.sha256,
              phase: 'submission',
              added_at: at,
            })
            .execute();
        }
        await trx
          .insertInto('services.dossier_events')
          .values({
            dossier_id: id,
            at,
            kind: 'submitted',
            from_state: null,
            to_state: 'submitted',
            actor_kind: 'citizen',
            actor_id: citizen.accountId,
            actor_label: citizen.fullName,
            reason: null,
            details: JSON.stringify({
              formVersion: draft.form_version,
              attachments: files.length,
              receiptId: draft.receipt_id,
            }) as never,
          })
          .execute();
        await trx
          .updateTable('services.dossier_drafts')
          .set({ submitted_dossier_id: id, updated_at: at })
          .where('id', '=', draft.id)
          .execute();
        await context.notify.send(trx as never, {
          recipient: {
            kind: 'citizen',
            id: citizen.accountId,
            email: resident?.email ?? null,
            phone: row.contact_phone,
          },
          topic: 'services.dossier.submitted',
          subject: { vi: `Đã nộp hồ sơ ${code}`, en: `Dossier ${code} submitted` },
          body: {
            vi: `Hồ sơ ${code} (${procedure.nameVi}) đã được nộp lúc ${at.toISOString()}. Cơ quan sẽ kiểm tra và tiếp nhận.`,
            en: `Dossier ${code} (${procedure.nameEn}) was submitted at ${at.toISOString()}. The agency will review it.`,
          },
          link: `/ho-so-cua-toi/${code}`,
        });
        // Last: the audit chain's lock is held from here to the commit, so as briefly as possible.
        await context.audit.record(trx as never, {
          actor,
          agencyId: draft.agency_id,
          action: 'services.dossier.submit',
          objectType: 'services.dossier',
          objectId: id,
          after: { code, procedure: procedure.code, answers },
          details: { code, procedure: procedure.code, formVersion: draft.form_version },
        });
        return { id, code };
      });
      if (dossier.code) deps.onSubmitted?.([...itemOf.values()]);
      return { dossierId: dossier.id, replay: dossier.code === null };
    },

    /** Clears the pre-filled data of drafts not touched for the retention period (the purge job). */
    async purgeStaleDrafts(): Promise<number> {
      const before = new Date(now().getTime() - deps.draftRetentionDays * 86_400_000);
      const purged = await db
        .updateTable('services.dossier_drafts')
        .set({
          delivered: sql`'{}'::jsonb`,
          answers: sql`'{}'::jsonb`,
          attachments: sql`'[]'::jsonb`,
          consent: 'pending',
          receipt_id: null,
          fetched_at: null,
          purged_at: now(),
        })
        .where('submitted_dossier_id', 'is', null)
        .where('purged_at', 'is', null)
        .where('updated_at', '<', before)
        .returning('id')
        .execute();
      return purged.length;
    },
  };
}

export type DraftsService = ReturnType<typeof createDraftsService>;
