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
import { fill } from '../lib/format.ts';
import { Loading } from '../shell/Loading.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { type Level, useCatchment } from './api.ts';
import { DemoBadge, PilotHeader, ProcedureLink, WardSelect } from './components.tsx';
import { text } from './messages.ts';

type Lookup = { unitId?: string; address?: string; street?: string; level?: Level };
const levels: Level[] = ['preschool', 'primary', 'lower_secondary'];

/** `/truong-hoc`: which public school's catchment covers an address (ward or commune, street). */
export function SchoolsPage() {
  const { pick, unitName } = useLanguage();
  const [draft, setDraft] = useState<Lookup>({});
  const [lookup, setLookup] = useState<Lookup | null>(null);
  const [missing, setMissing] = useState(false);
  const result = useCatchment(lookup);
  return (
    <Stack gap="lg">
      <PilotHeader title={text.schoolsTitle} lead={text.schoolsLead} />
      <Paper
        component="form"
        role="search"
        withBorder
        p="md"
        onSubmit={(event) => {
          event.preventDefault();
          const ready = Boolean(draft.unitId || draft.address);
          setMissing(!ready);
          if (ready) setLookup({ ...draft });
        }}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={pick(text.address)}
            maxLength={300}
            value={draft.address ?? ''}
            onChange={(event) => setDraft({ ...draft, address: event.currentTarget.value || undefined })}
          />
          <WardSelect
            value={draft.unitId ?? ''}
            onChange={(unitId) => setDraft({ ...draft, unitId: unitId || undefined })}
            emptyLabel={text.chooseWard}
          />
          <TextInput
            label={pick(text.street)}
            maxLength={200}
            value={draft.street ?? ''}
            onChange={(event) => setDraft({ ...draft, street: event.currentTarget.value || undefined })}
          />
          <NativeSelect
            label={pick(text.level)}
            value={draft.level ?? ''}
            onChange={(event) =>
              setDraft({ ...draft, level: (event.currentTarget.value || undefined) as Level })
            }
            data={[
              { value: '', label: pick(text.anyLevel) },
              ...levels.map((level) => ({ value: level, label: pick(text.levels[level]) })),
            ]}
          />
        </SimpleGrid>
        {missing ? (
          <Text c="red.8" mt="sm" role="alert">
            {pick(text.needWardOrAddress)}
          </Text>
        ) : null}
        <Group mt="md">
          <Button type="submit">{pick(text.lookup)}</Button>
        </Group>
      </Paper>
      {lookup === null ? null : result.isPending ? (
        <Loading label={pick(text.loading)} />
      ) : result.isError ? (
        <ProblemAlert error={result.error} onRetry={() => void result.refetch()} />
      ) : (
        <section aria-labelledby="school-results">
          <Stack gap="sm" aria-busy={result.isFetching}>
            <Title order={2} size="h3" id="school-results">
              {fill(pick(text.schoolsFor), { unit: unitName(result.data.unit) })}
            </Title>
            {result.data.items.length === 0 ? <Text>{pick(text.noSchools)}</Text> : null}
            <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {result.data.items.map((school) => (
                <Card component="li" withBorder key={school.id} data-school={school.id}>
                  <Stack gap={4}>
                    <Group gap="xs">
                      <Text fw={600}>{school.name}</Text>
                      <DemoBadge demo={school.demo} />
                    </Group>
                    <Text size="sm">
                      {pick(text.levels[school.level])} · {school.address}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {school.coveredStreet
                        ? fill(pick(text.streetOnly), { street: school.coveredStreet })
                        : pick(text.wholeWard)}
                    </Text>
                  </Stack>
                </Card>
              ))}
            </Stack>
            <ProcedureLink procedure={result.data.enrolment} label={text.enrol} />
          </Stack>
        </section>
      )}
    </Stack>
  );
}
