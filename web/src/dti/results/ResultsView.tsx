import './results.css';
import { Alert, Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { Loading } from '../../shell/Loading.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { type Audience, type Results, resultsXlsxUrl } from '../api.ts';
import { statusText, text } from './messages.ts';
import { RankingTable } from './RankingTable.tsx';
import { SensitivityPanel } from './SensitivityPanel.tsx';
import { UnitDetail } from './UnitDetail.tsx';

// Leaflet is loaded only when a map is drawn.
const ResultsMap = lazy(() => import('./ResultsMap.tsx'));

const reportPdfUrl = (audience: Audience, cycleId: string) =>
  `${audience === 'public' ? '/api/dti/public/cycles' : '/api/dti/cycles'}/${cycleId}/report.pdf`;

/** "Placeholder weights" and, before publication, "Not published": always in words, never by colour alone. */
export function ResultNotices({ results }: { results: Results }) {
  const { pick } = useLanguage();
  return (
    <>
      <Group gap="xs">
        <Badge color={results.status === 'published' ? 'teal' : 'violet'} variant="light" tt="none">
          {pick(statusText[results.status])}
        </Badge>
      </Group>
      {results.status !== 'published' ? (
        <Alert color="blue" variant="light" title={pick(text.notPublished)} data-testid="dti-not-published">
          {pick(text.notPublishedBody)}
        </Alert>
      ) : null}
      {results.weightsArePlaceholders ? (
        <Alert color="pink" variant="light" title={pick(text.placeholder)} data-testid="dti-placeholder">
          {pick(text.placeholderBody)}
        </Alert>
      ) : null}
    </>
  );
}

/**
 * One cycle's results, for officials and the public alike: notices, downloads, ranking, the chosen
 * unit (radar and trend), the map for communes and wards, rank intervals, and `extra` (what-if).
 */
export function ResultsView({
  audience,
  results,
  showMap,
  extra,
}: {
  audience: Audience;
  results: Results;
  showMap: boolean;
  extra?: ReactNode;
}) {
  const { pick } = useLanguage();
  const [selected, setSelected] = useState<string | null>(results.units[0]?.unitId ?? null);
  const select = (unitId: string) => {
    if (results.units.some((unit) => unit.unitId === unitId)) setSelected(unitId);
  };
  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <ResultNotices results={results} />
        <Group gap="md" role="group" aria-label={pick(text.downloads)}>
          <Text fw={600}>{pick(text.downloads)}:</Text>
          <Anchor href={resultsXlsxUrl(audience, results.cycleId)} download>
            {pick(text.xlsx)}
          </Anchor>
          <Anchor href={reportPdfUrl(audience, results.cycleId)}>{pick(text.pdf)}</Anchor>
        </Group>
      </Stack>
      <RankingTable results={results} selected={selected} onSelect={select} />
      <UnitDetail results={results} unitId={selected} onSelect={select} />
      {showMap ? (
        <Suspense fallback={<Loading label={pick(text.loading)} />}>
          <ResultsMap results={results} onSelect={select} />
        </Suspense>
      ) : null}
      <SensitivityPanel audience={audience} results={results} />
      {extra}
    </Stack>
  );
}
