import type { AnyRootRoute } from '@tanstack/react-router';

/** The operations centre (officials) and its public map view, loaded on demand. */
export function iocRoutes<TRoot extends AnyRootRoute>(_rootRoute: TRoot) {
  return [] as const;
}
