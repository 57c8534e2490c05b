import { Badge, type MantineColor, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../shell/use-language.ts';
import type { Quality } from '../types.ts';

const scoreColor = (score: number): MantineColor => (score >= 80 ? 'teal' : score >= 50 ? 'blue' : 'red');

/** The dataset's quality score (0–100) in words and as a bar. */
export function QualityScore({ score }: { score: number }) {
  const { t } = useTranslation('data');
  return (
    <Stack gap={2} miw={140} data-testid="quality-score" data-score={score}>
      <Badge color={scoreColor(score)} variant="light" tt="none" size="lg">
        {t('quality.score', { score })}
      </Badge>
      <Progress value={score} color={scoreColor(score)} size="sm" aria-hidden="true" />
    </Stack>
  );
}

/** Every criterion of the score: what it asks, the points it gives, whether it is met and why. */
export function QualityCriteria({ quality, headingId }: { quality: Quality; headingId: string }) {
  const { t } = useTranslation('data');
  const { pick } = useLanguage();
  const max = quality.criteria.reduce((sum, criterion) => sum + criterion.max, 0);
  return (
    <section aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId} mb="xs">
        {t('quality.heading')}
      </Title>
      <Text size="sm" mb="sm">
        {t('quality.lead', { score: quality.score, max })}
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table withTableBorder striped verticalSpacing="xs" data-testid="quality-criteria">
          <Table.Caption>{t('quality.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('quality.criterion')}</Table.Th>
              <Table.Th scope="col">{t('quality.points')}</Table.Th>
              <Table.Th scope="col">{t('quality.met')}</Table.Th>
              <Table.Th scope="col">{t('quality.why')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {quality.criteria.map((criterion) => (
              <Table.Tr key={criterion.code} data-criterion={criterion.code}>
                <Table.Th scope="row">{pick(criterion.label)}</Table.Th>
                <Table.Td>
                  {criterion.points}/{criterion.max}
                </Table.Td>
                <Table.Td>
                  <Badge color={criterion.met ? 'teal' : 'red'} variant="light" tt="none">
                    {criterion.met ? t('quality.yes') : t('quality.no')}
                  </Badge>
                </Table.Td>
                <Table.Td>{pick(criterion.reason)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </section>
  );
}
