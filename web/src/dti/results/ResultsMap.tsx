import 'leaflet/dist/leaflet.css';
import { Group, Stack, Text, Title } from '@mantine/core';
import L from 'leaflet';
import { useEffect, useMemo, useRef, useState } from 'react';
import { type BoundaryFeature, useBoundaries } from '../../agencies/queries.ts';
import { hanoiToday } from '../../lib/format.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import type { Results } from '../api.ts';
import { text } from './messages.ts';
import { colourOfIndex, formatIndex, indexClasses, NO_RESULT_COLOUR } from './ranking.ts';

const HANOI_CENTRE: L.LatLngTuple = [21.03, 105.75];
const SVG_NS = 'http://www.w3.org/2000/svg';
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The 126 communes and wards in force today, coloured by index in five fixed classes; those without
 * a result are grey. No online tiles (as web/src/ioc/CityMap.tsx). Each polygon carries an SVG
 * <title>; the ranking table is the keyboard route to the same units.
 */
export default function ResultsMap({
  results,
  onSelect,
}: {
  results: Results;
  onSelect: (unitId: string) => void;
}) {
  const { pick, language, unitName } = useLanguage();
  const boundaries = useBoundaries(hanoiToday());
  const container = useRef<HTMLElement>(null);
  const map = useRef<L.Map | null>(null);
  const [layer, setLayer] = useState<L.GeoJSON | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;
  const values = useMemo(
    () => new Map(results.units.map((unit) => [unit.unitId, unit.index])),
    [results.units],
  );

  useEffect(() => {
    if (!container.current) return;
    const instance = L.map(container.current, { zoomSnap: 0.25, minZoom: 8, maxZoom: 16 });
    instance.setView(HANOI_CENTRE, 10);
    map.current = instance;
    return () => {
      instance.remove();
      map.current = null;
    };
  }, []);

  const data = boundaries.data;
  useEffect(() => {
    const instance = map.current;
    if (!instance || !data) return;
    const polygons = L.geoJSON(data as unknown as Parameters<typeof L.geoJSON>[0], {
      style: { color: '#495057', weight: 0.6, fillOpacity: 0.8 },
      onEachFeature: (feature, path) => {
        const id = (feature as unknown as BoundaryFeature).properties.id;
        path.on('click', () => select.current(id));
        path.on('add', () => (path as L.Path).getElement()?.setAttribute('data-unit-id', id));
      },
    }).addTo(instance);
    setLayer(polygons);
    if (data.features.length > 0)
      instance.fitBounds(polygons.getBounds(), { padding: [8, 8], animate: false });
    const credits = data.attribution.map((credit) => escapeHtml(pick(credit)));
    for (const credit of credits) instance.attributionControl.addAttribution(credit);
    return () => {
      for (const credit of credits) instance.attributionControl.removeAttribution(credit);
      polygons.remove();
      setLayer(null);
    };
  }, [data, pick]);

  // Colours and titles follow the results without rebuilding the polygons.
  useEffect(() => {
    if (!layer) return;
    layer.eachLayer((path) => {
      const properties = ((path as L.GeoJSON).feature as unknown as BoundaryFeature).properties;
      const value = values.get(properties.id);
      (path as L.Path).setStyle({ fillColor: colourOfIndex(value) });
      const label = `${unitName(properties)}: ${
        value === undefined ? pick(text.noResult) : formatIndex(value, language)
      }`;
      (path as L.Path).bindTooltip(escapeHtml(label), { sticky: true });
      const element = (path as L.Path).getElement();
      if (element) {
        element.setAttribute('data-index', value === undefined ? '' : String(value));
        element.querySelector('title')?.remove();
        const title = document.createElementNS(SVG_NS, 'title');
        title.textContent = label;
        element.appendChild(title);
      }
    });
  }, [layer, values, pick, language, unitName]);

  return (
    <Stack gap={4}>
      <Title order={2}>{pick(text.mapTitle)}</Title>
      {boundaries.isError ? (
        <ProblemAlert error={boundaries.error} onRetry={() => void boundaries.refetch()} />
      ) : null}
      <section
        ref={container}
        className="boundary-map"
        aria-label={pick(text.mapLabel)}
        aria-busy={boundaries.isPending}
        data-testid="dti-map"
      />
      <Group gap="md" wrap="wrap" role="group" aria-label={pick(text.legend)}>
        {indexClasses.map((entry) => (
          <Group key={entry.colour} gap={4}>
            <span className="dti-swatch" style={{ background: entry.colour }} />
            <Text size="xs">
              {formatIndex(entry.from, language)}–{formatIndex(entry.to, language)}
            </Text>
          </Group>
        ))}
        <Group gap={4}>
          <span className="dti-swatch" style={{ background: NO_RESULT_COLOUR }} />
          <Text size="xs">{pick(text.noResult)}</Text>
        </Group>
      </Group>
      <Text size="sm">{pick(text.mapNote)}</Text>
    </Stack>
  );
}
