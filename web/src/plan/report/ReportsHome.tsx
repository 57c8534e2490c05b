import { Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format.ts';
import { holdsRole } from '../../lib/session.ts';
import type { OfficialPrincipal } from '../../lib/types.ts';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { AgencyLabel } from '../components/AgencyLabel.tsx';
import { ExampleBadge, SubmissionBadge } from '../components/badges.tsx';
import { usePeriodLabel } from '../format.ts';
import { useIsPlanOwner } from '../owner.ts';
import { PLAN_ID, useCompletion, useCycles } from '../queries.ts';
import type { Cycle } from '../types.ts';

/** One open cycle: the agencies the official reports or reviews for, with their state. */
function CycleWork({
  cycle,
  principal,
  isOwner,
}: {
  cycle: Cycle;
  principal: OfficialPrincipal;
  isOwner: boolean;
}) {
  const { t } = useTranslation('plan');
  const { t: tc } = useTranslation();
  const { language } = useLanguage();
  const periodLabel = usePeriodLabel();
  const completion = useCompletion(cycle.id);
  const headingId = `cycle-${cycle.id}-heading`;
  const role = (agencyId: string) => {
    const roles: string[] = [];
    if (holdsRole(principal, ['agency_reporter'], agencyId)) roles.push(t('reports.reporter'));
    if (holdsRole(principal, ['agency_reviewer'], agencyId)) roles.push(t('reports.reviewer'));
    if (roles.length === 0 && isOwner) roles.push(t('reports.owner'));
    return roles;
  };
  const rows = (completion.data?.rows ?? []).filter((row) => role(row.agency.id).length > 0);
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
      {completion.isPending ? (
        <Loading label={tc('loading')} />
      ) : completion.isError ? (
        <ProblemAlert error={completion.error} onRetry={() => void completion.refetch()} />
      ) : rows.length === 0 ? (
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
              {rows.map((row) => (
                <Table.Tr key={row.agency.id}>
                  <Table.Td>
                    <AgencyLabel agency={row.agency} />
                  </Table.Td>
                  <Table.Td>{role(row.agency.id).join(', ')}</Table.Td>
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

function Work({ principal }: { principal: OfficialPrincipal }) {
  const { t } = useTranslation('plan');
  const { t: tc } = useTranslation();
  const cycles = useCycles(PLAN_ID);
  const isOwner = useIsPlanOwner();
  if (cycles.isPending) return <Loading label={tc('loading')} />;
  if (cycles.isError) return <ProblemAlert error={cycles.error} onRetry={() => void cycles.refetch()} />;
  const open = cycles.data.filter((cycle) => cycle.status === 'open');
  if (open.length === 0) return <Text>{t('reports.noOpenCycle')}</Text>;
  return (
    <Stack gap="xl">
      {open.map((cycle) => (
        <CycleWork key={cycle.id} cycle={cycle} principal={principal} isOwner={isOwner} />
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
        {(principal) => <Work principal={principal} />}
      </RequireOfficial>
    </Stack>
  );
}
