import { useQueries } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { dtiKeys, type Results, usePublishedCycles } from '../api.ts';
import { cyclesOfFramework } from './ranking.ts';

/**
 * The results of every published cycle of the shown cycle's framework, for the trend; the shown
 * cycle itself is included from what is already loaded (officials see it before publication).
 */
export function useFrameworkHistory(current: Results) {
  const published = usePublishedCycles();
  const others = cyclesOfFramework(published.data ?? [], current.frameworkCode).filter(
    (cycle) => cycle.id !== current.cycleId,
  );
  const queries = useQueries({
    queries: others.map((cycle) => ({
      queryKey: dtiKeys.results('public', cycle.id),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<Results>(`/api/dti/public/cycles/${cycle.id}/results`, { signal }),
    })),
  });
  const loaded = queries.flatMap((query) => (query.data ? [query.data] : []));
  return {
    results: [current, ...loaded],
    isPending: published.isPending || queries.some((query) => query.isPending),
    error: published.error ?? queries.find((query) => query.error)?.error ?? null,
  };
}
