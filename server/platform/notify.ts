import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Database } from './db/database.ts';
import type { Bilingual } from './errors.ts';

/**
 * Notifications to people: an in-app inbox for every recipient, and e-mail when an address is
 * known. E-mail goes out through SMTP when `SMTP_URL` is configured; otherwise it stays in the
 * local outbox (embedded mode), which the console shows, marked as not sent.
 */
export type Recipient = { kind: 'official' | 'citizen'; id: string; email?: string | null };

export type NotificationInput = {
  recipient: Recipient;
  subject: Bilingual;
  body: Bilingual;
  /** A path in the web app the notification leads to. */
  link?: string | null;
  /** What produced it (`plan.reminder`, …), for filtering. */
  topic: string;
};

type NotificationTable = {
  id: string;
  recipient_kind: string;
  recipient_id: string;
  topic: string;
  subject_vi: string;
  subject_en: string;
  body_vi: string;
  body_en: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
};
type OutboxTable = {
  id: string;
  notification_id: string;
  to_address: string;
  subject: string;
  text_body: string;
  status: 'pending' | 'sent' | 'failed' | 'local';
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
};
type NotifyTables = { 'platform.notifications': NotificationTable; 'platform.outbox': OutboxTable };

export type Notifier = {
  /** Record the notification (and its e-mail) inside the caller's transaction. */
  send(trx: Transaction<unknown> | Kysely<unknown>, input: NotificationInput): Promise<string>;
  inbox(
    recipient: Omit<Recipient, 'email'>,
    options: { unreadOnly?: boolean; limit: number },
  ): Promise<NotificationTable[]>;
  markRead(recipient: Omit<Recipient, 'email'>, id: string): Promise<boolean>;
  unreadCount(recipient: Omit<Recipient, 'email'>): Promise<number>;
  outbox(limit: number): Promise<OutboxTable[]>;
  /** Deliver pending e-mail (the `platform.mail` job); returns how many were sent. */
  deliverPending(): Promise<number>;
  readonly smtp: boolean;
};

export function createNotifier(
  database: Database,
  /** `publicUrl` turns the in-app link into an address a mail client can open. */
  options: { smtpUrl: string | null; mailFrom: string; publicUrl: string; log: Logger },
): Notifier {
  const db = database.db as Kysely<NotifyTables>;
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;

  return {
    smtp: transport !== null,

    async send(trx, input) {
      const executor = trx as unknown as Kysely<NotifyTables>;
      const id = randomUUID();
      await executor
        .insertInto('platform.notifications')
        .values({
          id,
          recipient_kind: input.recipient.kind,
          recipient_id: input.recipient.id,
          topic: input.topic,
          subject_vi: input.subject.vi,
          subject_en: input.subject.en,
          body_vi: input.body.vi,
          body_en: input.body.en,
          link: input.link ?? null,
          created_at: new Date(),
          read_at: null,
        })
        .execute();
      if (input.recipient.email) {
        await executor
          .insertInto('platform.outbox')
          .values({
            id: randomUUID(),
            notification_id: id,
            to_address: input.recipient.email,
            subject: `${input.subject.vi} / ${input.subject.en}`,
            // Vietnamese first, English below, in one message.
            text_body: `${input.body.vi}\n\n---\n\n${input.body.en}${input.link ? `\n\n${new URL(input.link, options.publicUrl).href}` : ''}`,
            status: transport ? 'pending' : 'local',
            attempts: 0,
            last_error: null,
            created_at: new Date(),
            sent_at: null,
          })
          .execute();
      }
      return id;
    },

    inbox(recipient, { unreadOnly, limit }) {
      let query = db
        .selectFrom('platform.notifications')
        .selectAll()
        .where('recipient_kind', '=', recipient.kind)
        .where('recipient_id', '=', recipient.id);
      if (unreadOnly) query = query.where('read_at', 'is', null);
      return query.orderBy('created_at', 'desc').limit(limit).execute();
    },

    async unreadCount(recipient) {
      const row = await db
        .selectFrom('platform.notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('recipient_kind', '=', recipient.kind)
        .where('recipient_id', '=', recipient.id)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async markRead(recipient, id) {
      const result = await db
        .updateTable('platform.notifications')
        .set({ read_at: new Date() })
        .where('id', '=', id)
        .where('recipient_kind', '=', recipient.kind)
        .where('recipient_id', '=', recipient.id)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    outbox(limit) {
      return db
        .selectFrom('platform.outbox')
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
    },

    async deliverPending() {
      if (!transport) return 0;
      const pending = await db
        .selectFrom('platform.outbox')
        .selectAll()
        .where('status', '=', 'pending')
        .where('attempts', '<', 5)
        .orderBy('created_at')
        .limit(50)
        .execute();
      let sent = 0;
      for (const mail of pending) {
        try {
          await transport.sendMail({
            from: options.mailFrom,
            to: mail.to_address,
            subject: mail.subject,
            text: mail.text_body,
          });
          await db
            .updateTable('platform.outbox')
            .set({ status: 'sent', sent_at: new Date(), attempts: mail.attempts + 1 })
            .where('id', '=', mail.id)
            .execute();
          sent++;
        } catch (error) {
          options.log.warn({ err: error, outboxId: mail.id }, 'mail delivery failed');
          await db
            .updateTable('platform.outbox')
            .set({
              status: mail.attempts + 1 >= 5 ? 'failed' : 'pending',
              attempts: mail.attempts + 1,
              last_error: (error as Error).message.slice(0, 500),
            })
            .where('id', '=', mail.id)
            .execute();
        }
      }
      return sent;
    },
  };
}

export const notifyMigrationSql = `
create table platform.notifications (
  id uuid primary key,
  recipient_kind text not null check (recipient_kind in ('official', 'citizen')),
  recipient_id text not null,
  topic text not null,
  subject_vi text not null,
  subject_en text not null,
  body_vi text not null,
  body_en text not null,
  link text,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index notifications_recipient on platform.notifications (recipient_kind, recipient_id, created_at desc);

create table platform.outbox (
  id uuid primary key,
  notification_id uuid not null references platform.notifications (id),
  to_address text not null,
  subject text not null,
  text_body text not null,
  status text not null check (status in ('pending', 'sent', 'failed', 'local')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outbox_pending on platform.outbox (status, created_at);
`;
