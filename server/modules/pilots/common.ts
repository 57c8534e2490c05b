import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AuditLog } from '../../platform/audit/audit.ts';
import { type Actor, holdsRole, type Role, requireRole } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { foldVietnamese } from '../../platform/text.ts';
import type { OrgService } from '../org/index.ts';

/** What every pilot's service is given: its tables through raw SQL, audit, the clock and org. */
export type PilotDeps = {
  // biome-ignore lint/suspicious/noExplicitAny: pilots tables through raw SQL.
  db: Kysely<any>;
  audit: AuditLog;
  clock: Clock;
  org: OrgService;
};

/** Who keeps a pilot's register: the agency's data steward or administrator, or the city administrator. */
export const REGISTRY_ROLES: Role[] = ['data_steward', 'agency_admin', 'city_admin'];

/**
 * Agency scope of a write: the role must be held at the agency answerable for the row or at the
 * ward or commune the row is in (a role held at the city reaches both).
 */
export function requireScope(actor: Actor, roles: Role[], scope: { agencyId: string; unitId: string }) {
  if (roles.some((role) => holdsRole(actor.principal, role, scope.unitId))) return;
  requireRole(actor.principal, roles, scope.agencyId);
}

export const fold = foldVietnamese;

/** `%…%` around the folded text, its own `%`, `_` and `\` taken literally. */
export const containsPattern = (text: string) => `%${fold(text).replace(/[\\%_]/g, '\\$&')}%`;

/** Every public list pages the same way. */
export const paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
};
export const unitIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,63}$/)
  .describe('Mã phường, xã (org) / Ward or commune id');
export const slugId = z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/);
export const isoDate = z.iso.date();
export const searchText = z.string().trim().min(1).max(100);
export const name = z.string().trim().min(2).max(200);

export const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** Current wards and communes by id (126 from 1 Jul 2025), for validation and names. */
export async function wardsById(org: OrgService, at: string) {
  const units = [...(await org.units({ at, kind: 'ward' })), ...(await org.units({ at, kind: 'commune' }))];
  return new Map(units.map((unit) => [unit.id, unit]));
}

export async function requireWard(org: OrgService, unitId: string, at: string) {
  const unit = (await wardsById(org, at)).get(unitId);
  if (!unit)
    throw new AppError('unprocessable', {
      vi: `${unitId} không phải phường, xã đang có hiệu lực.`,
      en: `${unitId} is not a current ward or commune.`,
    });
  return unit;
}

export async function requireAgency(org: OrgService, agencyId: string, at: string) {
  if (!(await org.unitExists(agencyId, at)))
    throw new AppError('unprocessable', {
      vi: `Cơ quan ${agencyId} không có hoặc đã hết hiệu lực.`,
      en: `Agency ${agencyId} does not exist or is no longer valid.`,
    });
}
