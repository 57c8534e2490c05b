import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Audience } from './layers.ts';
import type { LiveHub } from './live.ts';

/** A watcher that falls this far behind (bytes not yet sent) is dropped; its browser reconnects. */
const MAX_BUFFERED = 1 << 20;
const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events over the raw response: one `event:`/`data:` frame per update, a comment line
 * every 15 s so proxies keep the connection, and every stream ended before the server closes
 * (an open stream would otherwise hold a graceful shutdown).
 */
export function createEventStreams(app: FastifyInstance, hub: LiveHub) {
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  return function stream(request: FastifyRequest, reply: FastifyReply, audience: Audience) {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': String(request.id),
    });
    raw.write('retry: 3000\n\n');
    let closed = false;
    const end = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(end);
      raw.end();
    };
    const write = (frame: string) => {
      if (closed) return;
      if (raw.writableLength > MAX_BUFFERED) return end();
      raw.write(frame);
    };
    const unsubscribe = hub.subscribe({
      audience,
      send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    });
    const heartbeat = setInterval(() => write(': ping\n\n'), HEARTBEAT_MS);
    open.add(end);
    // The response's close: the browser went away (the request's own close fires once it is read).
    raw.on('close', end);
    write(`event: ready\ndata: ${JSON.stringify({ audience })}\n\n`);
  };
}
