import { Alert, Group, Stack, Text, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../lib/session.ts';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { ConfidenceLegend } from '../components/ConfidenceLegend.tsx';
import { PeriodPicker } from '../components/PeriodPicker.tsx';
import { PillarSummary } from '../overview/PillarSummary.tsx';
import { TargetTables } from '../overview/TargetTable.tsx';
import { PLAN_ID, usePublicPerformance } from '../queries.ts';

/**
 * The public performance page (no sign-in): every target of the published plan with its status,
 * its confidence and its latest approved value, each with a CSV download of its data. Without a
 * chosen period it shows the one the server picked (the latest with approved figures) and says why.
 */
export function PerformancePage() {
  const { t } = useTranslation('plan');
  const { t: tc } = useTranslation();
  const { pick, language } = useLanguage();
  usePageTitle(t('public.title'));
  const { period } = useSearch({ from: '/ke-hoach' });
  const navigate = useNavigate({ from: '/ke-hoach' });
  const session = useSession();
  const performance = usePublicPerformance(PLAN_ID, period);
  const isOfficial = session.data?.principal?.kind === 'official';
  return (
    <Stack gap="lg">
      <Stack gap="xs" maw={900}>
        <Title order={1}>{t('public.heading')}</Title>
        {performance.data ? (
          <Text size="lg">
            {language === 'en' ? performance.data.plan.titleEn : performance.data.plan.titleVi}
          </Text>
        ) : null}
        <Text>{t('public.lead')}</Text>
      </Stack>
      {isOfficial ? (
        <Group gap="md">
          <AnchorLink to="/ke-hoach/tong-quan" fw={600}>
            {t('nav.overview')}
          </AnchorLink>
          <AnchorLink to="/ke-hoach/nhiem-vu" fw={600}>
            {t('nav.tasks')}
          </AnchorLink>
          <AnchorLink to="/ke-hoach/ky-bao-cao" fw={600}>
            {t('nav.cycles')}
          </AnchorLink>
        </Group>
      ) : null}
      <PeriodPicker
        value={period}
        current={performance.data?.period}
        basis={performance.data?.periodBasis}
        onChange={(next) => void navigate({ search: { period: next } })}
      />
      {performance.isPending ? (
        <Loading label={tc('loading')} />
      ) : performance.isError ? (
        <ProblemAlert error={performance.error} onRetry={() => void performance.refetch()} />
      ) : (
        <Stack gap="xl" aria-busy={performance.isFetching}>
          <Alert variant="light" color="blue" title={t('public.noticeTitle')}>
            <Text size="sm">{pick(performance.data.notice)}</Text>
          </Alert>
          <ConfidenceLegend />
          <PillarSummary pillars={performance.data.pillars} period={performance.data.period} />
          <TargetTables
            pillars={performance.data.pillars}
            targets={performance.data.targets}
            linkToTarget={false}
          />
        </Stack>
      )}
    </Stack>
  );
}
