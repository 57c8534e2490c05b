import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api.ts';

/** Retries only what may pass on a second try: network failures and 5xx, never a 4xx answer. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});
