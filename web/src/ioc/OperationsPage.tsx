import { Alert, Button, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useBoundaries } from '../agencies/queries.ts';
import { hanoiToday } from '../lib/format.ts';
import { RequireOfficial } from '../shell/AccessGate.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { AlertList } from './AlertList.tsx';
import { AttentionList } from './AttentionList.tsx';
import { useDevices, useReplay, useWardValues } from './api.ts';
import { CityMap } from './CityMap.tsx';
import { IncidentBoard } from './IncidentBoard.tsx';
import { LiveBadge } from './LiveBadge.tsx';
import { useLiveUpdates } from './live.ts';
import { MapControls, useMapSelection } from './MapControls.tsx';
import { text } from './messages.ts';
import { ReplayPanel } from './ReplayPanel.tsx';
import { SeriesPanel, type SeriesScope } from './SeriesPanel.tsx';
import { Tiles } from './Tiles.tsx';

function Operations() {
  const { pick, unitName } = useLanguage();
  const live = useLiveUpdates('operator');
  const selection = useMapSelection('operator');
  const { layer, indicator } = selection;
  const devices = useDevices('operator', layer?.domain ?? '');
  const wards = useWardValues('operator', indicator?.key ?? '');
  const boundaries = useBoundaries(hanoiToday());
  const [scope, setScope] = useState<SeriesScope | null>(null);
  const [replaying, setReplaying] = useState(false);
  const [frame, setFrame] = useState(0);
  const replay = useReplay(indicator?.key ?? '', replaying);
  const unitNames = useMemo(
    () => new Map((boundaries.data?.features ?? []).map((f) => [f.properties.id, unitName(f.properties)])),
    [boundaries.data, unitName],
  );
  const liveValues = useMemo(
    () => Object.fromEntries((wards.data?.items ?? []).map((item) => [item.unitId, item.value])),
    [wards.data],
  );
  const frames = replay.data?.frames ?? [];
  const shownFrame = Math.min(frame, Math.max(0, frames.length - 1));
  const values = replaying ? (frames[shownFrame]?.values ?? {}) : liveValues;
  const startReplay = () => {
    setReplaying(true);
    setFrame(Number.MAX_SAFE_INTEGER);
  };
  const simulated = devices.data?.note ?? wards.data?.note;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1}>{pick(text.title)}</Title>
          <Text c="dimmed">{pick(text.lead)}</Text>
        </div>
        <LiveBadge status={live} />
      </Group>
      <Tiles />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="sm">
            <Group justify="space-between" align="flex-end">
              <MapControls selection={selection} />
              {replaying ? null : (
                <Button variant="light" size="sm" onClick={startReplay}>
                  {pick(text.replayStart)}
                </Button>
              )}
            </Group>
            {simulated ? (
              <Alert color="pink" variant="light" p="xs">
                {pick(text.simulatedNote)}
              </Alert>
            ) : null}
            {devices.isError ? (
              <ProblemAlert error={devices.error} onRetry={() => void devices.refetch()} />
            ) : null}
            {wards.isError ? <ProblemAlert error={wards.error} onRetry={() => void wards.refetch()} /> : null}
            <CityMap
              indicator={indicator}
              values={values}
              devices={replaying ? [] : (devices.data?.items ?? [])}
              onSelectUnit={(unitId) => setScope({ unitId, label: unitNames.get(unitId) ?? unitId })}
              onSelectDevice={(device) => setScope({ entityId: device.entityId, label: device.id })}
            />
            {replaying ? (
              <ReplayPanel
                replay={replay.data}
                error={replay.error}
                frame={shownFrame}
                onFrame={setFrame}
                onStop={() => setReplaying(false)}
              />
            ) : null}
            <SeriesPanel indicator={indicator} scope={scope} />
            <AttentionList
              devices={devices.data?.items ?? []}
              unitNames={unitNames}
              onSelect={(device) => setScope({ entityId: device.entityId, label: device.id })}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <AlertList />
        </Grid.Col>
      </Grid>
      <IncidentBoard />
    </Stack>
  );
}

/** `/trung-tam-dieu-hanh`: the operations centre, for its operators and the city administrator. */
export function OperationsPage() {
  const { pick } = useLanguage();
  usePageTitle(pick(text.title));
  return <RequireOfficial roles={['ioc_operator', 'city_admin']}>{() => <Operations />}</RequireOfficial>;
}
