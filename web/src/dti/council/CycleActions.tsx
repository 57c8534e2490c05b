import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api.ts';
import { fill } from '../../lib/format.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { type Cycle, dtiKeys } from '../api.ts';
import { appraisalKeys } from '../appraisal/queries.ts';
import { text } from './messages.ts';

type Step = 'recompute' | 'finalise' | 'publish';

/** Recompute, finalise (the server says what still blocks it) and publish after a confirmation. */
export function CycleActions({ cycle }: { cycle: Cycle }) {
  const { pick } = useLanguage();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState('');
  const confirmRef = useRef<HTMLButtonElement>(null);
  // The publish button gives way to the confirmation: keyboard focus follows it.
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const run = useMutation({
    mutationFn: (step: Step) =>
      api<Cycle | { items: number }>(`/api/dti/cycles/${cycle.id}/${step}`, { method: 'POST' }),
    onSuccess: async (result, step) => {
      setConfirming(false);
      setDone(
        step === 'recompute' && 'items' in result
          ? fill(pick(text.recomputed), { n: result.items })
          : pick(step === 'finalise' ? text.finalised : text.published),
      );
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: dtiKeys.cycles }),
        queryClient.invalidateQueries({ queryKey: dtiKeys.cycle(cycle.id) }),
        queryClient.invalidateQueries({ queryKey: appraisalKeys.progress(cycle.id) }),
      ]);
    },
  });
  const start = (step: Step) => {
    setDone('');
    run.mutate(step);
  };
  return (
    <Stack gap="xs" component="section" aria-labelledby="council-actions">
      <Text fw={600} id="council-actions">
        {pick(text.actions)}
      </Text>
      <Group gap="xs">
        {cycle.status === 'open' ? (
          <>
            <Button
              variant="outline"
              onClick={() => start('recompute')}
              loading={run.isPending && run.variables === 'recompute'}
            >
              {pick(text.recompute)}
            </Button>
            <Button onClick={() => start('finalise')} loading={run.isPending && run.variables === 'finalise'}>
              {pick(text.finalise)}
            </Button>
          </>
        ) : null}
        {cycle.status === 'finalised' && !confirming ? (
          <Button
            onClick={() => {
              run.reset();
              setConfirming(true);
            }}
          >
            {pick(text.publish)}
          </Button>
        ) : null}
      </Group>
      {confirming ? (
        <Alert color="blue" variant="light" title={pick(text.publish)}>
          <Stack gap="xs">
            <Text size="sm">{pick(text.confirmPublish)}</Text>
            <Group gap="xs">
              <Button ref={confirmRef} onClick={() => start('publish')} loading={run.isPending}>
                {pick(text.confirm)}
              </Button>
              <Button variant="default" onClick={() => setConfirming(false)}>
                {pick(text.cancel)}
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      {run.isError ? <ProblemAlert error={run.error} /> : null}
      <Text size="sm" role="status" aria-live="polite">
        {done}
      </Text>
    </Stack>
  );
}
