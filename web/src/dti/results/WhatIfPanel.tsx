import { Button, Group, NativeSelect, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { api } from '../../lib/api.ts';
import { fill } from '../../lib/format.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { flattenTree, type Results, useCycle, useFramework, type WhatIf } from '../api.ts';
import { text } from './messages.ts';
import { formatIndex } from './ranking.ts';

/** Officials only: one unit's sub-index set to another value → its index and rank before and after. */
export function WhatIfPanel({ results }: { results: Results }) {
  const { pick, language } = useLanguage();
  const cycle = useCycle(results.cycleId);
  const framework = useFramework(cycle.data?.frameworkId);
  const items = useMemo(() => (framework.data ? flattenTree(framework.data.tree) : []), [framework.data]);
  const [unitId, setUnitId] = useState(results.units[0]?.unitId ?? '');
  const [code, setCode] = useState('');
  const [value, setValue] = useState<string | number>('');
  const [flag, setFlag] = useState('true');
  const chosen = items.find((item) => item.sub.code === code) ?? items[0];
  const isBoolean = chosen?.sub.rule.kind === 'boolean';
  const run = useMutation({
    mutationFn: (changes: Record<string, number | boolean | null>) =>
      api<WhatIf>(`/api/dti/cycles/${results.cycleId}/what-if`, {
        method: 'POST',
        body: { unitId, changes },
      }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    const next = isBoolean ? flag === 'true' : value === '' ? null : Number(value);
    run.mutate({ [chosen.sub.code]: next });
  };
  const unitName = (id: string) => {
    const unit = results.units.find((candidate) => candidate.unitId === id);
    return unit ? (language === 'en' ? unit.unitNameEn : unit.unitNameVi) : id;
  };

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2}>{pick(text.whatIfTitle)}</Title>
        <Text>{pick(text.whatIfLead)}</Text>
        {cycle.isError ? <ProblemAlert error={cycle.error} /> : null}
        {framework.isError ? <ProblemAlert error={framework.error} /> : null}
        <form onSubmit={submit}>
          <Group gap="md" align="flex-end" wrap="wrap">
            <NativeSelect
              label={pick(text.unit)}
              value={unitId}
              onChange={(event) => setUnitId(event.currentTarget.value)}
              data={results.units.map((unit) => ({ value: unit.unitId, label: unitName(unit.unitId) }))}
            />
            <NativeSelect
              label={pick(text.subIndex)}
              value={chosen?.sub.code ?? ''}
              onChange={(event) => setCode(event.currentTarget.value)}
              data={items.map((item) => ({
                value: item.sub.code,
                label: `${item.sub.code} ${language === 'en' ? item.sub.nameEn : item.sub.nameVi}`,
              }))}
              maw={420}
            />
            {isBoolean ? (
              <NativeSelect
                label={pick(text.newValue)}
                value={flag}
                onChange={(event) => setFlag(event.currentTarget.value)}
                data={[
                  { value: 'true', label: pick(text.yes) },
                  { value: 'false', label: pick(text.no) },
                ]}
              />
            ) : (
              <NumberInput
                label={pick(text.newValue)}
                value={value}
                onChange={setValue}
                decimalScale={4}
                w={160}
              />
            )}
            <Button type="submit" loading={run.isPending} disabled={!chosen || !unitId}>
              {pick(text.compute)}
            </Button>
          </Group>
        </form>
        {run.isError ? <ProblemAlert error={run.error} /> : null}
        {run.data ? (
          <Table withTableBorder verticalSpacing={4} data-testid="dti-what-if" maw={520}>
            <Table.Caption>
              {fill(pick(text.whatIfCaption), { name: unitName(run.data.unitId) })}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Td />
                <Table.Th scope="col" ta="end">
                  {pick(text.index)}
                </Table.Th>
                <Table.Th scope="col" ta="end">
                  {pick(text.rank)}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(['before', 'after'] as const).map((key) => (
                <Table.Tr key={key}>
                  <Table.Th scope="row">{pick(text[key])}</Table.Th>
                  <Table.Td ta="end">{formatIndex(run.data[key].index, language)}</Table.Td>
                  <Table.Td ta="end">{run.data[key].rank}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </Stack>
    </Paper>
  );
}
