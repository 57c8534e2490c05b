import { Alert, Button, Stack, Text } from '@mantine/core';
import { useLocation } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { roleName, useRoles } from '../lib/org.ts';
import { holdsRole, signInUrl, useSession } from '../lib/session.ts';
import type { OfficialPrincipal, Role, SessionPrincipal } from '../lib/types.ts';
import { Loading } from './Loading.tsx';
import { ProblemAlert } from './ProblemAlert.tsx';
import { useLanguage } from './use-language.ts';

function SessionLoading() {
  const { t } = useTranslation();
  return (
    <Stack align="center" py="xl">
      <Loading label={t('loading')} />
    </Stack>
  );
}

/** Renders `children` for a signed-in person; otherwise says so and offers sign-in. */
export function RequireSignedIn({ children }: { children: (principal: SessionPrincipal) => ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <SessionLoading />;
  if (session.isError) return <ProblemAlert error={session.error} onRetry={() => void session.refetch()} />;
  const principal = session.data.principal;
  if (!principal) {
    return (
      <Alert color="blue" variant="light" title={t('access.signInTitle')}>
        <Text size="sm">{t('access.signInBody')}</Text>
        <Button component="a" href={`/dang-nhap?returnTo=${encodeURIComponent(location.href)}`} mt="sm">
          {t('access.signIn')}
        </Button>
      </Alert>
    );
  }
  return <>{children(principal)}</>;
}

/**
 * The console's gate: officials only, and with `roles` one of them (for `unitId` when given).
 * The server checks again on every request; this only spares people a page they cannot use.
 */
export function RequireOfficial({
  roles,
  unitId,
  children,
}: {
  roles?: Role[];
  unitId?: string;
  children: (principal: OfficialPrincipal) => ReactNode;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const session = useSession();
  const roleInfo = useRoles();
  const location = useLocation();
  if (session.isPending) return <SessionLoading />;
  if (session.isError) return <ProblemAlert error={session.error} onRetry={() => void session.refetch()} />;
  const principal = session.data.principal;
  if (principal?.kind !== 'official') {
    return (
      <Alert color="blue" variant="light" title={t('access.officialsOnlyTitle')}>
        <Text size="sm">{t('access.officialsOnlyBody')}</Text>
        <Button component="a" href={signInUrl('official', location.href)} mt="sm">
          {t('access.signInAsOfficial')}
        </Button>
      </Alert>
    );
  }
  if (roles && !holdsRole(principal, roles, unitId)) {
    return (
      <Alert color="red" variant="light" title={t('access.roleRequiredTitle')}>
        <Text size="sm">
          {t('access.roleRequiredBody', {
            roles: roles.map((role) => roleName(roleInfo.data, role, language)).join(', '),
          })}
        </Text>
      </Alert>
    );
  }
  return <>{children(principal)}</>;
}
