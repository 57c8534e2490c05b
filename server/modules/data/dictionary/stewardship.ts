import {
  type Actor,
  CITY_UNIT_ID,
  holdsRole,
  type Principal,
  requireOfficial,
} from '../../../platform/auth/principal.ts';
import { forbidden } from '../../../platform/errors.ts';

/**
 * Who keeps the city's data standards and catalogue: a data steward proposes and edits for their
 * agency (a steward at the city, for any agency), and the city decides — the city administrator or
 * a data steward held at the City People's Committee — but never on their own proposal.
 * Shared by the dictionary and the catalogue.
 */
export function mayStewardFor(principal: Principal, agencyId: string): boolean {
  return holdsRole(principal, 'data_steward', agencyId) || holdsRole(principal, 'city_admin');
}

export function requireStewardFor(principal: Principal, agencyId: string) {
  const official = requireOfficial(principal);
  if (!mayStewardFor(official, agencyId)) {
    throw forbidden({
      vi: `Cần vai trò Cán bộ quản lý dữ liệu của đơn vị ${agencyId} (hoặc của Thành phố).`,
      en: `Requires the data-steward role for unit ${agencyId} (or for the city).`,
    });
  }
  return official;
}

export function isCityApprover(principal: Principal): boolean {
  return holdsRole(principal, 'city_admin') || holdsRole(principal, 'data_steward', CITY_UNIT_ID);
}

export function requireCityApprover(principal: Principal) {
  const official = requireOfficial(principal);
  if (!isCityApprover(official)) {
    throw forbidden({
      vi: 'Chỉ Quản trị hệ thống thành phố hoặc Cán bộ quản lý dữ liệu của UBND Thành phố được phê duyệt.',
      en: "Only the city administrator or a data steward of the City People's Committee may decide.",
    });
  }
  return official;
}

/** Four eyes: whoever proposed a change does not decide on it. */
export function requireNotAuthor(principal: Principal, authorAccount: string | null) {
  if (principal.kind === 'official' && authorAccount !== null && principal.accountId === authorAccount) {
    throw forbidden({
      vi: 'Người đề xuất không tự phê duyệt hoặc từ chối đề xuất của mình.',
      en: 'Whoever proposed a change may not approve or reject it.',
    });
  }
}

/** What history shows as "who": the official's user name, or the system task. */
export function actorLabel(actor: Actor): string {
  if (actor.system) return actor.system;
  const p = actor.principal;
  if (p.kind === 'official') return p.username;
  return p.kind;
}

export const actorAccount = (actor: Actor): string | null =>
  actor.principal.kind === 'official' ? actor.principal.accountId : null;
