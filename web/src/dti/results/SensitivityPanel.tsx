import { Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { fill } from '../../lib/format.ts';
import { Loading } from '../../shell/Loading.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { type Audience, type Normalisation, type Results, useSensitivity } from '../api.ts';
import { normalisationText, text } from './messages.ts';

const PERTURBATIONS = 200;
const SPREADS = [0.1, 0.2, 0.3, 0.5];

/** Where a rank interval sits among `count` units, as percentages of a bar (rank 1 at the left). */
const position = (rank: number, count: number) => (count <= 1 ? 0 : ((rank - 1) / (count - 1)) * 100);

/** Rank intervals when the group weights are perturbed: min–max and p5–p95 for each unit. */
export function SensitivityPanel({ audience, results }: { audience: Audience; results: Results }) {
  const { pick, language } = useLanguage();
  const [spread, setSpread] = useState(0.2);
  const [normalisation, setNormalisation] = useState<Normalisation | ''>('');
  const sensitivity = useSensitivity(audience, results.cycleId, {
    perturbations: PERTURBATIONS,
    spread,
    ...(normalisation ? { normalisation } : {}),
  });
  const names = new Map(
    results.units.map((unit) => [unit.unitId, language === 'en' ? unit.unitNameEn : unit.unitNameVi]),
  );
  const count = results.units.length;
  const percent = (value: number) => `${Math.round(value * 100)}%`;

  return (
    <Stack gap="sm">
      <Title order={2}>{pick(text.sensitivityTitle)}</Title>
      <Text>{fill(pick(text.sensitivityLead), { n: PERTURBATIONS })}</Text>
      <Group gap="md" align="flex-end">
        <NativeSelect
          label={pick(text.spread)}
          value={String(spread)}
          onChange={(event) => setSpread(Number(event.currentTarget.value))}
          data={SPREADS.map((value) => ({ value: String(value), label: `± ${percent(value)}` }))}
        />
        <NativeSelect
          label={pick(text.normalisation)}
          value={normalisation}
          onChange={(event) => setNormalisation(event.currentTarget.value as Normalisation | '')}
          data={[
            { value: '', label: pick(text.normNone) },
            ...(Object.keys(normalisationText) as Normalisation[]).map((key) => ({
              value: key,
              label: pick(normalisationText[key]),
            })),
          ]}
        />
      </Group>
      {sensitivity.isPending ? <Loading label={pick(text.loading)} /> : null}
      {sensitivity.isError ? (
        <ProblemAlert error={sensitivity.error} onRetry={() => void sensitivity.refetch()} />
      ) : null}
      {sensitivity.data ? (
        <Table.ScrollContainer minWidth={640}>
          <Table withTableBorder verticalSpacing={4} data-testid="dti-sensitivity">
            <Table.Caption>
              {fill(pick(text.sensitivityCaption), { spread: `± ${percent(spread)}` })}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" ta="end">
                  {pick(text.rank)}
                </Table.Th>
                <Table.Th scope="col">{pick(text.unit)}</Table.Th>
                <Table.Th scope="col">{pick(text.minMax)}</Table.Th>
                <Table.Th scope="col">{pick(text.p5p95)}</Table.Th>
                <Table.Th scope="col" w="30%">
                  <span aria-hidden="true">1 … {count}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...sensitivity.data.units]
                .sort((a, b) => a.rank - b.rank)
                .map((unit) => (
                  <Table.Tr key={unit.unitId} data-unit-id={unit.unitId}>
                    <Table.Td ta="end">{unit.rank}</Table.Td>
                    <Table.Th scope="row" fw={400}>
                      {names.get(unit.unitId) ?? unit.unitId}
                    </Table.Th>
                    <Table.Td>
                      {unit.minRank}–{unit.maxRank}
                    </Table.Td>
                    <Table.Td>
                      {unit.p5}–{unit.p95}
                    </Table.Td>
                    <Table.Td>
                      {/* The same numbers as the two columns before, drawn; hidden from screen readers. */}
                      <div className="dti-interval" aria-hidden="true">
                        <span
                          className="dti-interval-range"
                          style={{
                            left: `${position(unit.minRank, count)}%`,
                            width: `${position(unit.maxRank, count) - position(unit.minRank, count)}%`,
                          }}
                        />
                        <span
                          className="dti-interval-core"
                          style={{
                            left: `${position(unit.p5, count)}%`,
                            width: `${position(unit.p95, count) - position(unit.p5, count)}%`,
                          }}
                        />
                        <span
                          className="dti-interval-rank"
                          style={{ left: `${position(unit.rank, count)}%` }}
                        />
                      </div>
                    </Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}
