import {
  Badge,
  Button,
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
import { useUnits } from '../agencies/queries.ts';
import { formatDateTime, hanoiToday } from '../lib/format.ts';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { type Incident, type IncidentState, type Step, useIncidentBoard, useIncidentStep } from './api.ts';
import { incidentLabels, severityColours, severityLabels, text } from './messages.ts';

const columns: IncidentState[] = ['new', 'acknowledged', 'dispatched', 'resolved'];
const nextStep: Partial<Record<IncidentState, Step>> = {
  new: 'acknowledge',
  acknowledged: 'dispatch',
  dispatched: 'resolve',
  resolved: 'close',
};

function IncidentCard({ incident }: { incident: Incident }) {
  const { pick, language, unitName } = useLanguage();
  const step = useIncidentStep();
  const departments = useUnits({ at: hanoiToday(), kind: 'department' }, incident.state === 'acknowledged');
  const [agencyId, setAgencyId] = useState(incident.agencyId);
  const [note, setNote] = useState('');
  const next = nextStep[incident.state];
  const name = `incident-${incident.id}`;
  return (
    <Paper withBorder p="xs" component="article" aria-labelledby={name} data-incident-id={incident.id}>
      <Stack gap={4}>
        <Group gap={6}>
          <Badge color={severityColours[incident.severity] ?? 'gray'} size="sm">
            {pick(severityLabels[incident.severity] ?? severityLabels.Unknown!)}
          </Badge>
          {incident.overdue ? (
            <Badge color="red" size="sm">
              {pick(text.overdue)}
            </Badge>
          ) : null}
        </Group>
        <Text size="sm" fw={600} id={name}>
          {pick(incident.headline)}
        </Text>
        <Text size="xs" c="dimmed">
          {pick(text.opened)} {formatDateTime(incident.openedAt, language)}
          {incident.deadline
            ? ` · ${pick(text.deadline)} ${formatDateTime(incident.deadline, language)}`
            : ''}
        </Text>
        {step.isError ? <ProblemAlert error={step.error} /> : null}
        {next === 'dispatch' ? (
          <NativeSelect
            size="xs"
            label={pick(text.dispatchTo)}
            value={agencyId}
            onChange={(event) => setAgencyId(event.currentTarget.value)}
            data={(
              departments.data?.units ?? [
                { id: incident.agencyId, nameVi: incident.agencyId, nameEn: incident.agencyId },
              ]
            ).map((unit) => ({ value: unit.id, label: unitName(unit) }))}
          />
        ) : null}
        {next ? (
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              size="xs"
              label={pick(text.note)}
              value={note}
              maxLength={2000}
              onChange={(event) => setNote(event.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <Button
              size="xs"
              loading={step.isPending}
              onClick={() =>
                step.mutate({
                  id: incident.id,
                  step: next,
                  ...(next === 'dispatch' ? { agencyId } : {}),
                  ...(note.trim() ? { note: note.trim() } : {}),
                })
              }
            >
              {pick(text[next])}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** Open incidents in columns by state; each card moves its incident one step (audited by the server). */
export function IncidentBoard() {
  const { pick } = useLanguage();
  const board = useIncidentBoard();
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="ioc-board">
      <Title order={2} size="h4" id="ioc-board" mb="xs">
        {pick(text.boardTitle)}
      </Title>
      {board.isError ? <ProblemAlert error={board.error} onRetry={() => void board.refetch()} /> : null}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        {columns.map((state) => {
          const items = board.data?.columns[state] ?? [];
          return (
            <Stack
              key={state}
              gap="xs"
              component="section"
              aria-label={pick(incidentLabels[state])}
              data-column={state}
            >
              <Text fw={600} size="sm">
                {pick(incidentLabels[state])} ({items.length})
              </Text>
              {items.length === 0 ? (
                <Text size="xs" c="dimmed">
                  {pick(text.emptyColumn)}
                </Text>
              ) : null}
              {items.map((incident) => (
                <IncidentCard key={`${incident.id}-${incident.state}`} incident={incident} />
              ))}
            </Stack>
          );
        })}
      </SimpleGrid>
    </Paper>
  );
}
