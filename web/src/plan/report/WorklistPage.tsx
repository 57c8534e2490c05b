import { Group, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { holdsRole } from '../../lib/session.ts';
import type { OfficialPrincipal } from '../../lib/types.ts';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { AgencyLabel } from '../components/AgencyLabel.tsx';
import { ExampleBadge } from '../components/badges.tsx';
import { usePeriodLabel } from '../format.ts';
import { useIsPlanOwner } from '../owner.ts';
import { planKeys, useWorklist } from '../queries.ts';
import { SubmissionActions } from './SubmissionActions.tsx';
import { SubmissionStatus } from './SubmissionStatus.tsx';
import { TargetEntry } from './TargetEntry.tsx';
import { TaskEntry } from './TaskEntry.tsx';

function Worklist({
  cycleId,
  agencyId,
  principal,
}: {
  cycleId: string;
  agencyId: string;
  principal: OfficialPrincipal;
}) {
  const { t } = useTranslation('plan');
  const { t: tc } = useTranslation();
  const { unitName } = useLanguage();
  const periodLabel = usePeriodLabel();
  const queryClient = useQueryClient();
  const worklist = useWorklist(cycleId, agencyId);
  const isOwner = useIsPlanOwner();
  const heading = worklist.data
    ? t('worklist.heading', {
        period: periodLabel(worklist.data.cycle.period),
        agency: unitName(worklist.data.agency),
      })
    : t('worklist.title');
  usePageTitle(heading);
  // Every write changes what the plan pages show (status, forecast, public values): refresh them all.
  const refresh = () => queryClient.invalidateQueries({ queryKey: planKeys.all });
  if (worklist.isPending) return <Loading label={tc('loading')} />;
  if (worklist.isError)
    return <ProblemAlert error={worklist.error} onRetry={() => void worklist.refetch()} />;
  const data = worklist.data;
  // Forms start again from the server's data after each transition (submit, return, reopen).
  const version = `${data.submission.state}:${data.submission.events.length}`;
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <AnchorLink to="/console/bao-cao" size="sm">
          ← {t('worklist.back')}
        </AnchorLink>
        <Title order={1}>{heading}</Title>
        <Group gap="xs">
          <Text size="sm">
            <AgencyLabel agency={data.agency} />
          </Text>
          {data.cycle.example ? <ExampleBadge /> : null}
        </Group>
      </Stack>
      <SubmissionStatus worklist={data} />
      <section aria-labelledby="worklist-targets-heading">
        <Title order={2} size="h3" id="worklist-targets-heading" mb="xs">
          {t('worklist.targets', { count: data.targets.length })}
        </Title>
        {data.targets.length === 0 ? (
          <Text>{t('worklist.noTargets')}</Text>
        ) : (
          <Stack gap="md">
            {data.targets.map((item) => (
              <TargetEntry
                key={`${item.code}:${version}`}
                cycleId={cycleId}
                agencyId={agencyId}
                item={item}
                editable={data.editable}
                onChanged={refresh}
              />
            ))}
          </Stack>
        )}
      </section>
      <section aria-labelledby="worklist-tasks-heading">
        <Title order={2} size="h3" id="worklist-tasks-heading" mb="xs">
          {t('worklist.tasks', { count: data.tasks.length })}
        </Title>
        {data.tasks.length === 0 ? (
          <Text>{t('worklist.noTasks')}</Text>
        ) : (
          <Stack gap="md">
            {data.tasks.map((item) => (
              <TaskEntry
                key={`${item.task.id}:${version}`}
                period={data.cycle.period}
                item={item}
                editable={data.editable}
                onChanged={refresh}
              />
            ))}
          </Stack>
        )}
      </section>
      <SubmissionActions
        cycleId={cycleId}
        agencyId={agencyId}
        state={data.submission.state}
        canSubmit={data.editable}
        canReview={holdsRole(principal, ['agency_reviewer'], agencyId)}
        canReopen={isOwner}
        onChanged={refresh}
      />
    </Stack>
  );
}

/**
 * One agency's report for one cycle: the reporter enters values and task reports with evidence
 * and submits; the reviewer returns it with a reason or approves it; the plan owner may reopen it.
 */
export function WorklistPage() {
  const { cycleId, agencyId } = useParams({ from: '/console/bao-cao/$cycleId/$agencyId' });
  return (
    <RequireOfficial roles={['agency_reporter', 'agency_reviewer', 'plan_owner']}>
      {(principal) => <Worklist cycleId={cycleId} agencyId={agencyId} principal={principal} />}
    </RequireOfficial>
  );
}
