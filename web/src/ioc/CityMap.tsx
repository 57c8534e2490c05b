import 'leaflet/dist/leaflet.css';
import './ioc.css';
import { Group, Stack, Text } from '@mantine/core';
import L from 'leaflet';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { BoundaryFeature } from '../agencies/queries.ts';
import { escapeHtml, SVG_NS, useWardMap, type WardPaint } from '../agencies/ward-map.ts';
import { formatNumber } from '../lib/format.ts';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import type { DevicePoint, Indicator } from './api.ts';
import { stateColours, stateLabels, text } from './messages.ts';
import { scaleOf } from './scale.ts';

/**
 * The 126 wards and communes in force today, coloured by one indicator, with the layer's devices
 * as dots coloured by state. No online tiles: boundaries only, so the map works offline. Each
 * ward and dot carries an SVG <title>; the lists beside the map are the keyboard route.
 */
export function CityMap({
  indicator,
  values,
  devices,
  onSelectUnit,
  onSelectDevice,
  caption,
}: {
  indicator: Indicator | null;
  values: Record<string, number>;
  devices: DevicePoint[];
  onSelectUnit?: (unitId: string) => void;
  onSelectDevice?: (device: DevicePoint) => void;
  caption?: string;
}) {
  const { pick, language, unitName } = useLanguage();
  const container = useRef<HTMLElement>(null);
  const dots = useRef<L.LayerGroup | null>(null);
  const handlers = useRef({ onSelectUnit, onSelectDevice });
  handlers.current = { onSelectUnit, onSelectDevice };
  const scale = useMemo(
    () => scaleOf(Object.values(values), indicator?.higherIs ?? 'worse'),
    [values, indicator],
  );
  // Colours and titles follow the values without rebuilding the polygons.
  const paint = useCallback(
    (ward: BoundaryFeature['properties']): WardPaint => {
      const value = values[ward.id];
      return {
        fill: scale.colourOf(value),
        label: `${unitName(ward)}: ${
          value === undefined || !indicator
            ? pick(text.noValue)
            : `${formatNumber(Number(value.toFixed(2)), language)} ${indicator.unit}`
        }`,
      };
    },
    [values, scale, indicator, pick, language, unitName],
  );
  const onSelect = useCallback((id: string) => handlers.current.onSelectUnit?.(id), []);
  const { boundaries, map } = useWardMap(container, { maxZoom: 17, fillOpacity: 0.65, onSelect, paint });

  useEffect(() => {
    const instance = map.current;
    if (!instance) return;
    const group = L.layerGroup().addTo(instance);
    dots.current = group;
    return () => {
      group.remove();
      dots.current = null;
    };
  }, [map]);

  useEffect(() => {
    const group = dots.current;
    if (!group) return;
    group.clearLayers();
    for (const device of devices) {
      if (device.lat === null || device.lon === null) continue;
      const marker = L.circleMarker([device.lat, device.lon], {
        radius: device.state === 'alert' ? 8 : 5,
        color: '#ffffff',
        weight: 1,
        fillColor: stateColours[device.state],
        fillOpacity: 1,
      });
      const label = `${device.id} (${device.type}) — ${pick(stateLabels[device.state])}${
        device.simulated ? ` · ${pick(text.simulated)}` : ''
      }`;
      marker.bindTooltip(escapeHtml(label));
      marker.on('click', () => handlers.current.onSelectDevice?.(device));
      marker.on('add', () => {
        const element = marker.getElement();
        if (!element) return;
        element.setAttribute('data-device-id', device.id);
        element.setAttribute('data-state', device.state);
        const title = document.createElementNS(SVG_NS, 'title');
        title.textContent = label;
        element.appendChild(title);
      });
      marker.addTo(group);
    }
  }, [devices, pick]);

  return (
    <Stack gap={4}>
      {boundaries.isError ? (
        <ProblemAlert error={boundaries.error} onRetry={() => void boundaries.refetch()} />
      ) : null}
      <section
        ref={container}
        className="ioc-map"
        aria-label={caption ?? pick(text.map)}
        aria-busy={boundaries.isPending}
      />
      <Group gap="md" wrap="wrap" aria-label={pick(text.legend)}>
        {indicator
          ? scale.classes.map((entry) => (
              <Group key={entry.colour} gap={4}>
                <span className="ioc-swatch" style={{ background: entry.colour }} />
                <Text size="xs">
                  {formatNumber(Number(entry.from.toFixed(2)), language)}–
                  {formatNumber(Number(entry.to.toFixed(2)), language)} {indicator.unit}
                </Text>
              </Group>
            ))
          : null}
        {Object.entries(stateLabels).map(([state, label]) => (
          <Group key={state} gap={4}>
            <span
              className="ioc-dot"
              style={{ background: stateColours[state as keyof typeof stateColours] }}
            />
            <Text size="xs">{pick(label)}</Text>
          </Group>
        ))}
      </Group>
    </Stack>
  );
}
