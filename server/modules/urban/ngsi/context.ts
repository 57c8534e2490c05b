import { readFileSync } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import jsonld from 'jsonld';
import { NGSI_LD_CORE_CONTEXT, SMART_DATA_MODELS_CONTEXT_PATH } from '../terms.ts';
import { badRequestData, NgsiError } from './errors.ts';

/**
 * JSON-LD contexts of the NGSI-LD API: the core context and the pilots' Smart Data Models subset are
 * files of this folder, served at /ngsi-ld/contexts/…; no context is ever fetched from the network
 * (an unknown remote context answers LdContextNotAvailable). A request's context (Link header or
 * `@context` of an application/ld+json body) becomes a term map that expands names to IRIs and
 * compacts IRIs back, computed once per distinct context by jsonld's own context processing.
 */
export const CONTEXTS_PATH = '/ngsi-ld/contexts';
export const CORE_CONTEXT_FILE = 'ngsi-ld-core-context-v1.8.jsonld';
export const SDM_CONTEXT_FILE = SMART_DATA_MODELS_CONTEXT_PATH.slice(`${CONTEXTS_PATH}/`.length);
const JSONLD_CONTEXT_REL = 'http://www.w3.org/ns/json-ld#context';

const readContext = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`./contexts/${file}`, import.meta.url), 'utf8'));

/** The served files by name (their bodies as parsed JSON). */
export const servedContexts: Record<string, unknown> = {
  [CORE_CONTEXT_FILE]: readContext(CORE_CONTEXT_FILE),
  [SDM_CONTEXT_FILE]: readContext(SDM_CONTEXT_FILE),
};

/** Remote names of the core context that resolve to the local copy (the unversioned alias included). */
const coreAliases = new Set([
  NGSI_LD_CORE_CONTEXT,
  'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld',
]);

const contextNotAvailable = (url: string) =>
  new NgsiError('LdContextNotAvailable', {
    vi: `Không tải được @context ${url}: máy chủ chỉ dùng các context phục vụ tại ${CONTEXTS_PATH}/ và context lõi NGSI-LD.`,
    en: `The @context ${url} is not available: this server uses only the contexts it serves at ${CONTEXTS_PATH}/ and the NGSI-LD core context.`,
  });

/** The local file a context URL names, whatever host the client reached us by; undefined for others. */
export function localContextFile(url: string): string | undefined {
  if (coreAliases.has(url)) return CORE_CONTEXT_FILE;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const prefix = `${CONTEXTS_PATH}/`;
  if (!parsed.pathname.startsWith(prefix)) return undefined;
  const file = parsed.pathname.slice(prefix.length);
  return Object.hasOwn(servedContexts, file) ? file : undefined;
}

/** jsonld's document loader: local files only, never the network. */
export async function documentLoader(url: string) {
  const file = localContextFile(url);
  if (!file) throw contextNotAvailable(url);
  return { contextUrl: undefined, documentUrl: url, document: structuredClone(servedContexts[file]) };
}

/** A request's @context as given: a URL, an inline object, or a list of them. */
export type LdContext = string | Record<string, unknown> | (string | Record<string, unknown>)[];

/** Expands NGSI-LD names to IRIs and compacts IRIs back, under one effective @context. */
export type TermMap = {
  /** What the response's `@context` (or Link) should say. */
  context: LdContext;
  expand(term: string): string;
  compact(iri: string): string;
};

type Mapping = { '@id'?: string };
type ActiveContext = { mappings: Map<string, Mapping>; '@vocab'?: string };

const cache = new Map<string, Promise<TermMap>>();
const CACHE_LIMIT = 200;

function buildTermMap(context: LdContext, active: ActiveContext): TermMap {
  const toIri = new Map<string, string>();
  const toTerm = new Map<string, string>();
  for (const [term, mapping] of active.mappings) {
    const iri = mapping?.['@id'];
    if (!iri || iri.startsWith('@') || term.includes(':')) continue;
    toIri.set(term, iri);
    // The shortest term wins, then the first in alphabetical order, so compaction is deterministic.
    const known = toTerm.get(iri);
    if (known === undefined || term.length < known.length || (term.length === known.length && term < known))
      toTerm.set(iri, term);
  }
  const vocab = active['@vocab'] ?? '';
  return {
    context,
    expand(term) {
      const direct = toIri.get(term);
      if (direct) return direct;
      const colon = term.indexOf(':');
      if (colon > 0) {
        const prefix = toIri.get(term.slice(0, colon));
        const rest = term.slice(colon + 1);
        // A compact IRI (prefix:suffix) expands; an absolute IRI (urn:…, https://…) stays as it is.
        if (prefix && !rest.startsWith('//')) return `${prefix}${rest}`;
        return term;
      }
      return `${vocab}${term}`;
    },
    compact(iri) {
      const term = toTerm.get(iri);
      if (term) return term;
      if (vocab && iri.startsWith(vocab) && iri.length > vocab.length) {
        const rest = iri.slice(vocab.length);
        if (!toIri.has(rest)) return rest;
      }
      return iri;
    },
  };
}

/** jsonld wraps the loader's error; find ours again. */
function ngsiCause(error: unknown, depth = 0): NgsiError | undefined {
  if (error instanceof NgsiError) return error;
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const record = error as { cause?: unknown; details?: { cause?: unknown } };
  return ngsiCause(record.details?.cause, depth + 1) ?? ngsiCause(record.cause, depth + 1);
}

// jsonld's context processing is public API but missing from its type definitions.
const processor = jsonld as unknown as {
  processContext(
    active: unknown,
    local: unknown,
    options: { documentLoader?: typeof documentLoader },
  ): Promise<unknown>;
};

async function processContext(context: LdContext): Promise<TermMap> {
  const list = Array.isArray(context) ? context : [context];
  // The core context comes last (ETSI GS CIM 009, 5.5.7): its terms cannot be redefined.
  const effective = [...list, NGSI_LD_CORE_CONTEXT];
  try {
    const initial = await processor.processContext(null, null, {});
    const active = (await processor.processContext(initial, effective, { documentLoader })) as ActiveContext;
    return buildTermMap(context, active);
  } catch (error) {
    const cause = ngsiCause(error);
    if (cause) throw cause;
    throw badRequestData({
      vi: `@context không hợp lệ: ${(error as Error).message}`,
      en: `Invalid @context: ${(error as Error).message}`,
    });
  }
}

/** The term map of a context, shared by every request that uses the same context. */
export function termMapOf(context: LdContext): Promise<TermMap> {
  const key = JSON.stringify(context);
  let found = cache.get(key);
  if (!found) {
    found = processContext(context);
    // Failed contexts are not cached: a context file may be fixed while the server runs.
    found.catch(() => cache.delete(key));
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, found);
  }
  return found;
}

/** The platform's default: the Smart Data Models subset, which itself ends with the core context. */
export const defaultContextUrl = (publicUrl: string) => `${publicUrl}${SMART_DATA_MODELS_CONTEXT_PATH}`;

/** The context URL of a `Link` header with rel json-ld#context, if any. */
export function linkedContext(request: FastifyRequest): string | undefined {
  const header = request.headers.link;
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  const links = value.split(/,(?=\s*<)/);
  const found: string[] = [];
  for (const link of links) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(link);
    if (!match) continue;
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2] ?? '');
    if (rel?.[1] === JSONLD_CONTEXT_REL) found.push(match[1] ?? '');
  }
  if (found.length > 1)
    throw badRequestData({
      vi: 'Chỉ được gửi một tiêu đề Link tới @context JSON-LD.',
      en: 'Only one Link header to a JSON-LD @context is allowed.',
    });
  const url = found[0];
  if (url === undefined) return undefined;
  try {
    return new URL(url).href === url ? url : new URL(url).href;
  } catch {
    throw badRequestData({ vi: `Địa chỉ @context không hợp lệ: ${url}`, en: `Invalid @context URL: ${url}` });
  }
}

export const isLdJson = (request: FastifyRequest) =>
  (request.headers['content-type'] ?? '').toLowerCase().split(';')[0]?.trim() === 'application/ld+json';

/**
 * The term map of a request. With application/ld+json the context comes from the body's `@context`
 * (then a Link header is an error); otherwise from the Link header (then a body `@context` is an error).
 */
export async function requestTermMap(
  request: FastifyRequest,
  publicUrl: string,
  body?: unknown,
): Promise<TermMap> {
  const link = linkedContext(request);
  if (body !== undefined && isLdJson(request)) {
    if (link)
      throw badRequestData({
        vi: 'Với application/ld+json, @context nằm trong nội dung, không trong tiêu đề Link.',
        en: 'With application/ld+json the @context goes in the body, not in a Link header.',
      });
    const items = Array.isArray(body) ? body : [body];
    const first = items[0] as { '@context'?: unknown } | undefined;
    const context = first?.['@context'];
    if (!isLdContext(context))
      throw badRequestData({
        vi: 'Nội dung application/ld+json phải có @context.',
        en: 'An application/ld+json body must carry an @context.',
      });
    return termMapOf(context);
  }
  if (body !== undefined && hasInlineContext(body))
    throw badRequestData({
      vi: 'Nội dung application/json không được chứa @context; hãy dùng tiêu đề Link hoặc application/ld+json.',
      en: 'An application/json body must not carry an @context; use a Link header or application/ld+json.',
    });
  return termMapOf(link ?? defaultContextUrl(publicUrl));
}

function hasInlineContext(body: unknown): boolean {
  const items = Array.isArray(body) ? body : [body];
  return items.some((item) => item !== null && typeof item === 'object' && '@context' in item);
}

function isLdContext(value: unknown): value is LdContext {
  const one = (item: unknown) =>
    typeof item === 'string' || (item !== null && typeof item === 'object' && !Array.isArray(item));
  return Array.isArray(value) ? value.length > 0 && value.every(one) : one(value);
}
