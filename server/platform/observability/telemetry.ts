import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The platform's metrics (docs/observability.md): one prom-client registry per platform instance,
 * never the library's global one, so several platforms in one process (tests) keep their own counts.
 * `/metrics` renders it for Prometheus; `/api/platform/operations` reads it for the console.
 */
export type IngestBatch = {
  /** Readings in the messages accepted (a duplicate reading is ignored by the database but counted). */
  readings: number;
  deadLetters: number;
  /** Time the batch's transaction took. */
  seconds: number;
  /** Commit time minus the receive time of the oldest message in the batch. */
  lagSeconds: number;
};

export type IngestMetrics = {
  batchWritten(batch: IngestBatch): void;
  batchFailed(): void;
};

export type Telemetry = {
  registry: Registry;
  startedAt: Date;
  httpDuration: Histogram<'method' | 'route' | 'status_class'>;
  ingest: IngestMetrics;
};

/** Seconds: fast API answers up to slow exports. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const BATCH_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export const METRIC = {
  httpDuration: 'http_request_duration_seconds',
  ingestReadings: 'smartcity_ingest_readings_total',
  ingestBatches: 'smartcity_ingest_batches_total',
  ingestFailedBatches: 'smartcity_ingest_failed_batches_total',
  ingestDeadLetters: 'smartcity_ingest_dead_letters_total',
  ingestBatchDuration: 'smartcity_ingest_batch_duration_seconds',
  ingestLag: 'smartcity_ingest_lag_seconds',
  ingestLastBatch: 'smartcity_ingest_last_batch_timestamp_seconds',
  jobQueueDepth: 'smartcity_job_queue_depth',
  dbPoolTotal: 'smartcity_db_pool_connections_total',
  dbPoolIdle: 'smartcity_db_pool_connections_idle',
  dbPoolWaiting: 'smartcity_db_pool_clients_waiting',
  dbPoolAcquired: 'smartcity_db_pool_acquired_total',
} as const;

export function createTelemetry(options: { now?: () => Date } = {}): Telemetry {
  const now = options.now ?? (() => new Date());
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const httpDuration = new Histogram({
    name: METRIC.httpDuration,
    help: 'HTTP request duration by method, route pattern and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: HTTP_BUCKETS,
    registers,
  });
  const readings = new Counter({
    name: METRIC.ingestReadings,
    help: 'Sensor readings written by the MQTT ingest worker',
    registers,
  });
  const batches = new Counter({
    name: METRIC.ingestBatches,
    help: 'Ingest batches committed',
    registers,
  });
  const failed = new Counter({
    name: METRIC.ingestFailedBatches,
    help: 'Ingest batches that failed to commit (sent again by the broker or device)',
    registers,
  });
  const deadLetters = new Counter({
    name: METRIC.ingestDeadLetters,
    help: 'Ingest messages stored as dead letters (malformed, unknown or retired device)',
    registers,
  });
  const batchDuration = new Histogram({
    name: METRIC.ingestBatchDuration,
    help: 'Time to write one ingest batch (one transaction)',
    buckets: BATCH_BUCKETS,
    registers,
  });
  const lag = new Histogram({
    name: METRIC.ingestLag,
    help: 'Commit time minus the receive time of the oldest message in the batch',
    buckets: LAG_BUCKETS,
    registers,
  });
  const lastBatch = new Gauge({
    name: METRIC.ingestLastBatch,
    help: 'Unix time of the last committed ingest batch',
    registers,
  });

  return {
    registry,
    startedAt: now(),
    httpDuration,
    ingest: {
      batchWritten(batch) {
        batches.inc();
        readings.inc(batch.readings);
        deadLetters.inc(batch.deadLetters);
        batchDuration.observe(batch.seconds);
        lag.observe(batch.lagSeconds);
        lastBatch.set(now().getTime() / 1000);
      },
      batchFailed: () => failed.inc(),
    },
  };
}
