import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../http/openapi.ts';
import { databasePool, httpTraffic, ingestSummary, jobDepths } from './operations.ts';
import type { Readiness } from './readiness.ts';
import type { Telemetry } from './telemetry.ts';

const check = z.object({ ok: z.boolean(), detail: z.string().optional() });
const operationsSchema = z.object({
  version: z.string(),
  mode: z.string(),
  startedAt: z.string(),
  uptimeSeconds: z.number(),
  readiness: z.object({ ok: z.boolean(), checks: z.record(z.string(), check) }),
  http: z.array(
    z.object({
      method: z.string(),
      route: z.string(),
      requests: z.number(),
      perMinute: z.number(),
      serverErrors: z.number(),
      p95Seconds: z.number().nullable(),
    }),
  ),
  ingest: z.object({
    readings: z.number(),
    readingsPerMinute: z.number(),
    batches: z.number(),
    failedBatches: z.number(),
    deadLetters: z.number(),
    lagP95Seconds: z.number().nullable(),
    batchP95Seconds: z.number().nullable(),
    lastBatchAt: z.string().nullable(),
  }),
  jobs: z.array(z.object({ job: z.string(), depth: z.number() })),
  database: z.object({
    kind: z.enum(['pglite', 'postgres']),
    pool: z.object({ total: z.number(), idle: z.number(), waiting: z.number() }).nullable(),
  }),
});

/** `GET /api/platform/operations`: the console's operations page (city administrator). */
export function operationsRoutes(options: {
  telemetry: Telemetry;
  version: string;
  mode: string;
  databaseKind: 'pglite' | 'postgres';
  readiness: () => Promise<Readiness>;
  now: () => Date;
}): FastifyPluginAsync {
  const { telemetry } = options;
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/platform/operations',
      {
        config: { access: { roles: ['city_admin'] } },
        schema: {
          tags: ['platform'],
          summary: 'Tình hình vận hành của tiến trình / Operations summary of this process',
          response: { 200: operationsSchema, '4xx': problemSchema },
        },
      },
      async () => {
        const uptimeSeconds = Math.max(0, (options.now().getTime() - telemetry.startedAt.getTime()) / 1000);
        // At least a minute, so the first seconds do not show a rate inflated by start-up requests.
        const minutes = Math.max(1, uptimeSeconds / 60);
        return {
          version: options.version,
          mode: options.mode,
          startedAt: telemetry.startedAt.toISOString(),
          uptimeSeconds: Math.round(uptimeSeconds),
          readiness: await options.readiness(),
          http: (await httpTraffic(telemetry, minutes)).slice(0, 50),
          ingest: await ingestSummary(telemetry, minutes),
          jobs: await jobDepths(telemetry),
          database: { kind: options.databaseKind, pool: await databasePool(telemetry) },
        };
      },
    );
  };
}
