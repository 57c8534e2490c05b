import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { systemActor } from '../auth/principal.ts';

let t: TestPlatform;
beforeAll(async () => {
  t = await createTestPlatform();
});
afterAll(() => t.close());

const record = (action: string, objectId: string) =>
  t.platform.context.database.db.transaction().execute((trx) =>
    t.platform.context.audit.record(trx, {
      actor: systemActor('test'),
      action,
      objectType: 'test.object',
      objectId,
      before: null,
      after: { objectId },
      details: { note: 'ghi chú có dấu' },
    }),
  );

describe('audit log', () => {
  let seeded = 0;

  it('chains entries and verifies', async () => {
    // Start-up itself writes entries (reference data); count from there.
    const start = await t.platform.context.audit.verify();
    expect(start.ok).toBe(true);
    seeded = start.entries;
    for (let i = 0; i < 5; i++) await record('test.create', `obj-${i}`);
    const result = await t.platform.context.audit.verify();
    expect(result).toMatchObject({ ok: true, entries: seeded + 5 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    const db = t.platform.context.database.db;
    await expect(sql`update platform.audit_log set action = 'x' where seq = 1`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from platform.audit_log where seq = 1`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`truncate platform.audit_log`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('keeps the chain under concurrent writers', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => record('test.concurrent', `c-${i}`)));
    expect(await t.platform.context.audit.verify()).toMatchObject({ ok: true, entries: seeded + 25 });
  });

  it('names the entry altered behind the application’s back', async () => {
    const db = t.platform.context.database.db;
    // An attacker with table-owner rights turns the trigger off and edits an entry.
    await sql`alter table platform.audit_log disable trigger audit_log_append_only`.execute(db);
    await sql`update platform.audit_log set object_id = 'tampered' where seq = 3`.execute(db);
    await sql`alter table platform.audit_log enable trigger audit_log_append_only`.execute(db);
    expect(await t.platform.context.audit.verify()).toMatchObject({
      ok: false,
      brokenAt: 3,
      reason: 'hash_mismatch',
    });
  });
});
