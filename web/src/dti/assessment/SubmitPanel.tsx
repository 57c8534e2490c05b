import { Alert, Button, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { dtiKeys } from '../api.ts';
import { fill, text } from './messages.ts';

/**
 * Submitting, after a confirmation: waiting saves go out first; a save that keeps failing blocks the
 * submit (the server would lock what it has, not what is on screen).
 */
export function SubmitPanel({
  cycleId,
  unitId,
  resubmit,
  answered,
  total,
  flush,
  onRefused,
}: {
  cycleId: string;
  unitId: string;
  resubmit: boolean;
  answered: number;
  total: number;
  /** Sends every waiting save; resolves false when one failed. */
  flush: () => Promise<boolean>;
  onRefused: (error: unknown | null) => void;
}) {
  const { pick } = useLanguage();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [unsaved, setUnsaved] = useState(false);
  const submit = useMutation({
    mutationFn: async () => {
      setUnsaved(false);
      if (!(await flush())) {
        setUnsaved(true);
        return null;
      }
      return api(`/api/dti/cycles/${cycleId}/units/${unitId}/submit`, { method: 'POST' });
    },
    onSettled: () => setConfirming(false),
    onSuccess: async (result) => {
      if (result === null) return;
      onRefused(null);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: dtiKeys.cycle(cycleId) }),
        queryClient.invalidateQueries({ queryKey: dtiKeys.cycles }),
        queryClient.invalidateQueries({ queryKey: dtiKeys.entries(cycleId, unitId) }),
      ]);
    },
    onError: (error) => onRefused(error),
  });
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Text size="sm">{fill(pick(text.summary), { answered, total })}</Text>
        {unsaved ? (
          <Alert color="red" variant="light" role="alert">
            {pick(text.unsavedBlock)}
          </Alert>
        ) : null}
        {submit.isError ? <ProblemAlert error={submit.error} /> : null}
        {submit.isSuccess && submit.data !== null ? (
          <Alert color="teal" variant="light" role="status">
            {pick(text.submitted)}
          </Alert>
        ) : null}
        <Group>
          <Button onClick={() => setConfirming(true)}>{pick(resubmit ? text.resubmit : text.submit)}</Button>
        </Group>
      </Stack>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={pick(text.confirmTitle)}
        closeButtonProps={{ 'aria-label': pick(text.close) }}
      >
        <Stack gap="sm">
          <Text>{fill(pick(text.confirmBody), { answered, total })}</Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {pick(text.cancel)}
            </Button>
            <Button loading={submit.isPending} onClick={() => submit.mutate()}>
              {pick(text.confirm)}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
