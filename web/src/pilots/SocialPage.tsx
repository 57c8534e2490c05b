import { Alert, Group, NativeSelect, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { fill, formatDate, formatNumber } from '../lib/format.ts';
import { Loading } from '../shell/Loading.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { useBenefits, useCounts, useSchedules } from './api.ts';
import { DemoBadge, PilotHeader, ProcedureLink, useWardName, WardSelect } from './components.tsx';
import { text } from './messages.ts';

/** `/an-sinh-xa-hoi`: benefit payment schedules by ward and aggregate counts (no personal data). */
export function SocialPage() {
  const { pick, language } = useLanguage();
  const wardName = useWardName();
  const benefits = useBenefits();
  const [unitId, setUnitId] = useState('');
  const [benefit, setBenefit] = useState('');
  const filters = { unitId: unitId || undefined, benefit: benefit || undefined };
  const schedules = useSchedules({ ...filters, limit: 100 });
  const counts = useCounts({ ...filters, limit: 200 });
  return (
    <Stack gap="lg">
      <PilotHeader title={text.socialTitle} lead={text.socialLead} />
      <Alert variant="light" color="blue">
        {pick(text.noPersonalData)}
      </Alert>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" maw={720}>
        <WardSelect value={unitId} onChange={setUnitId} emptyLabel={text.anyWard} />
        <NativeSelect
          label={pick(text.benefit)}
          value={benefit}
          onChange={(event) => setBenefit(event.currentTarget.value)}
          data={[
            { value: '', label: pick(text.anyBenefit) },
            ...(benefits.data ?? []).map((entry) => ({ value: entry.code, label: pick(entry.name) })),
          ]}
        />
      </SimpleGrid>
      <section aria-labelledby="schedules">
        <Title order={2} size="h3" id="schedules" mb="sm">
          {pick(text.schedules)}
        </Title>
        {schedules.isPending ? (
          <Loading label={pick(text.loading)} />
        ) : schedules.isError ? (
          <ProblemAlert error={schedules.error} onRetry={() => void schedules.refetch()} />
        ) : schedules.data.items.length === 0 ? (
          <Text>{pick(text.none)}</Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table withTableBorder striped aria-labelledby="schedules">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{pick(text.payDate)}</Table.Th>
                  <Table.Th>{pick(text.time)}</Table.Th>
                  <Table.Th>{pick(text.ward)}</Table.Th>
                  <Table.Th>{pick(text.benefit)}</Table.Th>
                  <Table.Th>{pick(text.place)}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {schedules.data.items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>{formatDate(item.payDate, language)}</Table.Td>
                    <Table.Td>
                      {item.fromTime}–{item.toTime}
                    </Table.Td>
                    <Table.Td>{wardName(item.unitId)}</Table.Td>
                    <Table.Td>{pick(item.benefitName)}</Table.Td>
                    <Table.Td>
                      <Group gap="xs">
                        {item.place}
                        <DemoBadge demo={item.demo} />
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {schedules.data ? <ProcedureLink procedure={schedules.data.procedure} /> : null}
      </section>
      <section aria-labelledby="counts">
        <Title order={2} size="h3" id="counts" mb="sm">
          {fill(pick(text.counts), { period: counts.data?.period ?? '—' })}
        </Title>
        {counts.isPending ? (
          <Loading label={pick(text.loading)} />
        ) : counts.isError ? (
          <ProblemAlert error={counts.error} onRetry={() => void counts.refetch()} />
        ) : (
          <Stack gap="xs">
            <Text size="sm">{pick(counts.data.suppression)}</Text>
            <Table.ScrollContainer minWidth={480}>
              <Table withTableBorder striped aria-labelledby="counts">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{pick(text.ward)}</Table.Th>
                    <Table.Th>{pick(text.benefit)}</Table.Th>
                    <Table.Th ta="right">{pick(text.beneficiaries)}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {counts.data.items.map((item) => (
                    <Table.Tr key={`${item.unitId}-${item.benefit}`}>
                      <Table.Td>{wardName(item.unitId)}</Table.Td>
                      <Table.Td>
                        <Group gap="xs">
                          {pick(item.benefitName)}
                          <DemoBadge demo={item.demo} />
                        </Group>
                      </Table.Td>
                      <Table.Td ta="right">
                        {item.count === null ? pick(text.suppressed) : formatNumber(item.count, language)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        )}
      </section>
    </Stack>
  );
}
