import { Button, Checkbox, Group, NativeSelect, Paper, SimpleGrid, TextInput, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../shell/use-language.ts';
import { AgencySelect } from '../components/AgencySelect.tsx';
import type { TaskBoardSearch } from '../search.ts';
import { type Pillar, type TaskStatus, taskStatuses } from '../types.ts';

/** The task board's filters: agency (optionally with its predecessors), pillar, status, overdue, words. */
export function TaskFilters({ current, pillars }: { current: TaskBoardSearch; pillars: Pillar[] }) {
  const { t } = useTranslation('plan');
  const { unitName } = useLanguage();
  const navigate = useNavigate({ from: '/ke-hoach/nhiem-vu' });
  const [draft, setDraft] = useState<TaskBoardSearch>(current);
  useEffect(() => setDraft(current), [current]);
  const set = (patch: Partial<TaskBoardSearch>) => setDraft((previous) => ({ ...previous, ...patch }));
  return (
    <Paper
      component="form"
      withBorder
      p="md"
      aria-labelledby="task-filters-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void navigate({ search: { ...draft, page: undefined } });
      }}
    >
      <Title order={2} size="h4" id="task-filters-heading" mb="sm">
        {t('tasks.filters')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        <AgencySelect
          label={t('tasks.agency')}
          value={draft.agency ?? ''}
          emptyLabel={t('tasks.anyAgency')}
          onChange={(agency) => set({ agency: agency || undefined })}
        />
        <NativeSelect
          label={t('tasks.pillar')}
          value={draft.pillar ?? ''}
          onChange={(event) => set({ pillar: event.currentTarget.value || undefined })}
          data={[
            { value: '', label: t('tasks.anyPillar') },
            ...pillars.map((pillar) => ({ value: pillar.code, label: unitName(pillar) })),
          ]}
        />
        <NativeSelect
          label={t('tasks.status')}
          value={draft.status ?? ''}
          onChange={(event) =>
            set({ status: (event.currentTarget.value || undefined) as TaskStatus | undefined })
          }
          data={[
            { value: '', label: t('tasks.anyStatus') },
            ...taskStatuses.map((status) => ({ value: status, label: t(`taskStatus.${status}`) })),
          ]}
        />
        <TextInput
          label={t('tasks.search')}
          maxLength={100}
          value={draft.q ?? ''}
          onChange={(event) => set({ q: event.currentTarget.value || undefined })}
        />
      </SimpleGrid>
      <Group mt="sm" gap="lg">
        <Checkbox
          label={t('tasks.overdueOnly')}
          checked={Boolean(draft.overdue)}
          onChange={(event) => set({ overdue: event.currentTarget.checked || undefined })}
        />
        <Checkbox
          label={t('tasks.lineage')}
          checked={Boolean(draft.lineage)}
          onChange={(event) => set({ lineage: event.currentTarget.checked || undefined })}
        />
      </Group>
      <Group mt="md" gap="xs">
        <Button type="submit">{t('tasks.apply')}</Button>
        <Button variant="default" onClick={() => void navigate({ search: {} })}>
          {t('tasks.clear')}
        </Button>
      </Group>
    </Paper>
  );
}
