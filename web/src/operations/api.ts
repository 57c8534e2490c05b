import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api.ts';

/** What `GET /api/platform/operations` answers (server/platform/observability/operations.routes.ts). */
export type Check = { ok: boolean; detail?: string };
export type Operations = {
  version: string;
  mode: 'embedded' | 'postgres' | string;
  startedAt: string;
  uptimeSeconds: number;
  readiness: { ok: boolean; checks: Record<string, Check> };
  http: {
    method: string;
    route: string;
    requests: number;
    perMinute: number;
    serverErrors: number;
    p95Seconds: number | null;
  }[];
  ingest: {
    readings: number;
    readingsPerMinute: number;
    batches: number;
    failedBatches: number;
    deadLetters: number;
    lagP95Seconds: number | null;
    batchP95Seconds: number | null;
    lastBatchAt: string | null;
  };
  jobs: { job: string; depth: number }[];
  database: { kind: 'pglite' | 'postgres'; pool: { total: number; idle: number; waiting: number } | null };
};

/** Refreshed every 15 s while the page is open. */
export function useOperations() {
  return useQuery({
    queryKey: ['platform', 'operations'],
    queryFn: () => api<Operations>('/api/platform/operations'),
    refetchInterval: 15_000,
  });
}
