import type { AnyRootRoute } from '@tanstack/react-router';

/** Public pages of the sensor pilots and utility notices (air, floods, parking, outages), loaded on demand. */
export function cityRoutes<TRoot extends AnyRootRoute>(_rootRoute: TRoot) {
  return [] as const;
}
