import { Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format.ts';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { ExampleBadge } from '../components/badges.tsx';
import { usePeriodLabel } from '../format.ts';
import { useIsPlanOwner } from '../owner.ts';
import { PLAN_ID, useCycles } from '../queries.ts';
import { OpenCycleForm } from './OpenCycleForm.tsx';

function CycleList() {
  const { t } = useTranslation('plan');
  const { t: tc } = useTranslation();
  const { language } = useLanguage();
  const periodLabel = usePeriodLabel();
  const cycles = useCycles(PLAN_ID);
  const isOwner = useIsPlanOwner();
  return (
    <Stack gap="lg">
      {isOwner ? <OpenCycleForm /> : null}
      {cycles.isPending ? (
        <Loading label={tc('loading')} />
      ) : cycles.isError ? (
        <ProblemAlert error={cycles.error} onRetry={() => void cycles.refetch()} />
      ) : cycles.data.length === 0 ? (
        <Text>{t('cycles.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped withTableBorder data-testid="cycles">
            <Table.Caption>{t('cycles.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('cycles.period')}</Table.Th>
                <Table.Th scope="col">{t('cycles.dueOn')}</Table.Th>
                <Table.Th scope="col">{t('cycles.status')}</Table.Th>
                <Table.Th scope="col">{t('cycles.agencies')}</Table.Th>
                {(['draft', 'submitted', 'returned', 'approved'] as const).map((state) => (
                  <Table.Th scope="col" key={state}>
                    {t(`submission.${state}`)}
                  </Table.Th>
                ))}
                <Table.Th scope="col">{t('submission.late')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cycles.data.map((cycle) => (
                <Table.Tr key={cycle.id}>
                  <Table.Td>
                    <Group gap={6}>
                      <AnchorLink to="/ke-hoach/ky-bao-cao/$cycleId" params={{ cycleId: cycle.id }} fw={600}>
                        {periodLabel(cycle.period)}
                      </AnchorLink>
                      {cycle.example ? <ExampleBadge /> : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>{formatDate(cycle.dueOn, language)}</Table.Td>
                  <Table.Td>{t(`cycles.${cycle.status}`)}</Table.Td>
                  <Table.Td>{cycle.agencies}</Table.Td>
                  <Table.Td>{cycle.counts.draft}</Table.Td>
                  <Table.Td>{cycle.counts.submitted}</Table.Td>
                  <Table.Td>{cycle.counts.returned}</Table.Td>
                  <Table.Td>{cycle.counts.approved}</Table.Td>
                  <Table.Td>{cycle.counts.late}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

/** Reporting cycles of the plan; the plan owner opens new ones here. */
export function CyclesPage() {
  const { t } = useTranslation('plan');
  usePageTitle(t('cycles.title'));
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{t('cycles.heading')}</Title>
        <Text>{t('cycles.lead')}</Text>
      </Stack>
      <RequireOfficial>{() => <CycleList />}</RequireOfficial>
    </Stack>
  );
}
