import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from './db/database.ts';

/**
 * Retention of notifications (docs/personal-data.md): the daily `platform.notify.purge` job, and
 * the erasure of one person's notifications on a deletion request. An outbox message still
 * `pending` is never deleted, and neither is the notification it belongs to (the outbox refers to
 * it), until it is sent or finally fails.
 */
export type NotificationRetention = { notificationDays: number; outboxDays: number };

export type NotificationPurge = { notifications: number; messages: number };

export type NotificationErasure = {
  notifications: number;
  /** E-mail and SMS sent (or finally failed, or kept locally) from the deleted notifications. */
  messages: number;
  /** Messages still waiting to be sent: kept, with their notifications. */
  pendingMessages: number;
};

/** Rows per statement: short transactions, so a large backlog never holds a lock for long. */
const RETENTION_BATCH = 500;
const DAY_MS = 86_400_000;

type Person = { kind: 'official' | 'citizen'; id: string };
/** The columns of `notifyMigrationSql` (notify.ts) these statements touch. */
type NotifyTables = {
  'platform.notifications': { id: string; recipient_kind: string; recipient_id: string; created_at: Date };
  'platform.outbox': { id: string; notification_id: string; status: string; created_at: Date };
};

export function createNotificationRetention(
  database: Database,
  options: { log: Logger; batchSize?: number },
) {
  const db = database.db as Kysely<NotifyTables>;
  const batch = options.batchSize ?? RETENTION_BATCH;

  return {
    /** Deletes what is past its period at `now`; returns how many rows went. */
    async purge(now: Date, retention: NotificationRetention): Promise<NotificationPurge> {
      const outboxBefore = new Date(now.getTime() - retention.outboxDays * DAY_MS);
      const notificationsBefore = new Date(now.getTime() - retention.notificationDays * DAY_MS);
      let messages = 0;
      let notifications = 0;

      // Messages done with (sent, failed for good, or never meant to leave the local outbox).
      for (;;) {
        const result = await db
          .deleteFrom('platform.outbox')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('platform.outbox')
              .select('id')
              .where('status', '<>', 'pending')
              .where('created_at', '<', outboxBefore)
              .limit(batch),
          )
          .executeTakeFirst();
        const deleted = Number(result.numDeletedRows);
        messages += deleted;
        if (deleted < batch) break;
      }

      // Old notifications, with their remaining messages (copies of the same text), unless one is pending.
      for (;;) {
        const deleted = await db.transaction().execute(async (trx) => {
          const ids = (
            await trx
              .selectFrom('platform.notifications as n')
              .select('n.id')
              .where('n.created_at', '<', notificationsBefore)
              .where(({ not, exists, selectFrom }) =>
                not(
                  exists(
                    selectFrom('platform.outbox as o')
                      .select('o.id')
                      .whereRef('o.notification_id', '=', 'n.id')
                      .where('o.status', '=', 'pending'),
                  ),
                ),
              )
              .limit(batch)
              .execute()
          ).map((row) => row.id);
          if (ids.length === 0) return { notifications: 0, messages: 0 };
          const outbox = await trx
            .deleteFrom('platform.outbox')
            .where('notification_id', 'in', ids)
            .where('status', '<>', 'pending')
            .executeTakeFirst();
          const inbox = await trx
            .deleteFrom('platform.notifications')
            .where('id', 'in', ids)
            .executeTakeFirst();
          return { notifications: Number(inbox.numDeletedRows), messages: Number(outbox.numDeletedRows) };
        });
        notifications += deleted.notifications;
        messages += deleted.messages;
        if (deleted.notifications < batch) break;
      }

      options.log.info(
        { notifications, messages, ...retention },
        'notification retention: deleted notifications and outbox messages past their period',
      );
      return { notifications, messages };
    },

    /** Deletes one person's notifications and the messages sent from them, in the caller's transaction. */
    async eraseFor(trx: Transaction<unknown>, person: Person): Promise<NotificationErasure> {
      const t = trx as unknown as Transaction<NotifyTables>;
      const theirs = t
        .selectFrom('platform.notifications')
        .select('id')
        .where('recipient_kind', '=', person.kind)
        .where('recipient_id', '=', person.id);
      const outbox = await t
        .deleteFrom('platform.outbox')
        .where('notification_id', 'in', theirs)
        .where('status', '<>', 'pending')
        .executeTakeFirst();
      // What is left in the outbox for them is pending: those notifications stay with their messages.
      const pending = await t
        .selectFrom('platform.outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('notification_id', 'in', theirs)
        .executeTakeFirstOrThrow();
      const inbox = await t
        .deleteFrom('platform.notifications as n')
        .where('n.recipient_kind', '=', person.kind)
        .where('n.recipient_id', '=', person.id)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('platform.outbox as o').select('o.id').whereRef('o.notification_id', '=', 'n.id'),
            ),
          ),
        )
        .executeTakeFirst();
      return {
        notifications: Number(inbox.numDeletedRows),
        messages: Number(outbox.numDeletedRows),
        pendingMessages: Number(pending.n),
      };
    },
  };
}
