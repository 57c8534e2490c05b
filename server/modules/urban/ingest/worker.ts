import type { Logger } from 'pino';
import type { Database } from '../../../platform/db/database.ts';
import type { IngestMetrics } from '../../../platform/observability/telemetry.ts';
import type { ChangeFeed } from '../changes.ts';
import type { DeviceRow } from '../devices/index.ts';
import { parseMessage } from './payload.ts';
import { createSubscriber, type InboundMessage, type Subscriber } from './subscriber.ts';
import { type Accepted, type DeadLetter, writeBatch } from './writer.ts';

/**
 * The ingest worker: writes up to `batchSize` messages (or what came in `maxWaitMs`) in one
 * transaction, announces the changes, then acknowledges each message. Messages come either from a
 * subscription to `hanoi/+/+/attrs` at QoS 1 on an external broker (`broker`), acknowledged to that
 * broker after commit, or from the embedded broker through `accept`, whose promise settles after
 * commit so that the device's PUBACK is sent only then. A batch that fails to commit is not
 * acknowledged: the subscription is dropped so the broker redelivers it, or the embedded broker
 * drops the device's connection so the device sends it again (duplicates are harmless).
 */
export type IngestWorkerOptions = {
  database: Database;
  changes: ChangeFeed;
  log: Logger;
  /** The registry rows of the given devices (unknown ids are left out). */
  lookupDevices(ids: string[]): Promise<DeviceRow[]>;
  /** An external broker to subscribe to; without it, messages come only through `accept`. */
  broker?: { url: string; clientId: string; topic: string; username?: string; password?: string };
  batchSize?: number;
  maxWaitMs?: number;
  now?: () => Date;
  /** Where batches, readings, lag and dead letters are counted (`/metrics`). */
  metrics?: IngestMetrics;
};

/** `queuedAt`: when this process received the message (Date.now()), for the lag metric. */
type Message = InboundMessage & { fail?(error: Error): void; queuedAt: number };

const DEVICE_TTL_MS = 10_000;
const HIGH_WATER = 5000;

export type IngestWorker = {
  /** Resolves once the broker granted the subscription: from then on it queues for this worker. */
  readonly subscribed: Promise<void>;
  readonly stats: { committed: number; dead: number; batches: number; failures: number };
  /** Connected to the external broker (always true without one: the embedded broker hands messages in). */
  readonly connected: boolean;
  /** One message from the embedded broker: resolves once it is committed, rejects if it was not. */
  accept(topic: string, payload: Buffer): Promise<void>;
  /** Resolves when nothing is waiting or being written (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
};

export function createIngestWorker(options: IngestWorkerOptions): IngestWorker {
  const batchSize = options.batchSize ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 50;
  const now = options.now ?? (() => new Date());
  const devices = new Map<string, { row: DeviceRow | undefined; until: number }>();
  const stats = { committed: 0, dead: 0, batches: 0, failures: 0 };
  let pending: Message[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> | null = null;
  let stopped = false;

  /**
   * Registry rows of a batch's devices: cached ones as they are, the others in one query (a fleet
   * reporting every minute outlives the cache, and one query per message would pace the batch).
   */
  async function loadDevices(ids: Iterable<string>): Promise<void> {
    const at = Date.now();
    const missing = [...new Set(ids)].filter((id) => !((devices.get(id)?.until ?? 0) > at));
    if (missing.length === 0) return;
    const rows = new Map((await options.lookupDevices(missing)).map((row) => [row.id, row]));
    for (const id of missing) devices.set(id, { row: rows.get(id), until: at + DEVICE_TTL_MS });
  }
  const device = (id: string) => devices.get(id)?.row;

  async function write(messages: Message[]) {
    const receivedAt = now();
    const accepted: Accepted[] = [];
    const dead: DeadLetter[] = [];
    const parsedMessages = messages.map((message) => ({
      message,
      parsed: parseMessage(message.topic, message.payload, receivedAt),
    }));
    await loadDevices(parsedMessages.flatMap(({ parsed }) => (parsed.deviceId ? [parsed.deviceId] : [])));
    for (const { message, parsed } of parsedMessages) {
      const letter = (reason: string, deviceId: string | null) =>
        dead.push({ topic: message.topic, deviceId, payload: message.payload, reason });
      if (!parsed.ok) {
        letter(parsed.reason, parsed.deviceId && device(parsed.deviceId) ? parsed.deviceId : null);
        continue;
      }
      const row = device(parsed.deviceId);
      if (!row) letter(`unknown device ${parsed.deviceId}`, null);
      else if (row.domain !== parsed.domain)
        letter(`device ${row.id} belongs to domain ${row.domain}`, row.id);
      else if (row.status === 'retired') letter(`device ${row.id} is retired`, row.id);
      else
        accepted.push({
          entityId: row.entity_id,
          entityType: row.entity_type,
          simulated: row.simulated,
          readings: parsed.readings,
        });
    }
    const started = Date.now();
    const changes = await writeBatch(options.database, { accepted, dead, receivedAt });
    const committed = Date.now();
    options.metrics?.batchWritten({
      readings: accepted.reduce((sum, message) => sum + message.readings.length, 0),
      deadLetters: dead.length,
      seconds: (committed - started) / 1000,
      lagSeconds: (committed - Math.min(...messages.map((message) => message.queuedAt))) / 1000,
    });
    stats.batches += 1;
    stats.committed += accepted.length;
    stats.dead += dead.length;
    options.changes.publish(changes);
  }

  async function drain() {
    while (pending.length > 0 && !stopped) {
      const messages = pending.slice(0, batchSize);
      pending = pending.slice(messages.length);
      try {
        await write(messages);
        for (const message of messages) message.ack();
      } catch (error) {
        stats.failures += 1;
        options.metrics?.batchFailed();
        options.log.error(
          { err: error, messages: messages.length },
          'ingest batch not committed; it will be sent again',
        );
        for (const message of messages) message.fail?.(error as Error);
        if (subscriber) {
          // Everything read but not acknowledged comes again after the reconnect.
          pending = [];
          subscriber.reconnect();
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      if (pending.length < HIGH_WATER / 5) subscriber?.resume();
    }
  }

  function schedule() {
    if (writing) return;
    if (timer) clearTimeout(timer);
    timer = null;
    writing = drain().finally(() => {
      writing = null;
      if (pending.length > 0 && !stopped) schedule();
    });
  }

  function enqueue(message: Omit<Message, 'queuedAt'>) {
    pending.push({ ...message, queuedAt: Date.now() });
    if (pending.length >= HIGH_WATER) subscriber?.pause();
    if (pending.length >= batchSize) schedule();
    else if (!timer && !writing) timer = setTimeout(schedule, maxWaitMs);
  }

  let markSubscribed: () => void = () => {};
  const subscribed = new Promise<void>((resolve) => {
    markSubscribed = resolve;
  });
  const subscriber: Subscriber | null = options.broker
    ? createSubscriber({
        ...options.broker,
        log: options.log,
        onSubscribed: () => markSubscribed(),
        onMessage(message) {
          if (!stopped) enqueue(message);
        },
      })
    : null;
  if (!subscriber) markSubscribed();

  return {
    subscribed,
    stats,
    get connected() {
      return subscriber?.connected ?? true;
    },
    accept(topic, payload) {
      if (stopped) return Promise.reject(new Error('ingestion stopped'));
      return new Promise((resolve, reject) => enqueue({ topic, payload, ack: resolve, fail: reject }));
    },
    async idle() {
      while (pending.length > 0 || writing || timer) {
        await (writing ?? new Promise((resolve) => setTimeout(resolve, maxWaitMs)));
      }
    },
    async stop() {
      // The batch being written finishes and is acknowledged; what is only read stays unacknowledged.
      stopped = true;
      if (timer) clearTimeout(timer);
      await writing;
      // What the embedded broker handed over but is not written is refused, so never acknowledged.
      for (const message of pending.splice(0)) message.fail?.(new Error('ingestion stopped'));
      await subscriber?.stop();
    },
  };
}
