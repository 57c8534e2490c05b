import type { FastifyInstance } from 'fastify';
import type { Telemetry } from './telemetry.ts';

/**
 * Times every request by its route pattern (`/api/org/units/:unitId`), never the raw URL: ids and
 * personal numbers in paths must not become labels. Requests no route matched count as `unmatched`.
 */
export function installHttpMetrics(app: FastifyInstance, telemetry: Telemetry) {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    telemetry.httpDuration.observe(
      { method: request.method, route, status_class: `${Math.floor(reply.statusCode / 100)}xx` },
      reply.elapsedTime / 1000,
    );
  });
}
