import { Badge, Button, Paper, Table, Text, Title } from '@mantine/core';
import { formatDateTime } from '../lib/format.ts';
import { useLanguage } from '../shell/use-language.ts';
import type { DevicePoint } from './api.ts';
import { stateLabels, text } from './messages.ts';

const order = { alert: 0, silent: 1, maintenance: 2, retired: 3, ok: 4 } as const;

/** The layer's devices that are not reporting normally (the keyboard route to the map's dots). */
export function AttentionList({
  devices,
  unitNames,
  onSelect,
}: {
  devices: DevicePoint[];
  unitNames: Map<string, string>;
  onSelect: (device: DevicePoint) => void;
}) {
  const { pick, language } = useLanguage();
  const shown = devices
    .filter((device) => device.state !== 'ok')
    .sort((a, b) => order[a.state] - order[b.state] || a.id.localeCompare(b.id))
    .slice(0, 50);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="ioc-attention">
      <Title order={2} size="h4" id="ioc-attention" mb="xs">
        {pick(text.devicesTitle)}
      </Title>
      {shown.length === 0 ? <Text size="sm">{pick(text.allDevicesOk)}</Text> : null}
      {shown.length > 0 ? (
        <Table fz="xs" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{pick(text.device)}</Table.Th>
              <Table.Th>{pick(text.ward)}</Table.Th>
              <Table.Th>{pick(text.state)}</Table.Th>
              <Table.Th>{pick(text.lastSeen)}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((device) => (
              <Table.Tr key={device.id} data-device-id={device.id}>
                <Table.Td>
                  {device.id}
                  {device.simulated ? (
                    <Badge size="xs" color="pink" variant="outline" tt="none" ml={4}>
                      {pick(text.simulated)}
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>{unitNames.get(device.unitId) ?? device.unitId}</Table.Td>
                <Table.Td>{pick(stateLabels[device.state])}</Table.Td>
                <Table.Td>
                  {device.lastSeenAt ? formatDateTime(device.lastSeenAt, language) : pick(text.never)}
                </Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="subtle" onClick={() => onSelect(device)}>
                    {pick(text.showSeries)}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Paper>
  );
}
