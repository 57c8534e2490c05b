import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BilingualText } from '../lib/api.ts';
import { api } from '../lib/api.ts';

/** One of the signed-in person's notifications (`GET /api/notifications`). */
export type AppNotification = {
  id: string;
  topic: string;
  subject: BilingualText;
  body: BilingualText;
  /** A path in this web app the notification leads to. */
  link: string | null;
  createdAt: string;
  readAt: string | null;
};

/** An e-mail or SMS of the outbox (`GET /api/outbox`, city administrator). */
export type OutboxMail = {
  id: string;
  channel: 'email' | 'sms';
  /** An e-mail address, or a phone number (`+84…`) for SMS. */
  to: string;
  subject: string;
  body: string;
  /** `local` (no SMTP or SMS gateway, kept here), `pending`, `sent`, `failed`. */
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
};

export type Outbox = { smtp: boolean; sms: boolean; mail: OutboxMail[] };

export const INBOX_LIMIT = 100;
export const OUTBOX_LIMIT = 200;

/** Every notification query starts with `notifications`: one invalidation refreshes bell and inbox. */
const notificationKeys = {
  all: ['notifications'] as const,
  unread: () => ['notifications', 'unread'] as const,
  inbox: (unreadOnly: boolean) => ['notifications', 'inbox', unreadOnly] as const,
};

/**
 * The unread notifications behind the header's bell: polled every minute while the page is
 * visible, and again when the window regains focus (the app's default leaves focus refetch off).
 */
export function useUnreadNotifications(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.unread(),
    queryFn: ({ signal }) =>
      api<{ unread: number }>('/api/notifications/unread-count', { signal }).then((body) => body.unread),
    enabled,
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
    staleTime: 15_000,
  });
}

export function useInbox(unreadOnly: boolean) {
  return useQuery({
    queryKey: notificationKeys.inbox(unreadOnly),
    queryFn: ({ signal }) =>
      api<AppNotification[]>('/api/notifications', {
        query: { unread: unreadOnly ? 'true' : undefined, limit: INBOX_LIMIT },
        signal,
      }),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
}

/**
 * Marks one notification read. The refresh is in the hook's own callback, so it still runs when
 * the inbox has been left (following a notification's link marks it read on the way out).
 */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<void>(`/api/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' }),
    // Also after a 404: it was read meanwhile (another tab), and the list should say so.
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useOutbox() {
  return useQuery({
    queryKey: ['outbox'],
    queryFn: ({ signal }) => api<Outbox>('/api/outbox', { query: { limit: OUTBOX_LIMIT }, signal }),
    refetchOnWindowFocus: true,
  });
}
