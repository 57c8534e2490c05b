import { Group, Stack, Text, Title } from '@mantine/core';
import { useSearch } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { ButtonLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { type TaskFilters as Filters, PLAN_ID, usePlan, useTasks } from '../queries.ts';
import type { TaskBoardSearch } from '../search.ts';
import { TaskFilters } from './TaskFilters.tsx';
import { TaskTable } from './TaskTable.tsx';

const PAGE_SIZE = 50;

function TaskBoard({ search }: { search: TaskBoardSearch }) {
  const { t } = useTranslation('plan');
  const { t: tc } = useTranslation();
  const { unitName } = useLanguage();
  const plan = usePlan(PLAN_ID);
  const page = search.page ?? 1;
  const filters: Filters = {
    agency: search.agency,
    pillar: search.pillar,
    status: search.status,
    overdue: search.overdue ? 'true' : undefined,
    lineage: search.lineage ? 'true' : undefined,
    q: search.q,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const tasks = useTasks(PLAN_ID, filters);
  const searchKey = JSON.stringify(search);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by value
  const current = useMemo(() => search, [searchKey]);
  const pillars = plan.data?.pillars ?? [];
  const pillarName = (code: string) => {
    const pillar = pillars.find((candidate) => candidate.code === code);
    return pillar ? unitName(pillar) : code;
  };
  const total = tasks.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <Stack gap="lg">
      <TaskFilters current={current} pillars={pillars} />
      {tasks.isPending ? (
        <Loading label={tc('loading')} />
      ) : tasks.isError ? (
        <ProblemAlert error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : (
        <Stack gap="sm" aria-busy={tasks.isFetching}>
          <Text role="status" data-testid="task-count">
            {t('tasks.count', { count: total })}
          </Text>
          {tasks.data.tasks.length === 0 ? (
            <Text>{t('tasks.none')}</Text>
          ) : (
            <TaskTable tasks={tasks.data.tasks} caption={t('tasks.caption')} pillarName={pillarName} />
          )}
          {pages > 1 ? (
            <Group gap="xs">
              {page > 1 ? (
                <ButtonLink to="/ke-hoach/nhiem-vu" search={{ ...search, page: page - 1 }} variant="default">
                  {t('tasks.previous')}
                </ButtonLink>
              ) : null}
              <Text size="sm">{t('tasks.page', { page, pages })}</Text>
              {page < pages ? (
                <ButtonLink to="/ke-hoach/nhiem-vu" search={{ ...search, page: page + 1 }} variant="default">
                  {t('tasks.next')}
                </ButtonLink>
              ) : null}
            </Group>
          ) : null}
        </Stack>
      )}
    </Stack>
  );
}

/** The task board: every task of the plan, filtered by agency, pillar, status and overdue. */
export function TaskBoardPage() {
  const { t } = useTranslation('plan');
  usePageTitle(t('tasks.title'));
  const search = useSearch({ from: '/ke-hoach/nhiem-vu' });
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{t('tasks.heading')}</Title>
        <Text>{t('tasks.lead')}</Text>
      </Stack>
      <RequireOfficial>{() => <TaskBoard search={search} />}</RequireOfficial>
    </Stack>
  );
}
