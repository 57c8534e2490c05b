import { useQuery } from '@tanstack/react-query';
import { api } from './api.ts';
import type { Role, RoleInfo } from './types.ts';

/** The roles officials can hold, with their names (`GET /api/org/roles`). */
export function useRoles() {
  return useQuery({
    queryKey: ['org', 'roles'],
    queryFn: () => api<RoleInfo[]>('/api/org/roles'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function roleName(roles: RoleInfo[] | undefined, role: Role, language: 'vi' | 'en'): string {
  return roles?.find((entry) => entry.role === role)?.[language] ?? role;
}
