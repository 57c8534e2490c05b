import { expandTerm } from '../terms.ts';

/**
 * One MQTT message → the readings it carries (docs/smart-urban.md, "Ingestion"). The topic is
 * `hanoi/<domain>/<deviceId>/attrs`; the payload one JSON object or an array of them, each
 * `{ "observedAt"?: ISO 8601, "<attribute>": number | string | boolean | object }`. A message is
 * stored whole or not at all: anything wrong sends it to the dead letters with the reason.
 */
export type Reading = { attr: string; observedAt: Date; value: unknown };
export type ParsedMessage =
  | { ok: true; deviceId: string; domain: string; readings: Reading[] }
  | { ok: false; deviceId: string | null; reason: string };

const TOPIC = /^hanoi\/([a-z-]{2,32})\/([A-Za-z0-9][A-Za-z0-9_-]{2,63})\/attrs$/;
const ATTRIBUTE = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;
/** Names NGSI-LD reserves or the entity row keeps apart; a device cannot set them as readings. */
const RESERVED = new Set(['id', 'type', '@context', 'location', 'createdAt', 'modifiedAt', 'observedAt']);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_ITEMS = 1000;
const MAX_STRING = 4096;
const MAX_OBJECT_JSON = 16_384;
export const MAX_PAYLOAD_BYTES = 256 * 1024;

export function topicParts(topic: string): { domain: string; deviceId: string } | null {
  const match = TOPIC.exec(topic);
  return match ? { domain: match[1]!, deviceId: match[2]! } : null;
}

function valueProblem(name: string, value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${name}: not a finite number`;
  if (typeof value === 'boolean') return null;
  if (typeof value === 'string') return value.length <= MAX_STRING ? null : `${name}: string too long`;
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return JSON.stringify(value).length <= MAX_OBJECT_JSON ? null : `${name}: object too large`;
  return `${name}: value must be a number, string, boolean or object`;
}

export function parseMessage(topic: string, payload: Buffer, receivedAt: Date): ParsedMessage {
  const parts = topicParts(topic);
  if (!parts)
    return {
      ok: false,
      deviceId: null,
      reason: `topic ${topic.slice(0, 200)} is not hanoi/<domain>/<deviceId>/attrs`,
    };
  const fail = (reason: string): ParsedMessage => ({ ok: false, deviceId: parts.deviceId, reason });
  if (payload.length > MAX_PAYLOAD_BYTES) return fail(`payload larger than ${MAX_PAYLOAD_BYTES} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch (error) {
    return fail(`malformed JSON: ${(error as Error).message}`);
  }
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) return fail('empty array');
  if (items.length > MAX_ITEMS) return fail(`more than ${MAX_ITEMS} objects in one message`);
  const readings: Reading[] = [];
  for (const [index, item] of items.entries()) {
    const at = Array.isArray(body) ? `[${index}] ` : '';
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      return fail(`${at}not a JSON object`);
    const { observedAt, ...attributes } = item as Record<string, unknown>;
    let observed = receivedAt;
    if (observedAt !== undefined) {
      if (typeof observedAt !== 'string' || !ISO_INSTANT.test(observedAt))
        return fail(`${at}observedAt is not an ISO 8601 date-time with a zone`);
      observed = new Date(observedAt);
      if (Number.isNaN(observed.getTime())) return fail(`${at}observedAt is not a valid date`);
    }
    const names = Object.keys(attributes);
    if (names.length === 0) return fail(`${at}no attribute`);
    for (const name of names) {
      if (!ATTRIBUTE.test(name) || RESERVED.has(name))
        return fail(`${at}attribute name ${name.slice(0, 100)} is not allowed`);
      const problem = valueProblem(name, attributes[name]);
      if (problem) return fail(`${at}${problem}`);
      readings.push({ attr: expandTerm(name), observedAt: observed, value: attributes[name] });
    }
  }
  return { ok: true, deviceId: parts.deviceId, domain: parts.domain, readings };
}
