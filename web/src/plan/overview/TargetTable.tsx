import { Anchor, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../shell/links.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { AgencyLabel } from '../components/AgencyLabel.tsx';
import { ConfidenceBadge, StatusBadge } from '../components/badges.tsx';
import { LatestValue, MeasuredByNote, MilestoneList, ValueText } from '../components/Values.tsx';
import { useBilingual } from '../format.ts';
import type { Pillar, PublicTarget, TargetSummary } from '../types.ts';

type Row = PublicTarget | TargetSummary;
const isSummary = (row: Row): row is TargetSummary => 'computedStatus' in row;

function TargetRow({ target, linkToTarget }: { target: Row; linkToTarget: boolean }) {
  const { t } = useTranslation('plan');
  const { label } = useBilingual();
  const summary = isSummary(target) ? target : null;
  return (
    <Table.Tr data-target={target.code}>
      <Table.Td>
        <Text fw={700} size="sm">
          {target.code}
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={4}>
          {linkToTarget ? (
            <AnchorLink to="/ke-hoach/chi-tieu/$code" params={{ code: target.code }} fw={600}>
              {label(target)}
            </AnchorLink>
          ) : (
            <Text fw={600} size="sm">
              {label(target)}
            </Text>
          )}
          {summary?.leadAgency ? (
            <Text size="xs">
              {t('target.lead')}: <AgencyLabel agency={summary.leadAgency} />
            </Text>
          ) : null}
          {target.measuredBy ? <MeasuredByNote measuredBy={target.measuredBy} /> : null}
        </Stack>
      </Table.Td>
      <Table.Td>
        <ConfidenceBadge confidence={target.confidence} label={target.confidenceLabel} />
      </Table.Td>
      <Table.Td>
        <MilestoneList milestones={target.milestones} unit={target.unit} />
      </Table.Td>
      <Table.Td data-testid="latest">
        <LatestValue latest={target.latest} unit={target.unit} />
        {summary && summary.expected !== null ? (
          <Text size="xs" c="dimmed">
            {t('target.expected')}: <ValueText value={summary.expected} unit={target.unit} />
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <StatusBadge status={target.status} overridden={Boolean(summary?.override)} />
        {!target.hasTargetValue ? (
          <Text size="xs" c="dimmed" mt={4}>
            {t('noTargetValue')}
          </Text>
        ) : null}
      </Table.Td>
      {'csvUrl' in target ? (
        <Table.Td>
          <Anchor
            href={target.csvUrl}
            download
            style={{ whiteSpace: 'nowrap' }}
            aria-label={t('public.csvFor', { code: target.code })}
          >
            {t('public.csv')}
          </Anchor>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

/** The targets of each pillar, one table per pillar, each target with its confidence badge. */
export function TargetTables({
  pillars,
  targets,
  linkToTarget,
}: {
  pillars: Pillar[];
  targets: Row[];
  linkToTarget: boolean;
}) {
  const { t } = useTranslation('plan');
  const { unitName } = useLanguage();
  const withCsv = targets.some((target) => 'csvUrl' in target);
  return (
    <Stack gap="xl">
      {pillars.map((pillar) => {
        const rows = targets.filter((target) => target.pillar === pillar.code);
        const headingId = `pillar-${pillar.code}-targets`;
        return (
          <section key={pillar.code} aria-labelledby={headingId}>
            <Group justify="space-between" mb="xs">
              <Title order={2} size="h3" id={headingId}>
                {t('targets.pillarHeading', { pillar: unitName(pillar) })}
              </Title>
            </Group>
            {rows.length === 0 ? (
              <Text>{t('targets.none')}</Text>
            ) : (
              <Table.ScrollContainer minWidth={960}>
                <Table striped withTableBorder verticalSpacing="sm" data-testid={`targets-${pillar.code}`}>
                  <Table.Caption>{t('targets.caption', { pillar: unitName(pillar) })}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('targets.code')}</Table.Th>
                      <Table.Th scope="col">{t('targets.target')}</Table.Th>
                      <Table.Th scope="col">{t('confidence')}</Table.Th>
                      <Table.Th scope="col">{t('targets.milestones')}</Table.Th>
                      <Table.Th scope="col">{t('targets.latest')}</Table.Th>
                      <Table.Th scope="col">{t('targets.status')}</Table.Th>
                      {withCsv ? <Table.Th scope="col">{t('public.data')}</Table.Th> : null}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((target) => (
                      <TargetRow key={target.code} target={target} linkToTarget={linkToTarget} />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </section>
        );
      })}
    </Stack>
  );
}
