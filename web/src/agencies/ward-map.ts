import L from 'leaflet';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { hanoiToday } from '../lib/format.ts';
import { useLanguage } from '../shell/use-language.ts';
import { type BoundaryFeature, useBoundaries } from './queries.ts';

const HANOI_CENTRE: L.LatLngTuple = [21.03, 105.75];
export const SVG_NS = 'http://www.w3.org/2000/svg';

export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** How one ward is painted: its fill, the label read by tooltips and screen readers, data attributes. */
export type WardPaint = { fill: string; label: string; data?: Record<string, string> };

/**
 * A Leaflet map of the 126 wards and communes in force today on a plain background (no online tiles,
 * so it works offline), with the boundaries' attribution. `paint` colours and labels each ward; it
 * runs again whenever its identity changes, without rebuilding the polygons. Each polygon carries
 * `data-unit-id` and an SVG <title>, so lists beside the map can be the keyboard route.
 */
export function useWardMap(
  container: RefObject<HTMLElement | null>,
  options: {
    maxZoom: number;
    fillOpacity: number;
    onSelect?: (unitId: string) => void;
    paint: (ward: BoundaryFeature['properties']) => WardPaint;
  },
) {
  const { pick } = useLanguage();
  const boundaries = useBoundaries(hanoiToday());
  const map = useRef<L.Map | null>(null);
  const [wards, setWards] = useState<L.GeoJSON | null>(null);
  const select = useRef(options.onSelect);
  select.current = options.onSelect;
  const { maxZoom, fillOpacity, paint } = options;

  useEffect(() => {
    if (!container.current) return;
    const instance = L.map(container.current, { zoomSnap: 0.25, minZoom: 8, maxZoom });
    instance.setView(HANOI_CENTRE, 10);
    map.current = instance;
    return () => {
      instance.remove();
      map.current = null;
    };
  }, [container, maxZoom]);

  const data = boundaries.data;
  useEffect(() => {
    const instance = map.current;
    if (!instance || !data) return;
    const layer = L.geoJSON(data as unknown as Parameters<typeof L.geoJSON>[0], {
      style: { color: '#495057', weight: 0.6, fillOpacity },
      onEachFeature: (feature, path) => {
        const id = (feature as unknown as BoundaryFeature).properties.id;
        path.on('click', () => select.current?.(id));
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
  }, [data, pick, fillOpacity]);

  useEffect(() => {
    if (!wards) return;
    wards.eachLayer((path) => {
      const properties = ((path as L.GeoJSON).feature as unknown as BoundaryFeature).properties;
      const { fill, label, data: attributes = {} } = paint(properties);
      (path as L.Path).setStyle({ fillColor: fill });
      (path as L.Path).bindTooltip(escapeHtml(label), { sticky: true });
      const element = (path as L.Path).getElement();
      if (!element) return;
      for (const [name, value] of Object.entries(attributes)) element.setAttribute(`data-${name}`, value);
      element.querySelector('title')?.remove();
      const title = document.createElementNS(SVG_NS, 'title');
      title.textContent = label;
      element.appendChild(title);
    });
  }, [wards, paint]);

  return { boundaries, map };
}
