import { holdsRole, useSession } from '../lib/session.ts';
import { PLAN_ID, usePlan } from './queries.ts';

/**
 * Whether the signed-in official owns the plan: `plan_owner` for its owner agency, the server's
 * rule (the role is city-wide, granted at `hanoi`). Pages with a target at hand read its `canEdit`.
 */
export function useIsPlanOwner(planId = PLAN_ID): boolean {
  const session = useSession();
  const principal = session.data?.principal;
  const isOfficial = principal?.kind === 'official';
  const plan = usePlan(planId, isOfficial);
  return Boolean(plan.data && holdsRole(principal, ['plan_owner'], plan.data.ownerAgencyId));
}
