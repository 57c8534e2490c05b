import {
  Alert,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnit } from '../agencies/queries.ts';
import { api } from '../lib/api.ts';
import { roleName, useRoles } from '../lib/org.ts';
import type { Role, UnitOfficial } from '../lib/types.ts';
import { RequireOfficial } from '../shell/AccessGate.tsx';
import { Loading } from '../shell/Loading.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';

const officialsKey = (unitId: string) => ['org', 'officials', unitId] as const;
const membershipsPath = (unitId: string) => `/api/org/units/${encodeURIComponent(unitId)}/memberships`;

function GrantForm({ unitId, officials }: { unitId: string; officials: UnitOfficial[] }) {
  const { t } = useTranslation('console');
  const { language } = useLanguage();
  const roles = useRoles();
  const queryClient = useQueryClient();
  const [officialId, setOfficialId] = useState('');
  const [otherId, setOtherId] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [missing, setMissing] = useState(false);
  const grant = useMutation({
    mutationFn: (input: { officialId: string; role: Role }) =>
      api<void>(membershipsPath(unitId), { method: 'POST', body: input }),
    // The table is fresh before the form says it is done.
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: officialsKey(unitId) });
      setOtherId('');
    },
  });
  return (
    <Paper
      component="form"
      withBorder
      p="md"
      aria-labelledby="grant-heading"
      onSubmit={(event) => {
        event.preventDefault();
        const chosen = otherId.trim() || officialId;
        setMissing(!chosen);
        if (chosen && role) grant.mutate({ officialId: chosen, role });
      }}
    >
      <Title order={2} size="h3" id="grant-heading" mb="sm">
        {t('officials.grantHeading')}
      </Title>
      <Stack gap="sm">
        <Group align="flex-start" gap="md" grow>
          <NativeSelect
            label={t('officials.official')}
            value={officialId}
            onChange={(event) => setOfficialId(event.currentTarget.value)}
            data={[
              { value: '', label: t('officials.officialPlaceholder') },
              ...officials.map((official) => ({ value: official.id, label: official.fullName })),
            ]}
          />
          <TextInput
            label={t('officials.otherOfficialId')}
            description={t('officials.otherOfficialIdHint')}
            value={otherId}
            maxLength={36}
            onChange={(event) => setOtherId(event.currentTarget.value)}
          />
          <NativeSelect
            label={t('officials.role')}
            required
            value={role}
            onChange={(event) => setRole(event.currentTarget.value as Role | '')}
            data={[
              { value: '', label: '—' },
              ...(roles.data ?? []).map((entry) => ({ value: entry.role, label: entry[language] })),
            ]}
          />
        </Group>
        <div aria-live="polite">
          {missing ? (
            <Text c="red.9" size="sm">
              {t('officials.chooseOfficial')}
            </Text>
          ) : null}
          {grant.isSuccess ? (
            <Alert color="teal" variant="light">
              {t('officials.granted', { role: roleName(roles.data, grant.variables.role, language) })}
            </Alert>
          ) : null}
          {grant.isError ? <ProblemAlert error={grant.error} /> : null}
        </div>
        <Group>
          <Button type="submit" loading={grant.isPending}>
            {t('officials.grant')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function OfficialsTable({ unitId, officials }: { unitId: string; officials: UnitOfficial[] }) {
  const { t } = useTranslation('console');
  const { language } = useLanguage();
  const roles = useRoles();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: (input: { official: UnitOfficial; role: Role }) =>
      api<void>(
        `${membershipsPath(unitId)}/${encodeURIComponent(input.official.id)}/${encodeURIComponent(input.role)}`,
        { method: 'DELETE' },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: officialsKey(unitId) }),
  });
  if (officials.length === 0) return <Text>{t('officials.empty')}</Text>;
  return (
    <Stack gap="xs">
      <div aria-live="polite">
        {revoke.isSuccess ? (
          <Alert color="teal" variant="light">
            {t('officials.revoked', {
              role: roleName(roles.data, revoke.variables.role, language),
              name: revoke.variables.official.fullName,
            })}
          </Alert>
        ) : null}
        {revoke.isError ? <ProblemAlert error={revoke.error} /> : null}
      </div>
      <Table.ScrollContainer minWidth={760}>
        <Table striped withTableBorder data-testid="officials-table">
          <Table.Caption>{t('officials.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('officials.name')}</Table.Th>
              <Table.Th scope="col">{t('officials.jobTitle')}</Table.Th>
              <Table.Th scope="col">{t('officials.email')}</Table.Th>
              <Table.Th scope="col">{t('officials.roles')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {officials.map((official) => (
              <Table.Tr key={official.id}>
                <Table.Td>
                  {official.fullName}{' '}
                  {official.demo ? (
                    <Badge size="xs" color="gray" variant="light">
                      {t('officials.demo')}
                    </Badge>
                  ) : null}
                  <Text size="xs" c="dimmed">
                    {t('officials.id')}: {official.id}
                  </Text>
                </Table.Td>
                <Table.Td>{(language === 'en' ? official.titleEn : official.titleVi) ?? '—'}</Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{official.email ?? '—'}</Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    {official.roles.map((role) => {
                      const name = roleName(roles.data, role, language);
                      return (
                        <Group key={role} gap="xs" wrap="nowrap">
                          <Text size="sm">{name}</Text>
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            aria-label={t('officials.revokeLabel', { role: name, name: official.fullName })}
                            loading={
                              revoke.isPending &&
                              revoke.variables?.official.id === official.id &&
                              revoke.variables.role === role
                            }
                            onClick={() => revoke.mutate({ official, role })}
                          >
                            {t('officials.revoke')}
                          </Button>
                        </Group>
                      );
                    })}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function OfficialsOfUnit({ unitId }: { unitId: string }) {
  const { t: tc } = useTranslation();
  const officials = useQuery({
    queryKey: officialsKey(unitId),
    queryFn: ({ signal }) =>
      api<UnitOfficial[]>(`/api/org/units/${encodeURIComponent(unitId)}/officials`, { signal }),
  });
  if (officials.isPending) return <Loading label={tc('loading')} />;
  if (officials.isError)
    return <ProblemAlert error={officials.error} onRetry={() => void officials.refetch()} />;
  return (
    <Stack gap="lg">
      <OfficialsTable unitId={unitId} officials={officials.data} />
      <GrantForm unitId={unitId} officials={officials.data} />
    </Stack>
  );
}

/** Officials of one agency, with their roles there: for its administrator and the city administrator. */
export function OfficialsPage() {
  const { unitId } = useParams({ from: '/console/co-quan/$unitId/can-bo' });
  const { t } = useTranslation('console');
  const { unitName } = useLanguage();
  const unit = useUnit(unitId);
  const name = unit.data ? unitName(unit.data) : unitId;
  usePageTitle(`${t('officials.title')}: ${name}`);
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{t('officials.heading', { unit: name })}</Title>
        <Text>{t('officials.lead')}</Text>
        <AnchorLink to="/co-quan/$unitId" params={{ unitId }} size="sm">
          {t('officials.unitPage')}
        </AnchorLink>
      </Stack>
      <RequireOfficial roles={['agency_admin', 'city_admin']} unitId={unitId}>
        {() => <OfficialsOfUnit unitId={unitId} />}
      </RequireOfficial>
    </Stack>
  );
}
