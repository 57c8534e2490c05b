import { Readable } from 'node:stream';

/** A CSV upload as a stream, in chunks of `chunkSize` bytes (to cross multi-byte characters). */
export function csvStream(content: string | Buffer, chunkSize = 7): Readable {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}

/** Rows of a generated CSV, produced lazily; `produced` says how many bytes the reader pulled. */
export function generatedCsv(rows: number, line: (n: number) => string, header: string) {
  const state = { produced: 0 };
  const stream = Readable.from(
    (function* () {
      const head = Buffer.from(`${header}\n`);
      state.produced += head.length;
      yield head;
      for (let n = 1; n <= rows; n += 500) {
        let chunk = '';
        for (let i = n; i < Math.min(n + 500, rows + 1); i++) chunk += `${line(i)}\n`;
        const bytes = Buffer.from(chunk);
        state.produced += bytes.length;
        yield bytes;
      }
    })(),
    { objectMode: false },
  );
  return { stream, state };
}
