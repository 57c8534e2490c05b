import { Group, Stack, Table, Text, Title } from '@mantine/core';
import { fill, formatDateTime, formatNumber } from '../../lib/format.ts';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { type FrameworkSummary, type UnitSet, useFrameworks } from '../api.ts';
import { PlaceholderBadge, ReferenceBadge } from './badges.tsx';
import { text, unitSetNames } from './messages.ts';

const unitSetOrder: UnitSet[] = ['departments', 'communes', 'provinces'];

/** Years (newest first) → unit sets → versions (newest first, as the server lists them). */
function byYearAndUnitSet(frameworks: FrameworkSummary[]) {
  const years = [...new Set(frameworks.map((f) => f.year))].sort((a, b) => b - a);
  return years.map((year) => ({
    year,
    sets: unitSetOrder
      .map((unitSet) => ({
        unitSet,
        versions: frameworks.filter((f) => f.year === year && f.unitSet === unitSet),
      }))
      .filter((set) => set.versions.length > 0),
  }));
}

function VersionsTable({ versions, caption }: { versions: FrameworkSummary[]; caption: string }) {
  const { pick, language } = useLanguage();
  const number = (value: number) => formatNumber(value, language);
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped withTableBorder>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{pick(text.title)}</Table.Th>
            <Table.Th scope="col">{pick(text.versionShort)}</Table.Th>
            <Table.Th scope="col">{pick(text.groups)}</Table.Th>
            <Table.Th scope="col">{pick(text.mainIndices)}</Table.Th>
            <Table.Th scope="col">{pick(text.subIndices)}</Table.Th>
            <Table.Th scope="col">{pick(text.totalPoints)}</Table.Th>
            <Table.Th scope="col">{pick(text.marks)}</Table.Th>
            <Table.Th scope="col">{pick(text.created)}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((f) => (
            <Table.Tr key={f.id} data-framework={`${f.code}@${f.year}v${f.version}`}>
              <Table.Td>
                <AnchorLink
                  to="/console/chi-so-cds/bo-chi-so/$frameworkId"
                  params={{ frameworkId: f.id }}
                  aria-label={fill(pick(text.open), {
                    title: pick({ vi: f.titleVi, en: f.titleEn }),
                    version: f.version,
                  })}
                >
                  {pick({ vi: f.titleVi, en: f.titleEn })}
                </AnchorLink>
              </Table.Td>
              <Table.Td>{f.version}</Table.Td>
              <Table.Td>{number(f.counts.groups)}</Table.Td>
              <Table.Td>{number(f.counts.mainIndices)}</Table.Td>
              <Table.Td>{number(f.counts.subIndices)}</Table.Td>
              <Table.Td>{number(f.counts.maxPoints)}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {f.reference ? <ReferenceBadge /> : null}
                  {f.weightsArePlaceholders ? <PlaceholderBadge /> : null}
                </Group>
              </Table.Td>
              <Table.Td>{formatDateTime(f.createdAt, language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** `/console/chi-so-cds/bo-chi-so`: every framework version, grouped by year and unit set. */
export function FrameworksPage() {
  const { pick } = useLanguage();
  usePageTitle(pick(text.listTitle));
  const frameworks = useFrameworks();
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          {pick(text.area)}
        </Text>
        <Title order={1}>{pick(text.listTitle)}</Title>
        <Text maw={860}>{pick(text.listLead)}</Text>
      </Stack>
      {frameworks.isPending ? <Loading label={pick(text.loading)} /> : null}
      {frameworks.isError ? (
        <ProblemAlert error={frameworks.error} onRetry={() => void frameworks.refetch()} />
      ) : null}
      {frameworks.data?.length === 0 ? <Text>{pick(text.none)}</Text> : null}
      {byYearAndUnitSet(frameworks.data ?? []).map(({ year, sets }) => (
        <Stack key={year} gap="sm" component="section" aria-labelledby={`dti-year-${year}`}>
          <Title order={2} id={`dti-year-${year}`}>
            {fill(pick(text.year), { year })}
          </Title>
          {sets.map(({ unitSet, versions }) => (
            <Stack key={unitSet} gap="xs">
              <Title order={3}>{pick(unitSetNames[unitSet])}</Title>
              <VersionsTable
                versions={versions}
                caption={`${pick(unitSetNames[unitSet])} — ${fill(pick(text.year), { year })}`}
              />
            </Stack>
          ))}
        </Stack>
      ))}
    </Stack>
  );
}
