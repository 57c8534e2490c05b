import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { serveTasks } from './support.ts';

/**
 * The devices of bench/load.bench.ts, in a child process of their own (neither the server's event
 * loop nor the HTTP clients'): one MQTT connection per device, each publishing one QoS 1 message of
 * four numeric readings every `intervalS` seconds from a random phase, `observedAt` = the instant
 * of publishing, so the time from publishing to storage can be read off the stored row. A sample of
 * the acknowledged messages is also looked up in the database until it is visible (publish →
 * committed, as a reader sees it).
 */
export type Device = { id: string; topic: string; entityId: string };

export type DevicesTask =
  | { kind: 'connect'; url: string; devices: Device[] }
  | {
      kind: 'publish';
      seconds: number;
      intervalS: number;
      /** Every n-th acknowledged message is looked up until stored (0: none). */
      sampleEvery: number;
      databaseUrl: string;
      /** `urban.readings.attr` of pm25 (expanded term). */
      sampleAttr: string;
    };

export type DevicesAnswer = {
  published: number;
  /** [device index, observedAt ms] of each message the broker acknowledged. */
  acknowledged: [number, number][];
  failed: number;
  unacknowledged: number;
  errors: string[];
  /** Publish → visible in `urban.readings`, ms, for the sampled messages. */
  visibleMs: number[];
  /** Sampled messages not visible within the look-up's 60 s. */
  notVisible: number;
  elapsedS: number;
  cpuMs: number;
};

let clients: { client: MqttClient; device: Device }[] = [];

async function connect(task: Extract<DevicesTask, { kind: 'connect' }>) {
  for (const { client } of clients) client.end(true);
  clients = [];
  // In batches: thousands of simultaneous CONNECTs only measure the broker's accept queue.
  for (let i = 0; i < task.devices.length; i += 250) {
    const batch = task.devices.slice(i, i + 250);
    clients.push(
      ...(await Promise.all(
        batch.map(async (device) => ({
          device,
          client: await mqtt.connectAsync(task.url, {
            clientId: `${device.id}-load`,
            clean: true,
            reconnectPeriod: 0,
            connectTimeout: 30_000,
          }),
        })),
      )),
    );
  }
}

const wave = (index: number, at: number, k: number) =>
  Math.round(((((index * 31 + Math.floor(at / 1000) * 7 + k * 13) % 997) + 997) % 997) * 10) / 100;

async function publish(task: Extract<DevicesTask, { kind: 'publish' }>): Promise<DevicesAnswer> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = Date.now() + task.seconds * 1000;
  const acknowledged: [number, number][] = [];
  const errors = new Set<string>();
  const visibleMs: number[] = [];
  let published = 0;
  let failed = 0;
  let outstanding = 0;
  let notVisible = 0;
  const pool = new pg.Pool({ connectionString: task.databaseUrl, max: 2 });
  const lookups: Promise<void>[] = [];

  /** Polls the primary key until the reading is there: the moment a reader could see it. */
  const watch = async (entityId: string, observedAt: number, sentAt: number) => {
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      const { rowCount } = await pool.query(
        'select 1 from urban.readings where entity_id = $1 and attr = $2 and observed_at = $3',
        [entityId, task.sampleAttr, new Date(observedAt)],
      );
      if (rowCount) {
        visibleMs.push(performance.now() - sentAt);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    notVisible++;
  };

  const timers: NodeJS.Timeout[] = [];
  const lastAt = clients.map(() => 0);
  const send = (index: number) => {
    const { client, device } = clients[index]!;
    let observedAt = Date.now();
    // Strictly increasing per device, so no message is a duplicate of another.
    if (observedAt <= lastAt[index]!) observedAt = lastAt[index]! + 1;
    lastAt[index] = observedAt;
    const payload = JSON.stringify({
      observedAt: new Date(observedAt).toISOString(),
      pm25: wave(index, observedAt, 1),
      pm10: wave(index, observedAt, 2) + 10,
      no2: wave(index, observedAt, 3) / 2,
      temperature: 20 + wave(index, observedAt, 4) / 10,
    });
    published++;
    outstanding++;
    const sentAt = performance.now();
    client.publish(device.topic, payload, { qos: 1 }, (error) => {
      outstanding--;
      if (error) {
        failed++;
        if (errors.size < 5) errors.add(`${device.id}: ${error.message}`);
        return;
      }
      acknowledged.push([index, observedAt]);
      if (task.sampleEvery > 0 && acknowledged.length % task.sampleEvery === 0)
        lookups.push(watch(device.entityId, observedAt, sentAt));
    });
  };
  for (const [index, { client, device }] of clients.entries()) {
    client.on('error', (error) => {
      if (errors.size < 5) errors.add(`${device.id}: ${error.message}`);
    });
    // A random phase, then every interval: 5,000 devices spread evenly instead of in bursts.
    const first = Math.random() * task.intervalS * 1000;
    timers.push(
      setTimeout(() => {
        if (Date.now() >= deadline) return;
        send(index);
        const every = setInterval(() => {
          if (Date.now() >= deadline) clearInterval(every);
          else send(index);
        }, task.intervalS * 1000);
        timers.push(every);
      }, first),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())));
  for (const timer of timers) clearTimeout(timer);
  // Outstanding acknowledgements get 30 s; what is still missing then is counted, not waited for.
  const waitUntil = Date.now() + 30_000;
  while (outstanding > 0 && Date.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 50));
  await Promise.all(lookups);
  await pool.end();
  const used = process.cpuUsage(cpu);
  return {
    published,
    acknowledged,
    failed,
    unacknowledged: outstanding,
    errors: [...errors],
    visibleMs,
    notVisible,
    elapsedS: (performance.now() - started) / 1000,
    cpuMs: (used.user + used.system) / 1000,
  };
}

serveTasks<DevicesTask, DevicesAnswer | null>(async (task) => {
  if (task.kind === 'connect') {
    await connect(task);
    return null;
  }
  return publish(task);
});
