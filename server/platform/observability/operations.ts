import type { MetricValue } from 'prom-client';
import { METRIC, type Telemetry } from './telemetry.ts';

/**
 * The console's operations summary, read from the same registry `/metrics` renders. Rates are
 * averages since this process started and percentiles come from the histogram buckets (the upper
 * bound of the bucket holding the 95th percentile); windows over time are Prometheus's job.
 */
type Value = MetricValue<string> & { metricName?: string };

async function values(telemetry: Telemetry, name: string): Promise<Value[]> {
  const metric = telemetry.registry.getSingleMetric(name);
  return metric ? (await metric.get()).values : [];
}

const total = (list: Value[]) => list.reduce((sum, value) => sum + value.value, 0);

/** Upper bound of the bucket reaching 95 % of the observations; null without observations. */
function p95(buckets: Value[]): number | null {
  const sorted = buckets
    .map((bucket) => ({ le: Number(bucket.labels.le), count: bucket.value }))
    .sort((a, b) => a.le - b.le);
  const count = sorted.at(-1)?.count ?? 0;
  if (count === 0) return null;
  const bound = sorted.find((bucket) => bucket.count >= 0.95 * count)?.le ?? null;
  return bound === Number.POSITIVE_INFINITY ? null : bound;
}

export type RouteTraffic = {
  method: string;
  route: string;
  requests: number;
  perMinute: number;
  serverErrors: number;
  p95Seconds: number | null;
};

export async function httpTraffic(telemetry: Telemetry, uptimeMinutes: number): Promise<RouteTraffic[]> {
  const all = await values(telemetry, METRIC.httpDuration);
  const routes = new Map<string, { method: string; route: string; buckets: Map<string, Value[]> }>();
  for (const value of all) {
    const { method, route } = value.labels as { method: string; route: string };
    const key = `${method} ${route}`;
    let entry = routes.get(key);
    if (!entry) {
      entry = { method, route, buckets: new Map() };
      routes.set(key, entry);
    }
    const kind = value.metricName?.slice(METRIC.httpDuration.length) ?? '';
    entry.buckets.set(kind, [...(entry.buckets.get(kind) ?? []), value]);
  }
  return [...routes.values()]
    .map((entry) => {
      const counts = entry.buckets.get('_count') ?? [];
      const requests = total(counts);
      // Buckets of every status class summed per bound, for the route's percentile.
      const byBound = new Map<string, number>();
      for (const bucket of entry.buckets.get('_bucket') ?? [])
        byBound.set(String(bucket.labels.le), (byBound.get(String(bucket.labels.le)) ?? 0) + bucket.value);
      return {
        method: entry.method,
        route: entry.route,
        requests,
        perMinute: requests / uptimeMinutes,
        serverErrors: total(counts.filter((count) => count.labels.status_class === '5xx')),
        p95Seconds: p95([...byBound].map(([le, value]) => ({ labels: { le }, value }))),
      };
    })
    .sort((a, b) => b.requests - a.requests);
}

export async function ingestSummary(telemetry: Telemetry, uptimeMinutes: number) {
  const readings = total(await values(telemetry, METRIC.ingestReadings));
  const suffix = (list: Value[], name: string, ending: string) =>
    list.filter((value) => value.metricName === `${name}${ending}`);
  const lag = await values(telemetry, METRIC.ingestLag);
  const duration = await values(telemetry, METRIC.ingestBatchDuration);
  const last = total(await values(telemetry, METRIC.ingestLastBatch));
  return {
    readings,
    readingsPerMinute: readings / uptimeMinutes,
    batches: total(await values(telemetry, METRIC.ingestBatches)),
    failedBatches: total(await values(telemetry, METRIC.ingestFailedBatches)),
    deadLetters: total(await values(telemetry, METRIC.ingestDeadLetters)),
    lagP95Seconds: p95(suffix(lag, METRIC.ingestLag, '_bucket')),
    batchP95Seconds: p95(suffix(duration, METRIC.ingestBatchDuration, '_bucket')),
    lastBatchAt: last > 0 ? new Date(last * 1000).toISOString() : null,
  };
}

export async function jobDepths(telemetry: Telemetry) {
  return (await values(telemetry, METRIC.jobQueueDepth))
    .map((value) => ({ job: String(value.labels.job), depth: value.value }))
    .sort((a, b) => a.job.localeCompare(b.job));
}

export async function databasePool(telemetry: Telemetry) {
  const open = await values(telemetry, METRIC.dbPoolTotal);
  if (open.length === 0) return null;
  return {
    total: open[0]!.value,
    idle: (await values(telemetry, METRIC.dbPoolIdle))[0]?.value ?? 0,
    waiting: (await values(telemetry, METRIC.dbPoolWaiting))[0]?.value ?? 0,
  };
}
