import {
  Button,
  Card,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { fill, formatDate, formatNumber } from '../lib/format.ts';
import { Loading } from '../shell/Loading.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { useSkills, useVacancies } from './api.ts';
import { DemoBadge, Pager, PilotHeader, ProcedureLink, useWardName, WardSelect } from './components.tsx';
import { text } from './messages.ts';

const LIMIT = 20;
type Filters = { unitId?: string; skill?: string; q?: string };

/** `/viec-lam`: open vacancies by ward, skill and keyword, with closing dates. */
export function JobsPage() {
  const { pick, language } = useLanguage();
  const wardName = useWardName();
  const skills = useSkills();
  const [draft, setDraft] = useState<Filters>({});
  const [filters, setFilters] = useState<Filters>({});
  const [offset, setOffset] = useState(0);
  const result = useVacancies({ ...filters, limit: LIMIT, offset });
  return (
    <Stack gap="lg">
      <PilotHeader title={text.jobsTitle} lead={text.jobsLead} />
      <Paper
        component="form"
        role="search"
        withBorder
        p="md"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters({ ...draft });
          setOffset(0);
        }}
      >
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={pick(text.keyword)}
            maxLength={100}
            value={draft.q ?? ''}
            onChange={(event) => setDraft({ ...draft, q: event.currentTarget.value || undefined })}
          />
          <WardSelect
            value={draft.unitId ?? ''}
            onChange={(unitId) => setDraft({ ...draft, unitId: unitId || undefined })}
            emptyLabel={text.anyWard}
          />
          <NativeSelect
            label={pick(text.skill)}
            value={draft.skill ?? ''}
            onChange={(event) => setDraft({ ...draft, skill: event.currentTarget.value || undefined })}
            data={[
              { value: '', label: pick(text.anySkill) },
              ...(skills.data ?? []).map((skill) => ({ value: skill.code, label: pick(skill.name) })),
            ]}
          />
        </SimpleGrid>
        <Group mt="md" gap="xs">
          <Button type="submit">{pick(text.search)}</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft({});
              setFilters({});
              setOffset(0);
            }}
          >
            {pick(text.clear)}
          </Button>
        </Group>
      </Paper>
      <section aria-labelledby="job-results">
        <Title order={2} size="h3" id="job-results" mb="sm">
          {pick(text.results)}
        </Title>
        {result.isPending ? (
          <Loading label={pick(text.loading)} />
        ) : result.isError ? (
          <ProblemAlert error={result.error} onRetry={() => void result.refetch()} />
        ) : (
          <Stack gap="sm" aria-busy={result.isFetching}>
            <Text role="status">{fill(pick(text.count), { count: result.data.total })}</Text>
            {result.data.items.length === 0 ? <Text>{pick(text.none)}</Text> : null}
            <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {result.data.items.map((job) => (
                <Card component="li" withBorder key={job.id} data-vacancy={job.id}>
                  <Stack gap={4}>
                    <Group gap="xs">
                      <Title order={3} size="h5">
                        {job.title}
                      </Title>
                      <DemoBadge demo={job.demo} />
                    </Group>
                    <Text size="sm">
                      {pick(text.employer)}: {job.employer} · {wardName(job.unitId)} · {pick(job.skillName)}
                    </Text>
                    <Text size="sm">{job.description}</Text>
                    <Text size="sm">
                      {fill(pick(text.openings), { n: job.openings })}
                      {job.salaryMin !== null && job.salaryMax !== null
                        ? ` · ${fill(pick(text.salary), {
                            min: formatNumber(job.salaryMin, language),
                            max: formatNumber(job.salaryMax, language),
                          })}`
                        : ''}
                    </Text>
                    <Text size="sm" fw={600}>
                      {fill(pick(text.closesOn), { date: formatDate(job.closesOn, language) })}
                    </Text>
                  </Stack>
                </Card>
              ))}
            </Stack>
            <Pager total={result.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            <ProcedureLink procedure={result.data.jobSeekerProcedure} label={text.registerJobSeeker} />
          </Stack>
        )}
      </section>
    </Stack>
  );
}
