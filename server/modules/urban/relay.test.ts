import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testEngine } from '../../../test/support/database.ts';
import { createChangeFeed, type EntityChange } from './changes.ts';
import { createChangeRelay } from './relay.ts';

const log = pino({ level: 'silent' });
const change = (entityId: string): EntityChange => ({
  entityId,
  type: 'https://uri.etsi.org/ngsi-ld/default-context/FloodMonitoring',
  attrs: [],
  kind: 'updated',
  at: new Date(),
});

// Two instances = two pools on one database, each with its own change feed and relay.
describe.skipIf(testEngine() !== 'postgres')('entity-change relay between instances (LISTEN/NOTIFY)', () => {
  let first: TestDatabase;
  let second: Awaited<ReturnType<typeof openSecond>>;
  const feeds = [createChangeFeed(), createChangeFeed()];
  const heard: { ids: string[]; local: boolean }[][] = [[], []];
  let relays: ReturnType<typeof createChangeRelay>[] = [];

  async function openSecond() {
    const { openDatabase } = await import('../../platform/db/database.ts');
    return openDatabase({ kind: 'postgres', url: first.url!, poolSize: 3 });
  }

  beforeAll(async () => {
    first = await createTestDatabase();
    second = await openSecond();
    relays = [
      createChangeRelay({ database: first.database, changes: feeds[0]!, log, reconnectMs: 100 }),
      createChangeRelay({ database: second, changes: feeds[1]!, log, reconnectMs: 100 }),
    ];
    feeds.forEach((feed, at) => {
      feed.subscribeAll((ids, local) => heard[at]!.push({ ids, local }));
    });
    for (const relay of relays) await relay.start();
  });
  afterAll(async () => {
    for (const relay of relays) await relay.stop();
    await second?.close();
    await first?.dispose();
  });

  const remoteIds = (at: number) => heard[at]!.filter((entry) => !entry.local).flatMap((entry) => entry.ids);

  it('delivers the ids one instance changed to the other, not back to itself, in chunks under the NOTIFY limit', async () => {
    expect(relays.map((relay) => relay.readiness())).toEqual([
      { changeRelay: { ok: true, detail: 'listening on smartcity_urban_changes' } },
      { changeRelay: { ok: true, detail: 'listening on smartcity_urban_changes' } },
    ]);
    // 400 ids of ~60 bytes: more than one 8,000-byte NOTIFY payload.
    const ids = Array.from({ length: 400 }, (_, i) => `urn:ngsi-ld:FloodMonitoring:relay-test-device-${i}`);
    feeds[0]!.publish(ids.map(change));
    // Deleted entities are not relayed (live views show what exists).
    feeds[0]!.publish([{ ...change('urn:ngsi-ld:FloodMonitoring:gone'), kind: 'deleted' }]);
    await expect.poll(() => remoteIds(1).length, { timeout: 5_000 }).toBe(400);
    expect(new Set(remoteIds(1))).toEqual(new Set(ids));
    expect(heard[1]!.filter((entry) => !entry.local).length).toBeGreaterThan(1);
    expect(remoteIds(0)).toEqual([]);
    expect(heard[0]!.filter((entry) => entry.local).flatMap((entry) => entry.ids)).toEqual(ids);
  });

  it('listens again after its connection is killed', async () => {
    const admin = first.database;
    // Terminate the LISTEN connections of both relays.
    const listeners = async () =>
      (
        (
          await admin.executeSql(
            `select pid from pg_stat_activity
              where datname = current_database() and query ilike 'listen %' and pid <> pg_backend_pid()`,
          )
        ).rows as { pid: number }[]
      ).map((row) => row.pid);
    const killed = await listeners();
    expect(killed).toHaveLength(2);
    await admin.executeSql(`select pg_terminate_backend(pid) from unnest($1::int[]) as pid`, [killed]);
    // Both relays listen again, on new connections.
    await expect
      .poll(async () => (await listeners()).filter((pid) => !killed.includes(pid)).length, {
        timeout: 10_000,
      })
      .toBe(2);
    expect(relays.every((relay) => relay.readiness().changeRelay?.ok === true)).toBe(true);
    const before = remoteIds(0).length;
    feeds[1]!.publish([change('urn:ngsi-ld:FloodMonitoring:after-reconnect')]);
    await expect.poll(() => remoteIds(0).length, { timeout: 5_000 }).toBe(before + 1);
    expect(remoteIds(0).at(-1)).toBe('urn:ngsi-ld:FloodMonitoring:after-reconnect');
  });
});
