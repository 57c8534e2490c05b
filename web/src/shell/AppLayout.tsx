import { Alert, Anchor, Box, Container, Group, Stack, Text } from '@mantine/core';
import { Link, Outlet, useLocation, useRouter, useRouterState } from '@tanstack/react-router';
import { type RefObject, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { holdsRole, useHealth, useSession } from '../lib/session.ts';
import { NotificationBell } from '../notifications/NotificationBell.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

function DemoBanner() {
  const { t } = useTranslation();
  const health = useHealth();
  if (health.data?.mode !== 'embedded') return null;
  return (
    <Box className="demo-banner" py={6} role="note">
      <Container size="xl">
        <Text size="sm" fw={600}>
          {t('demoBanner')}
        </Text>
      </Container>
    </Box>
  );
}

function AccountLink() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const principal = session.data?.principal;
  if (principal) {
    return (
      <Link
        to="/tai-khoan"
        className="nav-link"
        aria-label={t('nav.accountOf', { name: principal.fullName })}
      >
        {t('nav.account')}
      </Link>
    );
  }
  const returnTo = location.pathname === '/dang-nhap' ? '/' : location.href;
  return (
    <Link to="/dang-nhap" search={{ returnTo }} className="nav-link">
      {t('nav.signIn')}
    </Link>
  );
}

/**
 * A sign-in that failed comes back with `?authError=<code>` (identity's callback): say so, in the
 * current language, until dismissed.
 */
function AuthErrorNotice() {
  const { t } = useTranslation();
  const router = useRouter();
  const location = useLocation();
  const code = (location.search as Record<string, unknown>).authError;
  if (typeof code !== 'string') return null;
  const messages: Record<string, string> = t('authError', { returnObjects: true });
  const known = code !== 'title' && code !== 'other' ? messages[code] : undefined;
  const dismiss = () => {
    const params = new URLSearchParams(window.location.search);
    params.delete('authError');
    const query = params.toString();
    router.history.replace(`${location.pathname}${query ? `?${query}` : ''}`);
  };
  return (
    <Alert
      color="red"
      variant="light"
      title={t('authError.title')}
      withCloseButton
      closeButtonLabel={t('close')}
      onClose={dismiss}
      mb="md"
      role="alert"
    >
      {known ?? t('authError.other', { code: code.slice(0, 64) })}
    </Alert>
  );
}

/** Moves focus to the page's main region after client-side navigation, as a page load would. */
function useFocusMainOnNavigation(main: RefObject<HTMLElement | null>) {
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    main.current?.focus();
  }, [pathname, main]);
}

/** Header with navigation, language and account; the page; the footer with data attributions. */
export function AppLayout() {
  const { t } = useTranslation();
  const session = useSession();
  const main = useRef<HTMLElement>(null);
  useFocusMainOnNavigation(main);
  const isOfficial = session.data?.principal?.kind === 'official';
  const isCaseOfficer = holdsRole(session.data?.principal, ['case_officer']);
  const isOperator = holdsRole(session.data?.principal, ['ioc_operator', 'city_admin']);

  return (
    <>
      <a href="#main" className="skip-link">
        {t('skipToContent')}
      </a>
      <header className="site-header">
        <Container size="xl" py="sm">
          <Group justify="space-between" gap="sm">
            <Link to="/" className="brand">
              {t('platformShort')}
            </Link>
            <nav aria-label={t('nav.label')}>
              <Group gap="xs">
                <Link to="/" className="nav-link" activeOptions={{ exact: true }}>
                  {t('nav.home')}
                </Link>
                <Link to="/ke-hoach" search={{}} className="nav-link">
                  {t('nav.plan')}
                </Link>
                <Link to="/du-lieu" search={{}} className="nav-link">
                  {t('nav.openData')}
                </Link>
                <Link to="/co-quan" className="nav-link">
                  {t('nav.agencies')}
                </Link>
                <Link to="/ban-do-do-thi" className="nav-link">
                  {t('nav.smartCity')}
                </Link>
                <Link to="/chi-so-chuyen-doi-so" className="nav-link">
                  {t('nav.dti')}
                </Link>
                {isOfficial ? (
                  <Link to="/console" className="nav-link">
                    {t('nav.console')}
                  </Link>
                ) : null}
                {isOperator ? (
                  <Link to="/trung-tam-dieu-hanh" className="nav-link">
                    {t('nav.operations')}
                  </Link>
                ) : null}
                {isCaseOfficer ? (
                  <Link to="/console/ho-so" className="nav-link">
                    {t('nav.casework')}
                  </Link>
                ) : null}
              </Group>
            </nav>
            <Group gap="xs">
              <LanguageSwitch />
              <NotificationBell />
              <AccountLink />
            </Group>
          </Group>
        </Container>
        <DemoBanner />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Container size="xl" py="lg">
          <AuthErrorNotice />
          <Outlet />
        </Container>
      </main>
      <footer className="site-footer">
        <Container size="xl" py="lg">
          <Stack gap={6}>
            <Text size="sm">{t('footer.about')}</Text>
            <Text size="sm" fw={700} component="h2">
              {t('footer.mapAttributionTitle')}
            </Text>
            <Text size="sm">{t('footer.mapDistricts')}</Text>
            <Text size="sm">{t('footer.mapCommunes')}</Text>
            <Text size="sm">{t('footer.labelledData')}</Text>
            <Anchor href="/api/docs" size="sm">
              {t('footer.apiDocs')}
            </Anchor>
          </Stack>
        </Container>
      </footer>
    </>
  );
}
