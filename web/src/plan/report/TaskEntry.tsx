import { Button, Group, NumberInput, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { ExampleBadge, TaskStatusBadge } from '../components/badges.tsx';
import { EvidenceList } from '../components/EvidenceList.tsx';
import { useBilingual } from '../format.ts';
import { taskPath } from '../queries.ts';
import type { TaskReport, WorklistTask } from '../types.ts';
import { EvidenceUpload } from './EvidenceUpload.tsx';

type Props = { period: string; item: WorklistTask; editable: boolean; onChanged: () => Promise<unknown> };

/** One task the agency leads: the period's report (what was done, progress, blockers) and its evidence. */
export function TaskEntry({ period, item, editable, onChanged }: Props) {
  const { t } = useTranslation('plan');
  const { language } = useLanguage();
  const { title } = useBilingual();
  const { task, report } = item;
  const [narrative, setNarrative] = useState(report?.narrative ?? '');
  const [progress, setProgress] = useState<number>(report?.progress ?? task.progress);
  const [blockers, setBlockers] = useState(report?.blockers ?? '');
  const [saved, setSaved] = useState(false);
  const base = `${taskPath(task.id)}/reports/${encodeURIComponent(period)}`;
  const save = useMutation({
    mutationFn: () =>
      api<TaskReport>(base, {
        method: 'PUT',
        body: { narrative: narrative.trim(), progress, blockers: blockers.trim() || null },
      }),
    onSuccess: async () => {
      setSaved(true);
      await onChanged();
    },
  });
  const headingId = `task-${task.id}-entry`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} data-task={task.code}>
      <Stack gap="sm">
        <Group gap="xs" justify="space-between">
          <Title order={3} size="h4" id={headingId}>
            {task.code} — {title(task)}
          </Title>
          <Group gap={4}>
            <TaskStatusBadge status={task.status} />
            {task.example ? <ExampleBadge /> : null}
          </Group>
        </Group>
        <Text size="sm">
          {t('tasks.deadline')}: {formatDate(task.deadline, language)} · {t('tasks.progress')}:{' '}
          {task.progress} %
        </Text>
        {editable ? (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              setSaved(false);
              save.mutate();
            }}
          >
            <Stack gap="sm">
              <Textarea
                label={t('worklist.narrative', { code: task.code })}
                required
                autosize
                minRows={3}
                maxLength={10_000}
                value={narrative}
                onChange={(event) => setNarrative(event.currentTarget.value)}
              />
              <NumberInput
                label={t('worklist.progress', { code: task.code })}
                min={0}
                max={100}
                clampBehavior="strict"
                allowDecimal={false}
                suffix=" %"
                value={progress}
                onChange={(next) => setProgress(typeof next === 'number' ? next : Number(next) || 0)}
                maw={200}
              />
              <Textarea
                label={t('worklist.blockers')}
                autosize
                minRows={1}
                maxLength={5000}
                value={blockers}
                onChange={(event) => setBlockers(event.currentTarget.value)}
              />
              {save.isError ? <ProblemAlert error={save.error} /> : null}
              <Group gap="sm">
                <Button type="submit" loading={save.isPending} disabled={!narrative.trim()}>
                  {t('worklist.saveReport', { code: task.code })}
                </Button>
                <span aria-live="polite">
                  {saved && !save.isPending ? <Text size="sm">{t('worklist.saved')}</Text> : null}
                </span>
              </Group>
            </Stack>
          </form>
        ) : report ? (
          <Stack gap={4}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {report.narrative}
            </Text>
            <Text size="sm">
              {t('tasks.progress')}: {report.progress} %
              {report.blockers ? ` · ${t('task.blockers')}: ${report.blockers}` : ''}
            </Text>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t('tasks.noReport')}
          </Text>
        )}
        <div>
          <Text size="sm" fw={700}>
            {t('observations.evidence')}
          </Text>
          <EvidenceList evidence={report?.evidence ?? []} />
        </div>
        {editable && report ? (
          <EvidenceUpload
            path={`${base}/evidence`}
            label={t('evidence.for', { what: task.code })}
            onUploaded={onChanged}
          />
        ) : null}
      </Stack>
    </Paper>
  );
}
