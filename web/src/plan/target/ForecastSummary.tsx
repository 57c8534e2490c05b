import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, hanoiToday } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';
import { formatValue, usePeriodLabel } from '../format.ts';
import type { TargetDetail } from '../types.ts';

/** The forecast in words: where the line leads by the milestone, how sure, and what it still takes. */
export function ForecastSummary({ target }: { target: TargetDetail }) {
  const { t } = useTranslation('plan');
  const { language } = useLanguage();
  const periodLabel = usePeriodLabel();
  const forecast = target.forecast;
  const value = (number: number) => formatValue(number, target.unit, language);
  return (
    <Paper withBorder p="md" data-testid="forecast">
      <Title order={2} size="h4" mb="xs">
        {t('forecast.heading')}
      </Title>
      {!forecast ? (
        <Text size="sm">{t('forecast.none')}</Text>
      ) : (
        <Stack gap={4}>
          <Text size="sm" data-testid="forecast-projected">
            {t(forecast.atDate < hanoiToday() ? 'forecast.fitted' : 'forecast.projected', {
              date: formatDate(forecast.atDate, language),
              period: periodLabel(forecast.atPeriod),
              value: value(forecast.projected),
            })}
          </Text>
          <Text size="sm">
            {forecast.low !== null && forecast.high !== null
              ? t('forecast.interval', { low: value(forecast.low), high: value(forecast.high) })
              : t('forecast.noInterval')}
          </Text>
          <Text size="sm">
            {t('forecast.basis', { count: forecast.points, slope: value(forecast.slopePerPeriod) })}
          </Text>
          {forecast.runRateNeeded !== null ? (
            <Text size="sm">
              {t('forecast.runRate', { year: forecast.milestoneYear, value: value(forecast.runRateNeeded) })}
            </Text>
          ) : null}
        </Stack>
      )}
    </Paper>
  );
}
