import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api.ts';
import { signInUrl, signOut } from '../lib/session.ts';
import type { CitizenPrincipal, OfficialPrincipal, SessionPrincipal } from '../lib/types.ts';
import { RequireSignedIn } from '../shell/AccessGate.tsx';
import { Loading } from '../shell/Loading.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { RegistryRecord } from './RegistryRecord.tsx';

const VNEID_LEVEL_1 = 'urn:hanoi:acr:vneid:1';
const VNEID_LEVEL_2 = 'urn:hanoi:acr:vneid:2';

/** `GET /api/me` for a citizen: their record in the population registry, marked when synthetic. */
type CitizenMe = { kind: 'citizen'; registry: (Record<string, unknown> & { synthetic?: boolean }) | null };

function CitizenRegistry() {
  const { t } = useTranslation('account');
  const { t: tc } = useTranslation();
  const me = useQuery({ queryKey: ['me'], queryFn: ({ signal }) => api<CitizenMe>('/api/me', { signal }) });
  const synthetic = me.data?.registry?.synthetic === true;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="registry-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3" id="registry-heading">
          {t('registryHeading')}
        </Title>
        {synthetic ? (
          <Badge color="violet" variant="light" size="lg">
            {t('registrySynthetic')}
          </Badge>
        ) : null}
      </Group>
      {me.isPending ? (
        <Loading label={tc('loading')} />
      ) : me.isError ? (
        <ProblemAlert error={me.error} onRetry={() => void me.refetch()} />
      ) : (
        <Stack gap="sm">
          {synthetic ? (
            <Alert color="violet" variant="light" p="xs">
              <Text size="sm">{t('registrySyntheticNote')}</Text>
            </Alert>
          ) : null}
          {me.data.registry ? (
            <RegistryRecord record={me.data.registry} />
          ) : (
            <Text>{t('registryEmpty')}</Text>
          )}
        </Stack>
      )}
    </Paper>
  );
}

function Memberships({ principal }: { principal: OfficialPrincipal }) {
  const { t } = useTranslation('account');
  const { language } = useLanguage();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="memberships-heading">
      <Title order={2} size="h3" id="memberships-heading" mb="sm">
        {t('membershipsHeading')}
      </Title>
      {principal.memberships.length === 0 ? (
        <Text>{t('noMemberships')}</Text>
      ) : (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('unit')}</Table.Th>
              <Table.Th scope="col">{t('role')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {principal.memberships.map((membership) => (
              <Table.Tr key={`${membership.unitId}:${membership.role}`}>
                <Table.Td>
                  <AnchorLink to="/co-quan/$unitId" params={{ unitId: membership.unitId }}>
                    {language === 'en' ? membership.unitNameEn : membership.unitNameVi}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{language === 'en' ? membership.roleEn : membership.roleVi}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <AnchorLink to="/console" mt="sm" display="inline-block">
        {t('openConsole')}
      </AnchorLink>
    </Paper>
  );
}

function Summary({ principal }: { principal: SessionPrincipal }) {
  const { t } = useTranslation('account');
  const { pick } = useLanguage();
  const citizen = principal.kind === 'citizen' ? (principal as CitizenPrincipal) : null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="summary-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3" id="summary-heading">
          {principal.fullName}
        </Title>
        <Badge variant="light">{citizen ? t('kindCitizen') : t('kindOfficial')}</Badge>
      </Group>
      <Stack component="dl" gap="sm" m={0}>
        {citizen ? (
          <div>
            <Text component="dt" size="sm" fw={700}>
              {t('personalId')}
            </Text>
            <Text component="dd" m={0}>
              {citizen.personalIdMasked}
            </Text>
          </div>
        ) : principal.kind === 'official' ? (
          <div>
            <Text component="dt" size="sm" fw={700}>
              {t('username')}
            </Text>
            <Text component="dd" m={0}>
              {principal.username}
            </Text>
          </div>
        ) : null}
        <div>
          <Text component="dt" size="sm" fw={700}>
            {t('assurance')}
          </Text>
          <Text component="dd" m={0}>
            {pick(principal.acrLabel)}
          </Text>
        </div>
      </Stack>
      {citizen && citizen.acr === VNEID_LEVEL_1 ? (
        <Stack gap={4} mt="md" align="flex-start">
          <Text size="sm">{t('stepUpHint')}</Text>
          <Button component="a" href={signInUrl('vneid', '/tai-khoan', VNEID_LEVEL_2)}>
            {t('stepUp')}
          </Button>
        </Stack>
      ) : null}
    </Paper>
  );
}

function SignOutButton() {
  const { t } = useTranslation('account');
  const signOutMutation = useMutation({ mutationFn: signOut });
  return (
    <Stack gap="xs" align="flex-start">
      <Button
        variant="outline"
        color="red"
        loading={signOutMutation.isPending}
        onClick={() => signOutMutation.mutate()}
      >
        {t('signOut')}
      </Button>
      {signOutMutation.isError ? (
        <ProblemAlert error={signOutMutation.error} title={t('signOutFailed')} />
      ) : null}
    </Stack>
  );
}

/** My account: who I am, how strongly I signed in, my registry record or my roles; sign-out. */
export function AccountPage() {
  const { t } = useTranslation('account');
  usePageTitle(t('title'));
  return (
    <Stack gap="lg" maw={960}>
      <Title order={1}>{t('heading')}</Title>
      <RequireSignedIn>
        {(principal) => (
          <Stack gap="lg">
            <Summary principal={principal} />
            {principal.kind === 'citizen' ? <CitizenRegistry /> : <Memberships principal={principal} />}
            {principal.kind === 'citizen' ? (
              <Stack gap="xs">
                <AnchorLink to="/ho-so-cua-toi">{t('openMyDossiers')}</AnchorLink>
                <AnchorLink to="/du-lieu-cua-toi">{t('openMyData')}</AnchorLink>
              </Stack>
            ) : null}
            <SignOutButton />
          </Stack>
        )}
      </RequireSignedIn>
    </Stack>
  );
}
