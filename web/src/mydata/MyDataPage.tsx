import { Alert, Badge, Button, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { RequireSignedIn } from '../shell/AccessGate.tsx';
import { Loading } from '../shell/Loading.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { text } from './messages.ts';
import { DeletionSection, ExportSection } from './PersonalDataSections.tsx';

type ItemNames = Record<string, { vi: string; en: string }>;
type Consent = {
  id: string;
  consumerNameVi: string;
  consumerNameEn: string;
  purposeVi: string;
  purposeEn: string;
  items: string[];
  givenAt: string;
  expiresAt: string;
  status: 'active' | 'revoked' | 'expired';
};
type UsageEntry = {
  seq: number;
  at: string;
  consumerNameVi: string;
  consumerNameEn: string;
  items: string[];
  purposeCode: string;
  outcome: 'delivered' | 'refused';
  reasonVi: string | null;
  reasonEn: string | null;
};

// Palettes whose darkest shade reaches 4.5:1 on their light background (shell/theme.ts).
const statusColour = { active: 'teal', revoked: 'gray', expired: 'grape' } as const;

function ItemList({ items, names }: { items: string[]; names: ItemNames }) {
  const { pick } = useLanguage();
  return (
    <List size="sm" spacing={2}>
      {items.map((item) => (
        <List.Item key={item}>{names[item] ? pick(names[item]) : item}</List.Item>
      ))}
    </List>
  );
}

function Consents() {
  const { pick, language } = useLanguage();
  const client = useQueryClient();
  const consents = useQuery({
    queryKey: ['me', 'consents'],
    queryFn: ({ signal }) =>
      api<{ consents: Consent[]; itemNames: ItemNames }>('/api/me/consents', { signal }),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api<void>(`/api/me/consents/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['me'] }),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="consents-heading">
      <Title order={2} size="h3" id="consents-heading" mb="sm">
        {pick(text.consentsHeading)}
      </Title>
      {revoke.isError ? <ProblemAlert error={revoke.error} title={pick(text.revokeFailed)} /> : null}
      {consents.isPending ? (
        <Loading label={pick(text.loading)} />
      ) : consents.isError ? (
        <ProblemAlert error={consents.error} onRetry={() => void consents.refetch()} />
      ) : consents.data.consents.length === 0 ? (
        <Text>{pick(text.consentsEmpty)}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{pick(text.agency)}</Table.Th>
                <Table.Th scope="col">{pick(text.purpose)}</Table.Th>
                <Table.Th scope="col">{pick(text.items)}</Table.Th>
                <Table.Th scope="col">{pick(text.givenAt)}</Table.Th>
                <Table.Th scope="col">{pick(text.expiresAt)}</Table.Th>
                <Table.Th scope="col">{pick(text.status)}</Table.Th>
                <Table.Th scope="col">{pick(text.actions)}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {consents.data.consents.map((consent) => {
                const purpose = pick({ vi: consent.purposeVi, en: consent.purposeEn });
                return (
                  <Table.Tr key={consent.id}>
                    <Table.Td>{pick({ vi: consent.consumerNameVi, en: consent.consumerNameEn })}</Table.Td>
                    <Table.Td>{purpose}</Table.Td>
                    <Table.Td>
                      <ItemList items={consent.items} names={consents.data.itemNames} />
                    </Table.Td>
                    <Table.Td>{formatDateTime(consent.givenAt, language)}</Table.Td>
                    <Table.Td>{formatDateTime(consent.expiresAt, language)}</Table.Td>
                    <Table.Td>
                      <Badge color={statusColour[consent.status]} variant="light">
                        {pick(text[consent.status])}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {consent.status === 'active' ? (
                        <Button
                          size="xs"
                          variant="outline"
                          color="red"
                          aria-label={`${pick(text.revokeLabel)}: ${purpose}`}
                          loading={revoke.isPending && revoke.variables === consent.id}
                          onClick={() => revoke.mutate(consent.id)}
                        >
                          {pick(text.revoke)}
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function Usage() {
  const { pick, language } = useLanguage();
  const usage = useQuery({
    queryKey: ['me', 'data-usage'],
    queryFn: ({ signal }) =>
      api<{ entries: UsageEntry[]; itemNames: ItemNames }>('/api/me/data-usage', { signal }),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="usage-heading">
      <Title order={2} size="h3" id="usage-heading" mb="sm">
        {pick(text.usageHeading)}
      </Title>
      {usage.isPending ? (
        <Loading label={pick(text.loading)} />
      ) : usage.isError ? (
        <ProblemAlert error={usage.error} onRetry={() => void usage.refetch()} />
      ) : usage.data.entries.length === 0 ? (
        <Text>{pick(text.usageEmpty)}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{pick(text.when)}</Table.Th>
                <Table.Th scope="col">{pick(text.agency)}</Table.Th>
                <Table.Th scope="col">{pick(text.items)}</Table.Th>
                <Table.Th scope="col">{pick(text.purpose)}</Table.Th>
                <Table.Th scope="col">{pick(text.outcome)}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {usage.data.entries.map((entry) => (
                <Table.Tr key={entry.seq}>
                  <Table.Td>{formatDateTime(entry.at, language)}</Table.Td>
                  <Table.Td>{pick({ vi: entry.consumerNameVi, en: entry.consumerNameEn })}</Table.Td>
                  <Table.Td>
                    <ItemList items={entry.items} names={usage.data.itemNames} />
                  </Table.Td>
                  <Table.Td>{entry.purposeCode}</Table.Td>
                  <Table.Td>
                    {entry.outcome === 'delivered' ? (
                      <Badge color="teal" variant="light">
                        {pick(text.delivered)}
                      </Badge>
                    ) : (
                      <Stack gap={2}>
                        <Badge color="red" variant="light">
                          {pick(text.refused)}
                        </Badge>
                        {entry.reasonVi && entry.reasonEn ? (
                          <Text size="sm">{pick({ vi: entry.reasonVi, en: entry.reasonEn })}</Text>
                        ) : null}
                      </Stack>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

/**
 * "My data": a signed-in citizen's consent receipts (revocable), who read their data, a copy of
 * everything held about them and deletion requests (docs/personal-data.md).
 */
export function MyDataPage() {
  const { pick } = useLanguage();
  usePageTitle(pick(text.title));
  return (
    <Stack gap="lg" maw={1100}>
      <Title order={1}>{pick(text.title)}</Title>
      <RequireSignedIn>
        {(principal) =>
          principal.kind !== 'citizen' ? (
            <Alert color="blue" variant="light">
              <Text size="sm">{pick(text.citizensOnly)}</Text>
            </Alert>
          ) : (
            <Stack gap="lg">
              <Text>{pick(text.intro)}</Text>
              <Alert color="violet" variant="light" p="xs">
                <Text size="sm">{pick(text.simulated)}</Text>
              </Alert>
              <Consents />
              <Usage />
              <ExportSection />
              <DeletionSection />
            </Stack>
          )
        }
      </RequireSignedIn>
    </Stack>
  );
}
