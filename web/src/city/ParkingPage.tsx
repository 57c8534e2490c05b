import { Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { fill, formatDateTime } from '../lib/format.ts';
import { Loading } from '../shell/Loading.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { type CarPark, useParking } from './api.ts';
import { CityHeader, SimulatedBadge, WardSelect } from './components.tsx';
import { text } from './messages.ts';

const stateText = { full: text.full, almost_full: text.almostFull, available: text.available } as const;

function Free({ park }: { park: CarPark }) {
  const { pick } = useLanguage();
  if (park.availableSpotNumber === null) return <>{pick(text.noData)}</>;
  return (
    <>{fill(pick(text.freeOf), { free: park.availableSpotNumber, total: park.totalSpotNumber ?? '—' })}</>
  );
}

/** `/bai-do-xe`: free spaces at the public car parks (public, no sign-in). */
export function ParkingPage() {
  const { pick, language } = useLanguage();
  const [unitId, setUnitId] = useState('');
  const parking = useParking(unitId || undefined);
  return (
    <Stack gap="lg">
      <CityHeader
        title={text.parkingTitle}
        lead={text.parkingLead}
        simulated={parking.data?.simulated ?? false}
      />
      <WardSelect value={unitId} onChange={setUnitId} />
      {parking.isPending ? <Loading label={pick(text.loading)} /> : null}
      {parking.isError ? <ProblemAlert error={parking.error} onRetry={() => void parking.refetch()} /> : null}
      {parking.data ? (
        <>
          <Text size="sm" c="dimmed">
            {fill(pick(text.count), { n: parking.data.total })} · {pick(text.refreshNote)}
          </Text>
          {parking.data.items.length === 0 ? (
            <Text>{pick(text.empty)}</Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped data-testid="parking-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{pick(text.carPark)}</Table.Th>
                    <Table.Th scope="col">{pick(text.ward)}</Table.Th>
                    <Table.Th scope="col">{pick(text.free)}</Table.Th>
                    <Table.Th scope="col">{pick(text.status)}</Table.Th>
                    <Table.Th scope="col">{pick(text.observedAt)}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {parking.data.items.map((park) => (
                    <Table.Tr key={park.id}>
                      <Table.Th scope="row">
                        <Stack gap={4} align="flex-start">
                          <span>{park.name}</span>
                          <SimulatedBadge simulated={park.simulated} />
                        </Stack>
                      </Table.Th>
                      <Table.Td>{park.unitName ? pick(park.unitName) : '—'}</Table.Td>
                      <Table.Td>
                        <Free park={park} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={park.state === 'full' ? 700 : 400}>
                          {park.state ? pick(stateText[park.state]) : '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>{park.observedAt ? formatDateTime(park.observedAt, language) : '—'}</Table.Td>
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
