import { Badge, Button, Group, Paper, Slider, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { fill, formatDateTime } from '../lib/format.ts';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import type { Replay } from './api.ts';
import { severityColours, severityLabels, text } from './messages.ts';

/**
 * The last 24 hours in 15-minute frames: a slider (and play) chooses the frame the map shows,
 * with the alerts that were active at that moment. The page owns the frame so the map can draw it.
 */
export function ReplayPanel({
  replay,
  error,
  frame,
  onFrame,
  onStop,
}: {
  replay: Replay | undefined;
  error: unknown;
  frame: number;
  onFrame: (index: number) => void;
  onStop: () => void;
}) {
  const { pick, language } = useLanguage();
  const [playing, setPlaying] = useState(false);
  const frames = replay?.frames ?? [];
  const last = Math.max(0, frames.length - 1);

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => onFrame(frame >= last ? 0 : frame + 1), 500);
    return () => clearInterval(timer);
  }, [playing, frame, last, onFrame]);

  const at = frames[frame]?.at;
  const moment = at ? new Date(at).getTime() : 0;
  const active = (replay?.alerts ?? []).filter(
    (alert) =>
      new Date(alert.sentAt).getTime() <= moment + (replay?.stepMinutes ?? 15) * 60_000 &&
      (!alert.clearedAt || new Date(alert.clearedAt).getTime() >= moment),
  );
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="ioc-replay">
      <Group justify="space-between">
        <Title order={2} size="h4" id="ioc-replay">
          {pick(text.replayTitle)}
        </Title>
        <Group gap="xs">
          <Button size="xs" variant="light" onClick={() => setPlaying(!playing)} disabled={frames.length < 2}>
            {pick(playing ? text.pause : text.play)}
          </Button>
          <Button size="xs" variant="default" onClick={onStop}>
            {pick(text.replayStop)}
          </Button>
        </Group>
      </Group>
      {error ? <ProblemAlert error={error} /> : null}
      {replay && frames.length === 0 ? <Text size="sm">{pick(text.noPoints)}</Text> : null}
      {frames.length > 0 ? (
        <Stack gap="xs" mt="xs">
          <Text size="sm" aria-live="polite">
            {fill(pick(text.replayAt), { time: formatDateTime(at!, language) })}
          </Text>
          <Slider
            min={0}
            max={last}
            value={Math.min(frame, last)}
            onChange={onFrame}
            label={(index) => (frames[index] ? formatDateTime(frames[index].at, language) : '')}
            thumbLabel={pick(text.replaySlider)}
          />
          <Text size="sm" fw={600}>
            {pick(text.replayAlerts)} ({active.length})
          </Text>
          {active.slice(0, 20).map((alert) => (
            <Group key={alert.id} gap={6}>
              <Badge size="sm" color={severityColours[alert.severity] ?? 'gray'}>
                {pick(severityLabels[alert.severity] ?? severityLabels.Unknown!)}
              </Badge>
              <Text size="xs">{pick(alert.headline)}</Text>
            </Group>
          ))}
        </Stack>
      ) : null}
    </Paper>
  );
}
