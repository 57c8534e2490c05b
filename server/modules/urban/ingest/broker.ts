import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
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
 * publish only to `hanoi/<domain>/<id>/attrs`; they may not subscribe. The ingest worker signs in
 * as `$ingest` (a name no device id can take) with a password made at start in this process.
 * Sessions and queued QoS 1 messages live in LevelDB under DATA_DIR: aedes acknowledges a
 * publisher once the message is queued for the worker, so that queue must outlive a crash.
 */
export const INGEST_USER = '$ingest';
export const INGEST_CLIENT_PREFIX = 'smartcity-ingest';

// aedes-persistence-level's main export wraps the callback API; aedes 1.x needs the async class.
const AsyncLevelPersistence = createRequire(import.meta.url)(
  'aedes-persistence-level/asyncPersistence.js',
) as new (
  db: Level<string, Buffer>,
) => { destroy(): Promise<void> };

export type EmbeddedBroker = {
  port: number;
  url: string;
  ingestCredentials: { username: string; password: string };
  /** Let devices in: called once the worker's subscription exists, so no publish finds no queue. */
  admitDevices(): void;
  close(): Promise<void>;
};

type Identity = { kind: 'device'; row: DeviceRow } | { kind: 'ingest' };

const refused = (returnCode: number, message: string) =>
  Object.assign(new Error(message), { returnCode }) as AuthenticateError;

export async function startEmbeddedBroker(options: {
  port: number;
  dataDir: string;
  log: Logger;
  authenticateDevice(id: string, secret: string): Promise<DeviceRow | null>;
}): Promise<EmbeddedBroker> {
  const ingestPassword = randomBytes(24).toString('base64url');
  const directory = path.join(options.dataDir, 'mqtt-broker');
  await mkdir(directory, { recursive: true });
  const db = new Level<string, Buffer>(directory, { valueEncoding: 'buffer' });
  const persistence = new AsyncLevelPersistence(db);
  const identities = new WeakMap<Client, Identity>();
  let admitting = false;
  const broker = await Aedes.createBroker({
    persistence,
    drainTimeout: 30_000,
    heartbeatInterval: 3_600_000,
  });

  broker.authenticate = (client, username, password, callback) => {
    const secret = password?.toString('utf8') ?? '';
    if (username === INGEST_USER) {
      const ok = secret === ingestPassword && client.id.startsWith(INGEST_CLIENT_PREFIX);
      if (ok) identities.set(client, { kind: 'ingest' });
      return callback(ok ? null : refused(4, 'bad ingest credentials'), ok);
    }
    if (!admitting) return callback(refused(3, 'server unavailable'), false);
    // A device may not take over the worker's session by borrowing its client id.
    if (!username || client.id.startsWith(INGEST_CLIENT_PREFIX))
      return callback(refused(5, 'not authorised'), false);
    options
      .authenticateDevice(username, secret)
      .then((row) => {
        if (row) identities.set(client, { kind: 'device', row });
        callback(row ? null : refused(4, 'bad user name or password'), Boolean(row));
      })
      .catch((error) => {
        options.log.error({ err: error }, 'device authentication failed');
        callback(refused(3, 'server unavailable'), false);
      });
  };

  broker.authorizePublish = (client, packet, callback) => {
    const identity = client ? identities.get(client) : undefined;
    if (identity?.kind === 'device' && packet.topic === topicOf(identity.row.domain, identity.row.id))
      return callback(null);
    callback(new Error(`publish to ${packet.topic} refused`));
  };

  broker.authorizeSubscribe = (client, subscription, callback) => {
    if (identities.get(client)?.kind === 'ingest') return callback(null, subscription);
    callback(new Error(`subscribe to ${subscription.topic} refused`), null);
  };

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
    ingestCredentials: { username: INGEST_USER, password: ingestPassword },
    admitDevices() {
      admitting = true;
    },
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await persistence.destroy();
    },
  };
}
