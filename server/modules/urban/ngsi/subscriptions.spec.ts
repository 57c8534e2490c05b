import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Bilingual } from '../../../platform/errors.ts';
import type { LdContext, TermMap } from './context.ts';
import { badRequestData, notSupported } from './errors.ts';
import { parseQ, type QNode } from './q.ts';
import { asObject, checkEntityId, checkName, normalizeDateTime } from './representation.ts';

/**
 * A subscription as stored (ETSI GS CIM 009, 5.2.12): names expanded, `q` kept as given and as its
 * parsed tree, and the @context it was made with, which its notifications are compacted against.
 */
export type EntitySelector = { id: string | null; idPattern: string | null; type: string };
export type NotificationFormat = 'normalized' | 'keyValues';
export type SubscriptionSpec = {
  subscriptionName: string | null;
  description: string | null;
  entities: EntitySelector[] | null;
  watchedAttributes: string[] | null;
  q: string | null;
  qNode: QNode | null;
  notification: {
    attributes: string[] | null;
    format: NotificationFormat;
    endpoint: { uri: string; accept: 'application/json' | 'application/ld+json' };
  };
  expiresAt: string | null;
  throttling: number;
  isActive: boolean;
  context: LdContext;
};

/** Where notifications may go: in production, private and loopback addresses only by name in the list. */
export type EndpointPolicy = { production: boolean; allowedHosts: string[] };

const bad = (detail: Bilingual) => badRequestData(detail);
const MAX_THROTTLING = 86_400;

function text(value: unknown, name: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max)
    throw bad({
      vi: `${name} phải là chuỗi (tối đa ${max} ký tự).`,
      en: `${name} must be a string (up to ${max} characters).`,
    });
  return value;
}

function names(value: unknown, field: string, terms: TermMap): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 100)
    throw bad({
      vi: `${field} phải là danh sách tên (1–100).`,
      en: `${field} must be a list of names (1–100).`,
    });
  return value.map((name) => terms.expand(checkName(name, { vi: 'thuộc tính', en: 'attribute' })));
}

function idPattern(value: unknown): string {
  const pattern = text(value, 'idPattern', 256);
  try {
    new RegExp(pattern);
  } catch {
    throw bad({
      vi: 'idPattern không phải biểu thức chính quy hợp lệ.',
      en: 'idPattern is not a valid regular expression.',
    });
  }
  return pattern;
}

function entities(value: unknown, terms: TermMap): EntitySelector[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 100)
    throw bad({ vi: 'entities phải là danh sách (1–100).', en: 'entities must be a list (1–100).' });
  return value.map((item) => {
    const source = asObject(item, { vi: 'Mỗi mục entities', en: 'Each entities item' });
    if (source.type === undefined)
      throw bad({ vi: 'Mỗi mục entities cần type.', en: 'Each entities item needs a type.' });
    return {
      type: terms.expand(checkName(source.type, { vi: 'kiểu thực thể', en: 'entity type' })),
      id: source.id === undefined ? null : checkEntityId(source.id),
      idPattern: source.idPattern === undefined ? null : idPattern(source.idPattern),
    };
  });
}

const PRIVATE_V4 = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const;
const v4 = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);

/** Loopback, private, link-local, carrier-grade NAT and unspecified addresses (IPv4 and IPv6). */
export function isPrivateAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped) return isPrivateAddress(mapped);
  if (isIP(ip) === 4)
    return PRIVATE_V4.some(([net, bits]) => v4(ip) >>> (32 - bits) === v4(net) >>> (32 - bits));
  const lower = ip.toLowerCase();
  return lower === '::1' || lower === '::' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower);
}

const refused = (host: string) =>
  bad({
    vi: `Không gửi thông báo tới địa chỉ nội bộ ${host} (chỉ được khi có trong danh sách cho phép của cấu hình).`,
    en: `Notifications are not sent to the internal address ${host} (only when the configuration's allow-list names it).`,
  });

/** http(s) only, no credentials in the URL; in production no literal private address or localhost. */
export function checkEndpoint(uri: unknown, policy: EndpointPolicy): string {
  const value = text(uri, 'notification.endpoint.uri', 2048);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad({ vi: 'endpoint.uri không phải URL hợp lệ.', en: 'endpoint.uri is not a valid URL.' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw bad({ vi: 'endpoint.uri phải dùng http hoặc https.', en: 'endpoint.uri must use http or https.' });
  if (url.username || url.password)
    throw bad({
      vi: 'endpoint.uri không được chứa thông tin đăng nhập.',
      en: 'endpoint.uri must not carry credentials.',
    });
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (policy.production && !policy.allowedHosts.includes(host)) {
    if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host)))
      throw refused(host);
  }
  return url.toString();
}

/** At delivery, in production: every address the name resolves to must be public (DNS may have changed). */
export async function assertDeliverable(uri: string, policy: EndpointPolicy): Promise<void> {
  if (!policy.production) return;
  const host = new URL(uri).hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (policy.allowedHosts.includes(host)) return;
  const addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true });
  if (addresses.some((entry) => isPrivateAddress(entry.address))) throw refused(host);
}

/** One field of a subscription body into the stored form (create and PATCH share these). */
function field(
  spec: SubscriptionSpec,
  key: string,
  value: unknown,
  terms: TermMap,
  policy: EndpointPolicy,
  now: Date,
) {
  switch (key) {
    case 'subscriptionName':
    case 'description':
      spec[key] = value === null ? null : text(value, key, 1000);
      return;
    case 'entities':
      spec.entities = entities(value, terms);
      return;
    case 'watchedAttributes':
      spec.watchedAttributes = names(value, 'watchedAttributes', terms);
      return;
    case 'q':
      spec.q = text(value, 'q', 2000);
      spec.qNode = parseQ(spec.q, (term) => terms.expand(term));
      return;
    case 'notification': {
      const source = asObject(value, { vi: 'notification', en: 'notification' });
      const next = { ...spec.notification };
      for (const [name, item] of Object.entries(source)) {
        if (name === 'attributes') next.attributes = names(item, 'notification.attributes', terms);
        else if (name === 'format') {
          if (item !== 'normalized' && item !== 'keyValues')
            throw bad({
              vi: 'format phải là normalized hoặc keyValues.',
              en: 'format must be normalized or keyValues.',
            });
          next.format = item;
        } else if (name === 'endpoint') {
          const endpoint = asObject(item, { vi: 'endpoint', en: 'endpoint' });
          const accept = endpoint.accept ?? 'application/json';
          if (accept !== 'application/json' && accept !== 'application/ld+json')
            throw bad({
              vi: 'endpoint.accept phải là application/json hoặc application/ld+json.',
              en: 'endpoint.accept must be application/json or application/ld+json.',
            });
          if (endpoint.receiverInfo !== undefined || endpoint.notifierInfo !== undefined)
            throw notSupported({
              vi: 'Chưa hỗ trợ receiverInfo/notifierInfo.',
              en: 'receiverInfo and notifierInfo are not supported.',
            });
          next.endpoint = { uri: checkEndpoint(endpoint.uri, policy), accept };
        } else if (
          !['status', 'timesSent', 'timesFailed', 'lastNotification', 'lastSuccess', 'lastFailure'].includes(
            name,
          )
        )
          throw bad({
            vi: `notification.${name} không được hỗ trợ.`,
            en: `notification.${name} is not supported.`,
          });
      }
      spec.notification = next;
      return;
    }
    case 'expiresAt': {
      const at = normalizeDateTime(value, 'expiresAt');
      if (Date.parse(at) <= now.getTime())
        throw bad({ vi: 'expiresAt phải ở tương lai.', en: 'expiresAt must be in the future.' });
      spec.expiresAt = at;
      return;
    }
    case 'throttling':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_THROTTLING)
        throw bad({
          vi: `throttling là số giây nguyên từ 0 đến ${MAX_THROTTLING}.`,
          en: `throttling is whole seconds from 0 to ${MAX_THROTTLING}.`,
        });
      spec.throttling = value;
      return;
    case 'isActive':
      if (typeof value !== 'boolean')
        throw bad({ vi: 'isActive phải là true/false.', en: 'isActive must be true or false.' });
      spec.isActive = value;
      return;
    case 'geoQ':
    case 'timeInterval':
    case 'temporalQ':
    case 'scopeQ':
    case 'csf':
    case 'lang':
      throw notSupported({
        vi: `Chưa hỗ trợ ${key} trong đăng ký.`,
        en: `${key} is not supported in subscriptions.`,
      });
    default:
      throw bad({
        vi: `Trường ${key} không có trong đăng ký NGSI-LD.`,
        en: `${key} is not a field of an NGSI-LD subscription.`,
      });
  }
}

const IGNORED = new Set(['id', 'type', '@context', 'status', 'createdAt', 'modifiedAt']);

/** Applies a body (whole subscription or PATCH fragment) onto `base`; returns the new spec. */
export function applySubscription(
  base: SubscriptionSpec,
  body: unknown,
  terms: TermMap,
  policy: EndpointPolicy,
  now: Date,
): SubscriptionSpec {
  const source = asObject(body);
  const spec: SubscriptionSpec = structuredClone(base);
  for (const [key, value] of Object.entries(source))
    if (!IGNORED.has(key)) field(spec, key, value, terms, policy, now);
  if (!spec.entities && !spec.watchedAttributes)
    throw bad({
      vi: 'Đăng ký cần entities hoặc watchedAttributes.',
      en: 'A subscription needs entities or watchedAttributes.',
    });
  if (!spec.notification.endpoint.uri)
    throw bad({
      vi: 'Đăng ký cần notification.endpoint.uri.',
      en: 'A subscription needs notification.endpoint.uri.',
    });
  return spec;
}

export const emptySpec = (context: LdContext): SubscriptionSpec => ({
  subscriptionName: null,
  description: null,
  entities: null,
  watchedAttributes: null,
  q: null,
  qNode: null,
  notification: { attributes: null, format: 'normalized', endpoint: { uri: '', accept: 'application/json' } },
  expiresAt: null,
  throttling: 0,
  isActive: true,
  context,
});

/** Does a changed entity fall under one of the subscription's selectors? */
export function selects(spec: SubscriptionSpec, entity: { id: string; type: string }): boolean {
  if (!spec.entities) return true;
  return spec.entities.some(
    (selector) =>
      selector.type === entity.type &&
      (selector.id === null || selector.id === entity.id) &&
      (selector.idPattern === null || new RegExp(selector.idPattern).test(entity.id)),
  );
}
