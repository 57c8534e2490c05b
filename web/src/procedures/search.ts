/**
 * Search parameters of the procedure search page, kept in the address. Only valid values pass;
 * the server checks again. (Free of React: the router imports it.)
 */
export type ProcedureSearch = { q?: string; field?: string; agencyId?: string };

const text = (value: unknown, max = 200) =>
  typeof value === 'string' && value.trim() ? value.slice(0, max) : undefined;

export function procedureSearch(search: Record<string, unknown>): ProcedureSearch {
  const agencyId =
    typeof search.agencyId === 'string' && /^[a-z0-9-]{1,64}$/.test(search.agencyId)
      ? search.agencyId
      : undefined;
  return { q: text(search.q), field: text(search.field), agencyId };
}
