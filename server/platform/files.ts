import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
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
type ChunkedFileTable = Omit<FileTable, 'content'> & { chunks: number; complete: boolean };
type FileChunkTable = { file_id: string; seq: number; bytes: Buffer };
type FileTables = {
  'platform.files': FileTable;
  'platform.chunked_files': ChunkedFileTable;
  'platform.file_chunks': FileChunkTable;
};

const tooLarge = (maxBytes: number) => {
  const mb = (maxBytes / 1024 / 1024).toFixed(0);
  return new AppError('payload_too_large', {
    vi: `Tệp vượt quá ${mb} MB.`,
    en: `The file is larger than ${mb} MB.`,
  });
};

const refusedKind = (policy: UploadPolicy) => {
  const allowed = policy.kinds.join(', ').toUpperCase();
  return new AppError('unsupported_media_type', {
    vi: `Loại tệp không được chấp nhận. Chỉ nhận: ${allowed}.`,
    en: `This type of file is not accepted. Allowed: ${allowed}.`,
  });
};

const startsWith = (bytes: Buffer, signature: number[]) => signature.every((byte, i) => bytes[i] === byte);

/**
 * What the bytes are, judged from their content (null: not a kind the platform accepts). With
 * `head`, the bytes are the start of a longer file: a UTF-8 sequence cut at the end is not an error.
 */
export function sniffKind(bytes: Buffer, filename: string, head = false): FileKind | null {
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
    new TextDecoder('utf-8', { fatal: true }).decode(head ? withoutCutCharacter(bytes) : bytes);
  } catch {
    return null;
  }
  return /\.csv$/i.test(filename) ? 'csv' : 'text';
}

/** The bytes without a UTF-8 sequence cut off at the end (at most 3 continuation bytes). */
function withoutCutCharacter(bytes: Buffer): Buffer {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
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
  /**
   * Large files (open data) streamed into 1 MiB chunks, never whole in memory. Each chunk is its
   * own statement, so a slow upload holds no transaction; the file is visible once complete.
   * Over `maxBytes` or of a kind the policy refuses: nothing is kept and the error says why.
   * `head` is the first 64 KiB, for the caller's own checks.
   */
  saveStream(input: {
    filename: string;
    source: AsyncIterable<Buffer | string> | Iterable<Buffer>;
    purpose: string;
    policy: UploadPolicy;
    actor: Actor;
  }): Promise<StoredFile & { kind: FileKind; head: Buffer }>;
  /** A complete chunked file as a stream (each chunk read when the reader asks for it). */
  openStream(id: string): Promise<(StoredFile & { stream: Readable }) | null>;
  streamInfo(id: string): Promise<StoredFile | null>;
  removeStream(id: string): Promise<void>;
  /** Removes chunked files left incomplete (a process stopped mid-upload) before `before`. */
  sweepIncompleteStreams(before: Date): Promise<number>;
};

export const CHUNK_BYTES = 1024 * 1024;
const HEAD_BYTES = 64 * 1024;

/** Rejects what a policy does not allow, with a reason in both languages. */
export function checkUpload(filename: string, bytes: Buffer, policy: UploadPolicy): FileKind {
  if (bytes.length === 0) {
    throw new AppError('validation_failed', { vi: 'Tệp rỗng.', en: 'The file is empty.' });
  }
  if (bytes.length > policy.maxBytes) throw tooLarge(policy.maxBytes);
  const kind = sniffKind(bytes, filename);
  if (!kind || !policy.kinds.includes(kind)) throw refusedKind(policy);
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
    ...createChunkedStore(db, toStored),
  };
}

function createChunkedStore(
  db: Kysely<FileTables>,
  toStored: (
    row: Omit<FileTable, 'content' | 'purpose' | 'uploaded_by_kind' | 'uploaded_by_id'>,
  ) => StoredFile,
): Pick<FileStore, 'saveStream' | 'openStream' | 'streamInfo' | 'removeStream' | 'sweepIncompleteStreams'> {
  const remove = async (id: string) => {
    await db.deleteFrom('platform.file_chunks').where('file_id', '=', id).execute();
    await db.deleteFrom('platform.chunked_files').where('id', '=', id).execute();
  };
  const completeRow = (id: string) =>
    /^[0-9a-f-]{36}$/.test(id)
      ? db
          .selectFrom('platform.chunked_files')
          .selectAll()
          .where('id', '=', id)
          .where('complete', '=', true)
          .executeTakeFirst()
      : Promise.resolve(undefined);

  return {
    async saveStream(input) {
      const principal = input.actor.principal;
      const id = randomUUID();
      const filename = cleanFilename(input.filename);
      await db
        .insertInto('platform.chunked_files')
        .values({
          id,
          filename,
          media_type: 'application/octet-stream',
          size_bytes: 0,
          sha256: '',
          purpose: input.purpose,
          uploaded_by_kind: input.actor.system ? 'system' : principal.kind,
          uploaded_by_id: principal.kind === 'anonymous' ? null : principal.accountId,
          created_at: new Date(),
          chunks: 0,
          complete: false,
        })
        .execute();
      const hash = createHash('sha256');
      let size = 0;
      let seq = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let head = Buffer.alloc(0);
      let kind: FileKind | null = null;
      const flush = async (all: boolean) => {
        while (pendingBytes >= CHUNK_BYTES || (all && pendingBytes > 0)) {
          const joined = Buffer.concat(pending);
          const chunk = joined.subarray(0, CHUNK_BYTES);
          const rest = joined.subarray(chunk.length);
          pending = rest.length ? [rest] : [];
          pendingBytes = rest.length;
          await db.insertInto('platform.file_chunks').values({ file_id: id, seq, bytes: chunk }).execute();
          seq += 1;
        }
      };
      try {
        for await (const part of input.source) {
          const bytes = typeof part === 'string' ? Buffer.from(part) : part;
          size += bytes.length;
          if (size > input.policy.maxBytes) throw tooLarge(input.policy.maxBytes);
          hash.update(bytes);
          if (head.length < HEAD_BYTES)
            head = Buffer.concat([head, bytes.subarray(0, HEAD_BYTES - head.length)]);
          if (kind === null && head.length >= HEAD_BYTES) {
            kind = sniffKind(head, filename, true);
            if (!kind || !input.policy.kinds.includes(kind)) throw refusedKind(input.policy);
          }
          pending.push(bytes);
          pendingBytes += bytes.length;
          await flush(false);
        }
        if (size === 0)
          throw new AppError('validation_failed', { vi: 'Tệp rỗng.', en: 'The file is empty.' });
        kind ??= sniffKind(head, filename, size > head.length);
        if (!kind || !input.policy.kinds.includes(kind)) throw refusedKind(input.policy);
        await flush(true);
        const sha256 = hash.digest('hex');
        const createdAt = new Date();
        await db
          .updateTable('platform.chunked_files')
          .set({
            media_type: mediaTypes[kind],
            size_bytes: size,
            sha256,
            chunks: seq,
            complete: true,
            created_at: createdAt,
          })
          .where('id', '=', id)
          .execute();
        return {
          ...toStored({
            id,
            filename,
            media_type: mediaTypes[kind],
            size_bytes: size,
            sha256,
            created_at: createdAt,
          }),
          kind,
          head,
        };
      } catch (error) {
        await remove(id);
        throw error;
      }
    },

    async openStream(id) {
      const row = await completeRow(id);
      if (!row) return null;
      const chunks = row.chunks;
      async function* read() {
        for (let seq = 0; seq < chunks; seq++) {
          const chunk = await db
            .selectFrom('platform.file_chunks')
            .select('bytes')
            .where('file_id', '=', id)
            .where('seq', '=', seq)
            .executeTakeFirstOrThrow();
          yield Buffer.from(chunk.bytes);
        }
      }
      return { ...toStored(row), stream: Readable.from(read(), { objectMode: false }) };
    },

    async streamInfo(id) {
      const row = await completeRow(id);
      return row ? toStored(row) : null;
    },

    async removeStream(id) {
      if (/^[0-9a-f-]{36}$/.test(id)) await remove(id);
    },

    async sweepIncompleteStreams(before) {
      const stale = await db
        .selectFrom('platform.chunked_files')
        .select('id')
        .where('complete', '=', false)
        .where('created_at', '<', before)
        .execute();
      for (const row of stale) await remove(row.id);
      return stale.length;
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

/** Large files kept in 1 MiB chunks (open-data resources), streamed in and out. */
export const chunkedFilesMigrationSql = `
create table platform.chunked_files (
  id uuid primary key,
  filename text not null,
  media_type text not null,
  size_bytes bigint not null check (size_bytes >= 0),
  sha256 text not null,
  purpose text not null,
  uploaded_by_kind text not null,
  uploaded_by_id text,
  chunks integer not null default 0,
  -- false while the upload is under way; readers see complete files only
  complete boolean not null default false,
  created_at timestamptz not null default now()
);
create table platform.file_chunks (
  file_id uuid not null references platform.chunked_files (id) on delete cascade,
  seq integer not null check (seq >= 0),
  bytes bytea not null,
  primary key (file_id, seq)
);
`;
