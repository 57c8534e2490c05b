import { Code, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';
import { formatValue, usePeriodLabel } from '../format.ts';
import type { MeasuredBy, Milestone, Provenance, ValuePoint } from '../types.ts';
import { DemoBadge, ExampleBadge } from './badges.tsx';

/** A value, or "no value known" said in words (never a blank or a zero). */
export function ValueText({ value, unit }: { value: number | null | undefined; unit: string }) {
  const { t } = useTranslation('plan');
  const { language } = useLanguage();
  if (value === null || value === undefined) {
    return (
      <Text span c="dimmed" fs="italic">
        {t('noValue')}
      </Text>
    );
  }
  return <span>{formatValue(value, unit, language)}</span>;
}

/** The milestones of a target; one without a value says "Chưa có giá trị mục tiêu". */
export function MilestoneList({ milestones, unit }: { milestones: Milestone[]; unit: string }) {
  const { t } = useTranslation('plan');
  const { language, pick } = useLanguage();
  if (milestones.length === 0) {
    return (
      <Text span c="dimmed" fs="italic">
        {t('noTargetValue')}
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      {milestones.map((milestone) => (
        <Text key={milestone.year} size="sm">
          {t('milestoneYear', { year: milestone.year })}:{' '}
          {milestone.value === null ? (
            <Text span c="dimmed" fs="italic" size="sm">
              {milestone.note ? pick(milestone.note) : t('noTargetValue')}
            </Text>
          ) : (
            formatValue(milestone.value, unit, language)
          )}
        </Text>
      ))}
    </Stack>
  );
}

/** The latest approved value with its period and labels; "Chưa có số liệu" when there is none. */
export function LatestValue({ latest, unit }: { latest: ValuePoint | null; unit: string }) {
  const { t } = useTranslation('plan');
  const periodLabel = usePeriodLabel();
  if (!latest) {
    return (
      <Text span c="dimmed" fs="italic" size="sm">
        {t('noData')}
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      <Text fw={600} size="sm">
        <ValueText value={latest.value} unit={unit} />
      </Text>
      <Text size="xs" c="dimmed">
        {periodLabel(latest.period)} ·{' '}
        {latest.source === 'city' ? t('source.city') : t('source.aggregate', { count: latest.agencies })}
      </Text>
      {latest.example || latest.demo ? (
        <Group gap={4}>
          {latest.example ? <ExampleBadge /> : null}
          {latest.demo ? <DemoBadge /> : null}
        </Group>
      ) : null}
    </Stack>
  );
}

/** "Đo tự động bởi nền tảng": the computed source, its query and when it last ran. */
export function MeasuredByNote({
  measuredBy,
  withQuery = false,
}: {
  measuredBy: MeasuredBy;
  withQuery?: boolean;
}) {
  const { t } = useTranslation('plan');
  const { language, pick } = useLanguage();
  return (
    <Stack gap={4} data-testid="measured-by">
      <Group gap={6}>
        <Text size="sm" fw={600}>
          {t('measuredBy.title')}
        </Text>
        {measuredBy.demo ? <DemoBadge /> : null}
      </Group>
      <Text size="sm">{pick(measuredBy.note)}</Text>
      <Text size="xs" c="dimmed">
        {t('measuredBy.source')}: <Code>{measuredBy.source}</Code>
        {measuredBy.computedAt
          ? ` · ${t('measuredBy.at', { at: formatDateTime(measuredBy.computedAt, language) })}`
          : ` · ${t('measuredBy.notYet')}`}
      </Text>
      {withQuery && measuredBy.query ? (
        <details>
          <summary>{t('measuredBy.query')}</summary>
          <Code block style={{ whiteSpace: 'pre-wrap' }}>
            {measuredBy.query}
          </Code>
        </details>
      ) : null}
    </Stack>
  );
}

/** Where an observation came from: entered by whom, imported from which file, or computed by what query. */
export function ProvenanceText({ provenance }: { provenance: Provenance }) {
  const { t } = useTranslation('plan');
  const { language } = useLanguage();
  const at = provenance.at ? formatDateTime(provenance.at, language) : null;
  switch (provenance.kind) {
    case 'manual':
      return (
        <Text size="sm">
          {t('provenance.manual', { name: provenance.by?.name ?? '—' })}
          {at ? <Text span size="xs" c="dimmed">{` · ${at}`}</Text> : null}
        </Text>
      );
    case 'imported':
      return (
        <Text size="sm">
          {t('provenance.imported', {
            file: provenance.filename ?? '—',
            sheet: provenance.sheet ?? '—',
            row: provenance.row ?? '—',
          })}
          {at ? <Text span size="xs" c="dimmed">{` · ${at}`}</Text> : null}
        </Text>
      );
    case 'computed':
      return (
        <Stack gap={2}>
          <Text size="sm">
            {t('provenance.computed', { source: provenance.source ?? '—' })}
            {at ? <Text span size="xs" c="dimmed">{` · ${at}`}</Text> : null}
          </Text>
          {provenance.query ? (
            <details>
              <summary>{t('measuredBy.query')}</summary>
              <Code block style={{ whiteSpace: 'pre-wrap' }}>
                {provenance.query}
              </Code>
            </details>
          ) : null}
        </Stack>
      );
    default:
      return (
        <Text size="sm">
          {t('provenance.seed')}
          {at ? <Text span size="xs" c="dimmed">{` · ${at}`}</Text> : null}
        </Text>
      );
  }
}
