import { Alert, Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { AnchorLink } from '../shell/links.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { useDevices, useWardValues } from './api.ts';
import { CityMap } from './CityMap.tsx';
import { LiveBadge } from './LiveBadge.tsx';
import { useLiveUpdates } from './live.ts';
import { MapControls, useMapSelection } from './MapControls.tsx';
import { text } from './messages.ts';

/** `/ban-do-do-thi`: the public map — the non-sensitive layers, live, no sign-in. */
export function PublicMapPage() {
  const { pick } = useLanguage();
  usePageTitle(pick(text.publicTitle));
  const live = useLiveUpdates('public');
  const selection = useMapSelection('public');
  const devices = useDevices('public', selection.layer?.domain ?? '');
  const wards = useWardValues('public', selection.indicator?.key ?? '');
  const values = useMemo(
    () => Object.fromEntries((wards.data?.items ?? []).map((item) => [item.unitId, item.value])),
    [wards.data],
  );
  const simulated = devices.data?.note ?? wards.data?.note;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1}>{pick(text.publicTitle)}</Title>
          <Text c="dimmed">{pick(text.publicLead)}</Text>
        </div>
        <LiveBadge status={live} />
      </Group>
      <MapControls selection={selection} />
      {simulated ? (
        <Alert color="pink" variant="light" p="xs">
          {pick(text.simulatedNote)}
        </Alert>
      ) : null}
      {devices.isError ? <ProblemAlert error={devices.error} onRetry={() => void devices.refetch()} /> : null}
      {wards.isError ? <ProblemAlert error={wards.error} onRetry={() => void wards.refetch()} /> : null}
      <CityMap indicator={selection.indicator} values={values} devices={devices.data?.items ?? []} />
      <nav aria-label={pick(text.pilotsTitle)}>
        <Title order={2} size="h4" mb="xs">
          {pick(text.pilotsTitle)}
        </Title>
        <Group gap="md" wrap="wrap">
          <AnchorLink to="/khong-khi">{pick(text.pilotAir)}</AnchorLink>
          <AnchorLink to="/ngap-ung">{pick(text.pilotFlood)}</AnchorLink>
          <AnchorLink to="/bai-do-xe">{pick(text.pilotParking)}</AnchorLink>
          <AnchorLink to="/mat-dien-nuoc">{pick(text.pilotOutages)}</AnchorLink>
          <AnchorLink to="/truong-hoc">{pick(text.pilotSchools)}</AnchorLink>
          <AnchorLink to="/an-toan-thuc-pham">{pick(text.pilotFood)}</AnchorLink>
          <AnchorLink to="/viec-lam">{pick(text.pilotJobs)}</AnchorLink>
          <AnchorLink to="/an-sinh-xa-hoi">{pick(text.pilotSocial)}</AnchorLink>
          <AnchorLink to="/tram-y-te">{pick(text.pilotHealth)}</AnchorLink>
        </Group>
      </nav>
      <Text size="sm">
        {pick(text.publicFeeds)}: <Anchor href="/api/urban/public/alerts.cap">CAP (Atom)</Anchor> ·{' '}
        <Anchor href="/api/urban/public/alerts.json">JSON</Anchor> ·{' '}
        <Anchor href="/api/urban/public/alerts.rss">RSS</Anchor>
      </Text>
    </Stack>
  );
}
