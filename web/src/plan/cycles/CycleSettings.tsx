import { Button, Group, Paper, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { cyclePath, planKeys } from '../queries.ts';
import type { Cycle, CycleDetail } from '../types.ts';

/** The plan owner moves the due date, closes the cycle or opens it again. */
export function CycleSettings({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation('plan');
  const queryClient = useQueryClient();
  const [dueOn, setDueOn] = useState(cycle.dueOn);
  const patch = useMutation({
    mutationFn: (body: { dueOn?: string; status?: 'open' | 'closed' }) =>
      api<CycleDetail>(cyclePath(cycle.id), { method: 'PATCH', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: planKeys.all }),
  });
  return (
    <Paper
      component="form"
      withBorder
      p="md"
      aria-labelledby="cycle-settings-heading"
      onSubmit={(event) => {
        event.preventDefault();
        patch.mutate({ dueOn });
      }}
    >
      <Title order={2} size="h4" id="cycle-settings-heading" mb="sm">
        {t('cycles.settings')}
      </Title>
      <Group align="flex-end" gap="sm">
        <TextInput
          type="date"
          label={t('cycles.dueOn')}
          required
          value={dueOn}
          onChange={(event) => setDueOn(event.currentTarget.value)}
        />
        <Button
          type="submit"
          variant="outline"
          loading={patch.isPending && patch.variables?.dueOn !== undefined}
        >
          {t('cycles.saveDue')}
        </Button>
        <Button
          variant="default"
          loading={patch.isPending && patch.variables?.status !== undefined}
          onClick={() => patch.mutate({ status: cycle.status === 'open' ? 'closed' : 'open' })}
        >
          {cycle.status === 'open' ? t('cycles.close') : t('cycles.reopenCycle')}
        </Button>
      </Group>
      {patch.isError ? <ProblemAlert error={patch.error} /> : null}
    </Paper>
  );
}
