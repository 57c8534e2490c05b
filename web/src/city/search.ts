import type { OutageFilters } from './api.ts';

const UNIT = /^[a-z0-9][a-z0-9-]{1,80}$/;

/** The outage page's search (`?unitId=…&service=…&when=…`); anything else is dropped, not sent to the API. */
export function outageSearch(search: Record<string, unknown>): Omit<OutageFilters, 'offset'> {
  const unitId = typeof search.unitId === 'string' && UNIT.test(search.unitId) ? search.unitId : undefined;
  const service = search.service === 'electricity' || search.service === 'water' ? search.service : undefined;
  const when = search.when === 'current' || search.when === 'upcoming' ? search.when : undefined;
  return { ...(unitId ? { unitId } : {}), ...(service ? { service } : {}), ...(when ? { when } : {}) };
}
