import { Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { fill } from '../../lib/format.ts';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { useResults } from '../api.ts';
import { useFrameworkInfo } from './framework-info.ts';
import { text } from './messages.ts';
import { ResultsView } from './ResultsView.tsx';
import { WhatIfPanel } from './WhatIfPanel.tsx';

function OfficialResults({ cycleId }: { cycleId: string }) {
  const { pick } = useLanguage();
  const results = useResults('official', cycleId);
  const { framework, showMap } = useFrameworkInfo(results.data);
  if (results.isPending) return <Loading label={pick(text.loading)} />;
  if (results.isError) return <ProblemAlert error={results.error} onRetry={() => void results.refetch()} />;
  return (
    <Stack gap="lg">
      <Text fw={600} data-testid="dti-cycle">
        {fill(pick(text.cycleOf), {
          year: results.data.year,
          framework: framework
            ? pick({ vi: framework.titleVi, en: framework.titleEn })
            : results.data.frameworkCode,
        })}
      </Text>
      <ResultsView
        audience="official"
        results={results.data}
        showMap={showMap}
        extra={<WhatIfPanel results={results.data} />}
      />
    </Stack>
  );
}

/** Results for the council and appraisers, before and after publication, with what-if. */
export function OfficialResultsPage() {
  const { pick } = useLanguage();
  usePageTitle(pick(text.officialTitle));
  const { cycleId } = useParams({ strict: false }) as { cycleId: string };
  return (
    <Stack gap="lg">
      <Title order={1}>{pick(text.officialTitle)}</Title>
      <RequireOfficial roles={['plan_owner', 'index_appraiser']}>
        {() => <OfficialResults cycleId={cycleId} />}
      </RequireOfficial>
    </Stack>
  );
}
