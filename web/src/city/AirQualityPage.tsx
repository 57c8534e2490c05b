import { Box, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { fill, formatNumber } from '../lib/format.ts';
import { Loading } from '../shell/Loading.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { type AirStation, useAirQuality } from './api.ts';
import { CityHeader, Observed, SimulatedBadge, textOn, WardSelect } from './components.tsx';
import { text } from './messages.ts';

function Station({ station }: { station: AirStation }) {
  const { pick, language } = useLanguage();
  const value = (n: number | null) =>
    n === null ? '—' : `${formatNumber(n, language)} ${pick(text.microgram)}`;
  return (
    <Card
      withBorder
      padding="md"
      component="article"
      aria-labelledby={`air-${station.id}`}
      data-testid="air-station"
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={2} size="h4" id={`air-${station.id}`}>
              {station.name}
            </Title>
            {station.unitName ? <Text size="sm">{pick(station.unitName)}</Text> : null}
          </Stack>
          <SimulatedBadge simulated={station.simulated} />
        </Group>
        {station.aqi !== null && station.color && station.category ? (
          <Box
            p="sm"
            style={{ background: station.color, color: textOn(station.color), borderRadius: 8 }}
            data-testid="aqi"
          >
            <Text fw={700} size="xl" c="inherit">
              {fill(pick(text.aqiOf), { n: station.aqi, category: pick(station.category) })}
            </Text>
          </Box>
        ) : (
          <Text>{pick(text.noData)}</Text>
        )}
        {station.advice ? (
          <Stack gap={4}>
            <Text size="sm">
              <strong>{pick(text.adviceGeneral)}:</strong> {pick(station.advice.general)}
            </Text>
            <Text size="sm">
              <strong>{pick(text.adviceSensitive)}:</strong> {pick(station.advice.sensitive)}
            </Text>
          </Stack>
        ) : null}
        <Group gap="lg">
          <Text size="sm">
            {pick(text.pm25)}: {value(station.pm25)}
          </Text>
          <Text size="sm">
            {pick(text.pm10)}: {value(station.pm10)}
          </Text>
          <Text size="sm">
            {pick(text.no2)}: {value(station.no2)}
          </Text>
        </Group>
        <Observed at={station.observedAt} />
      </Stack>
    </Card>
  );
}

/** `/khong-khi`: VN_AQI by station with its colour, category and advice (public, no sign-in). */
export function AirQualityPage() {
  const { pick } = useLanguage();
  const [unitId, setUnitId] = useState('');
  const air = useAirQuality(unitId || undefined);
  return (
    <Stack gap="lg">
      <CityHeader title={text.airTitle} lead={text.airLead} simulated={air.data?.simulated ?? false} />
      <WardSelect value={unitId} onChange={setUnitId} />
      {air.isPending ? <Loading label={pick(text.loading)} /> : null}
      {air.isError ? <ProblemAlert error={air.error} onRetry={() => void air.refetch()} /> : null}
      {air.data ? (
        <>
          <Text size="sm" c="dimmed">
            {fill(pick(text.count), { n: air.data.total })} · {pick(text.refreshNote)}
          </Text>
          {air.data.items.length === 0 ? <Text>{pick(text.empty)}</Text> : null}
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {air.data.items.map((station) => (
              <Station key={station.id} station={station} />
            ))}
          </SimpleGrid>
        </>
      ) : null}
    </Stack>
  );
}
