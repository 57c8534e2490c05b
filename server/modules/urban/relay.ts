import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Database } from '../../platform/db/database.ts';
import type { DependencyCheck } from '../../platform/observability/readiness.ts';
import type { ChangeFeed } from './changes.ts';

/** PostgreSQL NOTIFY channel of the entity-change relay. */
export const RELAY_CHANNEL = 'smartcity_urban_changes';
/** NOTIFY payloads must stay under 8,000 bytes; ids are sent in chunks below this. */
const MAX_PAYLOAD_BYTES = 7_000;
/** Sends waiting beyond this are dropped (live views re-read on reconnect); ingestion never waits. */
const MAX_PENDING_SENDS = 1_000;

/**
 * Relays the ids of changed entities between app instances sharing one PostgreSQL database, with
 * LISTEN/NOTIFY, so that a live view connected to any instance hears readings any instance
 * ingested. Each instance notifies its own changes with its origin id and ignores its own echo.
 * A notification missed while the listening connection is down is not replayed: live views show
 * it with the next change of that entity, or on their next full read.
 */
export function createChangeRelay(deps: {
  database: Database;
  changes: ChangeFeed;
  log: Logger;
  reconnectMs?: number;
}) {
  const { database, changes, log } = deps;
  const pool = database.pool;
  const origin = randomUUID();
  const reconnectMs = deps.reconnectMs ?? 2_000;
  let client: pg.Client | null = null;
  let stopped = true;
  let retry: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;
  let sending: Promise<void> = Promise.resolve();
  let pendingSends = 0;

  const onNotification = (message: pg.Notification) => {
    if (message.channel !== RELAY_CHANNEL || !message.payload) return;
    try {
      const { o, ids } = JSON.parse(message.payload) as { o?: unknown; ids?: unknown };
      if (o === origin || !Array.isArray(ids)) return;
      changes.publishRemote(ids.filter((id): id is string => typeof id === 'string'));
    } catch (error) {
      log.warn({ err: error }, 'unreadable entity-change notification ignored');
    }
  };

  function scheduleListen() {
    if (stopped || retry) return;
    retry = setTimeout(() => void listen(), reconnectMs);
    retry.unref();
  }

  function lost(lostClient: pg.Client, error?: unknown) {
    if (client !== lostClient) return;
    client = null;
    log.warn({ err: error }, 'entity-change relay lost its database connection; reconnecting');
    lostClient.end().catch(() => {});
    scheduleListen();
  }

  async function listen() {
    retry = null;
    if (!pool || stopped) return;
    // A connection of its own, not from the pool: LISTEN holds it for the life of the process, and a
    // pool waits at shutdown for every connection lent out.
    const mine = new pg.Client((pool as unknown as { options: pg.ClientConfig }).options);
    try {
      mine.on('error', (error) => lost(mine, error));
      mine.on('end', () => lost(mine));
      await mine.connect();
      mine.on('notification', onNotification);
      client = mine;
      await mine.query(`listen ${RELAY_CHANNEL}`);
      if (stopped) await close();
    } catch (error) {
      if (client === mine) client = null;
      mine.end().catch(() => {});
      log.warn({ err: error }, 'entity-change relay could not listen; retrying');
      scheduleListen();
    }
  }

  /** Ids in chunks whose JSON stays under the NOTIFY limit. */
  function payloads(entityIds: string[]): string[] {
    const out: string[] = [];
    let chunk: string[] = [];
    let size = 0;
    for (const id of new Set(entityIds)) {
      const bytes = Buffer.byteLength(id) + 3;
      if (chunk.length > 0 && size + bytes > MAX_PAYLOAD_BYTES) {
        out.push(JSON.stringify({ o: origin, ids: chunk }));
        chunk = [];
        size = 0;
      }
      chunk.push(id);
      size += bytes;
    }
    if (chunk.length > 0) out.push(JSON.stringify({ o: origin, ids: chunk }));
    return out;
  }

  function send(entityIds: string[]) {
    if (!pool || pendingSends >= MAX_PENDING_SENDS) {
      if (pool) log.warn({ dropped: entityIds.length }, 'entity-change relay behind; change ids dropped');
      return;
    }
    pendingSends += 1;
    sending = sending
      .then(async () => {
        for (const payload of payloads(entityIds))
          await pool.query('select pg_notify($1, $2)', [RELAY_CHANNEL, payload]);
      })
      .catch((error: unknown) => log.warn({ err: error }, 'entity-change relay could not notify'))
      .finally(() => {
        pendingSends -= 1;
      });
  }

  async function close() {
    const current = client;
    client = null;
    if (!current) return;
    current.removeAllListeners('notification');
    await current.query(`unlisten ${RELAY_CHANNEL}`).catch(() => {});
    await current.end().catch(() => {});
  }

  return {
    /** PostgreSQL only (one process has nothing to relay); started with the long-running parts. */
    get enabled() {
      return pool !== undefined;
    },
    async start() {
      if (!pool || !stopped) return;
      stopped = false;
      unsubscribe = changes.subscribeAll((entityIds, local) => {
        if (local) send(entityIds);
      });
      await listen();
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      unsubscribe = null;
      if (retry) clearTimeout(retry);
      retry = null;
      await sending;
      await close();
    },
    readiness(): Record<string, DependencyCheck> {
      if (!pool || stopped) return {};
      return client
        ? { changeRelay: { ok: true, detail: `listening on ${RELAY_CHANNEL}` } }
        : { changeRelay: { ok: false, detail: 'not listening (reconnecting)' } };
    },
  };
}
