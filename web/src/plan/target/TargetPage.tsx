import { Group, Stack, Text, Title } from '@mantine/core';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink, ButtonLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { ConfidenceBadge, StatusBadge } from '../components/badges.tsx';
import { PeriodPicker } from '../components/PeriodPicker.tsx';
import { LatestValue } from '../components/Values.tsx';
import { useBilingual, usePeriodLabel } from '../format.ts';
import { PLAN_ID, useTarget } from '../queries.ts';
import { ForecastSummary } from './ForecastSummary.tsx';
import { ObservationsTable } from './ObservationsTable.tsx';
import { SeriesSection } from './SeriesSection.tsx';
import { TargetFacts } from './TargetFacts.tsx';
import { TargetHistory } from './TargetHistory.tsx';

function TargetView({ code, period }: { code: string; period?: string }) {
  const { t } = useTranslation('plan');
  const { t: tc } = useTranslation();
  const { label } = useBilingual();
  const periodLabel = usePeriodLabel();
  const navigate = useNavigate({ from: '/ke-hoach/chi-tieu/$code' });
  const target = useTarget(PLAN_ID, code, period);
  usePageTitle(target.data ? `${target.data.code} — ${label(target.data)}` : t('target.title'));
  if (target.isPending) return <Loading label={tc('loading')} />;
  if (target.isError) return <ProblemAlert error={target.error} onRetry={() => void target.refetch()} />;
  const data = target.data;
  return (
    <Stack gap="lg" aria-busy={target.isFetching}>
      <Stack gap="xs">
        <AnchorLink to="/ke-hoach/tong-quan" size="sm">
          ← {t('target.back')}
        </AnchorLink>
        <Title order={1}>
          {data.code} — {label(data)}
        </Title>
        <Group gap="xs">
          <ConfidenceBadge confidence={data.confidence} label={data.confidenceLabel} />
          <StatusBadge status={data.status} overridden={Boolean(data.override)} />
          <Text size="sm" data-testid="target-status">
            {t('target.statusFor', { period: periodLabel(data.period), status: t(`status.${data.status}`) })}
          </Text>
        </Group>
        {data.override ? (
          <Text size="sm">
            {t('target.overriddenNote', {
              computed: t(`status.${data.override.computedStatus}`),
              note: data.override.note,
            })}
          </Text>
        ) : null}
        <Group gap="lg" align="flex-start">
          <div>
            <Text size="sm" fw={700}>
              {t('targets.latest')}
            </Text>
            <LatestValue latest={data.latest} unit={data.unit} />
          </div>
          {data.canEdit ? (
            <ButtonLink
              to="/console/ke-hoach/chi-tieu/$code"
              params={{ code: data.code }}
              variant="outline"
              ml="auto"
            >
              {t('target.edit')}
            </ButtonLink>
          ) : null}
        </Group>
      </Stack>
      <PeriodPicker
        value={period}
        current={data.period}
        onChange={(next) => void navigate({ search: { period: next } })}
      />
      <TargetFacts target={data} />
      <ForecastSummary target={data} />
      <SeriesSection target={data} />
      <ObservationsTable observations={data.observations} unit={data.unit} />
      <TargetHistory target={data} />
    </Stack>
  );
}

/** One target: its series against the expected path, forecast, observations with provenance. */
export function TargetPage() {
  const { code } = useParams({ from: '/ke-hoach/chi-tieu/$code' });
  const { period } = useSearch({ from: '/ke-hoach/chi-tieu/$code' });
  return <RequireOfficial>{() => <TargetView code={code} period={period} />}</RequireOfficial>;
}
