import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { formatDateTime } from '../lib/format.ts';
import { RequireOfficial } from '../shell/AccessGate.tsx';
import { Loading } from '../shell/Loading.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { useOperations } from './api.ts';
import { text } from './messages.ts';
import {
  DatabaseFigures,
  Figures,
  HttpTable,
  IngestFigures,
  JobsTable,
  ReadinessTable,
  Section,
} from './panels.tsx';

/** `/console/van-hanh`: readiness, traffic, ingestion, jobs and database of the serving process. */
export function OperationsPage() {
  const { pick } = useLanguage();
  usePageTitle(pick(text.title));
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{pick(text.title)}</Title>
        <Text>{pick(text.lead)}</Text>
      </Stack>
      <RequireOfficial roles={['city_admin']}>{() => <OperationsView />}</RequireOfficial>
    </Stack>
  );
}

function uptime(seconds: number, language: 'vi' | 'en') {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const units = language === 'vi' ? ['ngày', 'giờ', 'phút'] : ['d', 'h', 'min'];
  return [days ? `${days} ${units[0]}` : '', hours ? `${hours} ${units[1]}` : '', `${minutes} ${units[2]}`]
    .filter(Boolean)
    .join(' ');
}

function OperationsView() {
  const { pick, language } = useLanguage();
  const operations = useOperations();
  if (operations.isPending) return <Loading label={pick(text.loading)} />;
  if (operations.isError)
    return <ProblemAlert error={operations.error} onRetry={() => void operations.refetch()} />;
  const data = operations.data;
  const mode = data.mode === 'embedded' || data.mode === 'postgres' ? pick(text.modes[data.mode]) : data.mode;
  return (
    <Stack gap="lg">
      <Group justify="flex-end">
        <Button variant="default" onClick={() => void operations.refetch()} loading={operations.isFetching}>
          {pick(text.refresh)}
        </Button>
      </Group>
      <Section id="ops-summary" title={pick(text.summary)}>
        <Figures
          items={[
            [pick(text.version), data.version],
            [pick(text.mode), mode],
            [pick(text.startedAt), formatDateTime(data.startedAt, language)],
            [pick(text.uptime), uptime(data.uptimeSeconds, language)],
          ]}
        />
      </Section>
      <Section id="ops-readiness" title={pick(text.readiness)}>
        <ReadinessTable readiness={data.readiness} />
      </Section>
      <Section id="ops-http" title={pick(text.http)}>
        <HttpTable routes={data.http} />
      </Section>
      <Section id="ops-ingest" title={pick(text.ingest)}>
        <IngestFigures ingest={data.ingest} />
      </Section>
      <Section id="ops-jobs" title={pick(text.jobs)}>
        <JobsTable jobs={data.jobs} />
      </Section>
      <Section id="ops-database" title={pick(text.database)}>
        <DatabaseFigures database={data.database} />
      </Section>
    </Stack>
  );
}
