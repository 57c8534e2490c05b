import type { FastifyRequest } from 'fastify';
import { badRequest } from './envelope.ts';

/**
 * The action's data dict, read as CKAN reads it: a GET's query string (side-effect-free actions
 * only), a POST's form fields (a single field whose value is `1` or empty is a JSON document, as
 * some clients send it), a JSON body, or a multipart form with a file (`upload`).
 */
export type CkanUpload = { filename: string; source: AsyncIterable<Buffer>; resume(): void };
export type RequestData = { data: Record<string, unknown>; upload: CkanUpload | null };

function mixed(pairs: Iterable<[string, string]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of pairs) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

function queryPairs(request: FastifyRequest): [string, string][] {
  const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  try {
    return [...new URLSearchParams(search)];
  } catch {
    throw badRequest('JSON Error: the query string could not be read');
  }
}

function asDict(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw badRequest(
      `JSON Error: Request data JSON decoded to ${JSON.stringify(value)?.slice(0, 100)} but it needs to be a dictionary.`,
    );
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (key !== '__proto__') out[key] = item;
  return out;
}

export async function readRequestData(
  request: FastifyRequest,
  sideEffectFree: boolean,
): Promise<RequestData> {
  if (request.method === 'GET' || request.method === 'HEAD') {
    if (!sideEffectFree)
      throw badRequest('JSON Error: Invalid request. Please use POST method for your request');
    return { data: mixed(queryPairs(request)), upload: null };
  }
  if (request.isMultipart()) {
    const data: [string, string][] = [];
    let upload: CkanUpload | null = null;
    try {
      for await (const part of request.parts({
        limits: { fileSize: 200 * 1024 * 1024 + 1, files: 1, fields: 50 },
      })) {
        if (part.type === 'file') {
          // Fields after the file are not read: the file is streamed as it arrives.
          upload = { filename: part.filename, source: part.file, resume: () => part.file.resume() };
          break;
        }
        if (typeof part.value === 'string') data.push([part.fieldname, part.value]);
      }
    } catch (error) {
      throw badRequest(`the multipart body could not be read: ${(error as Error).message}`);
    }
    return { data: mixed(data), upload };
  }
  const body = request.body;
  if (body instanceof URLSearchParams) {
    const pairs = [...body];
    if (pairs.length === 1 && (pairs[0]![1] === '1' || pairs[0]![1] === '')) {
      try {
        return { data: asDict(JSON.parse(pairs[0]![0])), upload: null };
      } catch (error) {
        if ((error as { type?: string }).type) throw error;
        throw badRequest(`JSON Error: Error decoding JSON data. Error: ${(error as Error).message}`);
      }
    }
    if (pairs.length > 0) return { data: mixed(pairs), upload: null };
  } else if (typeof body === 'string' && body.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      throw badRequest(`JSON Error: Error decoding JSON data. Error: ${(error as Error).message}`);
    }
    return { data: asDict(parsed), upload: null };
  }
  // An empty POST: CKAN reads the URL's parameters for side-effect-free actions.
  return { data: sideEffectFree ? mixed(queryPairs(request)) : {}, upload: null };
}
