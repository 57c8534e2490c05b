import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { fill } from '../../lib/format.ts';
import { holdsRole } from '../../lib/session.ts';
import type { OfficialPrincipal } from '../../lib/types.ts';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { useCycles } from '../api.ts';
import { text } from './messages.ts';

function HubCard({ title, body, children }: { title: string; body: string; children: ReactNode }) {
  return (
    <Card component="li" withBorder padding="lg" radius="md">
      <Stack gap="xs" h="100%">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Text size="sm">{body}</Text>
        <div style={{ marginTop: 'auto' }}>{children}</div>
      </Stack>
    </Card>
  );
}

/** `/console/chi-so-cds`: the index's functions, one card per thing the official's roles allow. */
export function HubPage() {
  const { pick } = useLanguage();
  usePageTitle(pick(text.title));
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{pick(text.title)}</Title>
        <Text>{pick(text.lead)}</Text>
      </Stack>
      <RequireOfficial>{(principal) => <Cards principal={principal} />}</RequireOfficial>
    </Stack>
  );
}

function Cards({ principal }: { principal: OfficialPrincipal }) {
  const { pick } = useLanguage();
  const council = holdsRole(principal, ['plan_owner']);
  const appraiser = holdsRole(principal, ['index_appraiser']);
  const open = (label: { vi: string; en: string }) => `${pick(text.open)}: ${pick(label)}`;
  return (
    <SimpleGrid
      cols={{ base: 1, md: 2 }}
      spacing="md"
      component="ul"
      style={{ listStyle: 'none', padding: 0 }}
    >
      {council ? (
        <HubCard title={pick(text.cycles)} body={pick(text.cyclesBody)}>
          <AnchorLink to="/console/chi-so-cds/ky-danh-gia" fw={600}>
            {open(text.cycles)}
          </AnchorLink>
        </HubCard>
      ) : null}
      {appraiser ? (
        <HubCard title={pick(text.appraisal)} body={pick(text.appraisalBody)}>
          <AnchorLink to="/console/chi-so-cds/tham-dinh" fw={600}>
            {open(text.appraisal)}
          </AnchorLink>
        </HubCard>
      ) : null}
      {holdsRole(principal, ['agency_reporter']) ? (
        <HubCard title={pick(text.selfAssessment)} body={pick(text.selfAssessmentBody)}>
          <AnchorLink to="/console/chi-so-cds/tu-danh-gia" fw={600}>
            {open(text.selfAssessment)}
          </AnchorLink>
        </HubCard>
      ) : null}
      {council || appraiser ? (
        <HubCard title={pick(text.results)} body={pick(text.resultsBody)}>
          <ResultsLinks />
        </HubCard>
      ) : null}
      <HubCard title={pick(text.frameworks)} body={pick(text.frameworksBody)}>
        <AnchorLink to="/console/chi-so-cds/bo-chi-so" fw={600}>
          {open(text.frameworks)}
        </AnchorLink>
      </HubCard>
      <HubCard title={pick(text.public)} body={pick(text.publicBody)}>
        <AnchorLink to="/chi-so-chuyen-doi-so" fw={600}>
          {open(text.public)}
        </AnchorLink>
      </HubCard>
    </SimpleGrid>
  );
}

function ResultsLinks() {
  const { pick } = useLanguage();
  const cycles = useCycles();
  if (!cycles.data?.length) return <Text size="sm">{pick(text.noCycles)}</Text>;
  return (
    <Stack gap={4}>
      {cycles.data.map((cycle) => (
        <AnchorLink
          key={cycle.id}
          to="/console/chi-so-cds/ket-qua/$cycleId"
          params={{ cycleId: cycle.id }}
          fw={600}
        >
          {fill(pick(text.resultsOf), { code: cycle.frameworkCode, year: cycle.year })}
        </AnchorLink>
      ))}
    </Stack>
  );
}
