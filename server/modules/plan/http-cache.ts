import type { FastifyReply, FastifyRequest } from 'fastify';
import { canonicalJson, sha256Hex } from '../../platform/canonical-json.ts';

/**
 * Public answers that must change as soon as a report is approved: caches may keep them but must
 * ask again every time (`no-cache`), and an unchanged answer costs a `304` without a body. The
 * entity tag is weak (the hash of the canonical JSON, or of the text), so it survives compression.
 */
export function etagOf(body: unknown): string {
  return `W/"${sha256Hex(typeof body === 'string' ? body : canonicalJson(body)).slice(0, 32)}"`;
}

/** Does `If-None-Match` name the tag (weak comparison, RFC 9110 §13.1.2)? */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/** Sets `cache-control: no-cache` and the tag; true when the caller already holds this answer. */
export function revalidate(request: FastifyRequest, reply: FastifyReply, body: unknown): boolean {
  const etag = etagOf(body);
  reply.header('cache-control', 'no-cache').header('etag', etag);
  return matchesEtag(request.headers['if-none-match'], etag);
}

/** `304 Not Modified`, without a body (the validators set by `revalidate` stay). */
export const notModified = (reply: FastifyReply) => reply.code(304).send();
