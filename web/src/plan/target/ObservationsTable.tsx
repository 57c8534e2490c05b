import { Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';
import { DemoBadge, ExampleBadge } from '../components/badges.tsx';
import { EvidenceList } from '../components/EvidenceList.tsx';
import { ProvenanceText, ValueText } from '../components/Values.tsx';
import { usePeriodLabel } from '../format.ts';
import type { Observation } from '../types.ts';

/** Every observation behind the series: who gave it, how it was obtained, and the evidence. */
export function ObservationsTable({ observations, unit }: { observations: Observation[]; unit: string }) {
  const { t } = useTranslation('plan');
  const { language } = useLanguage();
  const periodLabel = usePeriodLabel();
  const states: Record<string, string> = t('submission', { returnObjects: true });
  return (
    <section aria-labelledby="observations-heading">
      <Title order={2} size="h3" id="observations-heading" mb="xs">
        {t('observations.heading')}
      </Title>
      {observations.length === 0 ? (
        <Text>{t('observations.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={960}>
          <Table striped withTableBorder verticalSpacing="sm" data-testid="observations">
            <Table.Caption>{t('observations.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('target.period')}</Table.Th>
                <Table.Th scope="col">{t('observations.agency')}</Table.Th>
                <Table.Th scope="col">{t('observations.value')}</Table.Th>
                <Table.Th scope="col">{t('observations.state')}</Table.Th>
                <Table.Th scope="col">{t('observations.provenance')}</Table.Th>
                <Table.Th scope="col">{t('observations.comment')}</Table.Th>
                <Table.Th scope="col">{t('observations.evidence')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {observations.map((observation) => (
                <Table.Tr key={observation.id}>
                  <Table.Td>{periodLabel(observation.period)}</Table.Td>
                  <Table.Td>
                    {(language === 'en' ? observation.agencyNameEn : observation.agencyNameVi) ??
                      observation.agencyId}
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      <ValueText value={observation.value} unit={unit} />
                      {observation.numerator !== null && observation.denominator !== null ? (
                        <Text size="xs" c="dimmed">
                          {formatNumber(observation.numerator, language)} /{' '}
                          {formatNumber(observation.denominator, language)}
                        </Text>
                      ) : null}
                      {observation.example || observation.demo ? (
                        <Group gap={4}>
                          {observation.example ? <ExampleBadge /> : null}
                          {observation.demo ? <DemoBadge /> : null}
                        </Group>
                      ) : null}
                    </Stack>
                  </Table.Td>
                  <Table.Td>{states[observation.status] ?? observation.status}</Table.Td>
                  <Table.Td>
                    <ProvenanceText provenance={observation.provenance} />
                  </Table.Td>
                  <Table.Td>{observation.comment ?? '—'}</Table.Td>
                  <Table.Td>
                    <EvidenceList evidence={observation.evidence} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}
