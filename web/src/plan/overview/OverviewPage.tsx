import { Group, Stack, Text, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { ConfidenceLegend } from '../components/ConfidenceLegend.tsx';
import { PeriodPicker } from '../components/PeriodPicker.tsx';
import { PLAN_ID, useOverview } from '../queries.ts';
import { PillarSummary } from './PillarSummary.tsx';
import { TargetTables } from './TargetTable.tsx';

function Overview({ period }: { period?: string }) {
  const { t } = useTranslation('plan');
  const { t: tc } = useTranslation();
  const { language } = useLanguage();
  const navigate = useNavigate({ from: '/ke-hoach/tong-quan' });
  const overview = useOverview(PLAN_ID, period);
  return (
    <Stack gap="lg">
      {overview.data ? (
        <Text size="lg">{language === 'en' ? overview.data.plan.titleEn : overview.data.plan.titleVi}</Text>
      ) : null}
      <Group gap="md">
        <AnchorLink to="/ke-hoach/nhiem-vu" fw={600}>
          {t('nav.tasks')}
        </AnchorLink>
        <AnchorLink to="/ke-hoach/ky-bao-cao" fw={600}>
          {t('nav.cycles')}
        </AnchorLink>
        <AnchorLink to="/ke-hoach" search={{}} fw={600}>
          {t('nav.public')}
        </AnchorLink>
      </Group>
      <PeriodPicker
        value={period}
        current={overview.data?.period}
        onChange={(next) => void navigate({ search: { period: next } })}
      />
      {overview.isPending ? (
        <Loading label={tc('loading')} />
      ) : overview.isError ? (
        <ProblemAlert error={overview.error} onRetry={() => void overview.refetch()} />
      ) : (
        <Stack gap="xl" aria-busy={overview.isFetching}>
          <ConfidenceLegend />
          <PillarSummary
            pillars={overview.data.pillars}
            totals={overview.data.totals}
            period={overview.data.period}
          />
          <TargetTables pillars={overview.data.pillars} targets={overview.data.targets} linkToTarget />
        </Stack>
      )}
    </Stack>
  );
}

/** The plan overview for officials: status by pillar, every target with its computed status. */
export function OverviewPage() {
  const { t } = useTranslation('plan');
  usePageTitle(t('overview.title'));
  const { period } = useSearch({ from: '/ke-hoach/tong-quan' });
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{t('overview.heading')}</Title>
        <Text>{t('overview.lead')}</Text>
      </Stack>
      <RequireOfficial>{() => <Overview period={period} />}</RequireOfficial>
    </Stack>
  );
}
