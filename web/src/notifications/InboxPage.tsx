import { Badge, Button, Checkbox, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useNavigate, useRouter, useSearch } from '@tanstack/react-router';
import { type MouseEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../lib/format.ts';
import { safeReturnTo } from '../lib/session.ts';
import { RequireSignedIn } from '../shell/AccessGate.tsx';
import { Loading } from '../shell/Loading.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { type AppNotification, INBOX_LIMIT, useInbox, useMarkRead } from './queries.ts';

/** Only paths of this site are followed; anything else is not shown as a link. */
const appPath = (link: string | null) => (link && safeReturnTo(link) === link ? link : null);

/** A click the browser should handle itself (new tab or window, download). */
const opensElsewhere = (event: MouseEvent) =>
  event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;

function NotificationItem({
  notification,
  marking,
  markError,
  onMarkRead,
}: {
  notification: AppNotification;
  marking: boolean;
  markError: unknown;
  onMarkRead: () => void;
}) {
  const { t } = useTranslation('notifications');
  const { language, pick } = useLanguage();
  const router = useRouter();
  const unread = notification.readAt === null;
  const subject = pick(notification.subject);
  const link = appPath(notification.link);

  // Following the link reads the notification: mark it, then go there within the app.
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    if (!link) return;
    if (unread) onMarkRead();
    if (opensElsewhere(event)) return;
    event.preventDefault();
    router.history.push(link);
  };

  return (
    <Paper
      component="li"
      withBorder
      p="md"
      className="notification-item"
      data-unread={unread}
      data-notification={notification.id}
    >
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap" align="flex-start" justify="space-between">
          <Title order={2} size="h4">
            {subject}
          </Title>
          {unread ? (
            <Badge color="blue" variant="filled" tt="none" style={{ flexShrink: 0 }}>
              {t('inbox.unread')}
            </Badge>
          ) : null}
        </Group>
        <Text style={{ whiteSpace: 'pre-line' }}>{pick(notification.body)}</Text>
        <Text size="sm" c="dimmed">
          {t('inbox.receivedAt', { at: formatDateTime(notification.createdAt, language) })}
          {notification.readAt
            ? ` · ${t('inbox.read', { at: formatDateTime(notification.readAt, language) })}`
            : ''}
        </Text>
        {link || unread ? (
          <Group gap="xs">
            {link ? (
              <Button
                component="a"
                href={link}
                size="xs"
                aria-label={t('inbox.openLabel', { subject })}
                onClick={follow}
              >
                {t('inbox.open')}
              </Button>
            ) : null}
            {unread ? (
              <Button
                size="xs"
                variant="outline"
                aria-label={t('inbox.markReadLabel', { subject })}
                loading={marking}
                onClick={onMarkRead}
              >
                {t('inbox.markRead')}
              </Button>
            ) : null}
          </Group>
        ) : null}
        {markError ? <ProblemAlert error={markError} /> : null}
      </Stack>
    </Paper>
  );
}

function Inbox() {
  const { t } = useTranslation('notifications');
  const { t: tc } = useTranslation();
  const { pick } = useLanguage();
  const search = useSearch({ from: '/thong-bao' });
  const navigate = useNavigate({ from: '/thong-bao' });
  const unreadOnly = search.unread === true;
  const inbox = useInbox(unreadOnly);
  const markRead = useMarkRead();
  // Said politely once done: under "only unread" the item leaves the list and takes focus with it.
  const [marked, setMarked] = useState<string | null>(null);
  const mark = (notification: AppNotification) =>
    markRead.mutate(notification.id, { onSuccess: () => setMarked(pick(notification.subject)) });

  return (
    <Stack gap="md">
      <Checkbox
        label={t('inbox.unreadOnly')}
        checked={unreadOnly}
        onChange={(event) => {
          const only = event.currentTarget.checked;
          setMarked(null);
          void navigate({ search: { unread: only ? true : undefined }, replace: true });
        }}
      />
      <div aria-live="polite" className="visually-hidden">
        {marked ? t('inbox.marked', { subject: marked }) : ''}
      </div>
      {inbox.isPending ? (
        <Loading label={tc('loading')} />
      ) : inbox.isError ? (
        <ProblemAlert error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : inbox.data.length === 0 ? (
        <Text data-testid="inbox-empty">{unreadOnly ? t('inbox.emptyUnread') : t('inbox.empty')}</Text>
      ) : (
        <>
          <Stack
            component="ul"
            gap="sm"
            aria-label={t('inbox.listLabel')}
            data-testid="inbox"
            style={{ listStyle: 'none', padding: 0, margin: 0 }}
          >
            {inbox.data.map((notification) => (
              <NotificationItem
                key={notification.id}
                notification={notification}
                marking={markRead.isPending && markRead.variables === notification.id}
                markError={markRead.variables === notification.id ? markRead.error : null}
                onMarkRead={() => mark(notification)}
              />
            ))}
          </Stack>
          {inbox.data.length >= INBOX_LIMIT ? (
            <Text size="sm" c="dimmed">
              {t('inbox.showingLatest', { limit: INBOX_LIMIT })}
            </Text>
          ) : null}
        </>
      )}
    </Stack>
  );
}

/** `/thong-bao`: the signed-in person's notifications, newest first. */
export function InboxPage() {
  const { t } = useTranslation('notifications');
  usePageTitle(t('inbox.title'));
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{t('inbox.heading')}</Title>
        <Text>{t('inbox.lead')}</Text>
      </Stack>
      <RequireSignedIn>{() => <Inbox />}</RequireSignedIn>
    </Stack>
  );
}
