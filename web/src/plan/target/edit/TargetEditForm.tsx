import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api.ts';
import '../../plan.css';
import { ProblemAlert } from '../../../shell/ProblemAlert.tsx';
import { AgencySelect } from '../../components/AgencySelect.tsx';
import { PLAN_ID, planKeys, targetPath } from '../../queries.ts';
import { type Confidence, confidences, type TargetDetail } from '../../types.ts';
import { type FormProblem, formFromTarget, patchFromForm, type TargetForm } from './target-form.ts';

/** The plan owner edits a target: wording, unit, confidence (→ official), baseline, milestones, path, thresholds. */
export function TargetEditForm({ target }: { target: TargetDetail }) {
  const { t } = useTranslation('plan');
  const queryClient = useQueryClient();
  const [form, setForm] = useState<TargetForm>(() => formFromTarget(target));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const set = (patch: Partial<TargetForm>) => setForm((previous) => ({ ...previous, ...patch }));
  const setMilestone = (index: number, patch: Partial<TargetForm['milestones'][number]>) =>
    set({ milestones: form.milestones.map((row, at) => (at === index ? { ...row, ...patch } : row)) });
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<TargetDetail>(targetPath(PLAN_ID, target.code), { method: 'PATCH', body }),
    onSuccess: async (updated) => {
      await queryClient.invalidateQueries({ queryKey: planKeys.all });
      setForm(formFromTarget(updated));
    },
  });
  return (
    <Paper
      component="form"
      withBorder
      p="md"
      aria-labelledby="target-edit-heading"
      onSubmit={(event) => {
        event.preventDefault();
        const result = patchFromForm(form);
        if ('problem' in result) {
          setProblem(result.problem);
          return;
        }
        setProblem(null);
        save.mutate(result.body);
      }}
    >
      <Title order={2} size="h3" id="target-edit-heading" mb="sm">
        {t('edit.heading')}
      </Title>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          <TextInput
            label={t('edit.labelVi')}
            required
            maxLength={500}
            value={form.labelVi}
            onChange={(e) => set({ labelVi: e.currentTarget.value })}
          />
          <TextInput
            label={t('edit.labelEn')}
            required
            maxLength={500}
            value={form.labelEn}
            onChange={(e) => set({ labelEn: e.currentTarget.value })}
          />
          <TextInput
            label={t('worklist.unit')}
            required
            maxLength={32}
            value={form.unit}
            onChange={(e) => set({ unit: e.currentTarget.value })}
          />
          <NativeSelect
            label={t('edit.direction')}
            value={form.direction}
            onChange={(e) => set({ direction: e.currentTarget.value as TargetForm['direction'] })}
            data={[
              { value: 'at_least', label: t('direction.at_least') },
              { value: 'at_most', label: t('direction.at_most') },
            ]}
          />
          <NativeSelect
            label={t('confidence')}
            description={t('edit.confidenceHint')}
            value={form.confidence}
            onChange={(e) => set({ confidence: e.currentTarget.value as Confidence })}
            data={confidences.map((confidence) => ({
              value: confidence,
              label: t(`confidenceName.${confidence}`),
            }))}
          />
          <AgencySelect
            label={t('target.lead')}
            value={form.leadAgencyId}
            emptyLabel={t('edit.noLead')}
            onChange={(leadAgencyId) => set({ leadAgencyId })}
          />
        </SimpleGrid>
        <fieldset className="plan-fieldset">
          <legend>{t('target.baseline')}</legend>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('edit.baselineValue')}
              inputMode="decimal"
              value={form.baselineValue}
              onChange={(e) => set({ baselineValue: e.currentTarget.value })}
            />
            <TextInput
              label={t('edit.baselineYear')}
              inputMode="numeric"
              value={form.baselineYear}
              onChange={(e) => set({ baselineYear: e.currentTarget.value })}
            />
          </SimpleGrid>
        </fieldset>
        <fieldset className="plan-fieldset">
          <legend>{t('targets.milestones')}</legend>
          <Text size="xs" c="dimmed" mb="xs">
            {t('edit.milestonesHint')}
          </Text>
          <Stack gap="xs">
            {form.milestones.map((row, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
              <Group key={index} gap="sm" align="flex-end">
                <TextInput
                  label={t('edit.milestoneYear', { n: index + 1 })}
                  inputMode="numeric"
                  value={row.year}
                  onChange={(e) => setMilestone(index, { year: e.currentTarget.value })}
                  maw={160}
                />
                <TextInput
                  label={t('edit.milestoneValue', { n: index + 1 })}
                  inputMode="decimal"
                  value={row.value}
                  onChange={(e) => setMilestone(index, { value: e.currentTarget.value })}
                  maw={200}
                />
              </Group>
            ))}
            <Group>
              <Button
                variant="default"
                size="xs"
                onClick={() => set({ milestones: [...form.milestones, { year: '', value: '' }] })}
              >
                {t('edit.addMilestone')}
              </Button>
            </Group>
          </Stack>
        </fieldset>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          <TextInput
            label={t('target.source')}
            maxLength={1000}
            value={form.sourceDocument}
            onChange={(e) => set({ sourceDocument: e.currentTarget.value })}
          />
          <TextInput
            label={t('edit.sourceUrl')}
            type="url"
            maxLength={1000}
            value={form.sourceUrl}
            onChange={(e) => set({ sourceUrl: e.currentTarget.value })}
          />
          <TextInput
            label={t('edit.onTrack')}
            inputMode="decimal"
            value={form.onTrack}
            onChange={(e) => set({ onTrack: e.currentTarget.value })}
          />
          <TextInput
            label={t('edit.atRisk')}
            inputMode="decimal"
            value={form.atRisk}
            onChange={(e) => set({ atRisk: e.currentTarget.value })}
          />
          <NativeSelect
            label={t('target.path')}
            value={form.pathKind}
            onChange={(e) => set({ pathKind: e.currentTarget.value as TargetForm['pathKind'] })}
            data={[
              { value: 'linear', label: t('pathKind.linear') },
              { value: 'stepped', label: t('pathKind.stepped') },
            ]}
          />
          <Textarea
            label={t('edit.steps')}
            description={t('edit.stepsHint')}
            autosize
            minRows={2}
            value={form.steps}
            onChange={(e) => set({ steps: e.currentTarget.value })}
          />
        </SimpleGrid>
        <Textarea
          label={t('edit.note')}
          description={t('edit.noteHint')}
          autosize
          minRows={2}
          maxLength={2000}
          value={form.note}
          onChange={(e) => set({ note: e.currentTarget.value })}
        />
        {problem ? (
          <Alert color="red" variant="light" role="alert">
            {t(`edit.problem.${problem}`)}
          </Alert>
        ) : null}
        {save.isError ? <ProblemAlert error={save.error} /> : null}
        <div aria-live="polite">
          {save.isSuccess && !save.isPending ? (
            <Text size="sm" c="teal.9" fw={600}>
              {t('edit.saved')}
            </Text>
          ) : null}
        </div>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('edit.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
