import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { AgencyLabel } from '../components/AgencyLabel.tsx';
import { usePeriodLabel } from '../format.ts';
import { isPeriodId } from '../period.ts';
import { cyclesPath, PLAN_ID, planKeys } from '../queries.ts';
import type { OpenCycleResult } from '../types.ts';

/** The plan owner opens a reporting cycle; obligations come from the lead agencies of targets and tasks. */
export function OpenCycleForm() {
  const { t } = useTranslation('plan');
  const periodLabel = usePeriodLabel();
  const queryClient = useQueryClient();
  const [period, setPeriod] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [generate, setGenerate] = useState(true);
  const open = useMutation({
    mutationFn: () =>
      api<OpenCycleResult>(cyclesPath(PLAN_ID), {
        method: 'POST',
        body: { period: period.trim(), dueOn, generate },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: planKeys.all });
      setPeriod('');
      setDueOn('');
    },
  });
  const result = open.data;
  return (
    <Paper
      component="form"
      withBorder
      p="md"
      aria-labelledby="open-cycle-heading"
      onSubmit={(event) => {
        event.preventDefault();
        open.mutate();
      }}
    >
      <Title order={2} size="h4" id="open-cycle-heading" mb="sm">
        {t('cycles.openHeading')}
      </Title>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('cycles.period')}
            description={t('cycles.periodHint')}
            required
            maxLength={7}
            value={period}
            error={period && !isPeriodId(period.trim()) ? t('cycles.periodInvalid') : undefined}
            onChange={(event) => setPeriod(event.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={t('cycles.dueOn')}
            required
            value={dueOn}
            onChange={(event) => setDueOn(event.currentTarget.value)}
          />
        </SimpleGrid>
        <Checkbox
          label={t('cycles.generate')}
          checked={generate}
          onChange={(event) => setGenerate(event.currentTarget.checked)}
        />
        {open.isError ? <ProblemAlert error={open.error} /> : null}
        <div aria-live="polite">
          {result ? (
            <Alert
              color="teal"
              variant="light"
              title={t('cycles.opened', { period: periodLabel(result.period) })}
            >
              <Text size="sm">
                {t('cycles.openedBody', {
                  obligations: result.obligations.length,
                  agencies: result.agencies,
                })}
              </Text>
              {result.unassigned.length > 0 ? (
                <>
                  <Text size="sm" mt="xs" fw={600}>
                    {t('cycles.unassigned')}
                  </Text>
                  <List size="sm">
                    {result.unassigned.map((item) => (
                      <List.Item key={`${item.kind}:${item.targetCode ?? item.taskId}`}>
                        {item.targetCode ?? item.taskId}: <AgencyLabel agency={item.agency} />
                      </List.Item>
                    ))}
                  </List>
                </>
              ) : null}
            </Alert>
          ) : null}
        </div>
        <Group>
          <Button type="submit" loading={open.isPending} disabled={!isPeriodId(period.trim()) || !dueOn}>
            {t('cycles.open')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
