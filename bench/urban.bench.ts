import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mqtt from 'mqtt';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import pino from 'pino';
import { createPlatform } from '../server/app.ts';
import { SHARED_TOPIC } from '../server/modules/urban/ingest/index.ts';
import { createSubscriber } from '../server/modules/urban/ingest/subscriber.ts';
import { expandTerm } from '../server/modules/urban/terms.ts';
import { systemActor } from '../server/platform/auth/principal.ts';
import { loadConfig } from '../server/platform/config.ts';
import { startMosquitto } from '../test/support/proxies.ts';
import { busyShare, childLoad, cpuTimes, ratio, scratchDatabase, writeResult } from './support.ts';
import { ATTRIBUTES, type Device, type LoadAnswer, type LoadTask, messageOf } from './urban.load.ts';

/**
 * Sustained MQTT ingestion into PostgreSQL (docs/smart-urban.md, "Benchmarks"). 100 devices publish
 * QoS 1 messages of 4 numeric attributes (4 readings each) as fast as the broker takes them, from a
 * child process (bench/urban.load.ts); the ingest worker (external-broker mode: shared subscription)
 * writes readings and latest state. Measured in the same run, on the same messages:
 *  (a) the broker alone: the same publishers and broker, a subscriber (the worker's own MQTT client)
 *      that acknowledges and drops each message;
 *  (b) raw `COPY … FROM STDIN` of the same reading rows into the same partitioned `urban.readings`
 *      (readings only; the latest-state upsert is not in it).
 * Rate = messages (or readings) / time from the first publish until the last one was received (a) or
 * committed (ingest). Goals: ≥ 20,000 readings/s and ≥ 0.5 × the smaller baseline.
 * Broker: a private Mosquitto (the machine's binary, a free port, `max_inflight_messages 0`,
 * `max_queued_messages 0`, as docs/smart-urban.md asks of an external broker) unless `--mqtt-url=URL`
 * or BENCH_MQTT_URL names one. PostgreSQL only (DATABASE_URL; a scratch database, dropped afterwards).
 */
const DEVICES = 100;
const WINDOW = 50;
/** Messages per second of --seconds: the volume the goal rate would take that long. */
const MESSAGES_PER_SECOND = 5_000;
const WARMUP_PER_DEVICE = 20;
const GOAL_READINGS_PER_SECOND = 20_000;
const log = pino({ level: 'warn' });

/** `--name=value` (bench/run.ts takes a bare word after a flag for a benchmark's name). */
const option = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);

/** Resolves when `done()` holds (checked every 5 ms), with the time it took since `started`. */
async function until(done: () => boolean, started: number, timeoutS: number, what: string) {
  for (;;) {
    if (done()) return (performance.now() - started) / 1000;
    if (performance.now() - started > timeoutS * 1000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Removes a persistent session from the broker (clean session on), so it queues nothing more. */
async function wipeSession(url: string, clientId: string, credentials: object = {}) {
  const client = await mqtt.connectAsync(url, { clientId, clean: true, reconnectPeriod: 0, ...credentials });
  await client.endAsync();
}

/** The COPY text rows of the messages devices × [firstSeq, firstSeq + perDevice). */
function* copyRows(entityIds: string[], perDevice: number, baseMs: number, receivedAt: string) {
  const attrs = ATTRIBUTES.map((name) => expandTerm(name));
  for (let seq = 0; seq < perDevice; seq++)
    for (const [index, entityId] of entityIds.entries()) {
      const message = messageOf(index, seq, baseMs);
      let chunk = '';
      for (const [k, name] of ATTRIBUTES.entries())
        chunk += `${entityId}\t${attrs[k]}\t${message.observedAt}\t${message[name]}\t\\N\t${receivedAt}\n`;
      yield chunk;
    }
}

export async function ingestBenchmark(options: { seconds: number }) {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    console.log('skipped: the ingestion benchmark needs PostgreSQL (DATABASE_URL)');
    return null;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-bench-urban-'));
  const given = option('--mqtt-url') ?? process.env.BENCH_MQTT_URL;
  const broker = given
    ? { url: given, version: 'given broker', stop: () => {} }
    : { ...(await startMosquitto(dir)), version: 'private mosquitto' };
  const scratch = await scratchDatabase(adminUrl, 'sc_bench_urban');
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: scratch.url,
    DATABASE_POOL_SIZE: '10',
    DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    PORT: '0',
    MQTT_URL: broker.url,
    INGEST_ENABLED: 'true',
  });
  const platform = await createPlatform(config);
  const load = childLoad<LoadTask, LoadAnswer | null>(new URL('./urban.load.ts', import.meta.url));
  const noopClientId = `bench-noop-${process.pid}`;
  let ingestClientId: string | null = null;
  try {
    await platform.prepare();
    await platform.urban.ingest.ensurePartitions();
    const ward = (await platform.org.units({ kind: 'ward' }))[0]!.id;
    const devices: Device[] = [];
    const entityIds: string[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const { device } = await platform.urban.devices.create(systemActor('bench'), {
        id: `bench-air-${String(i).padStart(3, '0')}`,
        type: 'AirQualityObserved',
        domain: 'environment',
        unitId: ward,
        simulated: true,
      });
      devices.push({ id: device.id, topic: device.topic });
      entityIds.push(device.entityId);
    }
    await load.ask({ kind: 'connect', url: broker.url, devices });

    const perDevice = Math.ceil((Math.max(1, options.seconds) * MESSAGES_PER_SECOND) / DEVICES);
    const messages = perDevice * DEVICES;
    const readings = messages * ATTRIBUTES.length;
    // This run's observations: one a second per device, ending before now; the warm-up an hour before.
    const baseMs = Math.floor(Date.now() / 1000) * 1000 - (perDevice + 60) * 1000;
    const warmBaseMs = baseMs - 3_600_000;
    const timeoutS = Math.max(120, options.seconds * 20);
    const publish = (count: number, base: number) =>
      load.ask({
        kind: 'publish',
        perDevice: count,
        firstSeq: 0,
        baseMs: base,
        window: WINDOW,
      }) as Promise<LoadAnswer>;

    /** One measured phase: publish everything, wait until `progress()` counts every message. */
    const phase = async (progress: () => number, what: string) => {
      const from = progress();
      const cpu = process.cpuUsage();
      const machine = cpuTimes();
      const samples: number[] = [];
      const started = performance.now();
      const sampler = setInterval(() => samples.push(progress() - from), 1000);
      const published = publish(perDevice, baseMs);
      const seconds = await until(() => progress() - from >= messages, started, timeoutS, what);
      clearInterval(sampler);
      const publisher = await published;
      const used = process.cpuUsage(cpu);
      // Per-second messages after the first second (start-up) and before the last partial one.
      const perSecond = samples.map((n, i) => n - (samples[i - 1] ?? 0)).slice(1);
      perSecond.sort((a, b) => a - b);
      return {
        seconds: Math.round(seconds * 100) / 100,
        messagesPerSecond: Math.round(messages / seconds),
        readingsPerSecond: Math.round(readings / seconds),
        medianSecondMessages: perSecond.length ? perSecond[Math.floor(perSecond.length / 2)]! : null,
        publishSeconds: Math.round(publisher.elapsedS * 100) / 100,
        publishFailures: publisher.failed,
        serverCpuMs: Math.round((used.user + used.system) / 1000),
        publisherCpuMs: Math.round(publisher.cpuMs),
        machineBusyShare: busyShare(machine),
        loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
      };
    };

    // ——— (a) the broker alone: acknowledge and drop ———
    let received = 0;
    let markNoop: () => void = () => {};
    const noopReady = new Promise<void>((resolve) => {
      markNoop = resolve;
    });
    const noop = createSubscriber({
      url: broker.url,
      clientId: noopClientId,
      topic: SHARED_TOPIC,
      log,
      onSubscribed: () => markNoop(),
      onMessage(message) {
        received++;
        message.ack();
      },
    });
    await noopReady;
    const warmStarted = performance.now();
    await publish(WARMUP_PER_DEVICE, warmBaseMs);
    await until(() => received >= WARMUP_PER_DEVICE * DEVICES, warmStarted, timeoutS, 'no-op warm-up');
    const brokerAlone = await phase(() => received, 'the no-op subscriber');
    await noop.stop();
    await wipeSession(broker.url, noopClientId);

    // ——— (b) raw COPY of the same reading rows ———
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    const copyCpu = process.cpuUsage();
    const copyMachine = cpuTimes();
    const copyStarted = performance.now();
    await pipeline(
      Readable.from(copyRows(entityIds, perDevice, baseMs, new Date().toISOString())),
      client.query(
        copyFrom('copy urban.readings (entity_id, attr, observed_at, num, value, received_at) from stdin'),
      ),
    );
    const copySeconds = (performance.now() - copyStarted) / 1000;
    const copyUsed = process.cpuUsage(copyCpu);
    const copied = Number((await client.query('select count(*) from urban.readings')).rows[0].count);
    if (copied !== readings) throw new Error(`COPY stored ${copied} rows, not ${readings}`);
    const copy = {
      seconds: Math.round(copySeconds * 100) / 100,
      readingsPerSecond: Math.round(readings / copySeconds),
      messagesPerSecond: Math.round(messages / copySeconds),
      clientCpuMs: Math.round((copyUsed.user + copyUsed.system) / 1000),
      machineBusyShare: busyShare(copyMachine),
      loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
    };
    await client.query('truncate urban.readings');
    await client.query('analyze urban.readings');

    // ——— the ingest worker: readings + latest state + change feed, then PUBACK ———
    await platform.urban.ingest.start();
    const worker = platform.urban.ingest.worker!;
    ingestClientId = `smartcity-ingest-${os.hostname()}-${config.port}`.slice(0, 120);
    const ingestWarm = performance.now();
    await publish(WARMUP_PER_DEVICE, warmBaseMs);
    await until(
      () => worker.stats.committed >= WARMUP_PER_DEVICE * DEVICES,
      ingestWarm,
      timeoutS,
      'ingest warm-up',
    );
    const ingest = await phase(() => worker.stats.committed, 'the ingest worker');
    const stored = Number(
      (await client.query('select count(*) from urban.readings where observed_at >= $1', [new Date(baseMs)]))
        .rows[0].count,
    );
    const stats = { ...worker.stats };
    await platform.urban.ingest.stop();
    await client.end();

    const smaller = Math.min(brokerAlone.readingsPerSecond, copy.readingsPerSecond);
    const result = {
      benchmark: 'urban-ingest',
      database: 'postgres',
      broker: { kind: broker.version, url: broker.url.replace(/\/\/[^@]*@/, '//…@') },
      note: 'Dữ liệu mô phỏng / simulated readings',
      devices: DEVICES,
      windowPerDevice: WINDOW,
      messages,
      readingsPerMessage: ATTRIBUTES.length,
      readings,
      cores: os.cpus().length,
      brokerAlone,
      copy: { ...copy, scope: 'urban.readings rows only (no latest-state upsert, no dead letters)' },
      ingest: { ...ingest, storedReadings: stored, workerStats: stats },
      ratios: {
        toBrokerAlone: ratio(ingest.readingsPerSecond, brokerAlone.readingsPerSecond),
        toCopy: ratio(ingest.readingsPerSecond, copy.readingsPerSecond),
        toSmallerBaseline: ratio(ingest.readingsPerSecond, smaller),
      },
      goals: {
        readingsPerSecond: ingest.readingsPerSecond >= GOAL_READINGS_PER_SECOND ? 'met' : 'NOT met',
        halfOfSmallerBaseline: ingest.readingsPerSecond >= smaller / 2 ? 'met' : 'NOT met',
        noLoss: stored === readings ? 'met' : `NOT met (${stored} of ${readings} stored)`,
      },
    };
    const line = (
      name: string,
      r: { messagesPerSecond: number; readingsPerSecond: number; seconds: number },
    ) =>
      `  ${name}: ${r.messagesPerSecond.toLocaleString('en')} messages/s = ${r.readingsPerSecond.toLocaleString('en')} readings/s (${r.seconds} s)`;
    console.log(
      [
        `postgres, ${broker.version} (${broker.url}): ${DEVICES} devices, QoS 1, ${messages.toLocaleString('en')} messages × ${ATTRIBUTES.length} readings = ${readings.toLocaleString('en')} readings`,
        `${line('(a) broker alone, no-op subscriber', brokerAlone)}, machine busy ${brokerAlone.machineBusyShare}`,
        `${line('(b) raw COPY of the reading rows', copy)}, machine busy ${copy.machineBusyShare}`,
        `${line('ingest worker → PostgreSQL', ingest)}, machine busy ${ingest.machineBusyShare}; server CPU ${ingest.serverCpuMs} ms, publishers ${ingest.publisherCpuMs} ms; ${stats.batches} batches`,
        `  → ${result.ratios.toBrokerAlone}× broker alone, ${result.ratios.toCopy}× COPY; goals: ≥ ${GOAL_READINGS_PER_SECOND.toLocaleString('en')} readings/s ${result.goals.readingsPerSecond}, ≥ 0.5 × smaller baseline ${result.goals.halfOfSmallerBaseline}, every reading stored ${result.goals.noLoss}`,
        `  load average ${os
          .loadavg()
          .map((n) => n.toFixed(2))
          .join(', ')} on ${os.cpus().length} cores`,
      ].join('\n'),
    );
    return result;
  } finally {
    load.close();
    await platform.urban.ingest.stop().catch(() => {});
    if (given) {
      // A given broker keeps persistent sessions: leave none queuing messages for this run.
      await wipeSession(broker.url, noopClientId).catch(() => {});
      if (ingestClientId) await wipeSession(broker.url, ingestClientId).catch(() => {});
    }
    broker.stop();
    await platform.close();
    await scratch.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function main(seconds = 10) {
  const result = await ingestBenchmark({ seconds });
  if (result) console.log(`→ ${await writeResult('urban-ingest', result)}`);
}
