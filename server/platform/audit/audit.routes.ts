import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { problemResponses } from '../http/openapi.ts';
import { type AuditLog, type AuditRow, searchAudit } from './audit.ts';

const auditQuery = z.strictObject({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  action: z
    .string()
    .max(100)
    .regex(/^[a-z0-9._-]*$/)
    .optional(),
  actorId: z.string().max(100).optional(),
  agencyId: z.string().max(64).optional(),
  objectType: z.string().max(100).optional(),
  objectId: z.string().max(200).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const entrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  actorKind: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string().nullable(),
  agencyId: z.string().nullable(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  beforeHash: z.string().nullable(),
  afterHash: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

const toEntry = (row: AuditRow) => ({
  seq: row.seq,
  at: new Date(row.at).toISOString(),
  actorKind: row.actor_kind,
  actorId: row.actor_id,
  actorLabel: row.actor_label,
  agencyId: row.agency_id,
  action: row.action,
  objectType: row.object_type,
  objectId: row.object_id,
  beforeHash: row.before_hash,
  afterHash: row.after_hash,
  requestId: row.request_id,
  ip: row.ip,
  details: row.details,
  prevHash: row.prev_hash,
  hash: row.hash,
});

const csvCell = (value: unknown) => {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  // Quote always; neutralise spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
};

/** Auditors search, export and verify the audit log. */
export function auditRoutes(database: Database, audit: AuditLog): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const access = { roles: ['auditor' as const, 'city_admin' as const] };

    app.get(
      '/api/audit',
      {
        config: { access },
        schema: {
          tags: ['audit'],
          summary: 'Tra cứu nhật ký kiểm toán / Search the audit log',
          querystring: auditQuery,
          response: {
            200: z.object({ entries: z.array(entrySchema), nextBefore: z.number().nullable() }),
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const rows = await searchAudit(database, request.query);
        const last = rows.at(-1);
        return {
          entries: rows.map(toEntry),
          nextBefore: rows.length === request.query.limit && last ? last.seq : null,
        };
      },
    );

    app.get(
      '/api/audit/export.csv',
      {
        config: { access },
        schema: {
          tags: ['audit'],
          summary: 'Xuất nhật ký ra CSV / Export the audit log as CSV',
          querystring: auditQuery.omit({ limit: true, before: true }).extend({
            limit: z.coerce.number().int().min(1).max(100_000).default(10_000),
          }),
        },
      },
      async (request, reply) => {
        const rows = await searchAudit(database, request.query);
        const header = Object.keys(entrySchema.shape);
        const lines = [header.map(csvCell).join(',')];
        for (const row of rows) {
          const entry = toEntry(row) as Record<string, unknown>;
          lines.push(header.map((key) => csvCell(entry[key])).join(','));
        }
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="nhat-ky-kiem-toan-audit-log.csv"`);
        // BOM so that spreadsheet software reads Vietnamese correctly.
        return `\uFEFF${lines.join('\r\n')}\r\n`;
      },
    );

    app.get(
      '/api/audit/verify',
      {
        config: { access },
        schema: {
          tags: ['audit'],
          summary: 'Kiểm tra chuỗi băm của nhật ký / Verify the hash chain',
          response: {
            200: z.object({
              ok: z.boolean(),
              entries: z.number(),
              headHash: z.string().optional(),
              brokenAt: z.number().optional(),
              reason: z.string().optional(),
            }),
            ...problemResponses,
          },
        },
      },
      async () => audit.verify(),
    );
  };
}
