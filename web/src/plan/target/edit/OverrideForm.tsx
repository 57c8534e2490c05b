import { Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api.ts';
import { ProblemAlert } from '../../../shell/ProblemAlert.tsx';
import { periodChoices } from '../../components/PeriodPicker.tsx';
import { usePeriodLabel } from '../../format.ts';
import { PLAN_ID, planKeys, targetPath } from '../../queries.ts';
import { type TargetDetail, type TargetStatus, targetStatuses } from '../../types.ts';

/** The plan owner replaces the computed status of one period, with a note (or clears the override). */
export function OverrideForm({ target }: { target: TargetDetail }) {
  const { t } = useTranslation('plan');
  const periodLabel = usePeriodLabel();
  const queryClient = useQueryClient();
  const [period, setPeriod] = useState(target.period);
  const [status, setStatus] = useState<TargetStatus | ''>(target.override?.status ?? '');
  const [note, setNote] = useState('');
  const choices = Array.from(new Set([target.period, ...periodChoices()]));
  const save = useMutation({
    mutationFn: () =>
      api<TargetDetail>(`${targetPath(PLAN_ID, target.code)}/overrides/${encodeURIComponent(period)}`, {
        method: 'PUT',
        body: { status: status || null, note: note.trim() },
      }),
    onSuccess: async () => {
      setNote('');
      await queryClient.invalidateQueries({ queryKey: planKeys.all });
    },
  });
  const computed = target.statusByPeriod.find((row) => row.period === period)?.computedStatus;
  return (
    <Paper
      component="form"
      withBorder
      p="md"
      aria-labelledby="override-heading"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Title order={2} size="h3" id="override-heading" mb="sm">
        {t('override.heading')}
      </Title>
      <Stack gap="sm">
        <Text size="sm">{t('override.lead')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect
            label={t('target.period')}
            value={period}
            onChange={(event) => setPeriod(event.currentTarget.value)}
            data={choices.map((choice) => ({ value: choice, label: periodLabel(choice) }))}
          />
          <NativeSelect
            label={t('override.status')}
            description={computed ? t('override.computed', { status: t(`status.${computed}`) }) : undefined}
            value={status}
            onChange={(event) => setStatus(event.currentTarget.value as TargetStatus | '')}
            data={[
              { value: '', label: t('override.clear') },
              ...targetStatuses.map((value) => ({ value, label: t(`status.${value}`) })),
            ]}
          />
        </SimpleGrid>
        <Textarea
          label={t('override.note')}
          required
          autosize
          minRows={2}
          maxLength={2000}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
        {save.isError ? <ProblemAlert error={save.error} /> : null}
        <div aria-live="polite">
          {save.isSuccess && !save.isPending ? (
            <Text size="sm" c="teal.9" fw={600}>
              {t('override.saved')}
            </Text>
          ) : null}
        </div>
        <Group>
          <Button type="submit" loading={save.isPending} disabled={!note.trim()}>
            {t('override.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
