import { Badge, Group, type MantineColor, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { formatDateTime, formatNumber } from '../lib/format.ts';
import { Loading } from '../shell/Loading.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { type Station, useStations } from './api.ts';
import { DemoBadge, PilotHeader, useWardName, WardSelect } from './components.tsx';
import { text } from './messages.ts';

const levelColors: Record<Station['level'], MantineColor> = {
  low: 'teal',
  medium: 'violet',
  high: 'red',
  unknown: 'gray',
};

/** `/tram-y-te`: commune health stations' load today (visits against capacity, people waiting). */
export function HealthPage() {
  const { pick, language } = useLanguage();
  const wardName = useWardName();
  const [unitId, setUnitId] = useState('');
  const stations = useStations({ unitId: unitId || undefined, limit: 200 });
  return (
    <Stack gap="lg">
      <PilotHeader title={text.healthTitle} lead={text.healthLead} />
      <Stack maw={360}>
        <WardSelect value={unitId} onChange={setUnitId} emptyLabel={text.anyWard} />
      </Stack>
      <section aria-labelledby="stations">
        <Title order={2} size="h3" id="stations" mb="sm">
          {pick(text.results)}
        </Title>
        {stations.isPending ? (
          <Loading label={pick(text.loading)} />
        ) : stations.isError ? (
          <ProblemAlert error={stations.error} onRetry={() => void stations.refetch()} />
        ) : stations.data.items.length === 0 ? (
          <Text>{pick(text.none)}</Text>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table withTableBorder striped aria-labelledby="stations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{pick(text.station)}</Table.Th>
                  <Table.Th ta="right">{pick(text.capacity)}</Table.Th>
                  <Table.Th ta="right">{pick(text.visits)}</Table.Th>
                  <Table.Th ta="right">{pick(text.waiting)}</Table.Th>
                  <Table.Th>{pick(text.load)}</Table.Th>
                  <Table.Th>{pick(text.reportedAt)}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {stations.data.items.map((station) => (
                  <Table.Tr key={station.id} data-station={station.id}>
                    <Table.Td>
                      <Stack gap={2}>
                        <Group gap="xs">
                          <Text fw={600}>{station.name}</Text>
                          <DemoBadge demo={station.demo} />
                        </Group>
                        <Text size="sm">
                          {station.address} · {wardName(station.unitId)}
                        </Text>
                      </Stack>
                    </Table.Td>
                    <Table.Td ta="right">{formatNumber(station.capacityPerDay, language)}</Table.Td>
                    <Table.Td ta="right">
                      {station.today ? formatNumber(station.today.visitsToday, language) : '—'}
                    </Table.Td>
                    <Table.Td ta="right">
                      {station.today ? formatNumber(station.today.waiting, language) : '—'}
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={4}>
                        <Badge color={levelColors[station.level]} variant="light" tt="none">
                          {pick(text.levels_[station.level])}
                          {station.today ? ` · ${station.today.loadPct}%` : ''}
                        </Badge>
                        {station.today ? (
                          <Progress
                            value={Math.min(100, station.today.loadPct)}
                            color={levelColors[station.level]}
                            aria-label={`${pick(text.load)} ${station.today.loadPct}%`}
                          />
                        ) : null}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      {station.today
                        ? formatDateTime(station.today.reportedAt, language)
                        : pick(text.noReport)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>
    </Stack>
  );
}
