import { Group, NativeSelect, SegmentedControl } from '@mantine/core';
import { useState } from 'react';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { type Audience, type Indicator, type Layer, useLayers } from './api.ts';
import { text } from './messages.ts';

/** The chosen layer (domain) and ward indicator; the first layer and its first indicator by default. */
export function useMapSelection(audience: Audience) {
  const layers = useLayers(audience);
  const items = layers.data?.items ?? [];
  const [domain, setDomain] = useState<string | null>(null);
  const [indicatorKey, setIndicatorKey] = useState<string | null>(null);
  const layer: Layer | undefined = items.find((item) => item.domain === domain) ?? items[0];
  const indicator: Indicator | null =
    layer?.indicators.find((item) => item.key === indicatorKey) ?? layer?.indicators[0] ?? null;
  return {
    layers,
    layer,
    indicator,
    chooseLayer: (next: string) => {
      setDomain(next);
      setIndicatorKey(null);
    },
    chooseIndicator: setIndicatorKey,
  };
}

export function MapControls({ selection }: { selection: ReturnType<typeof useMapSelection> }) {
  const { pick } = useLanguage();
  const { layers, layer, indicator } = selection;
  if (layers.isError) return <ProblemAlert error={layers.error} onRetry={() => void layers.refetch()} />;
  if (!layer) return null;
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <SegmentedControl
        aria-label={pick(text.layer)}
        value={layer.domain}
        onChange={selection.chooseLayer}
        data={(layers.data?.items ?? []).map((item) => ({ value: item.domain, label: pick(item.label) }))}
      />
      <NativeSelect
        label={pick(text.indicator)}
        value={indicator?.key ?? ''}
        onChange={(event) => selection.chooseIndicator(event.currentTarget.value)}
        data={layer.indicators.map((item) => ({
          value: item.key,
          label: `${pick(item.label)} (${item.unit})`,
        }))}
      />
    </Group>
  );
}
