import { Alert, Badge, Button, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { safeReturnTo, signInUrl, useSession } from '../lib/session.ts';
import { AnchorLink } from '../shell/links.tsx';
import { usePageTitle } from '../shell/use-page-title.ts';

export function signInSearch(search: Record<string, unknown>): { returnTo?: string } {
  return { returnTo: typeof search.returnTo === 'string' ? safeReturnTo(search.returnTo) : undefined };
}

/** Two doors: citizens through VNeID (simulated in demo environments), officials with their account. */
export function SignInPage() {
  const { t } = useTranslation('portal');
  usePageTitle(t('signIn.title'));
  const { returnTo = '/tai-khoan' } = useSearch({ from: '/dang-nhap' });
  const session = useSession();
  const principal = session.data?.principal;
  return (
    <Stack gap="lg" maw={900}>
      <Title order={1}>{t('signIn.heading')}</Title>
      <Text>{t('signIn.lead')}</Text>
      {principal ? (
        <Alert color="blue" variant="light">
          <Text size="sm">{t('signIn.alreadySignedIn', { name: principal.fullName })}</Text>
          <AnchorLink to="/tai-khoan" size="sm">
            {t('signIn.goToAccount')}
          </AnchorLink>
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Card withBorder padding="lg" radius="md">
          <Stack gap="sm" h="100%">
            <Title order={2} size="h3">
              {t('signIn.citizenHeading')}
            </Title>
            {session.data?.simulator ? (
              <Badge color="violet" variant="light" size="lg">
                {t('signIn.simulatedBadge')}
              </Badge>
            ) : null}
            <Text size="sm">{t('signIn.citizenBody')}</Text>
            {session.data?.simulator ? (
              <Alert color="violet" variant="light" p="xs">
                <Text size="sm">{t('signIn.simulated')}</Text>
              </Alert>
            ) : null}
            <Button component="a" href={signInUrl('vneid', returnTo)} mt="auto" size="md">
              {t('signIn.citizen')}
            </Button>
          </Stack>
        </Card>
        <Card withBorder padding="lg" radius="md">
          <Stack gap="sm" h="100%">
            <Title order={2} size="h3">
              {t('signIn.officialHeading')}
            </Title>
            <Text size="sm">{t('signIn.officialBody')}</Text>
            <Button
              component="a"
              href={signInUrl('official', returnTo)}
              mt="auto"
              size="md"
              variant="outline"
            >
              {t('signIn.official')}
            </Button>
          </Stack>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
