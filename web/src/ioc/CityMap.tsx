import 'leaflet/dist/leaflet.css';
import './ioc.css';
import { Group, Stack, Text } from '@mantine/core';
import L from 'leaflet';
import { useEffect, useMemo, useRef, useState } from 'react';
import { type BoundaryFeature, useBoundaries } from '../agencies/queries.ts';
import { formatNumber, hanoiToday } from '../lib/format.ts';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import type { DevicePoint, Indicator } from './api.ts';
import { stateColours, stateLabels, text } from './messages.ts';
import { scaleOf } from './scale.ts';

const HANOI_CENTRE: L.LatLngTuple = [21.03, 105.75];
const SVG_NS = 'http://www.w3.org/2000/svg';
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

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
  const boundaries = useBoundaries(hanoiToday());
  const container = useRef<HTMLElement>(null);
  const map = useRef<L.Map | null>(null);
  const [wards, setWards] = useState<L.GeoJSON | null>(null);
  const dots = useRef<L.LayerGroup | null>(null);
  const handlers = useRef({ onSelectUnit, onSelectDevice });
  handlers.current = { onSelectUnit, onSelectDevice };
  const scale = useMemo(
    () => scaleOf(Object.values(values), indicator?.higherIs ?? 'worse'),
    [values, indicator],
  );

  useEffect(() => {
    if (!container.current) return;
    const instance = L.map(container.current, { zoomSnap: 0.25, minZoom: 8, maxZoom: 17 });
    instance.setView(HANOI_CENTRE, 10);
    map.current = instance;
    dots.current = L.layerGroup().addTo(instance);
    return () => {
      instance.remove();
      map.current = null;
    };
  }, []);

  const data = boundaries.data;
  useEffect(() => {
    const instance = map.current;
    if (!instance || !data) return;
    const layer = L.geoJSON(data as unknown as Parameters<typeof L.geoJSON>[0], {
      style: { color: '#495057', weight: 0.6, fillOpacity: 0.65 },
      onEachFeature: (feature, path) => {
        const id = (feature as unknown as BoundaryFeature).properties.id;
        path.on('click', () => handlers.current.onSelectUnit?.(id));
        path.on('add', () => (path as L.Path).getElement()?.setAttribute('data-unit-id', id));
      },
    }).addTo(instance);
    layer.bringToBack();
    setWards(layer);
    if (data.features.length > 0) instance.fitBounds(layer.getBounds(), { padding: [8, 8], animate: false });
    const credits = data.attribution.map((credit) => escapeHtml(pick(credit)));
    for (const credit of credits) instance.attributionControl.addAttribution(credit);
    return () => {
      for (const credit of credits) instance.attributionControl.removeAttribution(credit);
      layer.remove();
      setWards(null);
    };
  }, [data, pick]);

  // Colours and titles follow the values without rebuilding the polygons.
  useEffect(() => {
    if (!wards) return;
    wards.eachLayer((path) => {
      const properties = ((path as L.GeoJSON).feature as unknown as BoundaryFeature).properties;
      const value = values[properties.id];
      (path as L.Path).setStyle({ fillColor: scale.colourOf(value) });
      const label = `${unitName(properties)}: ${
        value === undefined || !indicator
          ? pick(text.noValue)
          : `${formatNumber(Number(value.toFixed(2)), language)} ${indicator.unit}`
      }`;
      (path as L.Path).bindTooltip(escapeHtml(label), { sticky: true });
      const element = (path as L.Path).getElement();
      if (element) {
        element.querySelector('title')?.remove();
        const title = document.createElementNS(SVG_NS, 'title');
        title.textContent = label;
        element.appendChild(title);
      }
    });
  }, [values, scale, indicator, pick, language, unitName, wards]);

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
