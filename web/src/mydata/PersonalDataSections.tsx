import { Anchor, Button, Group, List, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../lib/api.ts';
import { fill, formatDateTime } from '../lib/format.ts';
import { Loading } from '../shell/Loading.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { text } from './personal-data.messages.ts';

type Bilingual = { vi: string; en: string };
type Item = { category: string; count: number; what: Bilingual; reason?: Bilingual };
type DeletionRequest = { id: string; requestedAt: string; deleted: Item[]; kept: Item[] };

/** Links the browser downloads itself (the session cookie goes along; the server names the file). */
export function ExportSection() {
  const { pick } = useLanguage();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="export-heading">
      <Title order={2} size="h3" id="export-heading" mb="sm">
        {pick(text.exportHeading)}
      </Title>
      <Text mb="sm">{pick(text.exportIntro)}</Text>
      <Group>
        <Anchor href="/api/me/data-export" download>
          {pick(text.downloadJson)}
        </Anchor>
        <Anchor href="/api/me/data-export.pdf" download>
          {pick(text.downloadPdf)}
        </Anchor>
      </Group>
    </Paper>
  );
}

/** The server's own account of one request: what it deleted, and what it keeps and why. */
function Outcome({ request }: { request: DeletionRequest }) {
  const { pick, language } = useLanguage();
  const headingId = `deletion-${request.id}`;
  return (
    <Paper withBorder p="sm" component="article" aria-labelledby={headingId}>
      <Title order={3} size="h4" id={headingId} mb="xs">
        {fill(pick(text.answerHeading), { date: formatDateTime(request.requestedAt, language) })}
      </Title>
      <Title order={4} size="h5">
        {pick(text.deleted)}
      </Title>
      <List size="sm" spacing={4} mb="sm">
        {request.deleted.map((item) => (
          <List.Item key={item.category}>
            {pick(item.what)} — {fill(pick(text.count), { count: item.count })}
          </List.Item>
        ))}
      </List>
      <Title order={4} size="h5">
        {pick(text.kept)}
      </Title>
      <List size="sm" spacing={6}>
        {request.kept.map((item) => (
          <List.Item key={item.category}>
            <Text size="sm" fw={600} component="span">
              {pick(item.what)} — {fill(pick(text.count), { count: item.count })}
            </Text>
            {item.reason ? (
              <Text size="sm">
                {pick(text.reason)}: {pick(item.reason)}
              </Text>
            ) : null}
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}

/** The deletion request, after a confirmation, and the answers to earlier ones. */
export function DeletionSection() {
  const { pick } = useLanguage();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const requests = useQuery({
    queryKey: ['me', 'deletion-requests'],
    queryFn: ({ signal }) => api<{ requests: DeletionRequest[] }>('/api/me/deletion-requests', { signal }),
  });
  const request = useMutation({
    mutationFn: () =>
      api<DeletionRequest>('/api/me/deletion-requests', { method: 'POST', body: { confirm: true } }),
    onSuccess: () => {
      setConfirming(false);
      // Consents were revoked too: every "me" list is stale.
      return client.invalidateQueries({ queryKey: ['me'] });
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="deletion-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="deletion-heading">
          {pick(text.deletionHeading)}
        </Title>
        <Text>{pick(text.deletionIntro)}</Text>
        <Group>
          <Button variant="outline" color="red" onClick={() => setConfirming(true)}>
            {pick(text.requestDeletion)}
          </Button>
        </Group>
        {request.isError ? <ProblemAlert error={request.error} title={pick(text.failed)} /> : null}
        {requests.isPending ? (
          <Loading label={pick(text.loading)} />
        ) : requests.isError ? (
          <ProblemAlert error={requests.error} onRetry={() => void requests.refetch()} />
        ) : (
          requests.data.requests.map((item) => <Outcome key={item.id} request={item} />)
        )}
      </Stack>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={pick(text.confirmTitle)}
        closeButtonProps={{ 'aria-label': pick(text.close) }}
      >
        <Stack gap="sm">
          <Text>{pick(text.confirmBody)}</Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {pick(text.cancel)}
            </Button>
            <Button color="red" loading={request.isPending} onClick={() => request.mutate()}>
              {pick(text.confirm)}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
