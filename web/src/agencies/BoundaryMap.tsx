import 'leaflet/dist/leaflet.css';
import { Stack, Text } from '@mantine/core';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../lib/format.ts';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { type BoundaryFeature, useBoundaries } from './queries.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const HANOI_CENTRE: L.LatLngTuple = [21.03, 105.75];

const baseStyle: L.PathOptions = { color: '#1864ab', weight: 1, fillColor: '#4dabf7', fillOpacity: 0.18 };
const hoverStyle: L.PathOptions = { weight: 3, fillOpacity: 0.4 };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The boundaries valid on `at`, drawn as GeoJSON on a plain background (no online tiles).
 * Each polygon carries an SVG <title>; the list beside the map is the keyboard route to the same units.
 */
export default function BoundaryMap({ at, onSelect }: { at: string; onSelect: (unitId: string) => void }) {
  const { t } = useTranslation('agencies');
  const { language, pick, unitName } = useLanguage();
  const boundaries = useBoundaries(at);
  const container = useRef<HTMLElement>(null);
  const map = useRef<L.Map | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    if (!container.current) return;
    const instance = L.map(container.current, {
      zoomControl: false,
      zoomSnap: 0.25,
      minZoom: 7,
      maxZoom: 16,
    });
    instance.setView(HANOI_CENTRE, 9);
    map.current = instance;
    return () => {
      instance.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    if (!map.current) return;
    const zoom = L.control.zoom({ zoomInTitle: t('zoomIn'), zoomOutTitle: t('zoomOut') }).addTo(map.current);
    return () => {
      zoom.remove();
    };
  }, [t]);

  const data = boundaries.data;
  useEffect(() => {
    const instance = map.current;
    if (!instance || !data) return;
    const layer = L.geoJSON(data as unknown as Parameters<typeof L.geoJSON>[0], {
      style: () => baseStyle,
      onEachFeature: (feature, path) => {
        const properties = (feature as unknown as BoundaryFeature).properties;
        const name = unitName(properties);
        path.bindTooltip(escapeHtml(name), { sticky: true });
        path.on('click', () => select.current(properties.id));
        path.on('mouseover', () => (path as L.Path).setStyle(hoverStyle));
        path.on('mouseout', () => (path as L.Path).setStyle(baseStyle));
        path.on('add', () => {
          const element = (path as L.Path).getElement();
          if (!element) return;
          const title = document.createElementNS(SVG_NS, 'title');
          title.textContent = name;
          element.appendChild(title);
          element.setAttribute('data-unit-id', properties.id);
        });
      },
    }).addTo(instance);
    if (data.features.length > 0) instance.fitBounds(layer.getBounds(), { padding: [8, 8], animate: false });
    const credits = data.attribution.map((credit) => escapeHtml(pick(credit)));
    for (const credit of credits) instance.attributionControl.addAttribution(credit);
    return () => {
      for (const credit of credits) instance.attributionControl.removeAttribution(credit);
      layer.remove();
    };
  }, [data, pick, unitName]);

  return (
    <Stack gap="xs">
      {boundaries.isError ? (
        <ProblemAlert error={boundaries.error} onRetry={() => void boundaries.refetch()} />
      ) : null}
      <section
        ref={container}
        className="boundary-map"
        aria-label={t('mapLabel', { date: formatDate(at, language) })}
        aria-busy={boundaries.isPending}
      />
      <Text size="sm" aria-live="polite">
        {boundaries.isPending
          ? t('mapLoading')
          : data && data.features.length > 0
            ? t('mapCount', { count: data.features.length })
            : data
              ? t('mapNone')
              : null}
      </Text>
      <Text size="sm">{t('mapKeyboardNote')}</Text>
      {data && data.attribution.length > 0 ? (
        <Text size="xs">
          {t('attribution')}: {data.attribution.map((credit) => pick(credit)).join(' · ')}
        </Text>
      ) : null}
    </Stack>
  );
}
