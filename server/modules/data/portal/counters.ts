import type { Clock } from '../../../platform/clock.ts';
import type { PortalStore } from './portal.store.ts';

/**
 * Download and API-call counters per dataset and day. Reads stay reads: counts gather in memory
 * and are added to the database every few seconds (additions from several instances add up).
 */
const FLUSH_EVERY_MS = 5_000;

export function createCounters(deps: {
  store: PortalStore;
  clock: Clock;
  onError: (error: unknown) => void;
}) {
  const pending = new Map<string, { datasetId: string; day: string; downloads: number; apiCalls: number }>();
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> = Promise.resolve();

  function add(datasetId: string, kind: 'downloads' | 'apiCalls') {
    const day = deps.clock.today();
    const key = `${datasetId}:${day}`;
    const entry = pending.get(key) ?? { datasetId, day, downloads: 0, apiCalls: 0 };
    entry[kind] += 1;
    pending.set(key, entry);
    if (!timer) {
      timer = setTimeout(() => {
        timer = null;
        flush().catch(deps.onError);
      }, FLUSH_EVERY_MS);
      timer.unref();
    }
  }

  function flush(): Promise<void> {
    flushing = flushing.then(async () => {
      if (pending.size === 0) return;
      const entries = [...pending.values()];
      pending.clear();
      try {
        await deps.store.addCounters(entries);
      } catch (error) {
        // Put them back, so the next flush tries again.
        for (const entry of entries) {
          const key = `${entry.datasetId}:${entry.day}`;
          const kept = pending.get(key) ?? { ...entry, downloads: 0, apiCalls: 0 };
          kept.downloads += entry.downloads;
          kept.apiCalls += entry.apiCalls;
          pending.set(key, kept);
        }
        throw error;
      }
    });
    return flushing;
  }

  return {
    download: (datasetId: string) => add(datasetId, 'downloads'),
    apiCall: (datasetId: string) => add(datasetId, 'apiCalls'),
    flush,
    async close() {
      if (timer) clearTimeout(timer);
      timer = null;
      await flush().catch(deps.onError);
    },
  };
}

export type Counters = ReturnType<typeof createCounters>;
