import { Anchor, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';
import { AgencyLabel } from '../components/AgencyLabel.tsx';
import { MeasuredByNote, MilestoneList, ValueText } from '../components/Values.tsx';
import { usePeriodLabel } from '../format.ts';
import type { TargetDetail } from '../types.ts';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="sm" fw={700}>
        {label}
      </Text>
      <Text component="dd" m={0} size="sm">
        {children}
      </Text>
    </div>
  );
}

/** What the target is: the indicator, baseline, milestones, source, path and thresholds. */
export function TargetFacts({ target }: { target: TargetDetail }) {
  const { t } = useTranslation('plan');
  const { language, unitName } = useLanguage();
  const periodLabel = usePeriodLabel();
  const percent = (share: number) => `${formatNumber(share * 100, language)} %`;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('target.facts')}
        </Title>
        <Stack component="dl" gap="sm" m={0}>
          <Fact label={t('target.indicator')}>
            {unitName(target.indicator)} ({target.indicator.code})
          </Fact>
          <Fact label={t('target.unitDirection')}>
            {target.unit || '—'} · {t(`direction.${target.direction}`)}
          </Fact>
          <Fact label={t('target.baseline')}>
            {target.baseline ? (
              <>
                <ValueText value={target.baseline.value} unit={target.unit} /> ({target.baseline.year})
              </>
            ) : (
              t('target.noBaseline')
            )}
          </Fact>
          <Fact label={t('targets.milestones')}>
            <MilestoneList milestones={target.milestones} unit={target.unit} />
          </Fact>
          <Fact label={t('target.lead')}>
            {target.leadAgency ? <AgencyLabel agency={target.leadAgency} /> : '—'}
          </Fact>
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('target.rules')}
        </Title>
        <Stack component="dl" gap="sm" m={0}>
          <Fact label={t('target.source')}>
            {target.sourceDocument ?? '—'}
            {target.sourceUrl ? (
              <>
                {' · '}
                <Anchor href={target.sourceUrl} rel="noopener noreferrer">
                  {t('target.sourceLink')}
                </Anchor>
              </>
            ) : null}
          </Fact>
          <Fact label={t('target.path')}>
            {t(`pathKind.${target.path.kind}`)}
            {target.path.steps.length > 0
              ? `: ${target.path.steps.map((step) => `${periodLabel(step.period)} → ${formatNumber(step.value, language)}`).join('; ')}`
              : ''}
          </Fact>
          <Fact label={t('target.thresholds')}>
            {t('target.thresholdValues', {
              onTrack: percent(target.thresholds.onTrack),
              atRisk: percent(target.thresholds.atRisk),
            })}
          </Fact>
          {target.measuredBy ? (
            <Fact label={t('target.measurement')}>
              <MeasuredByNote measuredBy={target.measuredBy} withQuery />
            </Fact>
          ) : (
            <Fact label={t('target.measurement')}>{t('target.reported')}</Fact>
          )}
        </Stack>
      </Paper>
    </SimpleGrid>
  );
}
