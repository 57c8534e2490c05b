import mqtt, { type MqttClient } from 'mqtt';
import type { SimulatedDevice } from './fleet.ts';
import { readingOf, seededRng } from './generators.ts';

export type Progress = {
  sent: number;
  acknowledged: number;
  failed: number;
  seconds: number;
  /** Acknowledged readings per second over the last interval. */
  rate: number;
};

export type RunOptions = {
  /** `mqtt://host:port`; devices sign in with their own id and secret. */
  url: string;
  /** Readings per second, all devices together. */
  rate: number;
  /** Stop after this long; without it, only `signal` stops the run. */
  seconds?: number;
  signal?: AbortSignal;
  seed: number;
  onProgress?(progress: Progress): void;
  progressEveryMs?: number;
  now?(): Date;
};

const TICK_MS = 20;
/** Devices sign in a few at a time: each sign-in costs the broker an argon2 verification. */
const CONNECT_CONCURRENCY = 16;
/** How long the end of a run waits for the broker to acknowledge what is still in flight. */
const DRAIN_MS = 15_000;

async function connectAll(url: string, fleet: SimulatedDevice[]): Promise<MqttClient[]> {
  const clients: MqttClient[] = new Array(fleet.length);
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (next < fleet.length && !failure) {
      const index = next++;
      const device = fleet[index]!;
      // First connection without retries (a wrong secret fails fast); reconnects after that, and
      // mqtt.js resends unacknowledged QoS 1 messages when it is back.
      clients[index] = await mqtt
        .connectAsync(
          url,
          {
            clientId: `${device.id}-sim`,
            username: device.id,
            password: device.secret,
            reconnectPeriod: 2000,
            connectTimeout: 10_000,
            clean: true,
          },
          false,
        )
        .catch((error: unknown) => {
          failure ??= error;
          return undefined as unknown as MqttClient;
        });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, fleet.length) }, worker));
  if (failure) {
    for (const client of clients) client?.end(true);
    throw failure;
  }
  return clients;
}

/**
 * Publishes QoS 1 readings for the fleet, round-robin, at `rate` per second in total, until
 * `seconds` pass or `signal` aborts; then waits for the outstanding acknowledgements and
 * disconnects. Each device's observedAt strictly increases, so no reading is a duplicate of
 * another. The first message of each device in a run also says `"source": "simulator"`.
 */
export async function runSimulation(fleet: SimulatedDevice[], options: RunOptions): Promise<Progress> {
  if (!fleet.length) throw new Error('no devices to simulate');
  const now = options.now ?? (() => new Date());
  const rng = seededRng(options.seed);
  const clients = await connectAll(options.url, fleet);
  const lastAt = new Array<number>(fleet.length).fill(0);
  const announced = new Array<boolean>(fleet.length).fill(false);
  // A run that falls behind (slow broker) does not queue without bound.
  const maxInFlight = Math.max(1000, Math.ceil(options.rate * 2));
  const counts = { sent: 0, acknowledged: 0, failed: 0 };
  let cursor = 0;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;

  const publishOne = () => {
    const index = cursor;
    cursor = (cursor + 1) % fleet.length;
    const device = fleet[index]!;
    const at = Math.max(now().getTime(), lastAt[index]! + 1);
    lastAt[index] = at;
    const observedAt = new Date(at);
    const payload: Record<string, unknown> = {
      observedAt: observedAt.toISOString(),
      ...readingOf(device.kind, device.profile, observedAt, rng),
    };
    if (!announced[index]) {
      payload.source = 'simulator';
      announced[index] = true;
    }
    counts.sent++;
    clients[index]!.publish(device.topic, JSON.stringify(payload), { qos: 1 }, (error) => {
      if (error) counts.failed++;
      else counts.acknowledged++;
    });
  };

  let lastReport = { at: 0, acknowledged: 0 };
  const report = (): Progress => {
    const seconds = elapsed();
    const span = seconds - lastReport.at;
    const rate = span > 0 ? (counts.acknowledged - lastReport.acknowledged) / span : 0;
    lastReport = { at: seconds, acknowledged: counts.acknowledged };
    return { ...counts, seconds: Number(seconds.toFixed(1)), rate: Math.round(rate) };
  };

  await new Promise<void>((resolve) => {
    const finish = () => {
      clearInterval(ticker);
      clearInterval(progress);
      options.signal?.removeEventListener('abort', finish);
      resolve();
    };
    const ticker = setInterval(() => {
      const seconds = elapsed();
      if (options.seconds !== undefined && seconds >= options.seconds) return finish();
      const due = Math.floor(options.rate * seconds);
      while (counts.sent < due && counts.sent - counts.acknowledged - counts.failed < maxInFlight)
        publishOne();
    }, TICK_MS);
    const progress = setInterval(() => options.onProgress?.(report()), options.progressEveryMs ?? 1000);
    if (options.signal?.aborted) finish();
    options.signal?.addEventListener('abort', finish, { once: true });
  });

  const deadline = Date.now() + DRAIN_MS;
  while (counts.acknowledged + counts.failed < counts.sent && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  // Whatever the broker never acknowledged is given up (counted as sent, not acknowledged).
  const force = counts.acknowledged + counts.failed < counts.sent;
  await Promise.all(clients.map((client) => client.endAsync(force)));
  lastReport = { at: 0, acknowledged: 0 };
  return report();
}
