import { Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { fill, formatDateTime, formatNumber } from '../lib/format.ts';
import { Loading } from '../shell/Loading.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { useFloodLevels } from './api.ts';
import { CityHeader, SimulatedBadge, WardSelect } from './components.tsx';
import { text } from './messages.ts';

/** `/ngap-ung`: water levels on flood-prone streets against their thresholds (public, no sign-in). */
export function FloodPage() {
  const { pick, language } = useLanguage();
  const [unitId, setUnitId] = useState('');
  const floods = useFloodLevels(unitId || undefined);
  const metres = (n: number | null) =>
    n === null ? '—' : fill(pick(text.metres), { n: formatNumber(n, language) });
  return (
    <Stack gap="lg">
      <CityHeader title={text.floodTitle} lead={text.floodLead} simulated={floods.data?.simulated ?? false} />
      <WardSelect value={unitId} onChange={setUnitId} />
      {floods.isPending ? <Loading label={pick(text.loading)} /> : null}
      {floods.isError ? <ProblemAlert error={floods.error} onRetry={() => void floods.refetch()} /> : null}
      {floods.data ? (
        <>
          <Text size="sm" c="dimmed">
            {fill(pick(text.count), { n: floods.data.total })} · {pick(text.refreshNote)}
          </Text>
          {floods.data.items.length === 0 ? (
            <Text>{pick(text.empty)}</Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped data-testid="flood-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{pick(text.street)}</Table.Th>
                    <Table.Th scope="col">{pick(text.ward)}</Table.Th>
                    <Table.Th scope="col">{pick(text.level)}</Table.Th>
                    <Table.Th scope="col">{pick(text.threshold)}</Table.Th>
                    <Table.Th scope="col">{pick(text.status)}</Table.Th>
                    <Table.Th scope="col">{pick(text.rain)}</Table.Th>
                    <Table.Th scope="col">{pick(text.observedAt)}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {floods.data.items.map((point) => (
                    <Table.Tr key={point.id}>
                      <Table.Th scope="row">
                        <Stack gap={4} align="flex-start">
                          <span>{point.name}</span>
                          <SimulatedBadge simulated={point.simulated} />
                        </Stack>
                      </Table.Th>
                      <Table.Td>{point.unitName ? pick(point.unitName) : '—'}</Table.Td>
                      <Table.Td>{metres(point.currentLevel)}</Table.Td>
                      <Table.Td>{metres(point.threshold)}</Table.Td>
                      <Table.Td>
                        <Text
                          fw={point.flooded ? 700 : 400}
                          c={point.flooded ? 'red.9' : undefined}
                          size="sm"
                        >
                          {pick(point.flooded ? text.flooded : text.notFlooded)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {point.precipitation === null
                          ? '—'
                          : fill(pick(text.mmPerHour), { n: formatNumber(point.precipitation, language) })}
                      </Table.Td>
                      <Table.Td>
                        {point.observedAt ? formatDateTime(point.observedAt, language) : '—'}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      ) : null}
    </Stack>
  );
}
