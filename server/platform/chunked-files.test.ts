import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { systemActor } from './auth/principal.ts';
import { CHUNK_BYTES, type UploadPolicy } from './files.ts';

/** Large files streamed into 1 MiB chunks: in and out as streams, limits enforced, nothing half-kept. */
let t: TestPlatform;
beforeAll(async () => {
  t = await createTestPlatform();
});
afterAll(() => t.close());

async function* pieces(total: number, size: number, fill: (i: number) => Buffer) {
  for (let sent = 0, i = 0; sent < total; sent += size, i++)
    yield fill(i).subarray(0, Math.min(size, total - sent));
}
async function readAll(stream: AsyncIterable<Buffer>) {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}
const csvPolicy: UploadPolicy = { kinds: ['csv'], maxBytes: 4 * CHUNK_BYTES };
/** Chunks (of one file, or all) and files: the seeded open datasets keep theirs too. */
const chunkRows = async (fileId?: string) =>
  (
    await t.platform.context.database.executeSql(
      `select count(*)::int as n from platform.file_chunks${fileId ? ' where file_id = $1' : ''}`,
      fileId ? [fileId] : [],
    )
  ).rows[0] as { n: number };
const fileRows = async () =>
  (
    (await t.platform.context.database.executeSql('select count(*)::int as n from platform.chunked_files'))
      .rows[0] as { n: number }
  ).n;

describe('chunked files', () => {
  it('stores a stream in 1 MiB chunks and reads it back as a stream', async () => {
    const line = Buffer.from('ma,ten,gia_tri\n'.concat('A001,Hà Nội — đường phố,12345\n'.repeat(2000)));
    const total = Math.floor(2.5 * CHUNK_BYTES);
    const expected = Buffer.concat(
      Array.from({ length: Math.ceil(total / line.length) }, () => line),
    ).subarray(0, total);
    const files = t.platform.context.files;
    const stored = await files.saveStream({
      filename: 'lớn.csv',
      source: pieces(total, 64 * 1024 + 7, (i) => expected.subarray(i * (64 * 1024 + 7))),
      purpose: 'test',
      policy: csvPolicy,
      actor: systemActor('test'),
    });
    expect(stored).toMatchObject({
      filename: 'lớn.csv',
      mediaType: 'text/csv',
      sizeBytes: total,
      kind: 'csv',
    });
    expect(stored.head.length).toBe(64 * 1024);
    expect((await chunkRows(stored.id)).n).toBe(3);
    const opened = await files.openStream(stored.id);
    expect((await readAll(opened!.stream)).equals(expected)).toBe(true);
    expect((await files.streamInfo(stored.id))?.sha256).toBe(stored.sha256);
    await files.removeStream(stored.id);
    expect(await files.openStream(stored.id)).toBeNull();
    expect((await chunkRows(stored.id)).n).toBe(0);
  });

  it('refuses a file over the limit or of another kind and keeps nothing', async () => {
    const files = t.platform.context.files;
    const [filesBefore, chunksBefore] = [await fileRows(), (await chunkRows()).n];
    await expect(
      files.saveStream({
        filename: 'to.csv',
        source: pieces(5 * CHUNK_BYTES, CHUNK_BYTES, () => Buffer.alloc(CHUNK_BYTES, 0x61)),
        purpose: 'test',
        policy: csvPolicy,
        actor: systemActor('test'),
      }),
    ).rejects.toMatchObject({ code: 'payload_too_large' });
    await expect(
      files.saveStream({
        filename: 'binary.csv',
        source: pieces(CHUNK_BYTES, 4096, () => randomBytes(4096)),
        purpose: 'test',
        policy: csvPolicy,
        actor: systemActor('test'),
      }),
    ).rejects.toMatchObject({ code: 'unsupported_media_type' });
    await expect(
      files.saveStream({
        filename: 'empty.csv',
        source: [],
        purpose: 'test',
        policy: csvPolicy,
        actor: systemActor('test'),
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await fileRows()).toBe(filesBefore);
    expect((await chunkRows()).n).toBe(chunksBefore);
  });

  it('judges a UTF-8 head cut inside a character as text', async () => {
    const files = t.platform.context.files;
    // 'ệ' is three bytes; 64 KiB of them cut mid-character at the head's end.
    const text = Buffer.from('ệ'.repeat(40_000));
    const stored = await files.saveStream({
      filename: 'chu.csv',
      source: [text],
      purpose: 'test',
      policy: csvPolicy,
      actor: systemActor('test'),
    });
    expect(stored.kind).toBe('csv');
    expect(await files.sweepIncompleteStreams(new Date(Date.now() + 1000))).toBe(0);
    await files.removeStream(stored.id);
  });
});
