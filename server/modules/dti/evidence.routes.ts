import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AuditLog } from '../../platform/audit/audit.ts';
import { requireRole } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { type FileStore, readUpload, type UploadPolicy } from '../../platform/files.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { cycleUnitParams } from './cycles.schema.ts';
import type { CyclesService } from './cycles.service.ts';
import type { DtiDb } from './dti.tables.ts';

const tags = ['dti'];
const evidencePolicy: UploadPolicy = {
  kinds: ['pdf', 'png', 'jpeg', 'xlsx', 'docx'],
  maxBytes: 20 * 1024 * 1024,
};
const fileSchema = z.object({
  fileId: z.string(),
  filename: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number(),
});

/** Evidence files: a unit's reporters upload them (then cite the id in an item); who sees the unit's drafts may read them. */
export function evidenceRoutes(deps: {
  db: DtiDb;
  files: FileStore;
  audit: AuditLog;
  clock: Clock;
  cycles: CyclesService;
}): FastifyPluginAsync {
  const { db, files, audit, clock, cycles } = deps;
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/dti/cycles/:cycleId/units/:unitId/evidence-files',
      {
        config: { access: { roles: ['agency_reporter'] } },
        schema: {
          tags,
          summary: 'Tải lên tệp minh chứng / Upload an evidence file',
          params: cycleUnitParams,
          response: { 201: fileSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const { cycleId, unitId } = request.params;
        requireRole(actor.principal, 'agency_reporter', unitId);
        const cycle = await cycles.cycleRow(cycleId);
        if (cycle.status !== 'open')
          throw forbidden({ vi: 'Kỳ đánh giá đã khóa.', en: 'The assessment cycle is locked.' });
        const upload = await readUpload(request, evidencePolicy);
        const stored = await db.transaction().execute(async (trx) => {
          const file = await files.save(trx as unknown as Kysely<unknown>, {
            ...upload,
            purpose: 'dti.evidence',
            policy: evidencePolicy,
            actor,
          });
          await trx
            .insertInto('dti.evidence_files')
            .values({
              file_id: file.id,
              cycle_id: cycleId,
              unit_id: unitId,
              uploaded_at: clock.now(),
              uploaded_by: actor.principal.kind === 'official' ? actor.principal.username : null,
            })
            .execute();
          await audit.record(trx, {
            actor,
            agencyId: unitId,
            action: 'dti.evidence.upload',
            objectType: 'dti.evidence_file',
            objectId: file.id,
            details: { cycleId, filename: file.filename, sizeBytes: file.sizeBytes },
          });
          return file;
        });
        return reply.code(201).send({
          fileId: stored.id,
          filename: stored.filename,
          mediaType: stored.mediaType,
          sizeBytes: stored.sizeBytes,
        });
      },
    );

    app.get(
      '/api/dti/cycles/:cycleId/units/:unitId/evidence-files/:fileId',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Tải tệp minh chứng / Download an evidence file',
          params: cycleUnitParams.extend({ fileId: z.string().min(1).max(100) }),
        },
      },
      async (request, reply) => {
        const { cycleId, unitId, fileId } = request.params;
        if (!(await cycles.maySee(request.principal, cycleId, unitId))) throw forbidden();
        const owned = await db
          .selectFrom('dti.evidence_files')
          .select('file_id')
          .where('file_id', '=', fileId)
          .where('cycle_id', '=', cycleId)
          .where('unit_id', '=', unitId)
          .executeTakeFirst();
        const file = owned ? await files.content(fileId) : null;
        if (!file) throw notFound({ vi: 'tệp minh chứng', en: 'Evidence file' });
        return reply
          .header('content-type', file.mediaType)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
          .send(file.content);
      },
    );
  };
}
