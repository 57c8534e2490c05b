import { Button, Group, Paper, Stack, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { worklistPath } from '../queries.ts';
import type { Submission, SubmissionState } from '../types.ts';

type Action = 'submit' | 'return' | 'approve' | 'reopen';

function useTransition(cycleId: string, agencyId: string, onChanged: () => Promise<unknown>) {
  return useMutation({
    mutationFn: ({ action, body }: { action: Action; body: object }) =>
      api<Submission>(`${worklistPath(cycleId, agencyId)}/${action}`, { method: 'POST', body }),
    onSuccess: () => onChanged(),
  });
}

/** What the official may do with the submission now: submit, return with a reason, approve, reopen. */
export function SubmissionActions({
  cycleId,
  agencyId,
  state,
  canSubmit,
  canReview,
  canReopen,
  onChanged,
}: {
  cycleId: string;
  agencyId: string;
  state: SubmissionState;
  canSubmit: boolean;
  canReview: boolean;
  canReopen: boolean;
  onChanged: () => Promise<unknown>;
}) {
  const { t } = useTranslation('plan');
  const transition = useTransition(cycleId, agencyId, async () => {
    setReason('');
    setNote('');
    setReopenReason('');
    await onChanged();
  });
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [reopenReason, setReopenReason] = useState('');
  const review = canReview && state === 'submitted';
  const reopen = canReopen && (state === 'approved' || state === 'submitted');
  const submit = canSubmit && (state === 'draft' || state === 'returned');
  if (!review && !reopen && !submit) return null;
  const busy = (action: Action) => transition.isPending && transition.variables?.action === action;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="submission-actions-heading">
      <Title order={2} size="h3" id="submission-actions-heading" mb="sm">
        {t('worklist.actions')}
      </Title>
      <Stack gap="md">
        {submit ? (
          <Group>
            <Button
              loading={busy('submit')}
              onClick={() => transition.mutate({ action: 'submit', body: {} })}
            >
              {state === 'returned' ? t('worklist.resubmit') : t('worklist.submit')}
            </Button>
          </Group>
        ) : null}
        {review ? (
          <>
            <Stack gap="xs">
              <Textarea
                label={t('worklist.approveNote')}
                autosize
                minRows={1}
                maxLength={2000}
                value={note}
                onChange={(event) => setNote(event.currentTarget.value)}
              />
              <Group>
                <Button
                  color="teal"
                  loading={busy('approve')}
                  onClick={() =>
                    transition.mutate({ action: 'approve', body: note.trim() ? { note: note.trim() } : {} })
                  }
                >
                  {t('worklist.approve')}
                </Button>
              </Group>
            </Stack>
            <Stack gap="xs">
              <Textarea
                label={t('worklist.returnReason')}
                autosize
                minRows={2}
                maxLength={2000}
                value={reason}
                onChange={(event) => setReason(event.currentTarget.value)}
              />
              <Group>
                <Button
                  color="red"
                  variant="outline"
                  disabled={!reason.trim()}
                  loading={busy('return')}
                  onClick={() => transition.mutate({ action: 'return', body: { reason: reason.trim() } })}
                >
                  {t('worklist.return')}
                </Button>
              </Group>
            </Stack>
          </>
        ) : null}
        {reopen ? (
          <Stack gap="xs">
            <Textarea
              label={t('worklist.reopenReason')}
              autosize
              minRows={2}
              maxLength={2000}
              value={reopenReason}
              onChange={(event) => setReopenReason(event.currentTarget.value)}
            />
            <Group>
              <Button
                variant="outline"
                disabled={!reopenReason.trim()}
                loading={busy('reopen')}
                onClick={() => transition.mutate({ action: 'reopen', body: { reason: reopenReason.trim() } })}
              >
                {t('worklist.reopen')}
              </Button>
            </Group>
          </Stack>
        ) : null}
        {transition.isError ? <ProblemAlert error={transition.error} /> : null}
      </Stack>
    </Paper>
  );
}
