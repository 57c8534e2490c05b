import { Alert, Paper, SimpleGrid, Text } from '@mantine/core';
import { formatNumber } from '../lib/format.ts';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { useOverview } from './api.ts';
import { text } from './messages.ts';

function Tile({
  label,
  value,
  detail,
  tone,
}: {
  label: string;
  value: string;
  detail?: string;
  tone?: string;
}) {
  return (
    <Paper withBorder p="sm" role="group" aria-label={label}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700} c={tone}>
        {value}
      </Text>
      {detail ? <Text size="xs">{detail}</Text> : null}
    </Paper>
  );
}

/** KPI tiles from the operations centre's counts, read every 30 s and after each live event. */
export function Tiles() {
  const { pick, language } = useLanguage();
  const overview = useOverview();
  if (overview.isError)
    return <ProblemAlert error={overview.error} onRetry={() => void overview.refetch()} />;
  const data = overview.data;
  const sum = (record: Record<string, number> | undefined) =>
    Object.values(record ?? {}).reduce((total, value) => total + value, 0);
  const reporting = data?.devices.reduce((total, row) => total + row.reporting, 0) ?? 0;
  const total = data?.devices.reduce((all, row) => all + row.total, 0) ?? 0;
  const simulated = data?.devices.reduce((all, row) => all + row.simulated, 0) ?? 0;
  const n = (value: number) => (data ? formatNumber(value, language) : '…');
  return (
    <section aria-label={pick(text.tiles)}>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
        <Tile
          label={pick(text.tileDevices)}
          value={`${n(reporting)} / ${n(total)}`}
          detail={simulated > 0 ? `${n(simulated)} · ${pick(text.simulated)}` : undefined}
        />
        <Tile
          label={pick(text.tileAlerts)}
          value={n(sum(data?.activeAlerts))}
          tone={sum(data?.activeAlerts) > 0 ? 'red.8' : undefined}
        />
        <Tile label={pick(text.tileIncidents)} value={n(sum(data?.openIncidents))} />
        <Tile
          label={pick(text.tileOverdue)}
          value={n(data?.overdueIncidents ?? 0)}
          tone={(data?.overdueIncidents ?? 0) > 0 ? 'red.8' : undefined}
        />
        <Tile label={pick(text.tileDead)} value={n(data?.deadLettersLastDay ?? 0)} />
      </SimpleGrid>
      {simulated > 0 ? (
        <Alert color="pink" variant="light" mt="xs" p="xs">
          {pick(text.simulatedNote)}
        </Alert>
      ) : null}
    </section>
  );
}
