import { useMemo } from 'react';

/** The same object for equal values: search parameters as effect and query dependencies. */
export function useStableValue<T>(value: T): T {
  const key = JSON.stringify(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by value
  return useMemo(() => value, [key]);
}
