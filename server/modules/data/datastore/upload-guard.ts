import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import type { ValidationIssue } from './datastore.schema.ts';

/** A problem that ends reading the file (wrong encoding, too large). */
export class UploadStop extends Error {
  constructor(readonly issue: ValidationIssue) {
    super(issue.en);
  }
}

const NEWLINE = 0x0a;

/**
 * The byte side of an upload, before CSV parsing: counts bytes and stops past `maxBytes`, drops a
 * UTF-8 byte-order mark, and lets through only valid UTF-8. Legacy encodings are not guessed: a
 * UTF-16 file (byte-order mark or NUL bytes) and any invalid UTF-8 stop the load with the byte
 * offset and line, and advice to save the file as UTF-8.
 */
export class UploadGuard extends Transform {
  bytes = 0;
  private lines = 0;
  private started = false;
  private head = Buffer.alloc(0);
  /** The incomplete UTF-8 sequence at the end of the last chunk. */
  private pending = Buffer.alloc(0);

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    try {
      this.bytes += chunk.length;
      if (this.bytes > this.maxBytes) throw new UploadStop(sizeIssue(this.maxBytes));
      let data = chunk;
      if (!this.started) {
        // The byte-order mark needs the first 3 bytes, which may come in more than one chunk.
        this.head = Buffer.concat([this.head, chunk]);
        if (this.head.length < 3) return done();
        data = this.startWith(this.head);
        this.started = true;
      }
      this.check(data, false);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback) {
    try {
      if (!this.started) this.check(this.startWith(this.head), false);
      this.check(Buffer.alloc(0), true);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  private startWith(head: Buffer): Buffer {
    this.started = true;
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      throw new UploadStop({
        type: 'encoding',
        vi: 'Tệp được mã hóa UTF-16, không phải UTF-8. Hãy lưu lại tệp dưới dạng "CSV UTF-8".',
        en: 'The file is encoded as UTF-16, not UTF-8. Save it again as "CSV UTF-8".',
      });
    }
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return head.subarray(3);
    return head;
  }

  private check(chunk: Buffer, last: boolean) {
    const offset = this.bytes - chunk.length - this.pending.length;
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const cut = last ? 0 : incompleteTail(data);
    const body = cut ? data.subarray(0, data.length - cut) : data;
    const nul = body.indexOf(0);
    if (nul >= 0) throw new UploadStop(nulIssue(offset + nul, this.lines + countLines(body, nul)));
    if (!isUtf8(body)) {
      const at = firstInvalidUtf8(body);
      throw new UploadStop(notUtf8Issue(offset + at, this.lines + countLines(body, at)));
    }
    this.lines += countLines(body, body.length);
    this.pending = cut ? Buffer.from(data.subarray(data.length - cut)) : Buffer.alloc(0);
    if (body.length) this.push(body);
  }
}

function countLines(buffer: Buffer, end: number): number {
  let count = 0;
  let at = buffer.indexOf(NEWLINE);
  while (at >= 0 && at < end) {
    count++;
    at = buffer.indexOf(NEWLINE, at + 1);
  }
  return count;
}

/** Bytes at the end that start a multi-byte sequence not yet complete (0–3). */
export function incompleteTail(buffer: Buffer): number {
  for (let back = 1; back <= Math.min(3, buffer.length); back++) {
    const byte = buffer[buffer.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** Offset of the first byte that is not valid UTF-8 (only called when the buffer is invalid). */
export function firstInvalidUtf8(buffer: Buffer): number {
  let i = 0;
  while (i < buffer.length) {
    const byte = buffer[i]!;
    if (byte < 0x80) {
      i++;
      continue;
    }
    const length =
      byte >= 0xc2 && byte <= 0xdf
        ? 2
        : byte >= 0xe0 && byte <= 0xef
          ? 3
          : byte >= 0xf0 && byte <= 0xf4
            ? 4
            : 0;
    if (length === 0 || i + length > buffer.length || !isUtf8(buffer.subarray(i, i + length))) return i;
    i += length;
  }
  return buffer.length;
}

const position = (offset: number, lineIndex: number) => ({
  vi: `byte thứ ${offset} (dòng ${lineIndex + 1})`,
  en: `byte ${offset} (line ${lineIndex + 1})`,
});

function notUtf8Issue(offset: number, lineIndex: number): ValidationIssue {
  const at = position(offset, lineIndex);
  return {
    type: 'encoding',
    vi: `Tệp không phải UTF-8: chuỗi byte không hợp lệ tại ${at.vi}. Có thể tệp được lưu bằng bảng mã cũ (Windows-1258, TCVN3/ABC, VNI); hệ thống không tự đoán bảng mã. Hãy mở tệp và lưu lại dưới dạng "CSV UTF-8".`,
    en: `The file is not UTF-8: invalid byte sequence at ${at.en}. It may have been saved in a legacy encoding (Windows-1258, TCVN3/ABC, VNI); the platform does not guess encodings. Open the file and save it again as "CSV UTF-8".`,
  };
}

function nulIssue(offset: number, lineIndex: number): ValidationIssue {
  const at = position(offset, lineIndex);
  return {
    type: 'encoding',
    vi: `Tệp chứa byte NUL tại ${at.vi}: có thể tệp được mã hóa UTF-16 hoặc không phải tệp văn bản. Hãy lưu lại dưới dạng "CSV UTF-8".`,
    en: `The file contains a NUL byte at ${at.en}: it may be UTF-16 or not a text file. Save it again as "CSV UTF-8".`,
  };
}

export function sizeIssue(maxBytes: number): ValidationIssue {
  const mb = (maxBytes / 1024 / 1024).toLocaleString('en', { maximumFractionDigits: 1 });
  return {
    type: 'size',
    vi: `Tệp vượt quá giới hạn ${maxBytes} byte (${mb} MB); đã dừng đọc.`,
    en: `The file exceeds the limit of ${maxBytes} bytes (${mb} MB); reading stopped.`,
  };
}
