import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PlatformContext } from '../../../platform/module.ts';
import type { DependencyCheck } from '../../../platform/observability/readiness.ts';
import type { ChangeFeed } from '../changes.ts';
import type { DevicesService } from '../devices/index.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from './broker.ts';
import { ensureMonthPartitions } from './partitions.ts';
import { createIngestWorker, type IngestWorker } from './worker.ts';

const TOPIC = 'hanoi/+/+/attrs';
const CLIENT_PREFIX = 'smartcity-ingest';
/** Every instance's worker joins this group on an external broker, which shares the messages out. */
export const SHARED_TOPIC = `$share/smartcity-ingest/${TOPIC}`;

/**
 * MQTT ingestion (docs/smart-urban.md, "Ingestion"): with MQTT_URL, a worker on the external
 * broker's shared subscription; without it, the embedded broker, which hands each message to the
 * worker and acknowledges it to the device once committed. Started by
 * `smartcity start` (module start/stop), never by merely creating the platform.
 */
export function createIngest(
  context: PlatformContext,
  deps: { devices: DevicesService; changes: ChangeFeed },
) {
  const { config, log, database } = context;
  let broker: EmbeddedBroker | null = null;
  let worker: IngestWorker | null = null;
  let started = false;
  const ensurePartitions = () => ensureMonthPartitions(database, context.clock.now(), log);
  context.jobs.define('urban.partitions', async () => void (await ensurePartitions()), {
    cron: '20 0 * * *',
  });

  return {
    ensurePartitions,
    get broker() {
      return broker;
    },
    get worker() {
      return worker;
    },
    /** `/api/ready`'s `mqtt` check once started: the embedded broker listening, or the external one connected. */
    readiness(): Record<string, DependencyCheck> {
      if (!started) return {};
      if (!config.mqtt.ingestEnabled) return { mqtt: { ok: true, detail: 'ingest off in this instance' } };
      if (config.mqtt.url) {
        const host = new URL(config.mqtt.url).host;
        return worker?.connected
          ? { mqtt: { ok: true, detail: `connected to ${host}` } }
          : { mqtt: { ok: false, detail: `not connected to ${host}` } };
      }
      return broker?.listening
        ? { mqtt: { ok: true, detail: `embedded broker on port ${broker.port}` } }
        : { mqtt: { ok: false, detail: 'embedded broker not listening' } };
    },
    async start() {
      started = true;
      await ensurePartitions();
      if (!config.mqtt.ingestEnabled) return;
      const common = {
        database,
        changes: deps.changes,
        log,
        lookupDevices: deps.devices.lookupMany,
        metrics: context.telemetry.ingest,
      };
      if (config.mqtt.url) {
        // A fixed client id per worker keeps its session (and what it has not acknowledged) across restarts.
        const clientId = `${CLIENT_PREFIX}-${os.hostname()}-${config.port}`.slice(0, 120);
        const url = new URL(config.mqtt.url);
        const username = decodeURIComponent(url.username);
        const password = decodeURIComponent(url.password);
        url.username = '';
        url.password = '';
        worker = createIngestWorker({
          ...common,
          broker: {
            url: url.toString(),
            clientId,
            topic: SHARED_TOPIC,
            ...(username ? { username } : {}),
            ...(password ? { password } : {}),
          },
        });
        log.info({ broker: url.host, topic: SHARED_TOPIC }, 'ingest worker on the external MQTT broker');
        // An unreachable external broker must not stop the platform from serving; the worker keeps trying.
        const reached = await Promise.race([
          worker.subscribed.then(() => true),
          sleep(10_000).then(() => false),
        ]);
        if (!reached)
          log.warn({ broker: url.host }, 'external MQTT broker not reached yet; ingestion starts when it is');
        return;
      }
      const direct = createIngestWorker(common);
      worker = direct;
      try {
        broker = await startEmbeddedBroker({
          port: config.mqtt.embeddedPort,
          dataDir: config.dataDir,
          log,
          authenticateDevice: deps.devices.authenticate,
          ingest: direct.accept,
        });
      } catch (error) {
        await direct.stop();
        worker = null;
        throw error;
      }
    },
    async stop() {
      started = false;
      // The batch being written is acknowledged; the rest is refused, so devices send it again.
      await worker?.stop();
      worker = null;
      await broker?.close();
      broker = null;
    },
  };
}

export type Ingest = ReturnType<typeof createIngest>;
