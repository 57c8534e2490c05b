import { Group, NativeSelect, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMemo, useState } from 'react';
import { fill } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';
import type { Results } from '../api.ts';
import { text } from './messages.ts';
import {
  changeOf,
  filterAndSort,
  formatIndex,
  nextSort,
  peerGroupsOf,
  type Sort,
  type SortKey,
} from './ranking.ts';

const peerNames: Record<string, { vi: string; en: string }> = {
  departments: text.peerDepartments,
  communes: text.peerCommunes,
};
export const peerName = (group: string | null) =>
  group ? (peerNames[group] ?? { vi: group, en: group }) : null;

function SortHeader({
  label,
  column,
  sort,
  onSort,
  numeric,
}: {
  label: string;
  column: SortKey;
  sort: Sort;
  onSort: (sort: Sort) => void;
  numeric?: boolean;
}) {
  const { pick } = useLanguage();
  const direction = sort.key === column ? sort.direction : null;
  return (
    <Table.Th
      scope="col"
      aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
      style={numeric ? { textAlign: 'end' } : undefined}
    >
      <button
        type="button"
        className="dti-sort-button"
        onClick={() => onSort(nextSort(sort, column))}
        aria-label={fill(pick(text.sortBy), { column: label })}
      >
        {label}
        <span aria-hidden="true">{direction === 'asc' ? ' ▲' : direction === 'desc' ? ' ▼' : ' ↕'}</span>
      </button>
    </Table.Th>
  );
}

function Change({ change }: { change: Results['units'][number]['change'] }) {
  const { pick, language } = useLanguage();
  const shown = changeOf(change);
  if (!change || !shown) return <Text size="sm">{pick(text.noChange)}</Text>;
  const words =
    shown.direction === 'same'
      ? pick(text.same)
      : fill(pick(shown.direction === 'up' ? text.up : text.down), { n: Math.abs(change.rank) });
  const delta = `${change.index >= 0 ? '+' : '−'}${formatIndex(Math.abs(change.index), language)}`;
  return (
    <span className={`dti-change dti-change-${shown.direction}`}>
      <span aria-hidden="true">{shown.arrow} </span>
      {words} ({delta})
    </span>
  );
}

/** The ranking: filter by peer group, search by name without accents, sort by any column. */
export function RankingTable({
  results,
  selected,
  onSelect,
}: {
  results: Results;
  selected: string | null;
  onSelect: (unitId: string) => void;
}) {
  const { pick, language } = useLanguage();
  const [query, setQuery] = useState('');
  const [peerGroup, setPeerGroup] = useState('');
  const [sort, setSort] = useState<Sort>({ key: 'rank', direction: 'asc' });
  const rows = useMemo(
    () => filterAndSort(results.units, { query, peerGroup, sort, language }),
    [results.units, query, peerGroup, sort, language],
  );
  const peers = peerGroupsOf(results.units);
  const nameOf = (unit: Results['units'][number]) => (language === 'en' ? unit.unitNameEn : unit.unitNameVi);

  return (
    <Stack gap="sm">
      <Title order={2}>{pick(text.rankingTitle)}</Title>
      <Group gap="md" align="flex-end" wrap="wrap">
        <TextInput
          label={pick(text.search)}
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
          w={340}
        />
        <NativeSelect
          label={pick(text.peerFilter)}
          value={peerGroup}
          onChange={(event) => setPeerGroup(event.currentTarget.value)}
          data={[
            { value: '', label: pick(text.allPeers) },
            ...peers.map((group) => ({ value: group, label: pick(peerName(group)!) })),
          ]}
        />
      </Group>
      <Table.ScrollContainer minWidth={760}>
        <Table striped withTableBorder verticalSpacing="xs" data-testid="dti-ranking">
          <Table.Caption>
            {fill(pick(text.rankingCaption), { year: results.year, n: rows.length })}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <SortHeader label={pick(text.rank)} column="rank" sort={sort} onSort={setSort} numeric />
              <SortHeader label={pick(text.unit)} column="name" sort={sort} onSort={setSort} />
              <SortHeader
                label={pick(text.peerRank)}
                column="peerRank"
                sort={sort}
                onSort={setSort}
                numeric
              />
              <SortHeader label={pick(text.index)} column="index" sort={sort} onSort={setSort} numeric />
              {results.groups.map((group) => (
                <SortHeader
                  key={group.code}
                  label={`${group.code}. ${language === 'en' ? group.nameEn : group.nameVi}`}
                  column={`group:${group.code}`}
                  sort={sort}
                  onSort={setSort}
                  numeric
                />
              ))}
              <SortHeader label={pick(text.change)} column="change" sort={sort} onSort={setSort} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((unit) => (
              <Table.Tr
                key={unit.unitId}
                data-unit-id={unit.unitId}
                aria-current={unit.unitId === selected ? 'true' : undefined}
                className={unit.unitId === selected ? 'dti-selected-row' : undefined}
              >
                <Table.Td ta="end">{unit.rank}</Table.Td>
                <Table.Th scope="row" fw={500}>
                  <button
                    type="button"
                    className="dti-unit-button"
                    onClick={() => onSelect(unit.unitId)}
                    aria-label={fill(pick(text.select), { name: nameOf(unit) })}
                  >
                    {nameOf(unit)}
                  </button>
                  {unit.peerGroup ? (
                    <Text size="xs" c="dimmed">
                      {pick(peerName(unit.peerGroup)!)}
                    </Text>
                  ) : null}
                </Table.Th>
                <Table.Td ta="end">{unit.peerRank ?? '—'}</Table.Td>
                <Table.Td ta="end" data-testid="dti-index">
                  {formatIndex(unit.index, language)}
                </Table.Td>
                {results.groups.map((group) => {
                  const value = unit.groups[group.code];
                  return (
                    <Table.Td key={group.code} ta="end">
                      {value === null || value === undefined ? (
                        <>
                          <span aria-hidden="true">—</span>
                          <VisuallyHidden>{pick(text.notApplicable)}</VisuallyHidden>
                        </>
                      ) : (
                        formatIndex(value, language)
                      )}
                    </Table.Td>
                  );
                })}
                <Table.Td>
                  <Change change={unit.change} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.length === 0 ? <Text>{pick(text.noMatch)}</Text> : null}
    </Stack>
  );
}
