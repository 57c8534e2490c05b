import type { Logger } from 'pino';
import type { Clock } from '../../../platform/clock.ts';
import type { ChangeFeed } from '../changes.ts';
import { compactTerm } from '../terms.ts';
import type { IocStore } from './ioc.store.ts';
import { type Audience, layers, publicTypes } from './layers.ts';

export type LiveClient = { audience: Audience; send(event: string, data: unknown): void };

const allTypes = layers.flatMap((layer) => layer.types);
const publicSet = new Set(publicTypes);
/** Rows committed just before the cursor moved may become visible a little later; look back this far. */
const OVERLAP_MS = 5_000;

/**
 * Live updates for the operations centre and the public map. Device changes come from the change
 * feed (any instance's ingestion, through the relay), gathered for a second and sent as device states. Alerts and
 * incidents are polled from the database each second, so the changes of every instance arrive.
 * Nothing runs while no one is watching.
 */
export function createLiveHub(deps: {
  store: IocStore;
  changes: ChangeFeed;
  clock: Clock;
  log: Logger;
  intervalMs?: number;
}) {
  const { store, clock, log } = deps;
  const intervalMs = deps.intervalMs ?? 1_000;
  /** Each watcher with the instant it started watching: it gets no alert or incident from before. */
  const clients = new Map<LiveClient, number>();
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let cursor = clock.now();
  let seen = new Map<string, number>();
  let busy = false;

  const unsubscribe = deps.changes.subscribeAll((entityIds) => {
    if (clients.size === 0) return;
    for (const id of entityIds) pending.add(id);
  });

  function broadcast(event: string, data: unknown, audience: Audience, at?: Date) {
    for (const [client, since] of clients)
      if (client.audience === audience && (!at || at.getTime() >= since)) {
        try {
          client.send(event, data);
        } catch (error) {
          log.warn({ err: error }, 'live client send failed');
          clients.delete(client);
        }
      }
  }

  async function flushDevices() {
    if (pending.size === 0) return;
    const ids = [...pending];
    pending.clear();
    const points = await store.devicesOfEntities(ids, allTypes, clock.now());
    if (points.length === 0) return;
    broadcast('devices', points, 'operator');
    const open = points.filter((point) => publicSet.has(point.type));
    if (open.length > 0) broadcast('devices', open, 'public');
  }

  async function pollEvents() {
    const since = new Date(cursor.getTime() - OVERLAP_MS);
    const { alerts, incidents } = await store.changedSince(since);
    const fresh = <T extends { id: string; at: Date }>(items: T[], kind: string) =>
      items.filter((item) => {
        const key = `${kind}:${item.id}:${item.at.getTime()}`;
        if (seen.has(key)) return false;
        seen.set(key, item.at.getTime());
        return true;
      });
    const newAlerts = fresh(alerts, 'alert');
    const newIncidents = fresh(incidents, 'incident');
    const latest = Math.max(cursor.getTime(), ...[...alerts, ...incidents].map((item) => item.at.getTime()));
    cursor = new Date(latest);
    // Keys older than the look-back can no longer come back; forget them.
    seen = new Map([...seen].filter(([, at]) => at >= latest - 2 * OVERLAP_MS));
    for (const alert of newAlerts) {
      const data = { ...alert, at: alert.at.toISOString() };
      broadcast('alert', data, 'operator', alert.at);
      if (publicSet.has(compactTerm(alert.entityType))) broadcast('alert', data, 'public', alert.at);
    }
    for (const incident of newIncidents)
      broadcast('incident', { ...incident, at: incident.at.toISOString() }, 'operator', incident.at);
  }

  async function tick() {
    if (busy) return;
    busy = true;
    try {
      await flushDevices();
      await pollEvents();
    } catch (error) {
      log.warn({ err: error }, 'live update failed; retrying');
    } finally {
      busy = false;
    }
  }

  return {
    /** Adds a watcher; the returned function removes it. The poller runs while anyone watches. */
    subscribe(client: LiveClient): () => void {
      if (clients.size === 0) {
        cursor = clock.now();
        seen.clear();
        timer = setInterval(() => void tick(), intervalMs);
        timer.unref();
      }
      clients.set(client, clock.now().getTime());
      return () => {
        clients.delete(client);
        if (clients.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
          pending.clear();
        }
      };
    },
    get watchers() {
      return clients.size;
    },
    stop() {
      unsubscribe();
      if (timer) clearInterval(timer);
      timer = undefined;
      clients.clear();
    },
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
