import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../../../platform/clock.ts';
import type { EntityChange } from '../changes.ts';
import { termMapOf } from './context.ts';
import { NgsiError } from './errors.ts';
import type { Geometry } from './geo.ts';
import { qToSql } from './q.ts';
import { renderEntity, type StoredAttribute } from './representation.ts';
import {
  assertDeliverable,
  type EndpointPolicy,
  type SubscriptionSpec,
  selects,
} from './subscriptions.spec.ts';
import type { SubscriptionRow, SubscriptionStore } from './subscriptions.store.ts';

/**
 * Turns committed entity changes into HTTP notifications. The change feed's listener only queues
 * (ingestion never waits); one loop matches each batch against the live subscriptions (cached a
 * few seconds, dropped at once on a local write), evaluates `q` on the entities' new state in SQL
 * (the core's compiler, so `q` means the same everywhere) and sends, with a timeout and a few
 * retries, at most a bounded number of deliveries at a time.
 */
export type NotifierOptions = {
  timeoutMs: number;
  /** Waits before each retry; its length is the number of retries. */
  retryDelaysMs: number[];
  concurrency: number;
  /** Change batches waiting beyond this are dropped (and logged) rather than exhaust memory. */
  maxQueued: number;
  cacheMs: number;
};

export const defaultNotifierOptions: NotifierOptions = {
  timeoutMs: 5_000,
  retryDelaysMs: [1_000, 5_000],
  concurrency: 8,
  maxQueued: 10_000,
  cacheMs: 5_000,
};

export function statusOf(row: Pick<SubscriptionRow, 'spec' | 'expires_at'>, now: Date) {
  if (row.expires_at && new Date(row.expires_at).getTime() <= now.getTime()) return 'expired';
  return row.spec.isActive ? 'active' : 'paused';
}

type EntityState = {
  id: string;
  type: string;
  attrs: Record<string, StoredAttribute>;
  location: Geometry | null;
  created_at: Date;
  modified_at: Date;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createSubscriptionNotifier(deps: {
  db: Kysely<unknown>;
  store: SubscriptionStore;
  clock: Clock;
  log: Logger;
  policy: EndpointPolicy;
  options?: Partial<NotifierOptions>;
}) {
  const options = { ...defaultNotifierOptions, ...deps.options };
  // biome-ignore lint/suspicious/noExplicitAny: urban tables through raw SQL.
  const db = deps.db as Kysely<any>;
  const queue: EntityChange[][] = [];
  let draining: Promise<void> | null = null;
  let cache: { at: number; rows: SubscriptionRow[] } | null = null;
  /** When each subscription last notified (throttling), as seen by this instance. */
  const lastSent = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();

  async function live(): Promise<SubscriptionRow[]> {
    const now = deps.clock.now();
    if (!cache || now.getTime() - cache.at > options.cacheMs)
      cache = { at: now.getTime(), rows: await deps.store.live(now) };
    return cache.rows;
  }

  async function entityStates(ids: string[]): Promise<Map<string, EntityState>> {
    const { rows } = await sql<EntityState>`
      select id, type, attrs, location, created_at, modified_at from urban.entities
      where id in (${sql.join(ids)})`.execute(db);
    return new Map(rows.map((row) => [row.id, row]));
  }

  async function passingQ(spec: SubscriptionSpec, ids: string[]): Promise<Set<string>> {
    if (!spec.qNode) return new Set(ids);
    const { rows } = await sql<{ id: string }>`
      select id from urban.entities where id in (${sql.join(ids)}) and ${qToSql(spec.qNode)}`.execute(db);
    return new Set(rows.map((row) => row.id));
  }

  async function post(row: SubscriptionRow, body: Record<string, unknown>, link: string | null) {
    const { uri, accept } = row.spec.notification.endpoint;
    let reason = '';
    for (let attempt = 0; attempt <= options.retryDelaysMs.length; attempt++) {
      if (attempt > 0) await sleep(options.retryDelaysMs[attempt - 1] as number);
      try {
        await assertDeliverable(uri, deps.policy);
        const response = await fetch(uri, {
          method: 'POST',
          headers: {
            'content-type': accept,
            ...(link ? { link } : {}),
            'user-agent': 'hanoi-smartcity-ngsi-ld',
          },
          body: JSON.stringify(body),
          // A notification endpoint does not get to send us elsewhere (SSRF through redirects).
          redirect: 'manual',
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return { ok: true, reason: null };
        reason = `HTTP ${response.status}`;
        // A 4xx other than 408/429 will not get better by retrying.
        if (response.status < 500 && response.status !== 408 && response.status !== 429) break;
      } catch (error) {
        reason = (error as Error).message.slice(0, 500);
        // A refused (internal) address stays refused: no retry.
        if (error instanceof NgsiError) break;
      }
    }
    return { ok: false, reason };
  }

  async function deliver(row: SubscriptionRow, entities: EntityState[]) {
    const spec = row.spec;
    const terms = await termMapOf(spec.context);
    const attrs = spec.notification.attributes ? new Set(spec.notification.attributes) : null;
    const data = entities.map((entity) =>
      renderEntity(
        {
          id: entity.id,
          type: entity.type,
          attrs: entity.attrs,
          location: entity.location,
          createdAt: new Date(entity.created_at),
          modifiedAt: new Date(entity.modified_at),
        },
        { terms, keyValues: spec.notification.format === 'keyValues', sysAttrs: false, attrs },
      ),
    );
    const notifiedAt = deps.clock.now();
    const ld = spec.notification.endpoint.accept === 'application/ld+json';
    const body = {
      id: `urn:ngsi-ld:Notification:${randomUUID()}`,
      type: 'Notification',
      subscriptionId: row.id,
      notifiedAt: notifiedAt.toISOString(),
      data,
      ...(ld ? { '@context': terms.context } : {}),
    };
    const link =
      !ld && typeof terms.context === 'string'
        ? `<${terms.context}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`
        : null;
    const outcome = await post(row, body, link);
    if (!outcome.ok)
      deps.log.warn({ subscription: row.id, reason: outcome.reason }, 'NGSI-LD notification failed');
    await deps.store.recordDelivery(row.id, { at: notifiedAt, ...outcome });
  }

  function dispatch(row: SubscriptionRow, entities: EntityState[]): Promise<void> {
    const task: Promise<void> = deliver(row, entities)
      .catch((error) =>
        deps.log.error({ err: error, subscription: row.id }, 'NGSI-LD notification not recorded'),
      )
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    return task;
  }

  async function match(batch: EntityChange[]) {
    const subscriptions = await live();
    if (subscriptions.length === 0) return;
    const now = deps.clock.now().getTime();
    const wanted = new Map<SubscriptionRow, Set<string>>();
    for (const change of batch) {
      if (change.kind === 'deleted') continue;
      for (const row of subscriptions) {
        const spec = row.spec;
        if (row.expires_at && new Date(row.expires_at).getTime() <= now) continue;
        const watched = spec.watchedAttributes;
        // A creation lists the attributes the entity was created with, so the same test applies.
        if (watched && !change.attrs.some((attr) => watched.includes(attr))) continue;
        if (!selects(spec, { id: change.entityId, type: change.type })) continue;
        const ids = wanted.get(row) ?? new Set<string>();
        wanted.set(row, ids);
        ids.add(change.entityId);
      }
    }
    if (wanted.size === 0) return;
    const states = await entityStates([...new Set([...wanted.values()].flatMap((ids) => [...ids]))]);
    for (const [row, ids] of wanted) {
      const present = [...ids].filter((id) => states.has(id));
      if (present.length === 0) continue;
      const passing = await passingQ(row.spec, present);
      const entities = present.filter((id) => passing.has(id)).map((id) => states.get(id) as EntityState);
      if (entities.length === 0) continue;
      // Throttling: a notification within `throttling` seconds of the last one is not sent.
      const last =
        lastSent.get(row.id) ?? (row.last_notification ? new Date(row.last_notification).getTime() : 0);
      if (row.throttling > 0 && now - last < row.throttling * 1000) continue;
      lastSent.set(row.id, now);
      while (inFlight.size >= options.concurrency) await Promise.race(inFlight);
      void dispatch(row, entities);
    }
  }

  async function drainQueue() {
    while (queue.length > 0) {
      const batch = queue.shift() as EntityChange[];
      try {
        await match(batch);
      } catch (error) {
        deps.log.error({ err: error }, 'NGSI-LD subscriptions could not match a change batch');
      }
    }
  }

  function kick() {
    if (!draining)
      draining = drainQueue().finally(() => {
        draining = null;
        if (queue.length > 0) kick();
      });
  }

  return {
    /** The change feed's listener: queues and returns at once. */
    onChanges(batch: EntityChange[]) {
      if (queue.length >= options.maxQueued) {
        deps.log.warn({ dropped: batch.length }, 'NGSI-LD notification queue full; change batch dropped');
        return;
      }
      queue.push(batch);
      kick();
    },
    /** A subscription changed here: match against the database's state from now on. */
    invalidate() {
      cache = null;
    },
    /** Resolves once every queued change has been matched and every delivery has finished. */
    async drain() {
      while (draining || inFlight.size > 0 || queue.length > 0) {
        if (draining) await draining;
        await Promise.all([...inFlight]);
      }
    },
  };
}

export type SubscriptionNotifier = ReturnType<typeof createSubscriptionNotifier>;
