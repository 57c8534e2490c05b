import { Button, Group, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { ConfidenceBadge, DemoBadge, ExampleBadge, SubmissionBadge } from '../components/badges.tsx';
import { EvidenceList } from '../components/EvidenceList.tsx';
import { MilestoneList, ValueText } from '../components/Values.tsx';
import { useBilingual, usePeriodLabel } from '../format.ts';
import { worklistPath } from '../queries.ts';
import type { Observation, WorklistTarget } from '../types.ts';
import { EvidenceUpload } from './EvidenceUpload.tsx';
import { numberText, readNumber } from './number.ts';

type Props = {
  cycleId: string;
  agencyId: string;
  item: WorklistTarget;
  editable: boolean;
  onChanged: () => Promise<unknown>;
};

/** One target the agency reports: its value this period (with numerator and denominator), comment, evidence. */
export function TargetEntry({ cycleId, agencyId, item, editable, onChanged }: Props) {
  const { t } = useTranslation('plan');
  const { label } = useBilingual();
  const { language } = useLanguage();
  const periodLabel = usePeriodLabel();
  const observation = item.observation;
  const [value, setValue] = useState(numberText(observation?.value, language));
  const [numerator, setNumerator] = useState(numberText(observation?.numerator, language));
  const [denominator, setDenominator] = useState(numberText(observation?.denominator, language));
  const [comment, setComment] = useState(observation?.comment ?? '');
  const [saved, setSaved] = useState(false);
  const base = `${worklistPath(cycleId, agencyId)}/values/${encodeURIComponent(item.code)}`;
  const parsed = {
    value: readNumber(value),
    numerator: readNumber(numerator),
    denominator: readNumber(denominator),
  };
  const invalid = Object.values(parsed).some((entry) => entry === undefined);
  const save = useMutation({
    mutationFn: () =>
      api<Observation>(base, {
        method: 'PUT',
        body: {
          value: parsed.value ?? null,
          numerator: parsed.numerator ?? null,
          denominator: parsed.denominator ?? null,
          comment: comment.trim() || null,
        },
      }),
    onSuccess: async () => {
      setSaved(true);
      await onChanged();
    },
  });
  const headingId = `target-${item.code}-entry`;
  const numberError = (entry: number | null | undefined) =>
    entry === undefined ? t('worklist.notNumber') : undefined;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} data-target={item.code}>
      <Stack gap="sm">
        <Group gap="xs" justify="space-between">
          <Title order={3} size="h4" id={headingId}>
            {item.code} — {label(item)}
          </Title>
          <Group gap={4}>
            <ConfidenceBadge confidence={item.confidence} label={item.confidenceLabel} />
            {observation ? <SubmissionBadge state={observation.status as 'draft'} /> : null}
            {observation?.example ? <ExampleBadge /> : null}
            {observation?.demo ? <DemoBadge /> : null}
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <div>
            <Text size="sm" fw={700}>
              {t('targets.milestones')}
            </Text>
            <MilestoneList milestones={item.milestones} unit={item.unit} />
          </div>
          <div>
            <Text size="sm" fw={700}>
              {t('worklist.previous')}
            </Text>
            {item.previous ? (
              <Text size="sm">
                {periodLabel(item.previous.period)}:{' '}
                <ValueText value={item.previous.value} unit={item.unit} />
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                {t('noData')}
              </Text>
            )}
          </div>
          <div>
            <Text size="sm" fw={700}>
              {t('worklist.unit')}
            </Text>
            <Text size="sm">{item.unit || '—'}</Text>
          </div>
        </SimpleGrid>
        {item.measuredBy ? (
          <Text size="sm" data-testid="measured-by">
            {t('worklist.measured', { source: item.measuredBy })}
          </Text>
        ) : null}
        {editable && !item.measuredBy ? (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              setSaved(false);
              save.mutate();
            }}
          >
            <Stack gap="sm">
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <TextInput
                  label={t('worklist.value', { code: item.code })}
                  inputMode="decimal"
                  value={value}
                  error={numberError(parsed.value)}
                  onChange={(event) => setValue(event.currentTarget.value)}
                />
                <TextInput
                  label={t('worklist.numerator')}
                  inputMode="decimal"
                  value={numerator}
                  error={numberError(parsed.numerator)}
                  onChange={(event) => setNumerator(event.currentTarget.value)}
                />
                <TextInput
                  label={t('worklist.denominator')}
                  inputMode="decimal"
                  value={denominator}
                  error={numberError(parsed.denominator)}
                  onChange={(event) => setDenominator(event.currentTarget.value)}
                />
              </SimpleGrid>
              <Textarea
                label={t('worklist.comment', { code: item.code })}
                autosize
                minRows={2}
                maxLength={2000}
                value={comment}
                onChange={(event) => setComment(event.currentTarget.value)}
              />
              {save.isError ? <ProblemAlert error={save.error} /> : null}
              <Group gap="sm">
                <Button type="submit" loading={save.isPending} disabled={invalid}>
                  {t('worklist.saveValue', { code: item.code })}
                </Button>
                <span aria-live="polite">
                  {saved && !save.isPending ? <Text size="sm">{t('worklist.saved')}</Text> : null}
                </span>
              </Group>
            </Stack>
          </form>
        ) : (
          <Text size="sm">
            {t('worklist.valueLabel')}: <ValueText value={observation?.value} unit={item.unit} />
            {observation?.comment ? ` — ${observation.comment}` : ''}
          </Text>
        )}
        <div>
          <Text size="sm" fw={700}>
            {t('observations.evidence')}
          </Text>
          <EvidenceList evidence={observation?.evidence ?? []} />
        </div>
        {editable && observation && !item.measuredBy ? (
          <EvidenceUpload
            path={`${base}/evidence`}
            label={t('evidence.for', { what: item.code })}
            onUploaded={onChanged}
          />
        ) : null}
      </Stack>
    </Paper>
  );
}
