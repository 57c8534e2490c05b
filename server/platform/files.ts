import { createHash, randomUUID } from 'node:crypto';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from './auth/principal.ts';
import type { Database } from './db/database.ts';
import { AppError } from './errors.ts';

/**
 * Files users upload (evidence, imports, attachments), kept in the database so that every
 * instance sees them and backups carry them. The type is decided by the content, not by the name
 * or the declared media type, and each purpose has its own list of allowed types and size limit.
 */
export type FileKind = 'pdf' | 'png' | 'jpeg' | 'xlsx' | 'docx' | 'csv' | 'text';

export const mediaTypes: Record<FileKind, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv',
  text: 'text/plain',
};

export type UploadPolicy = { kinds: FileKind[]; maxBytes: number };

export type StoredFile = {
  id: string;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: Date;
};

type FileTable = {
  id: string;
  filename: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  purpose: string;
  uploaded_by_kind: string;
  uploaded_by_id: string | null;
  created_at: Date;
};
type FileTables = { 'platform.files': FileTable };

const startsWith = (bytes: Buffer, signature: number[]) => signature.every((byte, i) => bytes[i] === byte);

/** What the bytes are, judged from their content (null: not a kind the platform accepts). */
export function sniffKind(bytes: Buffer, filename: string): FileKind | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // Office documents are zip files; their parts name what they are.
    const head = bytes.subarray(0, Math.min(bytes.length, 64 * 1024)).toString('latin1');
    if (head.includes('xl/')) return 'xlsx';
    if (head.includes('word/')) return 'docx';
    return null;
  }
  if (bytes.includes(0)) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  return /\.csv$/i.test(filename) ? 'csv' : 'text';
}

const cleanFilename = (name: string) =>
  name
    .normalize('NFC')
    .replace(/[\\/:*?"<>|]/g, '_')
    .replace(/\p{Cc}/gu, '_')
    .slice(-200) || 'tep-tin';

export type FileStore = {
  /** Check the bytes against the policy and store them, inside the caller's transaction. */
  save(
    trx: Transaction<unknown> | Kysely<unknown>,
    input: { filename: string; bytes: Buffer; purpose: string; policy: UploadPolicy; actor: Actor },
  ): Promise<StoredFile>;
  content(id: string): Promise<(StoredFile & { content: Buffer }) | null>;
};

/** Rejects what a policy does not allow, with a reason in both languages. */
export function checkUpload(filename: string, bytes: Buffer, policy: UploadPolicy): FileKind {
  if (bytes.length === 0) {
    throw new AppError('validation_failed', { vi: 'Tệp rỗng.', en: 'The file is empty.' });
  }
  if (bytes.length > policy.maxBytes) {
    const mb = (policy.maxBytes / 1024 / 1024).toFixed(0);
    throw new AppError('payload_too_large', {
      vi: `Tệp vượt quá ${mb} MB.`,
      en: `The file is larger than ${mb} MB.`,
    });
  }
  const kind = sniffKind(bytes, filename);
  if (!kind || !policy.kinds.includes(kind)) {
    const allowed = policy.kinds.join(', ').toUpperCase();
    throw new AppError('unsupported_media_type', {
      vi: `Loại tệp không được chấp nhận. Chỉ nhận: ${allowed}.`,
      en: `This type of file is not accepted. Allowed: ${allowed}.`,
    });
  }
  return kind;
}

export function createFileStore(database: Database): FileStore {
  const db = database.db as Kysely<FileTables>;
  const toStored = (
    row: Omit<FileTable, 'content' | 'purpose' | 'uploaded_by_kind' | 'uploaded_by_id'>,
  ): StoredFile => ({
    id: row.id,
    filename: row.filename,
    mediaType: row.media_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    createdAt: row.created_at,
  });
  return {
    async save(trx, input) {
      const kind = checkUpload(input.filename, input.bytes, input.policy);
      const principal = input.actor.principal;
      const row: FileTable = {
        id: randomUUID(),
        filename: cleanFilename(input.filename),
        media_type: mediaTypes[kind],
        size_bytes: input.bytes.length,
        sha256: createHash('sha256').update(input.bytes).digest('hex'),
        content: input.bytes,
        purpose: input.purpose,
        uploaded_by_kind: input.actor.system ? 'system' : principal.kind,
        uploaded_by_id: principal.kind === 'anonymous' ? null : principal.accountId,
        created_at: new Date(),
      };
      await (trx as unknown as Kysely<FileTables>).insertInto('platform.files').values(row).execute();
      return toStored(row);
    },
    async content(id) {
      if (!/^[0-9a-f-]{36}$/.test(id)) return null;
      const row = await db.selectFrom('platform.files').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? { ...toStored(row), content: Buffer.from(row.content) } : null;
    },
  };
}

/** Reads the single file of a multipart request, within the policy's size limit. */
export async function readUpload(
  request: FastifyRequest,
  policy: UploadPolicy,
): Promise<{ filename: string; bytes: Buffer; fields: Record<string, string> }> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', {
      vi: 'Hãy gửi tệp dưới dạng multipart/form-data.',
      en: 'Send the file as multipart/form-data.',
    });
  }
  let file: MultipartFile | undefined;
  try {
    file = await request.file({ limits: { fileSize: policy.maxBytes, files: 1, fields: 20 } });
  } catch (error) {
    throw new AppError('malformed_request', {
      vi: 'Không đọc được dữ liệu multipart.',
      en: `The multipart body could not be read: ${(error as Error).message}`,
    });
  }
  if (!file) throw new AppError('validation_failed', { vi: 'Chưa chọn tệp.', en: 'No file was sent.' });
  const bytes = await file.toBuffer().catch((error: { code?: string }) => {
    if (error.code === 'FST_REQ_FILE_TOO_LARGE') return null;
    throw error;
  });
  if (bytes === null || file.file.truncated) {
    const mb = (policy.maxBytes / 1024 / 1024).toFixed(0);
    throw new AppError('payload_too_large', {
      vi: `Tệp vượt quá ${mb} MB.`,
      en: `The file is larger than ${mb} MB.`,
    });
  }
  const fields: Record<string, string> = {};
  for (const [name, field] of Object.entries(file.fields)) {
    const value = Array.isArray(field) ? field[0] : field;
    if (value && value.type === 'field' && typeof value.value === 'string') fields[name] = value.value;
  }
  return { filename: file.filename, bytes, fields };
}

export const filesMigrationSql = `
create table platform.files (
  id uuid primary key,
  filename text not null,
  media_type text not null,
  size_bytes integer not null check (size_bytes > 0),
  sha256 text not null,
  content bytea not null,
  purpose text not null,
  uploaded_by_kind text not null,
  uploaded_by_id text,
  created_at timestamptz not null default now()
);
create index files_sha256 on platform.files (sha256);
`;
