import 'leaflet/dist/leaflet.css';
import { Group, Stack, Text, Title } from '@mantine/core';
import { useCallback, useMemo, useRef } from 'react';
import type { BoundaryFeature } from '../../agencies/queries.ts';
import { useWardMap, type WardPaint } from '../../agencies/ward-map.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import type { Results } from '../api.ts';
import { text } from './messages.ts';
import { colourOfIndex, formatIndex, indexClasses, NO_RESULT_COLOUR } from './ranking.ts';

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
  const container = useRef<HTMLElement>(null);
  const values = useMemo(
    () => new Map(results.units.map((unit) => [unit.unitId, unit.index])),
    [results.units],
  );
  // Colours and titles follow the results without rebuilding the polygons.
  const paint = useCallback(
    (ward: BoundaryFeature['properties']): WardPaint => {
      const value = values.get(ward.id);
      return {
        fill: colourOfIndex(value),
        label: `${unitName(ward)}: ${value === undefined ? pick(text.noResult) : formatIndex(value, language)}`,
        data: { index: value === undefined ? '' : String(value) },
      };
    },
    [values, pick, language, unitName],
  );
  const { boundaries } = useWardMap(container, { maxZoom: 16, fillOpacity: 0.8, onSelect, paint });

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
