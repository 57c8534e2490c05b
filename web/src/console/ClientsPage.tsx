import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  List,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api.ts';
import { RequireOfficial } from '../shell/AccessGate.tsx';
import { Loading } from '../shell/Loading.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { usePageTitle } from '../shell/use-page-title.ts';

/** A relying party of the city's OpenID provider (`/api/identity/clients`). */
type ClientApp = {
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  public: boolean;
  builtIn: boolean;
  createdAt: string;
};

type NewClient = {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string;
  public?: boolean;
};

/** What registering answers: the id, and the secret once (none for public clients). */
type RegisteredClient = { clientId: string; clientSecret?: string };
type CreatedClient = RegisteredClient & { name: string };

const clientsKey = ['identity', 'clients'] as const;
const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

function AddClientForm({ onCreated }: { onCreated: (client: CreatedClient) => void }) {
  const { t } = useTranslation('console');
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [redirectUris, setRedirectUris] = useState('');
  const [postLogout, setPostLogout] = useState('');
  const [backchannel, setBackchannel] = useState('');
  const [isPublic, setIsPublic] = useState(false);
  const create = useMutation({
    mutationFn: (input: NewClient) =>
      api<RegisteredClient>('/api/identity/clients', { method: 'POST', body: input }),
    // The list is fresh before the form says it is done.
    onSuccess: async (client, input) => {
      await queryClient.invalidateQueries({ queryKey: clientsKey });
      setName('');
      setRedirectUris('');
      setPostLogout('');
      setBackchannel('');
      setIsPublic(false);
      onCreated({ ...client, name: input.name });
    },
  });
  return (
    <Paper
      component="form"
      withBorder
      p="md"
      aria-labelledby="add-client-heading"
      onSubmit={(event) => {
        event.preventDefault();
        const postLogoutRedirectUris = lines(postLogout);
        create.mutate({
          name: name.trim(),
          redirectUris: lines(redirectUris),
          ...(postLogoutRedirectUris.length ? { postLogoutRedirectUris } : {}),
          ...(backchannel.trim() ? { backchannelLogoutUri: backchannel.trim() } : {}),
          ...(isPublic ? { public: true } : {}),
        });
      }}
    >
      <Title order={2} size="h3" id="add-client-heading" mb="sm">
        {t('clients.addHeading')}
      </Title>
      <Stack gap="sm">
        <TextInput
          label={t('clients.name')}
          required
          maxLength={200}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
        />
        <Textarea
          label={t('clients.redirectUris')}
          description={t('clients.redirectUrisHint')}
          required
          autosize
          minRows={2}
          value={redirectUris}
          onChange={(event) => setRedirectUris(event.currentTarget.value)}
        />
        <Textarea
          label={t('clients.postLogoutRedirectUris')}
          autosize
          minRows={1}
          value={postLogout}
          onChange={(event) => setPostLogout(event.currentTarget.value)}
        />
        <TextInput
          type="url"
          label={t('clients.backchannelLogoutUri')}
          value={backchannel}
          onChange={(event) => setBackchannel(event.currentTarget.value)}
        />
        <Checkbox
          label={t('clients.public')}
          checked={isPublic}
          onChange={(event) => setIsPublic(event.currentTarget.checked)}
        />
        {create.isError ? <ProblemAlert error={create.error} /> : null}
        <Group>
          <Button type="submit" loading={create.isPending}>
            {t('clients.add')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function SecretOnce({ client }: { client: CreatedClient }) {
  const { t } = useTranslation('console');
  return (
    <Alert color="teal" variant="light" title={t('clients.added', { name: client.name })} role="status">
      <Stack gap="xs">
        <Text size="sm">
          {t('clients.clientId')}: <Code>{client.clientId}</Code>
        </Text>
        {client.clientSecret ? (
          <>
            <Text size="sm" fw={700}>
              {t('clients.secretOnce')}
            </Text>
            <Group gap="xs" wrap="nowrap">
              <Code data-testid="client-secret" style={{ overflowWrap: 'anywhere' }}>
                {client.clientSecret}
              </Code>
              <CopyButton value={client.clientSecret}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="outline" onClick={copy} aria-label={t('clients.secretTitle')}>
                    {copied ? t('clients.copied') : t('clients.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </>
        ) : null}
      </Stack>
    </Alert>
  );
}

function ClientTable({ clients, onDelete }: { clients: ClientApp[]; onDelete: (client: ClientApp) => void }) {
  const { t } = useTranslation('console');
  if (clients.length === 0) return <Text>{t('clients.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped withTableBorder data-testid="clients-table">
        <Table.Caption>{t('clients.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('clients.name')}</Table.Th>
            <Table.Th scope="col">{t('clients.clientId')}</Table.Th>
            <Table.Th scope="col">{t('clients.redirectUris')}</Table.Th>
            <Table.Th scope="col">{t('clients.type')}</Table.Th>
            <Table.Th scope="col">
              <span className="visually-hidden">{t('clients.delete')}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {clients.map((client) => (
            <Table.Tr key={client.clientId}>
              <Table.Td>{client.name}</Table.Td>
              <Table.Td>
                <Code>{client.clientId}</Code>
              </Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                <List size="sm">
                  {client.redirectUris.map((uri) => (
                    <List.Item key={uri}>{uri}</List.Item>
                  ))}
                </List>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={client.public ? 'violet' : 'blue'}>
                  {client.public ? t('clients.typePublic') : t('clients.typeConfidential')}
                </Badge>
              </Table.Td>
              <Table.Td>
                {client.builtIn ? (
                  <Badge variant="light" color="gray" title={t('clients.builtInHint')}>
                    {t('clients.builtIn')}
                  </Badge>
                ) : (
                  <Button
                    size="xs"
                    color="red"
                    variant="outline"
                    aria-label={t('clients.deleteLabel', { name: client.name })}
                    onClick={() => onDelete(client)}
                  >
                    {t('clients.delete')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ClientsManager() {
  const { t } = useTranslation('console');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const clients = useQuery({
    queryKey: clientsKey,
    queryFn: ({ signal }) => api<ClientApp[]>('/api/identity/clients', { signal }),
  });
  const [created, setCreated] = useState<CreatedClient | null>(null);
  const [confirming, setConfirming] = useState<ClientApp | null>(null);
  const [deletedName, setDeletedName] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (client: ClientApp) =>
      api<void>(`/api/identity/clients/${encodeURIComponent(client.clientId)}`, { method: 'DELETE' }),
    onSuccess: async (_result, client) => {
      await queryClient.invalidateQueries({ queryKey: clientsKey });
      setConfirming(null);
      setDeletedName(client.name);
    },
  });

  return (
    <Stack gap="lg">
      {created ? <SecretOnce client={created} /> : null}
      <div aria-live="polite">
        {deletedName ? (
          <Alert color="teal" variant="light">
            {t('clients.deleted', { name: deletedName })}
          </Alert>
        ) : null}
      </div>
      <section aria-labelledby="clients-heading">
        <Title order={2} size="h3" id="clients-heading" mb="xs">
          {t('clients.listHeading')}
        </Title>
        {clients.isPending ? (
          <Loading label={tc('loading')} />
        ) : clients.isError ? (
          <ProblemAlert error={clients.error} onRetry={() => void clients.refetch()} />
        ) : (
          <ClientTable
            clients={clients.data}
            onDelete={(client) => {
              remove.reset();
              setConfirming(client);
            }}
          />
        )}
      </section>
      <AddClientForm
        onCreated={(client) => {
          setDeletedName(null);
          setCreated(client);
        }}
      />
      <Modal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={t('clients.confirmDeleteTitle')}
        closeButtonProps={{ 'aria-label': tc('close') }}
      >
        <Stack gap="sm">
          <Text>{t('clients.confirmDelete', { name: confirming?.name ?? '' })}</Text>
          {remove.isError ? <ProblemAlert error={remove.error} /> : null}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {tc('cancel')}
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => confirming && remove.mutate(confirming)}
            >
              {t('clients.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** Client applications of the city's single sign-on, for the city administrator. */
export function ClientsPage() {
  const { t } = useTranslation('console');
  usePageTitle(t('clients.title'));
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{t('clients.heading')}</Title>
        <Text>{t('clients.lead')}</Text>
      </Stack>
      <RequireOfficial roles={['city_admin']}>{() => <ClientsManager />}</RequireOfficial>
    </Stack>
  );
}
