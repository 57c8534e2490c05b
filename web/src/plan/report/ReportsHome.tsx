import { Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format.ts';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { AgencyLabel } from '../components/AgencyLabel.tsx';
import { ExampleBadge, SubmissionBadge } from '../components/badges.tsx';
import { usePeriodLabel } from '../format.ts';
import { useMyWorklists } from '../queries.ts';
import type { MyWorklists } from '../types.ts';

type CycleWork = MyWorklists['cycles'][number];

/** One open cycle: the agencies the official reports or reviews for, with their state. */
function CycleWorkTable({ work }: { work: CycleWork }) {
  const { t } = useTranslation('plan');
  const { language } = useLanguage();
  const periodLabel = usePeriodLabel();
  const { cycle } = work;
  const headingId = `cycle-${cycle.id}-heading`;
  return (
    <section aria-labelledby={headingId}>
      <Group gap="xs" mb="xs">
        <Title order={2} size="h3" id={headingId}>
          {t('reports.cycleHeading', {
            period: periodLabel(cycle.period),
            due: formatDate(cycle.dueOn, language),
          })}
        </Title>
        {cycle.example ? <ExampleBadge /> : null}
      </Group>
      {work.agencies.length === 0 ? (
        <Text>{t('reports.nothing')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped withTableBorder data-testid={`work-${cycle.period}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('observations.agency')}</Table.Th>
                <Table.Th scope="col">{t('reports.yourRole')}</Table.Th>
                <Table.Th scope="col">{t('cycles.state')}</Table.Th>
                <Table.Th scope="col">{t('completion.worklist')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {work.agencies.map((row) => (
                <Table.Tr key={row.agency.id} data-agency={row.agency.id}>
                  <Table.Td>
                    <AgencyLabel agency={row.agency} />
                  </Table.Td>
                  <Table.Td>{row.roles.map((role) => t(`reports.${role}`)).join(', ')}</Table.Td>
                  <Table.Td>
                    <SubmissionBadge state={row.state} late={row.late} />
                  </Table.Td>
                  <Table.Td>
                    <AnchorLink
                      to="/console/bao-cao/$cycleId/$agencyId"
                      params={{ cycleId: cycle.id, agencyId: row.agency.id }}
                      fw={600}
                    >
                      {t('reports.open', {
                        agency: language === 'en' ? row.agency.nameEn : row.agency.nameVi,
                      })}
                    </AnchorLink>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}

/** One request for the whole page: the open cycles and the official's agencies in each. */
function Work() {
  const { t } = useTranslation('plan');
  const { t: tc } = useTranslation();
  const mine = useMyWorklists();
  if (mine.isPending) return <Loading label={tc('loading')} />;
  if (mine.isError) return <ProblemAlert error={mine.error} onRetry={() => void mine.refetch()} />;
  if (mine.data.cycles.length === 0) return <Text>{t('reports.noOpenCycle')}</Text>;
  return (
    <Stack gap="xl">
      {mine.data.cycles.map((work) => (
        <CycleWorkTable key={work.cycle.id} work={work} />
      ))}
    </Stack>
  );
}

/** Reporting and review: the open cycles and, in each, the agencies the official works for. */
export function ReportsHome() {
  const { t } = useTranslation('plan');
  usePageTitle(t('reports.title'));
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{t('reports.heading')}</Title>
        <Text>{t('reports.lead')}</Text>
      </Stack>
      <RequireOfficial roles={['agency_reporter', 'agency_reviewer', 'plan_owner']}>
        {() => <Work />}
      </RequireOfficial>
    </Stack>
  );
}
