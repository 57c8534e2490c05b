import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import type { Actor } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { TermMap } from './context.ts';
import { badRequestData, NgsiError } from './errors.ts';
import { checkEntityId } from './representation.ts';
import { type SubscriptionNotifier, statusOf } from './subscriptions.notifier.ts';
import { applySubscription, type EndpointPolicy, emptySpec } from './subscriptions.spec.ts';
import type { SubscriptionRow, SubscriptionStore } from './subscriptions.store.ts';

/**
 * NGSI-LD subscriptions (ETSI GS CIM 009, 5.8): create, read, list, PATCH and delete, each write
 * audited. Deliveries are the notifier's (subscriptions.notifier.ts).
 */
const notFound = (id: string) =>
  new NgsiError('ResourceNotFound', {
    vi: `Không có đăng ký ${id}.`,
    en: `Subscription ${id} does not exist.`,
  });

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : undefined);

/** A subscription as the API answers it, names compacted with the caller's context. */
export function renderSubscription(row: SubscriptionRow, terms: TermMap, now: Date): Record<string, unknown> {
  const spec = row.spec;
  const compact = (iri: string) => terms.compact(iri);
  const failed =
    row.last_failure !== null && (row.last_success === null || row.last_failure > row.last_success);
  const out: Record<string, unknown> = {
    id: row.id,
    type: 'Subscription',
    ...(spec.subscriptionName ? { subscriptionName: spec.subscriptionName } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.entities
      ? {
          entities: spec.entities.map((selector) => ({
            type: compact(selector.type),
            ...(selector.id ? { id: selector.id } : {}),
            ...(selector.idPattern ? { idPattern: selector.idPattern } : {}),
          })),
        }
      : {}),
    ...(spec.watchedAttributes ? { watchedAttributes: spec.watchedAttributes.map(compact) } : {}),
    ...(spec.q ? { q: spec.q } : {}),
    notification: {
      ...(spec.notification.attributes ? { attributes: spec.notification.attributes.map(compact) } : {}),
      format: spec.notification.format,
      endpoint: spec.notification.endpoint,
      status: failed ? 'failed' : 'ok',
      timesSent: Number(row.times_sent),
      timesFailed: Number(row.times_failed),
      ...(row.last_notification ? { lastNotification: iso(row.last_notification) } : {}),
      ...(row.last_success ? { lastSuccess: iso(row.last_success) } : {}),
      ...(row.last_failure ? { lastFailure: iso(row.last_failure) } : {}),
    },
    ...(spec.expiresAt ? { expiresAt: spec.expiresAt } : {}),
    ...(spec.throttling ? { throttling: spec.throttling } : {}),
    isActive: spec.isActive,
    status: statusOf(row, now),
    createdAt: iso(row.created_at),
    modifiedAt: iso(row.modified_at),
  };
  return out;
}

export function createSubscriptionService(deps: {
  db: Kysely<unknown>;
  store: SubscriptionStore;
  audit: AuditLog;
  clock: Clock;
  policy: EndpointPolicy;
  notifier: SubscriptionNotifier;
}) {
  const { store } = deps;
  const actorId = (actor: Actor) => (actor.principal.kind === 'official' ? actor.principal.accountId : null);

  return {
    async create(actor: Actor, body: unknown, terms: TermMap): Promise<string> {
      const source = (body ?? {}) as Record<string, unknown>;
      if (source.type !== 'Subscription')
        throw badRequestData({ vi: 'type phải là "Subscription".', en: 'type must be "Subscription".' });
      const id =
        source.id === undefined ? `urn:ngsi-ld:Subscription:${randomUUID()}` : checkEntityId(source.id);
      const now = deps.clock.now();
      const spec = applySubscription(emptySpec(terms.context), body, terms, deps.policy, now);
      await deps.db.transaction().execute(async (trx) => {
        if (!(await store.insert(trx, { id, spec, createdBy: actorId(actor), at: now })))
          throw new NgsiError('AlreadyExists', {
            vi: `Đăng ký ${id} đã tồn tại.`,
            en: `Subscription ${id} already exists.`,
          });
        await deps.audit.record(trx, {
          actor,
          action: 'urban.subscription.create',
          objectType: 'urban.subscription',
          objectId: id,
          details: { endpointHost: new URL(spec.notification.endpoint.uri).host },
        });
      });
      deps.notifier.invalidate();
      return id;
    },

    async get(id: string, terms: TermMap) {
      const row = await store.get(checkEntityId(id));
      if (!row) throw notFound(id);
      return renderSubscription(row, terms, deps.clock.now());
    },

    async list(page: { limit: number; offset: number }, terms: TermMap) {
      const { rows, total } = await store.list(page);
      const now = deps.clock.now();
      return { subscriptions: rows.map((row) => renderSubscription(row, terms, now)), total };
    },

    async update(actor: Actor, id: string, body: unknown, terms: TermMap) {
      checkEntityId(id);
      const source = (body ?? {}) as Record<string, unknown>;
      if (source.id !== undefined && source.id !== id)
        throw badRequestData({
          vi: 'id trong nội dung khác id trên đường dẫn.',
          en: 'The body id differs from the path id.',
        });
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (trx) => {
        const row = await store.lock(trx, id);
        if (!row) throw notFound(id);
        if (Object.keys(source).filter((key) => !['@context', 'id', 'type'].includes(key)).length === 0)
          throw badRequestData({ vi: 'Không có gì để cập nhật.', en: 'Nothing to update.' });
        const spec = applySubscription(row.spec, body, terms, deps.policy, now);
        await store.update(trx, id, spec, now);
        await deps.audit.record(trx, {
          actor,
          action: 'urban.subscription.update',
          objectType: 'urban.subscription',
          objectId: id,
          details: { fields: Object.keys(source).filter((key) => key !== '@context') },
        });
      });
      deps.notifier.invalidate();
    },

    async delete(actor: Actor, id: string) {
      checkEntityId(id);
      await deps.db.transaction().execute(async (trx) => {
        if (!(await store.delete(trx, id))) throw notFound(id);
        await deps.audit.record(trx, {
          actor,
          action: 'urban.subscription.delete',
          objectType: 'urban.subscription',
          objectId: id,
        });
      });
      deps.notifier.invalidate();
    },
  };
}

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;
