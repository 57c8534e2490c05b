import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { z } from 'zod';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { isoDate, name, paging, REGISTRY_ROLES, searchText, slugId, unitIdSchema } from './common.ts';
import {
  certificateStatuses,
  establishmentKinds,
  type FoodSafetyService,
  inspectionResults,
} from './food.service.ts';

const tags = ['pilots'];
const responses = { 200: z.looseObject({}), 201: z.looseObject({}), ...problemResponses };
const registry = { access: { roles: REGISTRY_ROLES } };
const certificateId = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{3,39}$/)
  .describe('Số giấy chứng nhận, ví dụ ATTP-HN-2026-0001 / Certificate number');
const certificateParams = z.strictObject({ id: certificateId });

/** The public page a certificate's QR code opens (the web app's route). */
export const certificatePagePath = (id: string) => `/an-toan-thuc-pham/${encodeURIComponent(id)}`;

/** Food safety: public search and certificate pages (with the QR to print), the inspectors' register. */
export function foodSafetyRoutes(food: FoodSafetyService, publicUrl: string): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/pilots/food-safety/establishments',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary:
            'Tìm cơ sở thực phẩm (không phân biệt dấu) / Search food establishments (accent-insensitive)',
          querystring: z.strictObject({
            q: searchText.optional(),
            unitId: unitIdSchema.optional(),
            kind: z.enum(establishmentKinds).optional(),
            status: z.enum(certificateStatuses).optional(),
            ...paging,
          }),
          response: responses,
        },
      },
      async (request) => food.search(request.query),
    );

    app.get(
      '/api/pilots/food-safety/establishments/:id',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Một cơ sở với các lần kiểm tra / One establishment with its inspections',
          params: z.strictObject({ id: slugId }),
          response: responses,
        },
      },
      async (request) => food.establishment(request.params.id),
    );

    app.get(
      '/api/pilots/food-safety/certificates/:id',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Tra cứu giấy chứng nhận ATTP (trang của mã QR) / A certificate (what its QR code opens)',
          params: certificateParams,
          response: responses,
        },
      },
      async (request) => ({
        ...(await food.certificate(request.params.id)),
        pageUrl: new URL(certificatePagePath(request.params.id), publicUrl).href,
      }),
    );

    app.get(
      '/api/pilots/food-safety/certificates/:id/qr.svg',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Mã QR in trên giấy chứng nhận / The QR code printed on the certificate',
          params: certificateParams,
        },
      },
      async (request, reply) => {
        await food.certificate(request.params.id); // 404 for an unknown certificate
        const svg = await QRCode.toString(new URL(certificatePagePath(request.params.id), publicUrl).href, {
          type: 'svg',
          errorCorrectionLevel: 'M',
          margin: 2,
        });
        reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=3600');
        return svg;
      },
    );

    app.post(
      '/api/pilots/food-safety/establishments',
      {
        config: registry,
        schema: {
          tags,
          summary: 'Thêm cơ sở thực phẩm (cán bộ) / Add an establishment (officials)',
          body: z.strictObject({
            id: slugId,
            name,
            kind: z.enum(establishmentKinds),
            address: z.string().trim().min(5).max(300),
            unitId: unitIdSchema,
            agencyId: unitIdSchema.optional(),
          }),
          response: responses,
        },
      },
      async (request, reply) =>
        reply.code(201).send(await food.createEstablishment(actorOf(request), request.body)),
    );

    app.post(
      '/api/pilots/food-safety/establishments/:id/inspections',
      {
        config: registry,
        schema: {
          tags,
          summary: 'Ghi kết quả kiểm tra (cán bộ) / Record an inspection (officials)',
          params: z.strictObject({ id: slugId }),
          body: z.strictObject({
            inspectedOn: isoDate,
            result: z.enum(inspectionResults),
            note: z.string().trim().max(2000).optional(),
          }),
          response: responses,
        },
      },
      async (request, reply) =>
        reply.code(201).send(await food.recordInspection(actorOf(request), request.params.id, request.body)),
    );

    app.post(
      '/api/pilots/food-safety/establishments/:id/certificates',
      {
        config: registry,
        schema: {
          tags,
          summary: 'Cấp giấy chứng nhận (cán bộ) / Issue a certificate (officials)',
          params: z.strictObject({ id: slugId }),
          body: z.strictObject({ id: certificateId, issuedOn: isoDate, expiresOn: isoDate }),
          response: responses,
        },
      },
      async (request, reply) =>
        reply.code(201).send(await food.issueCertificate(actorOf(request), request.params.id, request.body)),
    );

    app.post(
      '/api/pilots/food-safety/certificates/:id/revoke',
      {
        config: registry,
        schema: {
          tags,
          summary: 'Thu hồi giấy chứng nhận (cán bộ) / Revoke a certificate (officials)',
          params: certificateParams,
          body: z.strictObject({ reason: z.string().trim().min(5).max(1000) }),
          response: responses,
        },
      },
      async (request) => food.revokeCertificate(actorOf(request), request.params.id, request.body),
    );
  };
}
