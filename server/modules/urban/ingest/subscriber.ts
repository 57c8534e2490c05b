import net from 'node:net';
import tls from 'node:tls';
import mqttPacket, { type Packet } from 'mqtt-packet';
import type { Logger } from 'pino';

/**
 * A small MQTT 3.1.1 subscriber whose QoS 1 acknowledgements the caller sends when it wants, for
 * many messages at once. mqtt.js (customHandleAcks, handleMessage) reads the next packet only after
 * the previous one was acknowledged, so acknowledging after a batch commits would make every batch
 * one message long; here reading goes on while acknowledgements wait for the commit.
 * Clean session off and a fixed client id: what the broker has not seen acknowledged it redelivers
 * after a reconnect.
 */
export type InboundMessage = { topic: string; payload: Buffer; ack(): void };

export type SubscriberOptions = {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  topic: string;
  keepaliveSeconds?: number;
  reconnectMs?: number;
  log: Logger;
  onMessage(message: InboundMessage): void;
  /** The broker granted the subscription (on every connection). */
  onSubscribed?(): void;
};

export type Subscriber = {
  /** Stop reading (backpressure); acknowledgements still go out. */
  pause(): void;
  resume(): void;
  /** Drop the connection and reconnect: the broker redelivers everything not acknowledged. */
  reconnect(): void;
  readonly connected: boolean;
  stop(): Promise<void>;
};

export function createSubscriber(options: SubscriberOptions): Subscriber {
  const keepalive = options.keepaliveSeconds ?? 30;
  const url = new URL(options.url);
  const secure = url.protocol === 'mqtts:';
  const port = Number(url.port || (secure ? 8883 : 1883));
  let socket: net.Socket | null = null;
  let generation = 0;
  let connected = false;
  let stopped = false;
  let paused = false;
  let retry: NodeJS.Timeout | null = null;
  let ping: NodeJS.Timeout | null = null;

  function connect() {
    retry = null;
    const mine = ++generation;
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    const s: net.Socket = secure
      ? tls.connect({ host: url.hostname, port, servername: url.hostname })
      : net.connect({ host: url.hostname, port });
    socket = s;
    const send = (packet: Packet) => {
      if (mine === generation && !s.destroyed) s.write(mqttPacket.generate(packet));
    };
    let lastPong = Date.now();
    const unacked = new Map<number, number>();
    s.once(secure ? 'secureConnect' : 'connect', () => {
      send({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clientId: options.clientId,
        clean: false,
        keepalive,
        ...(options.username ? { username: options.username } : {}),
        ...(options.password ? { password: Buffer.from(options.password) } : {}),
      });
      ping = setInterval(
        () => {
          if (Date.now() - lastPong > keepalive * 1500) s.destroy(new Error('keepalive timeout'));
          else send({ cmd: 'pingreq' });
        },
        (keepalive * 1000) / 2,
      );
    });
    parser.on('packet', (packet: Packet) => {
      if (packet.cmd === 'connack') {
        if (packet.returnCode) {
          options.log.error({ returnCode: packet.returnCode }, 'MQTT broker refused the ingest worker');
          s.destroy();
          return;
        }
        connected = true;
        send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: options.topic, qos: 1 }] });
      } else if (packet.cmd === 'suback') {
        if ((packet.granted as number[])[0] === 128)
          options.log.error({ topic: options.topic }, 'MQTT subscription refused');
        else options.onSubscribed?.();
      } else if (packet.cmd === 'pingresp') {
        lastPong = Date.now();
      } else if (packet.cmd === 'publish') {
        lastPong = Date.now();
        const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
        const messageId = packet.messageId;
        // A broker may resend a stored message with its old id, which a new message may also carry
        // (aedes did): an id is acknowledged only when every message read under it is done, because
        // the broker drops whatever it maps that id to.
        let acked = false;
        const ack =
          packet.qos === 1 && messageId !== undefined
            ? () => {
                if (acked) return;
                acked = true;
                const left = (unacked.get(messageId) ?? 1) - 1;
                if (left > 0) unacked.set(messageId, left);
                else {
                  unacked.delete(messageId);
                  send({ cmd: 'puback', messageId });
                }
              }
            : () => {};
        if (packet.qos === 1 && messageId !== undefined)
          unacked.set(messageId, (unacked.get(messageId) ?? 0) + 1);
        options.onMessage({ topic: packet.topic, payload, ack });
      }
    });
    parser.on('error', (error: Error) => s.destroy(error));
    s.on('data', (chunk: Buffer) => parser.parse(chunk));
    s.on('error', (error) =>
      options.log.warn({ err: error.message, url: url.host }, 'MQTT connection error'),
    );
    s.on('close', () => {
      if (ping) clearInterval(ping);
      ping = null;
      if (mine !== generation) return;
      connected = false;
      socket = null;
      if (!stopped) retry = setTimeout(connect, options.reconnectMs ?? 1000);
    });
    if (paused) s.pause();
  }

  connect();
  return {
    pause() {
      paused = true;
      socket?.pause();
    },
    resume() {
      paused = false;
      socket?.resume();
    },
    reconnect() {
      socket?.destroy();
    },
    get connected() {
      return connected;
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      const s = socket;
      if (!s || s.destroyed) return;
      const closed = new Promise((resolve) => s.once('close', resolve));
      s.end(mqttPacket.generate({ cmd: 'disconnect' }));
      setTimeout(() => s.destroy(), 1000).unref();
      await closed;
    },
  };
}
