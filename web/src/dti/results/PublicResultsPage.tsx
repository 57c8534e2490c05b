import { Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useNavigate, useParams } from '@tanstack/react-router';
import { fill } from '../../lib/format.ts';
import { Loading } from '../../shell/Loading.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { type PublishedCycle, usePublishedCycles, useResults } from '../api.ts';
import { useFrameworkInfo } from './framework-info.ts';
import { text } from './messages.ts';
import { ResultsView } from './ResultsView.tsx';
import { cyclesOfFramework, latestCycle } from './ranking.ts';

/** Framework and year among the published cycles; choosing one opens `/chi-so-chuyen-doi-so/<id>`. */
function CyclePicker({ cycles, current }: { cycles: PublishedCycle[]; current: PublishedCycle }) {
  const { pick } = useLanguage();
  const navigate = useNavigate();
  const { titles } = useFrameworkInfo(undefined);
  const open = (cycle: PublishedCycle | undefined) => {
    if (cycle) void navigate({ to: '/chi-so-chuyen-doi-so/$cycleId', params: { cycleId: cycle.id } });
  };
  const codes = [...new Set(cycles.map((cycle) => cycle.frameworkCode))];
  const years = cyclesOfFramework(cycles, current.frameworkCode);
  return (
    <Group gap="md" align="flex-end" role="group" aria-label={pick(text.chooseCycle)}>
      <NativeSelect
        label={pick(text.chooseFramework)}
        value={current.frameworkCode}
        onChange={(event) => open(cyclesOfFramework(cycles, event.currentTarget.value)[0])}
        data={codes.map((code) => {
          const title = titles.get(code);
          return { value: code, label: title ? pick(title) : code };
        })}
        maw={520}
      />
      <NativeSelect
        label={pick(text.chooseYear)}
        value={current.id}
        onChange={(event) => open(years.find((cycle) => cycle.id === event.currentTarget.value))}
        data={years.map((cycle) => ({ value: cycle.id, label: String(cycle.year) }))}
      />
    </Group>
  );
}

function PublishedResults({ cycleId }: { cycleId: string }) {
  const { pick } = useLanguage();
  const results = useResults('public', cycleId);
  const { showMap } = useFrameworkInfo(results.data);
  if (results.isPending) return <Loading label={pick(text.loading)} />;
  if (results.isError) return <ProblemAlert error={results.error} onRetry={() => void results.refetch()} />;
  return <ResultsView key={cycleId} audience="public" results={results.data} showMap={showMap} />;
}

/** The public results page: the latest published cycle unless one is named in the address. */
export function PublicResultsPage() {
  const { pick } = useLanguage();
  usePageTitle(pick(text.publicTitle));
  const { cycleId } = useParams({ strict: false }) as { cycleId?: string };
  const published = usePublishedCycles();
  const cycles = published.data ?? [];
  const current = cycles.find((cycle) => cycle.id === cycleId) ?? (cycleId ? undefined : latestCycle(cycles));
  const { titles } = useFrameworkInfo(undefined);
  const title = current ? titles.get(current.frameworkCode) : undefined;
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{pick(text.publicTitle)}</Title>
        <Text maw={860}>{pick(text.publicLead)}</Text>
        {current ? (
          <Text fw={600} data-testid="dti-cycle">
            {fill(pick(text.cycleOf), {
              year: current.year,
              framework: title ? pick(title) : current.frameworkCode,
            })}
          </Text>
        ) : null}
      </Stack>
      {published.isPending ? <Loading label={pick(text.loading)} /> : null}
      {published.isError ? (
        <ProblemAlert error={published.error} onRetry={() => void published.refetch()} />
      ) : null}
      {published.data && cycles.length === 0 ? (
        <Text data-testid="dti-none">{pick(text.noPublished)}</Text>
      ) : null}
      {current ? <CyclePicker cycles={cycles} current={current} /> : null}
      {cycleId || current ? <PublishedResults cycleId={cycleId ?? current!.id} /> : null}
    </Stack>
  );
}
