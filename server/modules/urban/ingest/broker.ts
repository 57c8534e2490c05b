import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { Level } from 'level';
import type { Logger } from 'pino';
import type { DeviceRow } from '../devices/index.ts';
import { topicOf } from '../devices/index.ts';

/**
 * The embedded MQTT broker (aedes) on 127.0.0.1. Devices sign in with their id and secret and may
 * publish only to `hanoi/<domain>/<id>/attrs`; nobody may subscribe. A device's message is handed
 * to the ingest worker from `authorizePublish`, which aedes awaits before it sends the PUBACK (for
 * QoS 1 aedes sends the PUBACK before it routes or persists the message, so a queue for a
 * subscriber could not keep that promise): the PUBACK goes out only once the reading is committed.
 * Nothing is queued in the broker, so it keeps its state in memory.
 */
export type EmbeddedBroker = {
  port: number;
  url: string;
  /** Still accepting device connections (false once closed or if the listener failed). */
  readonly listening: boolean;
  close(): Promise<void>;
};

const refused = (returnCode: number, message: string) =>
  Object.assign(new Error(message), { returnCode }) as AuthenticateError;

export async function startEmbeddedBroker(options: {
  port: number;
  dataDir: string;
  log: Logger;
  authenticateDevice(id: string, secret: string): Promise<DeviceRow | null>;
  /** Resolves once the message is stored; the device's PUBACK waits for it. */
  ingest(topic: string, payload: Buffer): Promise<void>;
}): Promise<EmbeddedBroker> {
  await drainLegacyQueue(options);
  const devices = new WeakMap<Client, DeviceRow>();
  const broker = await Aedes.createBroker({ drainTimeout: 30_000, heartbeatInterval: 3_600_000 });

  broker.authenticate = (client, username, password, callback) => {
    if (!username) return callback(refused(5, 'not authorised'), false);
    options
      .authenticateDevice(username, password?.toString('utf8') ?? '')
      .then((row) => {
        if (row) devices.set(client, row);
        callback(row ? null : refused(4, 'bad user name or password'), Boolean(row));
      })
      .catch((error) => {
        options.log.error({ err: error }, 'device authentication failed');
        callback(refused(3, 'server unavailable'), false);
      });
  };

  // Also called for a device's will. An error drops the connection without a PUBACK: the device
  // sends the message again.
  broker.authorizePublish = (client, packet, callback) => {
    const row = client ? devices.get(client) : undefined;
    if (!row || packet.topic !== topicOf(row.domain, row.id))
      return callback(new Error(`publish to ${packet.topic} refused`));
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    options.ingest(packet.topic, payload).then(
      () => callback(null),
      (error: Error) => callback(error),
    );
  };

  broker.authorizeSubscribe = (_client, subscription, callback) =>
    callback(new Error(`subscribe to ${subscription.topic} refused`), null);

  broker.on('clientError', (client, error) =>
    options.log.debug({ client: client.id, err: error.message }, 'MQTT client error'),
  );

  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  options.log.info({ port }, 'embedded MQTT broker listening');
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    get listening() {
      return server.listening && !broker.closed;
    },
    async close() {
      if (!server.listening) return;
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// aedes-persistence-level's main export wraps the callback API; its async class has the streams.
const AsyncLevelPersistence = createRequire(import.meta.url)(
  'aedes-persistence-level/asyncPersistence.js',
) as new (
  db: Level<string, Buffer>,
) => {
  getClientList(topic: string): AsyncIterable<string>;
  outgoingStream(client: { id: string }): AsyncIterable<{ topic: string; payload: Buffer | string }>;
  destroy(): Promise<void>;
};

/**
 * Earlier versions queued messages for the worker in LevelDB under DATA_DIR/mqtt-broker, after
 * acknowledging them to the device. Whatever is still queued there is stored before the broker
 * opens; then the directory goes.
 */
async function drainLegacyQueue(options: {
  dataDir: string;
  log: Logger;
  ingest(topic: string, payload: Buffer): Promise<void>;
}) {
  const directory = path.join(options.dataDir, 'mqtt-broker');
  if (!existsSync(directory)) return;
  const persistence = new AsyncLevelPersistence(
    new Level<string, Buffer>(directory, { valueEncoding: 'buffer' }),
  );
  let count = 0;
  try {
    const clients = new Set<string>();
    for await (const id of persistence.getClientList('hanoi/+/+/attrs')) clients.add(id);
    for (const id of clients) {
      const written: Promise<void>[] = [];
      for await (const packet of persistence.outgoingStream({ id })) {
        const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
        written.push(options.ingest(packet.topic, Buffer.from(payload)));
      }
      await Promise.all(written);
      count += written.length;
    }
  } finally {
    await persistence.destroy();
  }
  await rm(directory, { recursive: true, force: true });
  options.log.info({ messages: count }, 'stored the messages left in the old MQTT broker queue');
}
