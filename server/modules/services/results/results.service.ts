import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import {
  type Actor,
  holdsRole,
  type Principal,
  requireRole,
  systemActor,
} from '../../../platform/auth/principal.ts';
import {
  AppError,
  forbidden,
  notFound,
  unauthenticated,
  validationFailed,
} from '../../../platform/errors.ts';
import { checkUpload, type UploadPolicy } from '../../../platform/files.ts';
import { issueMessage } from '../../../platform/http/problem.ts';
import type { PlatformContext } from '../../../platform/module.ts';
import type { OrgService } from '../../org/index.ts';
import type { SigningAuthority } from './ca.ts';
import { renderResultPdf } from './pdf.ts';
import {
  type CitizenResult,
  type CopyCheck,
  type IssueResultInput,
  issueResultInput,
  revokeInput,
  type Verification,
} from './results.schema.ts';
import type { ResultRow, ResultsTables } from './results.tables.ts';
import { signPdf, verifyPdfSignature } from './signature.ts';

export type IssuedResult = {
  id: string;
  /** The signed PDF in `platform.files`. */
  fileId: string;
  sha256: string;
  verifyUrl: string;
  issuedAt: string;
  /** True when the dossier already had a valid result and that one is returned (retried issue). */
  existing: boolean;
};

export type ResultsService = {
  /** Renders, signs with the agency's certificate, stores and records a result (idempotent per dossier). */
  issueResult(input: IssueResultInput & { actor?: Actor }): Promise<IssuedResult>;
  /** The public verification view (masked subject). */
  verification(id: string): Promise<Verification>;
  /** Is `bytes` the issued PDF (hash), with a signature that verifies against the agency's certificate? */
  checkCopy(id: string, bytes: Buffer): Promise<CopyCheck>;
  /** Revocation by an official of the issuing agency (case officer or agency administrator); audited. */
  revoke(actor: Actor, id: string, input: { reason: string }): Promise<Verification>;
  /** The signed PDF, for its citizen or the issuing agency's officials only. */
  resultPdf(principal: Principal, id: string): Promise<{ filename: string; bytes: Buffer; sha256: string }>;
  /** The citizen's issued results, newest first, with their fields and dictionary items (once-only pre-fill). */
  resultsOf(personalId: string): Promise<CitizenResult[]>;
  authority: Pick<SigningAuthority, 'demo' | 'label'>;
};

/** Uploaded copies to check: PDF only, 10 MB at most. */
export const copyPolicy: UploadPolicy = { kinds: ['pdf'], maxBytes: 10 * 1024 * 1024 };
const storedPolicy: UploadPolicy = { kinds: ['pdf'], maxBytes: 20 * 1024 * 1024 };

/** Roles of the issuing agency that may revoke a result and read its PDF. */
const REVOKING_ROLES = ['case_officer', 'agency_admin'] as const;
const READING_ROLES = ['case_officer', 'agency_admin', 'agency_reviewer'] as const;

const statusText = {
  valid: { vi: 'Còn hiệu lực', en: 'Valid' },
  revoked: { vi: 'Đã bị thu hồi', en: 'Revoked' },
};

const resultNotFound = () => notFound({ vi: 'kết quả này', en: 'This result' });

/** "Nguyễn Văn An" → "Nguyễn V. An": enough to compare with the paper in hand, not a full name. */
function maskName(fullName: string): string {
  const words = fullName.normalize('NFC').trim().split(/\s+/);
  if (words.length <= 1) return `${(words[0] ?? '').slice(0, 1)}***`;
  return [words[0], ...words.slice(1, -1).map((word) => `${word.slice(0, 1)}.`), words.at(-1)].join(' ');
}

/** Zod parsing inside the service (callers are other parts, not only routes): bilingual 400s. */
function parseOrFail<T>(
  schema: {
    safeParse(
      value: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { code: string; path: PropertyKey[] }[] } };
  },
  value: unknown,
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw validationFailed(
    parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issueMessage(issue),
    })),
  );
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

class DuplicateIssue extends Error {}

/** The demo result the portal's verification page can show (demo data only, plainly labelled). */
export const DEMO_RESULT_ID = 'de307e50-0000-4000-8000-000000000001';

export function createResultsService(
  context: PlatformContext,
  deps: { org: OrgService; authority: SigningAuthority },
): ResultsService & { seedDemo(): Promise<void> } {
  const db = context.database.db as unknown as Kysely<ResultsTables>;
  const { authority } = deps;
  const verifyUrlOf = (id: string) => `${context.config.publicUrl}/verify/${id}`;

  const find = async (id: string): Promise<ResultRow | null> => {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    return (
      (await db
        .selectFrom('services.results')
        .selectAll()
        .where('id', '=', id.toLowerCase())
        .executeTakeFirst()) ?? null
    );
  };
  const require = async (id: string) => {
    const row = await find(id);
    if (!row) throw resultNotFound();
    return row;
  };

  const toIssued = (row: ResultRow, existing: boolean): IssuedResult => ({
    id: row.id,
    fileId: row.file_id,
    sha256: row.sha256,
    verifyUrl: verifyUrlOf(row.id),
    issuedAt: new Date(row.issued_at).toISOString(),
    existing,
  });
  const validFor = (dossierId: string) =>
    db
      .selectFrom('services.results')
      .selectAll()
      .where('dossier_id', '=', dossierId)
      .where('status', '=', 'valid')
      .executeTakeFirst();

  const toVerification = (row: ResultRow): Verification => ({
    id: row.id,
    status: row.status,
    statusText: statusText[row.status],
    issuer: { agencyId: row.agency_id, nameVi: row.agency_name_vi, nameEn: row.agency_name_en },
    subject: { nameMasked: maskName(row.subject_name), personalIdLast: row.personal_id.slice(-3) },
    titleVi: row.title_vi,
    titleEn: row.title_en,
    procedureCode: row.procedure_code,
    issuedAt: new Date(row.issued_at).toISOString(),
    sha256: row.sha256,
    revocation:
      row.status === 'revoked'
        ? { at: new Date(row.revoked_at!).toISOString(), reason: row.revoked_reason! }
        : null,
    signature: {
      demoCa: row.demo_ca,
      label: row.demo_ca
        ? authority.label
        : { vi: 'Chứng thư số của cơ quan cấp', en: 'The issuing agency’s certificate' },
      signerSubject: new X509Certificate(row.certificate_pem).subject,
    },
  });

  async function issue(raw: IssueResultInput & { actor?: Actor }, fixedId?: string): Promise<IssuedResult> {
    const { actor = systemActor('services.results'), ...rest } = raw;
    const input = parseOrFail(issueResultInput, rest);
    const already = await validFor(input.dossierId);
    if (already) return toIssued(already, true);

    const agency = await deps.org.unit(input.agencyId);
    const identity = await authority.identityFor(agency);
    const id = fixedId ?? randomUUID();
    const issuedAt = input.issuedAt ?? context.clock.now();
    const verifyUrl = verifyUrlOf(id);
    const unsigned = await renderResultPdf({
      id,
      verifyUrl,
      agency,
      dossierCode: input.dossierCode,
      procedureCode: input.procedureCode,
      subject: input.subject,
      titleVi: input.titleVi,
      titleEn: input.titleEn,
      fields: input.fields,
      issuedAt,
      demo: authority.demo,
    });
    const signed = await signPdf(unsigned, identity, {
      signerName: agency.nameEn,
      reason: `Result of dossier ${input.dossierCode}`,
      location: 'Hanoi, Viet Nam',
      signingTime: issuedAt,
    });
    const digest = sha256(signed);
    try {
      const row = await db.transaction().execute(async (trx) => {
        const file = await context.files.save(trx as unknown as Transaction<unknown>, {
          filename: `ket-qua-${input.dossierCode}.pdf`,
          bytes: signed,
          purpose: 'services.result',
          policy: storedPolicy,
          actor,
        });
        const values: ResultRow = {
          id,
          dossier_id: input.dossierId,
          dossier_code: input.dossierCode,
          procedure_code: input.procedureCode,
          agency_id: agency.id,
          agency_name_vi: agency.nameVi,
          agency_name_en: agency.nameEn,
          personal_id: input.subject.personalId,
          subject_name: input.subject.fullName,
          title_vi: input.titleVi,
          title_en: input.titleEn,
          fields: input.fields,
          items: input.items ?? {},
          issued_at: issuedAt,
          file_id: file.id,
          sha256: digest,
          certificate_pem: identity.certificatePem,
          demo_ca: authority.demo,
          status: 'valid',
          revoked_at: null,
          revoked_reason: null,
          revoked_by: null,
          created_at: context.clock.now(),
        };
        const inserted = await sql<{ id: string }>`
            insert into services.results (id, dossier_id, dossier_code, procedure_code, agency_id,
              agency_name_vi, agency_name_en, personal_id, subject_name, title_vi, title_en, fields, items,
              issued_at, file_id, sha256, certificate_pem, demo_ca, status, created_at)
            values (${id}, ${values.dossier_id}, ${values.dossier_code}, ${values.procedure_code},
              ${values.agency_id}, ${values.agency_name_vi}, ${values.agency_name_en}, ${values.personal_id},
              ${values.subject_name}, ${values.title_vi}, ${values.title_en},
              ${JSON.stringify(values.fields)}::jsonb, ${JSON.stringify(values.items)}::jsonb,
              ${issuedAt}, ${file.id}, ${digest}, ${values.certificate_pem}, ${values.demo_ca}, 'valid',
              ${values.created_at})
            on conflict (dossier_id) where status = 'valid' do nothing
            returning id`.execute(trx);
        if (inserted.rows.length === 0) throw new DuplicateIssue();
        await context.audit.record(trx, {
          actor,
          agencyId: agency.id,
          action: 'services.result.issue',
          objectType: 'services.result',
          objectId: id,
          after: { dossierId: input.dossierId, sha256: digest },
          details: { dossierCode: input.dossierCode, procedureCode: input.procedureCode, sha256: digest },
        });
        return values;
      });
      return toIssued(row, false);
    } catch (error) {
      if (!(error instanceof DuplicateIssue)) throw error;
      const existing = await validFor(input.dossierId);
      if (!existing) throw error;
      return toIssued(existing, true);
    }
  }

  return {
    authority: { demo: authority.demo, label: authority.label },

    issueResult: (raw) => issue(raw),

    async seedDemo() {
      if (await find(DEMO_RESULT_ID)) return; // idempotent, even once revoked in a demonstration
      const started = Date.now();
      await issue(
        {
          dossierId: 'demo-dossier-attp-0001',
          dossierCode: 'DEMO-000.00.12.H26-260316-0001',
          procedureCode: 'DEMO-ATTP',
          agencyId: 'so-y-te',
          subject: { personalId: '079199000001', fullName: 'Trần Văn Demo' },
          titleVi: 'Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (DỮ LIỆU MINH HỌA)',
          titleEn: 'Food-safety certificate of eligibility (DEMO DATA)',
          fields: [
            { labelVi: 'Tên cơ sở', labelEn: 'Establishment', value: 'Cơ sở minh họa / Demo establishment' },
            { labelVi: 'Hiệu lực đến', labelEn: 'Valid until', value: '16/03/2029' },
          ],
          issuedAt: new Date('2026-03-16T03:00:00Z'),
          actor: systemActor('seed:demo'),
        },
        DEMO_RESULT_ID,
      );
      context.log.info(
        { id: DEMO_RESULT_ID, ms: Date.now() - started, demo: true },
        'Đã cấp kết quả minh họa (CA thử nghiệm) / demo result issued (demo CA)',
      );
    },

    async verification(id) {
      return toVerification(await require(id));
    },

    async checkCopy(id, bytes) {
      const row = await require(id);
      checkUpload('ban-sao.pdf', bytes, copyPolicy);
      const digest = sha256(bytes);
      const identical = digest === row.sha256;
      const signature = verifyPdfSignature(bytes, row.certificate_pem, await authority.trustAnchors());
      const reasons: { vi: string; en: string }[] = [];
      if (!identical)
        reasons.push({
          vi: 'Tệp không trùng khớp với bản đã cấp: mã băm SHA-256 khác.',
          en: 'The file is not identical to the issued one: its SHA-256 hash differs.',
        });
      if (!signature.valid) reasons.push(signature.reason);
      if (row.status === 'revoked')
        reasons.push({
          vi: `Kết quả đã bị thu hồi: ${row.revoked_reason}`,
          en: `The result has been revoked: ${row.revoked_reason}`,
        });
      return {
        id: row.id,
        valid: identical && signature.valid && row.status === 'valid',
        identical,
        signatureValid: signature.valid,
        status: row.status,
        sha256: digest,
        reasons,
        demoCa: row.demo_ca,
      };
    },

    async revoke(actor, id, body) {
      const { reason } = parseOrFail(revokeInput, body);
      const row = await require(id);
      requireRole(actor.principal, [...REVOKING_ROLES], row.agency_id);
      const official = actor.principal;
      if (official.kind !== 'official') throw forbidden();
      const now = context.clock.now();
      const updated = await db.transaction().execute(async (trx) => {
        const changed = await trx
          .updateTable('services.results')
          .set({ status: 'revoked', revoked_at: now, revoked_reason: reason, revoked_by: official.accountId })
          .where('id', '=', row.id)
          .where('status', '=', 'valid')
          .returningAll()
          .executeTakeFirst();
        if (!changed)
          throw new AppError('conflict', {
            vi: 'Kết quả này đã bị thu hồi trước đó.',
            en: 'This result has already been revoked.',
          });
        await context.audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          action: 'services.result.revoke',
          objectType: 'services.result',
          objectId: row.id,
          before: { status: 'valid' },
          after: { status: 'revoked', reason },
          details: { reason, dossierCode: row.dossier_code },
        });
        return changed;
      });
      return toVerification(updated);
    },

    async resultPdf(principal, id) {
      if (principal.kind === 'anonymous') throw unauthenticated();
      const row = await require(id);
      const owner = principal.kind === 'citizen' && principal.personalId === row.personal_id;
      const agencyOfficial = READING_ROLES.some((role) => holdsRole(principal, role, row.agency_id));
      // A citizen asking for someone else's result learns nothing about it (404, not 403).
      if (principal.kind === 'citizen' && !owner) throw resultNotFound();
      if (!owner && !agencyOfficial)
        throw forbidden({
          vi: 'Chỉ công dân được cấp và cán bộ của cơ quan cấp được tải kết quả này.',
          en: 'Only the citizen it was issued to and officials of the issuing agency may download this result.',
        });
      const file = await context.files.content(row.file_id);
      if (!file) throw resultNotFound();
      return { filename: `ket-qua-${row.dossier_code}.pdf`, bytes: file.content, sha256: row.sha256 };
    },

    async resultsOf(personalId) {
      const rows = await db
        .selectFrom('services.results')
        .selectAll()
        .where('personal_id', '=', personalId)
        .orderBy('issued_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map((row) => ({
        id: row.id,
        dossierId: row.dossier_id,
        dossierCode: row.dossier_code,
        procedureCode: row.procedure_code,
        agencyId: row.agency_id,
        agencyNameVi: row.agency_name_vi,
        agencyNameEn: row.agency_name_en,
        titleVi: row.title_vi,
        titleEn: row.title_en,
        issuedAt: new Date(row.issued_at).toISOString(),
        status: row.status,
        fields: row.fields,
        items: row.items,
        verifyUrl: verifyUrlOf(row.id),
        pdfUrl: `/api/results/${row.id}/pdf`,
      }));
    },
  };
}
