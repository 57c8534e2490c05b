import { sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/database.ts';

/**
 * What the services module holds about one citizen (docs/personal-data.md), for the privacy
 * module's export, and the part of it a deletion request may erase: drafts never submitted.
 * Submitted dossiers, their files and events, and issued results are records of administrative
 * procedures and stay (archival rules); they are only read here.
 */
const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export type ServicesPersonalData = {
  drafts: {
    id: string;
    procedureCode: string;
    agencyId: string;
    consent: string;
    receiptId: string | null;
    answers: Record<string, unknown>;
    attachments: { key: string; filename: string; mediaType: string; sizeBytes: number }[];
    createdAt: string;
    updatedAt: string;
    purgedAt: string | null;
  }[];
  dossiers: {
    code: string;
    procedureCode: string;
    procedureNameVi: string;
    procedureNameEn: string;
    agencyId: string;
    state: string;
    channel: string;
    applicantName: string;
    contactEmail: string | null;
    contactPhone: string | null;
    answers: Record<string, unknown>;
    submittedAt: string;
    dueDate: string | null;
    decidedAt: string | null;
    closedAt: string | null;
    payment: { feeVnd: number; paidAt: string | null };
    rating: { score: number; comment: string | null; ratedAt: string | null } | null;
    attachments: { key: string; filename: string; mediaType: string; sizeBytes: number; addedAt: string }[];
    events: { at: string; kind: string; fromState: string | null; toState: string; reason: string | null }[];
  }[];
  results: {
    id: string;
    dossierCode: string;
    titleVi: string;
    titleEn: string;
    agencyNameVi: string;
    agencyNameEn: string;
    subjectName: string;
    fields: unknown;
    issuedAt: string;
    status: string;
    verifyPath: string;
  }[];
};

export type DraftErasure = { drafts: number; files: number };

export function createServicesPersonalData(database: Database) {
  const db = database.db;
  return {
    async exportFor(personalId: string): Promise<ServicesPersonalData> {
      const drafts = await db
        .selectFrom('services.dossier_drafts')
        .selectAll()
        .where('personal_id', '=', personalId)
        .where('submitted_dossier_id', 'is', null)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      const dossiers = await db
        .selectFrom('services.dossiers')
        .selectAll()
        .where('personal_id', '=', personalId)
        .orderBy('submitted_at')
        .orderBy('code')
        .execute();
      const ids = dossiers.map((row) => row.id as string);
      const attachments = ids.length
        ? await db
            .selectFrom('services.dossier_attachments')
            .selectAll()
            .where('dossier_id', 'in', ids)
            .orderBy('added_at')
            .execute()
        : [];
      // The citizen's own history; who handled it (officials' ids) is the agency's record, not theirs.
      const events = ids.length
        ? await db
            .selectFrom('services.dossier_events')
            .select(['dossier_id', 'at', 'kind', 'from_state', 'to_state', 'reason'])
            .where('dossier_id', 'in', ids)
            .orderBy('seq')
            .execute()
        : [];
      const results = await db
        .selectFrom('services.results')
        .selectAll()
        .where('personal_id', '=', personalId)
        .orderBy('issued_at')
        .execute();
      return {
        drafts: drafts.map((row) => ({
          id: row.id,
          procedureCode: row.procedure_code,
          agencyId: row.agency_id,
          consent: row.consent,
          receiptId: row.receipt_id,
          answers: row.answers,
          attachments: (
            row.attachments as { key: string; filename: string; mediaType: string; sizeBytes: number }[]
          ).map((a) => ({
            key: a.key,
            filename: a.filename,
            mediaType: a.mediaType,
            sizeBytes: a.sizeBytes,
          })),
          createdAt: iso(row.created_at)!,
          updatedAt: iso(row.updated_at)!,
          purgedAt: iso(row.purged_at),
        })),
        dossiers: dossiers.map((row) => ({
          code: row.code,
          procedureCode: row.procedure_code,
          procedureNameVi: row.procedure_name_vi,
          procedureNameEn: row.procedure_name_en,
          agencyId: row.agency_id,
          state: row.state,
          channel: row.channel,
          applicantName: row.applicant_name,
          contactEmail: row.contact_email,
          contactPhone: row.contact_phone,
          answers: row.answers,
          submittedAt: iso(row.submitted_at)!,
          dueDate: row.due_date === null ? null : String(row.due_date).slice(0, 10),
          decidedAt: iso(row.decided_at),
          closedAt: iso(row.closed_at),
          payment: { feeVnd: row.fee_vnd, paidAt: iso(row.paid_at) },
          rating:
            row.rating === null
              ? null
              : { score: row.rating, comment: row.rating_comment, ratedAt: iso(row.rated_at) },
          attachments: attachments
            .filter((a) => a.dossier_id === row.id)
            .map((a) => ({
              key: a.key,
              filename: a.filename,
              mediaType: a.media_type,
              sizeBytes: a.size_bytes,
              addedAt: iso(a.added_at)!,
            })),
          events: events
            .filter((e) => e.dossier_id === row.id)
            .map((e) => ({
              at: iso(e.at)!,
              kind: e.kind,
              fromState: e.from_state,
              toState: e.to_state,
              reason: e.reason,
            })),
        })),
        results: results.map((row) => ({
          id: row.id,
          dossierCode: row.dossier_code,
          titleVi: row.title_vi,
          titleEn: row.title_en,
          agencyNameVi: row.agency_name_vi,
          agencyNameEn: row.agency_name_en,
          subjectName: row.subject_name,
          fields: row.fields,
          issuedAt: iso(row.issued_at)!,
          status: row.status,
          verifyPath: `/verify/${row.id}`,
        })),
      };
    },

    /**
     * Deletes the citizen's drafts never submitted, and the files attached to them that no dossier
     * holds, inside the caller's transaction.
     */
    async eraseDraftsFor(trx: Transaction<unknown>, personalId: string): Promise<DraftErasure> {
      const t = trx as unknown as typeof db;
      const drafts = await t
        .deleteFrom('services.dossier_drafts')
        .where('personal_id', '=', personalId)
        .where('submitted_dossier_id', 'is', null)
        .returning(['id', 'attachments'])
        .execute();
      const fileIds = drafts.flatMap((row) =>
        (row.attachments as { fileId: string }[]).map((attachment) => attachment.fileId),
      );
      let files = 0;
      if (fileIds.length > 0) {
        const removed = await sql<{ id: string }>`
          delete from platform.files f
          where f.id = any(${fileIds}::uuid[]) and f.purpose = 'services.dossier'
            and not exists (select 1 from services.dossier_attachments a where a.file_id = f.id)
          returning f.id`.execute(t);
        files = removed.rows.length;
      }
      return { drafts: drafts.length, files };
    },
  };
}

export type ServicesPersonalDataService = ReturnType<typeof createServicesPersonalData>;
