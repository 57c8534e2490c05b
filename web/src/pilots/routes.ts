import type { AnyRootRoute } from '@tanstack/react-router';

/** Public pages of the registry pilots (schools, food safety, jobs, social security, health stations), loaded on demand. */
export function pilotsRoutes<TRoot extends AnyRootRoute>(_rootRoute: TRoot) {
  return [] as const;
}
