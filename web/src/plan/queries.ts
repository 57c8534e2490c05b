import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../lib/api.ts';
import type {
  AgencyPage,
  Completion,
  Cycle,
  MyWorklists,
  Overview,
  PlanDetail,
  PublicPerformance,
  TargetDetail,
  TaskDetail,
  TaskPage,
  Worklist,
} from './types.ts';

/** Plan 239/KH-UBND, the plan the platform monitors (`/api/plan/plans/kh-239-2023`). */
export const PLAN_ID = 'kh-239-2023';

const enc = encodeURIComponent;
const planPath = (planId: string) => `/api/plan/plans/${enc(planId)}`;

/** Query keys: everything of the plan area starts with `plan`, so one invalidation refreshes it all. */
export const planKeys = {
  all: ['plan'] as const,
  plan: (planId: string) => ['plan', 'plan', planId] as const,
  overview: (planId: string, period?: string) => ['plan', 'overview', planId, period ?? null] as const,
  target: (planId: string, code: string, period?: string) =>
    ['plan', 'target', planId, code, period ?? null] as const,
  tasks: (planId: string, filters: object) => ['plan', 'tasks', planId, filters] as const,
  task: (taskId: string) => ['plan', 'task', taskId] as const,
  cycles: (planId: string) => ['plan', 'cycles', planId] as const,
  completion: (cycleId: string) => ['plan', 'completion', cycleId] as const,
  worklist: (cycleId: string, agencyId: string) => ['plan', 'worklist', cycleId, agencyId] as const,
  myWorklists: () => ['plan', 'my', 'worklists'] as const,
  agency: (planId: string, agencyId: string) => ['plan', 'agency', planId, agencyId] as const,
  publicPerformance: (planId: string, period?: string) =>
    ['plan', 'public', 'performance', planId, period ?? null] as const,
};

export function usePlan(planId: string, enabled = true) {
  return useQuery({
    queryKey: planKeys.plan(planId),
    queryFn: ({ signal }) => api<PlanDetail>(planPath(planId), { signal }),
    enabled,
    staleTime: 60_000,
  });
}

export function useOverview(planId: string, period?: string) {
  return useQuery({
    queryKey: planKeys.overview(planId, period),
    queryFn: ({ signal }) => api<Overview>(`${planPath(planId)}/overview`, { query: { period }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useTarget(planId: string, code: string, period?: string) {
  return useQuery({
    queryKey: planKeys.target(planId, code, period),
    queryFn: ({ signal }) =>
      api<TargetDetail>(`${planPath(planId)}/targets/${enc(code)}`, { query: { period }, signal }),
    placeholderData: keepPreviousData,
  });
}

export type TaskFilters = {
  agency?: string;
  pillar?: string;
  status?: string;
  overdue?: 'true';
  lineage?: 'true';
  q?: string;
  limit?: number;
  offset?: number;
};

export function useTasks(planId: string, filters: TaskFilters) {
  return useQuery({
    queryKey: planKeys.tasks(planId, filters),
    queryFn: ({ signal }) => api<TaskPage>(`${planPath(planId)}/tasks`, { query: filters, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useTask(taskId: string) {
  return useQuery({
    queryKey: planKeys.task(taskId),
    queryFn: ({ signal }) => api<TaskDetail>(`/api/plan/tasks/${enc(taskId)}`, { signal }),
  });
}

export function useCycles(planId: string) {
  return useQuery({
    queryKey: planKeys.cycles(planId),
    queryFn: ({ signal }) => api<Cycle[]>(`${planPath(planId)}/cycles`, { signal }),
  });
}

export function useCompletion(cycleId: string, enabled = true) {
  return useQuery({
    queryKey: planKeys.completion(cycleId),
    queryFn: ({ signal }) => api<Completion>(`/api/plan/cycles/${enc(cycleId)}/completion`, { signal }),
    enabled,
  });
}

export function worklistPath(cycleId: string, agencyId: string) {
  return `/api/plan/cycles/${enc(cycleId)}/agencies/${enc(agencyId)}`;
}

export function useWorklist(cycleId: string, agencyId: string) {
  return useQuery({
    queryKey: planKeys.worklist(cycleId, agencyId),
    queryFn: ({ signal }) => api<Worklist>(`${worklistPath(cycleId, agencyId)}/worklist`, { signal }),
  });
}

/** The open cycles and, in each, the agencies the signed-in official reports or reviews for. */
export function useMyWorklists() {
  return useQuery({
    queryKey: planKeys.myWorklists(),
    queryFn: ({ signal }) => api<MyWorklists>('/api/plan/my/worklists', { signal }),
  });
}

export function useAgencyPage(planId: string, agencyId: string) {
  return useQuery({
    queryKey: planKeys.agency(planId, agencyId),
    queryFn: ({ signal }) => api<AgencyPage>(`${planPath(planId)}/agencies/${enc(agencyId)}`, { signal }),
  });
}

export function usePublicPerformance(planId: string, period?: string) {
  return useQuery({
    queryKey: planKeys.publicPerformance(planId, period),
    queryFn: ({ signal }) =>
      api<PublicPerformance>(`/api/plan/public/plans/${enc(planId)}/performance`, {
        query: { period },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function targetPath(planId: string, code: string) {
  return `${planPath(planId)}/targets/${enc(code)}`;
}

export function taskPath(taskId: string) {
  return `/api/plan/tasks/${enc(taskId)}`;
}

export const cyclesPath = (planId: string) => `${planPath(planId)}/cycles`;
export const cyclePath = (cycleId: string) => `/api/plan/cycles/${enc(cycleId)}`;
