import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { systemActor } from './auth/principal.ts';
import { readUpload, sniffKind, type UploadPolicy } from './files.ts';
import { createHttpServer } from './http/server.ts';

/** The kernel's shared services: background jobs, stored files, notifications and the outbox. */
let t: TestPlatform;
beforeAll(async () => {
  t = await createTestPlatform();
});
afterAll(() => t.close());

const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');

describe('files', () => {
  it('judges a file by its content, not its name', () => {
    expect(sniffKind(pdf, 'x.png')).toBe('pdf');
    expect(sniffKind(Buffer.from('a,b\n1,2\n'), 'bảng.csv')).toBe('csv');
    expect(sniffKind(Buffer.from([0x4d, 0x5a, 0x00, 0x01]), 'report.pdf')).toBeNull();
    expect(sniffKind(Buffer.from([0xc3, 0x28]), 'bad-utf8.csv')).toBeNull();
  });

  it('stores allowed files and refuses the rest with a clear reason, storing nothing', async () => {
    const policy: UploadPolicy = { kinds: ['pdf'], maxBytes: 1024 };
    const files = t.platform.context.files;
    const db = t.platform.context.database.db;
    const stored = await db.transaction().execute((trx) =>
      files.save(trx, {
        filename: 'Báo cáo quý 3.pdf',
        bytes: pdf,
        purpose: 'test',
        policy,
        actor: systemActor('test'),
      }),
    );
    expect(stored).toMatchObject({
      filename: 'Báo cáo quý 3.pdf',
      mediaType: 'application/pdf',
      sizeBytes: pdf.length,
    });
    expect((await files.content(stored.id))?.content.equals(pdf)).toBe(true);
    await expect(
      db.transaction().execute((trx) =>
        files.save(trx, {
          filename: 'a.pdf',
          bytes: Buffer.alloc(2048, 0x25),
          purpose: 'test',
          policy,
          actor: systemActor('test'),
        }),
      ),
    ).rejects.toMatchObject({ code: 'payload_too_large' });
    await expect(
      db.transaction().execute((trx) =>
        files.save(trx, {
          filename: 'a.pdf',
          bytes: Buffer.from('text'),
          purpose: 'test',
          policy,
          actor: systemActor('test'),
        }),
      ),
    ).rejects.toMatchObject({ code: 'unsupported_media_type' });
    expect(await files.content(randomUUID())).toBeNull();
  });

  it('reads one multipart upload within the policy limit, answering problem+json otherwise', async () => {
    const server = await createHttpServer({
      logLevel: 'silent',
      trustProxy: false,
      publicUrl: 'http://localhost:3999',
      version: 'test',
      resolvePrincipal: async () => ({ kind: 'anonymous' }),
    });
    server.post('/upload', { config: { access: 'public', csrf: false } }, async (request) => {
      const upload = await readUpload(request, { kinds: ['pdf'], maxBytes: 64 });
      return { filename: upload.filename, size: upload.bytes.length, fields: upload.fields };
    });
    const multipart = (content: Buffer) => {
      const boundary = 'ranh-gioi';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nghi chú\r\n`),
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bc.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
    };
    const ok = await server.inject({ method: 'POST', url: '/upload', ...multipart(pdf) });
    expect(ok.json()).toEqual({ filename: 'bc.pdf', size: pdf.length, fields: { note: 'ghi chú' } });
    const big = await server.inject({
      method: 'POST',
      url: '/upload',
      ...multipart(Buffer.alloc(100, 0x25)),
    });
    expect(big.statusCode).toBe(413);
    expect(big.headers['content-type']).toContain('application/problem+json');
    const json = await server.inject({ method: 'POST', url: '/upload', payload: { a: 1 } });
    expect(json.statusCode).toBe(415);
    await server.close();
  });
});

describe('notifications', () => {
  it('keeps an inbox per person and, without SMTP, a local outbox', async () => {
    const notify = t.platform.context.notify;
    const db = t.platform.context.database.db;
    const recipient = { kind: 'official' as const, id: randomUUID(), email: 'canbo@example.com' };
    const id = await db.transaction().execute((trx) =>
      notify.send(trx, {
        recipient,
        topic: 'test.reminder',
        subject: { vi: 'Nhắc hạn báo cáo', en: 'Report due' },
        body: { vi: 'Hạn nộp là ngày 15/10.', en: 'Due on 15 Oct.' },
        link: '/console',
      }),
    );
    expect(notify.smtp).toBe(false);
    const [inbox] = await notify.inbox(recipient, { limit: 10 });
    expect(inbox).toMatchObject({ id, subject_vi: 'Nhắc hạn báo cáo', read_at: null });
    expect(await notify.unreadCount(recipient)).toBe(1);
    expect(await notify.markRead({ kind: 'official', id: randomUUID() }, id)).toBe(false);
    expect(await notify.markRead(recipient, id)).toBe(true);
    const mail = (await notify.outbox(10)).find((row) => row.notification_id === id);
    expect(mail).toMatchObject({ to_address: 'canbo@example.com', status: 'local' });
    expect(mail?.text_body).toMatch(/^Hạn nộp.*---.*Due on/s);
    // Mail clients need a full address, not the app's relative link.
    expect(mail?.text_body).toContain(`${t.platform.context.config.publicUrl}/console`);
    expect(await notify.deliverPending()).toBe(0);
  });

  it('refuses the inbox to anonymous callers and the outbox to non-administrators', async () => {
    expect((await t.server.inject('/api/notifications')).statusCode).toBe(401);
    expect((await t.server.inject('/api/notifications/unread-count')).statusCode).toBe(401);
    expect((await t.server.inject('/api/outbox')).statusCode).toBe(401);
  });
});

describe('jobs', () => {
  it('runs a queued job on the database queue', async () => {
    const { createJobs } = await import('./jobs.ts');
    const jobs = createJobs(t.platform.context.database, t.platform.context.log);
    const seen: string[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    jobs.define<{ word: string }>('test.echo', async ({ word }) => {
      seen.push(word);
      done();
    });
    await jobs.runNow('test.echo', { word: 'trực tiếp' });
    await jobs.start();
    try {
      await jobs.send('test.echo', { word: 'hàng đợi' });
      await finished;
      await expect.poll(() => seen, { timeout: 15_000 }).toEqual(['trực tiếp', 'hàng đợi']);
    } finally {
      await jobs.stop();
    }
    expect(() => jobs.define('x', async () => {})).toThrow(/Invalid job name/);
  });
});
