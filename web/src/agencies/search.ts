import { isIsoDate } from '../lib/format.ts';
import { type UnitKind, unitKinds } from '../lib/types.ts';

/** The agencies browser keeps its filters in the address, so a view can be shared and bookmarked. */
export type AgenciesSearch = { at?: string; kind?: UnitKind; q?: string };

const text = (value: unknown) =>
  typeof value === 'string' && value.trim() ? value.slice(0, 100) : undefined;

export function agenciesSearch(search: Record<string, unknown>): AgenciesSearch {
  return {
    at: isIsoDate(search.at) ? search.at : undefined,
    kind: unitKinds.includes(search.kind as UnitKind) ? (search.kind as UnitKind) : undefined,
    q: text(search.q),
  };
}

export function unitSearch(search: Record<string, unknown>): { at?: string } {
  return { at: isIsoDate(search.at) ? search.at : undefined };
}
