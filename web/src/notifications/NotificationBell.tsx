import './notifications.css';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../lib/session.ts';
import { useUnreadNotifications } from './queries.ts';

function BellIcon() {
  return (
    <svg
      width="20"
      height="20"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
    </svg>
  );
}

/**
 * The header's bell for anyone signed in: the number of unread notifications, in its name for
 * screen readers too, leading to the inbox. Nothing for visitors who are not signed in.
 */
export function NotificationBell() {
  const { t } = useTranslation('notifications');
  const session = useSession();
  const signedIn = Boolean(session.data?.principal);
  const unread = useUnreadNotifications(signedIn);
  if (!signedIn) return null;
  const count = unread.data ?? 0;
  const shown = count > 99 ? t('bell.many') : String(count);
  return (
    <Link
      to="/thong-bao"
      search={{}}
      className="nav-link notification-bell"
      aria-label={count > 0 ? t('bell.label', { unread: shown }) : t('bell.labelNone')}
      data-unread={count}
    >
      <BellIcon />
      {count > 0 ? (
        <span className="notification-count" aria-hidden="true">
          {shown}
        </span>
      ) : null}
    </Link>
  );
}
