import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { cycleParams } from './cycles.schema.ts';
import { REPORT_SENSITIVITY, resultsReport } from './results.pdf.ts';
import type { ResultsService } from './results.service.ts';
import { resultsWorkbook } from './results.xlsx.ts';

const tags = ['dti'];

const resultsSchema = z.object({
  cycleId: z.uuid(),
  year: z.number(),
  frameworkCode: z.string(),
  status: z.string(),
  weightsArePlaceholders: z.boolean(),
  previousCycleId: z.uuid().nullable(),
  groups: z.array(z.object({ code: z.string(), nameVi: z.string(), nameEn: z.string(), weight: z.number() })),
  mainIndices: z.array(
    z.object({ code: z.string(), groupCode: z.string(), nameVi: z.string(), nameEn: z.string() }),
  ),
  units: z.array(
    z.object({
      unitId: z.string(),
      unitNameVi: z.string(),
      unitNameEn: z.string(),
      peerGroup: z.string().nullable(),
      index: z.number(),
      rank: z.number(),
      peerRank: z.number().nullable(),
      groups: z.record(z.string(), z.number().nullable()),
      mainIndices: z.record(z.string(), z.number().nullable()),
      change: z.object({ index: z.number(), rank: z.number() }).nullable(),
    }),
  ),
});
const sensitivityQuery = z.object({
  perturbations: z.coerce.number().int().min(1).max(2000).default(200),
  spread: z.coerce.number().min(0).max(0.9).default(0.2),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .default(1),
  normalisation: z.enum(['minmax', 'zscore', 'target']).optional(),
});
const sensitivitySchema = z.object({
  weightsArePlaceholders: z.boolean(),
  perturbations: z.number(),
  spread: z.number(),
  seed: z.number(),
  normalisation: z.string().nullable(),
  units: z.array(
    z.object({
      unitId: z.string(),
      index: z.number(),
      rank: z.number(),
      minRank: z.number(),
      maxRank: z.number(),
      p5: z.number(),
      p95: z.number(),
    }),
  ),
});
const whatIfBody = z.object({
  unitId: z.string().min(1).max(60),
  changes: z.record(z.string().min(1).max(40), z.union([z.number().finite(), z.boolean(), z.null()])),
});
const whatIfSchema = z.object({
  unitId: z.string(),
  before: z.object({ index: z.number(), rank: z.number() }),
  after: z.object({ index: z.number(), rank: z.number() }),
});

/** Results: officials (council, appraisers) before publication; everyone after, on /api/dti/public. */
export function resultsRoutes(service: ResultsService, clock: Clock): FastifyPluginAsync {
  /** The PDF report; the service decides who may read it, as for the XLSX. */
  const report = async (viewer: Principal | 'public', cycleId: string) =>
    resultsReport({
      results: await service.results(viewer, cycleId),
      stability: await service.sensitivity(viewer, cycleId, REPORT_SENSITIVITY),
      generatedAt: clock.now(),
    });

  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/dti/cycles/:cycleId/results',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Điểm và xếp hạng / Scores and ranks',
          params: cycleParams,
          response: { 200: resultsSchema, ...problemResponses },
        },
      },
      async (request) => service.results(request.principal, request.params.cycleId),
    );

    app.get(
      '/api/dti/cycles/:cycleId/sensitivity',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Khoảng xếp hạng khi thay đổi trọng số / Rank intervals under weight changes',
          params: cycleParams,
          querystring: sensitivityQuery,
          response: { 200: sensitivitySchema, ...problemResponses },
        },
      },
      async (request) => service.sensitivity(request.principal, request.params.cycleId, request.query),
    );

    app.post(
      '/api/dti/cycles/:cycleId/what-if',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Giả định thay đổi giá trị / What-if',
          params: cycleParams,
          body: whatIfBody,
          response: { 200: whatIfSchema, ...problemResponses },
        },
      },
      async (request) =>
        service.whatIf(request.principal, request.params.cycleId, request.body.unitId, request.body.changes),
    );

    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    app.get(
      '/api/dti/cycles/:cycleId/results.xlsx',
      {
        config: { access: 'official' },
        schema: { tags, summary: 'Bảng xếp hạng (XLSX) / Ranking table (XLSX)', params: cycleParams },
      },
      async (request, reply) =>
        reply
          .header('content-type', xlsx)
          .header('content-disposition', 'attachment; filename="dti-results.xlsx"')
          .send(await resultsWorkbook(await service.results(request.principal, request.params.cycleId))),
    );

    app.get(
      '/api/dti/public/cycles/:cycleId/results.xlsx',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Bảng xếp hạng đã công bố (XLSX) / Published ranking (XLSX)',
          params: cycleParams,
        },
      },
      async (request, reply) =>
        reply
          .header('content-type', xlsx)
          .header('content-disposition', 'attachment; filename="dti-results.xlsx"')
          .send(await resultsWorkbook(await service.results('public', request.params.cycleId))),
    );

    app.get(
      '/api/dti/cycles/:cycleId/report.pdf',
      {
        config: { access: 'official' },
        schema: { tags, summary: 'Báo cáo kết quả (PDF) / Results report (PDF)', params: cycleParams },
      },
      async (request, reply) =>
        reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', 'attachment; filename="dti-report.pdf"')
          .send(await report(request.principal, request.params.cycleId)),
    );

    app.get(
      '/api/dti/public/cycles/:cycleId/report.pdf',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Báo cáo kết quả đã công bố (PDF) / Published results report (PDF)',
          params: cycleParams,
        },
      },
      async (request, reply) =>
        reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', 'attachment; filename="dti-report.pdf"')
          .send(await report('public', request.params.cycleId)),
    );

    app.get(
      '/api/dti/public/cycles',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Các kỳ đã công bố / Published cycles',
          response: {
            200: z.array(
              z.object({
                id: z.uuid(),
                frameworkCode: z.string(),
                year: z.number(),
                publishedAt: z.string().nullable(),
              }),
            ),
            ...problemResponses,
          },
        },
      },
      async () => service.published(),
    );

    app.get(
      '/api/dti/public/cycles/:cycleId/results',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Kết quả đã công bố / Published results',
          params: cycleParams,
          response: { 200: resultsSchema, ...problemResponses },
        },
      },
      async (request) => service.results('public', request.params.cycleId),
    );

    app.get(
      '/api/dti/public/cycles/:cycleId/sensitivity',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Khoảng xếp hạng (đã công bố) / Rank intervals (published)',
          params: cycleParams,
          querystring: sensitivityQuery,
          response: { 200: sensitivitySchema, ...problemResponses },
        },
      },
      async (request) => service.sensitivity('public', request.params.cycleId, request.query),
    );
  };
}
