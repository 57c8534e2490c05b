import { isIsoDate } from '../lib/format.ts';

/** Audit filters live in the address; `before` is the keyset cursor for older entries. */
export type AuditSearch = {
  from?: string;
  to?: string;
  action?: string;
  actorId?: string;
  agencyId?: string;
  objectType?: string;
  objectId?: string;
  before?: number;
};

const text = (value: unknown, max: number) =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : undefined;

export function auditSearch(search: Record<string, unknown>): AuditSearch {
  const before = Number(search.before);
  return {
    from: isIsoDate(search.from) ? search.from : undefined,
    to: isIsoDate(search.to) ? search.to : undefined,
    action: text(search.action, 100),
    actorId: text(search.actorId, 100),
    agencyId: text(search.agencyId, 64),
    objectType: text(search.objectType, 100),
    objectId: text(search.objectId, 200),
    before: Number.isInteger(before) && before > 0 ? before : undefined,
  };
}
