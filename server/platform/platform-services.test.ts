import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { systemActor } from './auth/principal.ts';
import { readUpload, sniffKind, type UploadPolicy } from './files.ts';
import { createHttpServer } from './http/server.ts';
import { createNotifier } from './notify.ts';

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

  it('queues an SMS in Vietnamese to a Vietnamese mobile, kept local without a gateway', async () => {
    const notify = t.platform.context.notify;
    const db = t.platform.context.database.db;
    const recipient = { kind: 'citizen' as const, id: randomUUID(), phone: '0912 345 678' };
    const id = await db.transaction().execute((trx) =>
      notify.send(trx, {
        recipient,
        topic: 'test.dossier',
        subject: { vi: 'Hồ sơ HS-1: Đã tiếp nhận', en: 'Dossier HS-1: Received' },
        body: { vi: 'Cơ quan đã tiếp nhận hồ sơ.', en: 'The agency received the dossier.' },
        link: '/ho-so-cua-toi/HS-1',
      }),
    );
    expect(notify.sms).toBe(false);
    const rows = (await notify.outbox(50)).filter((row) => row.notification_id === id);
    expect(rows).toHaveLength(1); // no e-mail address: the SMS only
    expect(rows[0]).toMatchObject({
      channel: 'sms',
      to_address: '+84912345678',
      subject: 'Hồ sơ HS-1: Đã tiếp nhận',
      status: 'local',
      text_body: `Hồ sơ HS-1: Đã tiếp nhận: Cơ quan đã tiếp nhận hồ sơ.\n${t.platform.context.config.publicUrl}/ho-so-cua-toi/HS-1`,
    });
    expect(rows[0]?.text_body).not.toContain('agency');
    // The in-app notice keeps both languages.
    expect((await notify.inbox(recipient, { limit: 5 }))[0]).toMatchObject({
      id,
      body_en: 'The agency received the dossier.',
    });
    expect(await notify.deliverPending()).toBe(0);
    expect((await notify.outbox(50)).find((row) => row.notification_id === id)?.status).toBe('local');
  });

  it('queues no SMS to a number that is not a Vietnamese mobile, and logs that without the number', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const notify = createNotifier(t.platform.context.database, {
      smtpUrl: null,
      mailFrom: 'test@localhost',
      publicUrl: 'http://localhost:3999',
      log,
    });
    const db = t.platform.context.database.db;
    const ids: string[] = [];
    for (const phone of ['+14155550123', '024 3825 1234', 'không có']) {
      ids.push(
        await db.transaction().execute((trx) =>
          notify.send(trx, {
            recipient: { kind: 'citizen', id: randomUUID(), email: 'dan@example.vn', phone },
            topic: 'test.foreign',
            subject: { vi: 'Tin', en: 'News' },
            body: { vi: 'Nội dung', en: 'Body' },
          }),
        ),
      );
    }
    const rows = (await notify.outbox(100)).filter((row) => ids.includes(row.notification_id));
    expect(rows.map((row) => row.channel)).toEqual(['email', 'email', 'email']);
    const refusals = lines.filter((line) => line.includes('no SMS queued'));
    expect(refusals).toHaveLength(3);
    expect(refusals.join('')).not.toMatch(/4155550123|3825/);
  });

  describe('through an SMS gateway', () => {
    let gateway: Server;
    let url = '';
    let answer = 202;
    const received: { authorization?: string; body: { to: string; text: string; reference: string } }[] = [];
    const readBody = async (request: IncomingMessage) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    };
    beforeAll(async () => {
      gateway = createServer((request, response) => {
        void readBody(request).then((body) => {
          received.push({ authorization: request.headers.authorization, body });
          response.writeHead(answer, { 'content-type': 'application/json' });
          response.end(answer < 300 ? '{"accepted":true}' : '{"error":"quota exceeded"}');
        });
      });
      await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
    });
    afterAll(() => new Promise<void>((resolve) => gateway.close(() => resolve())));

    const gatewayNotifier = () =>
      createNotifier(t.platform.context.database, {
        smtpUrl: null,
        mailFrom: 'test@localhost',
        publicUrl: 'http://localhost:3999',
        log: t.platform.context.log,
        sms: { url, token: 'token-123' },
      });
    const sendTo = (notify: ReturnType<typeof createNotifier>, phone: string) =>
      t.platform.context.database.db.transaction().execute((trx) =>
        notify.send(trx, {
          recipient: { kind: 'citizen', id: randomUUID(), email: 'dan@example.vn', phone },
          topic: 'test.gateway',
          subject: { vi: 'Hồ sơ HS-2: Đã có kết quả', en: 'Dossier HS-2: Result issued' },
          body: { vi: 'Mời ông/bà nhận kết quả.', en: 'Please collect the result.' },
          link: '/ho-so-cua-toi/HS-2',
        }),
      );
    const smsOf = async (notify: ReturnType<typeof createNotifier>, id: string) =>
      (await notify.outbox(200)).find((row) => row.notification_id === id && row.channel === 'sms');

    it('posts the SMS with the bearer token and marks it sent; the e-mail waits for SMTP', async () => {
      answer = 202;
      received.length = 0;
      const notify = gatewayNotifier();
      expect(notify.sms).toBe(true);
      const id = await sendTo(notify, '0987654321');
      const queued = await smsOf(notify, id);
      expect(queued).toMatchObject({ status: 'pending', to_address: '+84987654321' });
      expect(await notify.deliverPending()).toBe(1);
      expect(received).toEqual([
        {
          authorization: 'Bearer token-123',
          body: {
            to: '+84987654321',
            text: 'Hồ sơ HS-2: Đã có kết quả: Mời ông/bà nhận kết quả.\nhttp://localhost:3999/ho-so-cua-toi/HS-2',
            reference: queued!.id,
          },
        },
      ]);
      const sent = await smsOf(notify, id);
      expect(sent).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
      expect(sent?.sent_at).toBeInstanceOf(Date);
      const mail = (await notify.outbox(200)).find(
        (row) => row.notification_id === id && row.channel === 'email',
      );
      expect(mail?.status).toBe('local');
      expect(await notify.deliverPending()).toBe(0);
      expect(received).toHaveLength(1);
    });

    it('retries a failing gateway, then marks the SMS failed after five attempts', async () => {
      answer = 503;
      received.length = 0;
      const notify = gatewayNotifier();
      const id = await sendTo(notify, '+84 703 456 789');
      for (let attempt = 1; attempt <= 4; attempt++) {
        expect(await notify.deliverPending()).toBe(0);
        expect(await smsOf(notify, id)).toMatchObject({ status: 'pending', attempts: attempt });
      }
      expect(await notify.deliverPending()).toBe(0);
      const failed = await smsOf(notify, id);
      expect(failed).toMatchObject({ status: 'failed', attempts: 5, sent_at: null });
      expect(failed?.last_error).toMatch(/HTTP 503.*quota exceeded/);
      expect(received).toHaveLength(5);
      expect(await notify.deliverPending()).toBe(0);
      expect(received).toHaveLength(5);
    });
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
