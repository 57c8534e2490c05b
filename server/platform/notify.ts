import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Database } from './db/database.ts';
import type { Bilingual } from './errors.ts';
import {
  createNotificationRetention,
  type NotificationErasure,
  type NotificationPurge,
  type NotificationRetention,
} from './notify-retention.ts';

/**
 * Notifications to people: an in-app inbox for every recipient, e-mail when an address is known,
 * and SMS when a Vietnamese mobile number is. E-mail goes out through SMTP when `SMTP_URL` is
 * configured, SMS through the HTTP gateway of `SMS_GATEWAY_URL`; without them the message stays in
 * the local outbox (embedded mode), which the console shows, marked as not sent.
 */
export type Recipient = {
  kind: 'official' | 'citizen';
  id: string;
  email?: string | null;
  /** As typed (`0912 345 678`, `+84912345678`…); anything but a Vietnamese mobile number gets no SMS. */
  phone?: string | null;
};
type Person = Omit<Recipient, 'email' | 'phone'>;

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
  channel: 'email' | 'sms';
  /** An e-mail address, or an E.164 number (`+84…`) for SMS. */
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
  /** Record the notification (and its e-mail and SMS) inside the caller's transaction. */
  send(trx: Transaction<unknown> | Kysely<unknown>, input: NotificationInput): Promise<string>;
  inbox(recipient: Person, options: { unreadOnly?: boolean; limit: number }): Promise<NotificationTable[]>;
  markRead(recipient: Person, id: string): Promise<boolean>;
  unreadCount(recipient: Person): Promise<number>;
  outbox(limit: number): Promise<OutboxTable[]>;
  /** Deliver pending e-mail and SMS (the `platform.mail` job); returns how many were sent. */
  deliverPending(): Promise<number>;
  /** Delete notifications and outbox messages past their period (the `platform.notify.purge` job). */
  purgeExpired(now: Date, retention: NotificationRetention): Promise<NotificationPurge>;
  /** Delete a person's notifications and their sent messages (a deletion request), in the caller's transaction. */
  eraseFor(trx: Transaction<unknown>, recipient: Person): Promise<NotificationErasure>;
  readonly smtp: boolean;
  readonly sms: boolean;
};

/** An HTTP SMS gateway (brandname provider or the operator's own relay). */
export type SmsGateway = { url: string; token: string };

const MAX_ATTEMPTS = 5;
/** Three concatenated UCS-2 segments (67 characters each): what Vietnamese with diacritics costs. */
export const SMS_MAX_CHARS = 3 * 67;

/**
 * A Vietnamese mobile number in E.164 (`+84` and nine digits), or null for anything else: landlines
 * (`024…`), foreign numbers, short codes. Separators people type (spaces, dots, dashes) are ignored.
 * Mobile ranges since the 2018 renumbering: 03x, 05x, 07x, 08x, 09x.
 */
export function vietnameseMobile(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const compact = phone.trim().replace(/[\s.()-]/g, '');
  const national = /^(?:\+84|0084|84|0)(\d{9})$/.exec(compact)?.[1];
  return national && /^(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)/.test(national) ? `+84${national}` : null;
}

/**
 * The SMS text: Vietnamese only, with its diacritics, and the link. English is left out of SMS
 * because both languages would not fit three segments (diacritics force UCS-2, 67 characters a
 * segment); the link opens the bilingual page, and the in-app notice and the e-mail carry the English.
 */
export function smsText(subjectVi: string, bodyVi: string, url: string | null): string {
  // A link that would crowd out the message is left out; the in-app notice still has it.
  const tail = url && url.length < SMS_MAX_CHARS / 2 ? `\n${url}` : '';
  const budget = SMS_MAX_CHARS - tail.length;
  const text = `${subjectVi}: ${bodyVi}`.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (text.length <= budget) return text + tail;
  // Cut on a code point (never half a surrogate pair), preferably at a word, and say it was cut.
  let cut = '';
  for (const char of text) {
    if (cut.length + char.length > budget - 1) break;
    cut += char;
  }
  const space = cut.lastIndexOf(' ');
  if (space > budget / 2) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…${tail}`;
}

export function createNotifier(
  database: Database,
  /** `publicUrl` turns the in-app link into an address a mail client can open. */
  options: {
    smtpUrl: string | null;
    mailFrom: string;
    publicUrl: string;
    log: Logger;
    sms?: SmsGateway | null;
  },
): Notifier {
  const db = database.db as Kysely<NotifyTables>;
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  const gateway = options.sms ?? null;
  const retention = createNotificationRetention(database, { log: options.log });

  async function deliver(message: OutboxTable): Promise<void> {
    if (message.channel === 'email') {
      await transport!.sendMail({
        from: options.mailFrom,
        to: message.to_address,
        subject: message.subject,
        text: message.text_body,
      });
      return;
    }
    const response = await fetch(gateway!.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway!.token}`, 'content-type': 'application/json' },
      // The outbox id lets the gateway recognise a retry of a message it already took.
      body: JSON.stringify({ to: message.to_address, text: message.text_body, reference: message.id }),
      signal: AbortSignal.timeout(15_000),
      // A redirect is not a delivery, and must not carry the token elsewhere.
      redirect: 'manual',
    });
    if (!response.ok) {
      const detail = (await response.text().catch(() => '')).slice(0, 200);
      throw new Error(`SMS gateway answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`);
    }
  }

  return {
    smtp: transport !== null,
    sms: gateway !== null,
    purgeExpired: retention.purge,
    eraseFor: retention.eraseFor,

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
      const url = input.link ? new URL(input.link, options.publicUrl).href : null;
      const outgoing = { notification_id: id, attempts: 0, last_error: null, sent_at: null };
      if (input.recipient.email) {
        await executor
          .insertInto('platform.outbox')
          .values({
            ...outgoing,
            id: randomUUID(),
            channel: 'email',
            to_address: input.recipient.email,
            subject: `${input.subject.vi} / ${input.subject.en}`,
            // Vietnamese first, English below, in one message.
            text_body: `${input.body.vi}\n\n---\n\n${input.body.en}${url ? `\n\n${url}` : ''}`,
            status: transport ? 'pending' : 'local',
            created_at: new Date(),
          })
          .execute();
      }
      const mobile = vietnameseMobile(input.recipient.phone);
      if (mobile) {
        await executor
          .insertInto('platform.outbox')
          .values({
            ...outgoing,
            id: randomUUID(),
            channel: 'sms',
            to_address: mobile,
            subject: input.subject.vi,
            text_body: smsText(input.subject.vi, input.body.vi, url),
            status: gateway ? 'pending' : 'local',
            created_at: new Date(),
          })
          .execute();
      } else if (input.recipient.phone) {
        // Not the number itself: the log is no place for personal data.
        options.log.debug(
          { notificationId: id, topic: input.topic },
          'no SMS queued: the phone is not a Vietnamese mobile number',
        );
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
      const channels = [...(transport ? ['email' as const] : []), ...(gateway ? ['sms' as const] : [])];
      if (channels.length === 0) return 0;
      const pending = await db
        .selectFrom('platform.outbox')
        .selectAll()
        .where('status', '=', 'pending')
        .where('channel', 'in', channels)
        .where('attempts', '<', MAX_ATTEMPTS)
        .orderBy('created_at')
        .limit(50)
        .execute();
      let sent = 0;
      for (const message of pending) {
        try {
          await deliver(message);
          await db
            .updateTable('platform.outbox')
            .set({ status: 'sent', sent_at: new Date(), attempts: message.attempts + 1 })
            .where('id', '=', message.id)
            .execute();
          sent++;
        } catch (error) {
          options.log.warn(
            { err: error, outboxId: message.id, channel: message.channel },
            'outbox delivery failed',
          );
          const cause = (error as Error).cause as Error | undefined;
          await db
            .updateTable('platform.outbox')
            .set({
              status: message.attempts + 1 >= MAX_ATTEMPTS ? 'failed' : 'pending',
              attempts: message.attempts + 1,
              last_error: `${(error as Error).message}${cause?.message ? ` (${cause.message})` : ''}`.slice(
                0,
                500,
              ),
            })
            .where('id', '=', message.id)
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

/** Applied after `notifyMigrationSql` (forward only): the outbox carries SMS beside e-mail. */
export const outboxChannelMigrationSql = `
alter table platform.outbox
  add column channel text not null default 'email' check (channel in ('email', 'sms'));
`;
