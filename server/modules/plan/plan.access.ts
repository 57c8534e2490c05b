import { holdsRole, type Principal, requireRole } from '../../platform/auth/principal.ts';
import type { PlanRow } from './plan.tables.ts';

/**
 * Who may do what in a plan (docs/plan-monitoring.md, "Who may do what"). A role held at the city
 * reaches every agency, as everywhere on the platform.
 */
type OwnedBy = Pick<PlanRow, 'owner_agency_id'>;

/**
 * Plan owners: `holdsRole(principal, 'plan_owner', plan's owner agency)`. `plan_owner` is a
 * city-wide role that org grants only at the city (`hanoi`), so every plan owner owns every plan;
 * `metrics` applies the same helper to the agency a value belongs to.
 */
export const isPlanOwner = (principal: Principal, plan: OwnedBy) =>
  holdsRole(principal, 'plan_owner', plan.owner_agency_id);

export const requirePlanOwner = (principal: Principal, plan: OwnedBy) =>
  requireRole(principal, 'plan_owner', plan.owner_agency_id);

export const isReporterOf = (principal: Principal, agencyId: string) =>
  holdsRole(principal, 'agency_reporter', agencyId);

export const isReviewerOf = (principal: Principal, agencyId: string) =>
  holdsRole(principal, 'agency_reviewer', agencyId);

/** Drafts of an agency: its reporters and reviewers, and the plan owners. */
export const maySeeDrafts = (principal: Principal, plan: OwnedBy, agencyId: string) =>
  isPlanOwner(principal, plan) || isReporterOf(principal, agencyId) || isReviewerOf(principal, agencyId);
