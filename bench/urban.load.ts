import mqtt, { type MqttClient } from 'mqtt';
import { serveTasks } from './support.ts';

/**
 * The devices' side of bench/urban.bench.ts, in a child process so publishing does not share the
 * server's event loop: one MQTT connection per device, QoS 1, each device keeping `window` messages
 * unacknowledged by the broker at most. Every message is `messageOf(device, seq)`, so the parent can
 * COPY exactly the rows the devices sent.
 */
export type Device = { id: string; topic: string; secret?: string };

export type LoadTask =
  | { kind: 'connect'; url: string; devices: Device[] }
  | { kind: 'publish'; perDevice: number; firstSeq: number; baseMs: number; window: number };

export type LoadAnswer = { messages: number; elapsedS: number; cpuMs: number; failed: number };

/** Numeric attributes of one message: one reading each. */
export const ATTRIBUTES = ['pm25', 'pm10', 'no2', 'temperature'] as const;

/** Message `seq` of device `index`: one observation per device per second from `baseMs`. */
export function messageOf(index: number, seq: number, baseMs: number) {
  const wave = (k: number) => Math.round((((index * 31 + seq * 7 + k * 13) % 997) / 10) * 100) / 100;
  return {
    observedAt: new Date(baseMs + seq * 1000).toISOString(),
    pm25: wave(1),
    pm10: wave(2) + 10,
    no2: wave(3) / 2,
    temperature: 20 + wave(4) / 10,
  };
}

let clients: { client: MqttClient; device: Device }[] = [];

async function connect(task: Extract<LoadTask, { kind: 'connect' }>) {
  for (const { client } of clients) client.end(true);
  clients = await Promise.all(
    task.devices.map(async (device) => ({
      device,
      client: await mqtt.connectAsync(task.url, {
        clientId: `${device.id}-bench`,
        ...(device.secret ? { username: device.id, password: device.secret } : {}),
        clean: true,
        reconnectPeriod: 0,
        connectTimeout: 20_000,
      }),
    })),
  );
}

async function publish(task: Extract<LoadTask, { kind: 'publish' }>): Promise<LoadAnswer> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let failed = 0;
  await Promise.all(
    clients.map(
      ({ client, device }, index) =>
        new Promise<void>((resolve) => {
          let next = task.firstSeq;
          const end = task.firstSeq + task.perDevice;
          let inFlight = 0;
          const send = () => {
            while (inFlight < task.window && next < end) {
              const seq = next++;
              inFlight++;
              client.publish(
                device.topic,
                JSON.stringify(messageOf(index, seq, task.baseMs)),
                { qos: 1 },
                (error) => {
                  if (error) failed++;
                  inFlight--;
                  if (next < end) send();
                  else if (inFlight === 0) resolve();
                },
              );
            }
          };
          if (task.perDevice === 0) resolve();
          else send();
        }),
    ),
  );
  const used = process.cpuUsage(cpu);
  return {
    messages: clients.length * task.perDevice,
    elapsedS: (performance.now() - started) / 1000,
    cpuMs: (used.user + used.system) / 1000,
    failed,
  };
}

serveTasks<LoadTask, LoadAnswer | null>(async (task) => {
  if (task.kind === 'connect') {
    await connect(task);
    return null;
  }
  return publish(task);
});
