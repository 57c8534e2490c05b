import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/principal.ts';

/** The actor behind a request, as audit records it. */
export const actorOf = (request: FastifyRequest): Actor => ({
  principal: request.principal,
  requestId: String(request.id),
  ip: request.ip ?? null,
});
