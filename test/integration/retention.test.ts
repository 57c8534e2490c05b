import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDateInHanoi } from '../../server/platform/clock.ts';
import { createNotificationRetention } from '../../server/platform/notify-retention.ts';
import { createTestPlatform, type TestPlatform } from '../support/platform.ts';

// The retention jobs of docs/personal-data.md, on the platform's clock: each deletes exactly what is
// past its period. Periods are shortened by configuration so the boundaries are easy to see.
const NOW = new Date('2026-11-27T03:00:00Z');
const DAY = 86_400_000;
const ago = (days: number, minutes = 0) => new Date(NOW.getTime() - days * DAY - minutes * 60_000);

let t: TestPlatform;
const db = () => t.platform.context.database.db;

beforeAll(async () => {
  t = await createTestPlatform({
    clock: { now: () => NOW, today: () => isoDateInHanoi(NOW) },
    env: { NOTIFICATION_RETENTION_DAYS: '200', OUTBOX_RETENTION_DAYS: '60', SIGN_IN_RETENTION_DAYS: '400' },
  });
}, 180_000);
afterAll(async () => {
  await t?.close();
});

/** A notification created `days` ago, with an e-mail and an SMS in each of `statuses` (same age). */
async function notice(recipientId: string, days: number, statuses: string[], minutes = 0): Promise<string> {
  const { notify } = t.platform.context;
  const id = await notify.send(db(), {
    recipient: { kind: 'citizen', id: recipientId, email: 'a@example.vn', phone: '0912345678' },
    subject: { vi: 'Tiêu đề', en: 'Subject' },
    body: { vi: 'Nội dung', en: 'Body' },
    topic: 'retention.test',
  });
  const at = ago(days, minutes);
  await sql`update platform.notifications set created_at = ${at} where id = ${id}`.execute(db());
  // Two messages were queued (e-mail and SMS): give them the statuses asked for, in order.
  const messages = await sql<{ id: string }>`
    select id from platform.outbox where notification_id = ${id} order by channel`.execute(db());
  expect(messages.rows).toHaveLength(2);
  for (const [index, status] of statuses.slice(0, 2).entries())
    await sql`update platform.outbox set status = ${status}, created_at = ${at}
      where id = ${messages.rows[index]!.id}`.execute(db());
  return id;
}

const remaining = async (recipientId: string) => {
  const inbox = await sql<{ id: string }>`
    select id from platform.notifications where recipient_id = ${recipientId} order by id`.execute(db());
  const outbox = await sql<{ notification_id: string; status: string }>`
    select o.notification_id, o.status from platform.outbox o
    join platform.notifications n on n.id = o.notification_id
    where n.recipient_id = ${recipientId} order by o.notification_id, o.status`.execute(db());
  return { inbox: inbox.rows.map((row) => row.id), outbox: outbox.rows };
};

describe('platform.notify.purge', () => {
  it('deletes notifications and finished messages past their periods, never pending ones', async () => {
    const who = 'acct-retention-notify';
    const oldDone = await notice(who, 200, ['sent', 'failed'], 1); // both periods over: all goes
    const oldLocal = await notice(who, 300, ['local', 'local']); // embedded mode's outbox: done with
    const youngNotice = await notice(who, 200, ['sent', 'local'], -1); // notice stays, messages go
    const fresh = await notice(who, 60, ['sent', 'failed'], -1); // nothing goes yet
    const queued = await notice(who, 500, ['pending', 'sent']); // pending: it and its notice stay
    const stillTrying = await notice(who, 100, ['pending', 'failed']); // the failed one goes

    await t.platform.context.jobs.runNow('platform.notify.purge', {});

    const after = await remaining(who);
    expect(after.inbox.sort()).toEqual([youngNotice, fresh, queued, stillTrying].sort());
    expect(after.inbox).not.toContain(oldDone);
    expect(after.inbox).not.toContain(oldLocal);
    const byNotice = (id: string) =>
      after.outbox.filter((row) => row.notification_id === id).map((row) => row.status);
    expect(byNotice(youngNotice)).toEqual([]);
    expect(byNotice(fresh)).toEqual(['failed', 'sent']);
    expect(byNotice(queued)).toEqual(['pending']);
    expect(byNotice(stillTrying)).toEqual(['pending']);

    // Run again: nothing more is past its period.
    await t.platform.context.jobs.runNow('platform.notify.purge', {});
    expect(await remaining(who)).toEqual(after);
  });

  it('works through a backlog in bounded batches and counts what went', async () => {
    const who = 'acct-retention-batches';
    const other = 'acct-retention-other';
    for (let i = 0; i < 5; i++) await notice(who, 250, ['sent', 'local']);
    const kept = await notice(other, 10, ['sent', 'sent']);
    const retention = createNotificationRetention(t.platform.context.database, {
      log: pino({ level: 'silent' }),
      batchSize: 2,
    });
    // 5 notices and their 10 messages, over several batches of 2; the young one untouched.
    expect(await retention.purge(NOW, { notificationDays: 200, outboxDays: 60 })).toEqual({
      notifications: 5,
      messages: 10,
    });
    expect((await remaining(who)).inbox).toEqual([]);
    expect((await remaining(other)).inbox).toEqual([kept]);
    expect((await remaining(other)).outbox).toHaveLength(2);
  });
});

describe('identity.purge-sign-ins', () => {
  it('deletes sign-ins older than SIGN_IN_RETENTION_DAYS, in batches, and keeps the rest', async () => {
    const account = 'acct-retention-sign-ins';
    await sql`insert into identity.accounts (id, kind, personal_id, full_name)
      values (${account}, 'citizen', '001099000777', 'Nguyễn Văn Lưu')`.execute(db());
    // 2,500 sign-ins past the period (more than two batches), and three within it.
    await sql`insert into identity.sign_ins (account_id, kind, acr, at)
      select ${account}, 'citizen', 'vneid-2', ${ago(400, 1)}::timestamptz - g * interval '1 hour'
      from generate_series(0, 2499) g`.execute(db());
    const keptAt = [ago(400, -1), ago(30), ago(0)];
    for (const at of keptAt)
      await sql`insert into identity.sign_ins (account_id, kind, acr, at)
        values (${account}, 'citizen', 'vneid-2', ${at})`.execute(db());

    await t.platform.context.jobs.runNow('identity.purge-sign-ins', {});

    const left = await sql<{ at: Date }>`
      select at from identity.sign_ins where account_id = ${account} order by at`.execute(db());
    expect(left.rows.map((row) => new Date(row.at).toISOString())).toEqual(
      keptAt.map((at) => at.toISOString()),
    );
  });
});

describe('job queues', () => {
  it('defines the retention jobs whatever is configured, so `migrate` creates their queues', () => {
    expect(t.platform.context.jobs.names).toEqual(
      expect.arrayContaining([
        'platform.notify.purge',
        'identity.purge-sign-ins',
        'services.dossiers.purge-drafts',
      ]),
    );
  });
});
