import { isPeriodId } from './period.ts';
import { type TaskStatus, taskStatuses } from './types.ts';

/**
 * Search parameters of the plan pages, kept in the address so views can be shared. Only valid
 * values pass; the server checks again. (Kept free of React so the router can import it cheaply.)
 */
const SLUG = /^[a-z0-9-]{1,64}$/;

const period = (value: unknown) => (isPeriodId(value) ? value : undefined);
const slug = (value: unknown) => (typeof value === 'string' && SLUG.test(value) ? value : undefined);

export type PeriodSearch = { period?: string };

export function periodSearch(search: Record<string, unknown>): PeriodSearch {
  return { period: period(search.period) };
}

export type TaskBoardSearch = {
  agency?: string;
  pillar?: string;
  status?: TaskStatus;
  overdue?: boolean;
  lineage?: boolean;
  q?: string;
  page?: number;
};

const flag = (value: unknown) => (value === true || value === 'true' ? true : undefined);

export function taskBoardSearch(search: Record<string, unknown>): TaskBoardSearch {
  const page = Number(search.page);
  return {
    agency: slug(search.agency),
    pillar: slug(search.pillar),
    status: taskStatuses.includes(search.status as TaskStatus) ? (search.status as TaskStatus) : undefined,
    overdue: flag(search.overdue),
    lineage: flag(search.lineage),
    q: typeof search.q === 'string' && search.q.trim() ? search.q.slice(0, 100) : undefined,
    page: Number.isInteger(page) && page > 1 && page < 10_000 ? page : undefined,
  };
}
