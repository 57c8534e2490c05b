import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../shell/links.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { DemoDataBadge, PrivateBadge } from '../components/badges.tsx';
import { QualityScore } from '../components/QualityScore.tsx';
import { datasetDescription, datasetTitle, formatDay, shownInVietnamese } from '../format.ts';
import type { Dataset } from '../types.ts';

const EXCERPT = 240;

/** One dataset in the search results: title, publisher, labels, formats, licence, quality score. */
export function DatasetCard({ dataset }: { dataset: Dataset }) {
  const { t } = useTranslation('data');
  const { language, unitName } = useLanguage();
  const description = datasetDescription(dataset, language);
  const formats = [...new Set(dataset.resources.map((resource) => resource.format.toUpperCase()))];
  const titleLang = shownInVietnamese(dataset.titleEn, language) ? 'vi' : undefined;
  return (
    <Card component="li" withBorder padding="md" radius="md" data-dataset={dataset.name}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Title order={3} size="h4" lang={titleLang}>
            <AnchorLink to="/du-lieu/bo/$name" params={{ name: dataset.name }}>
              {datasetTitle(dataset, language)}
            </AnchorLink>
          </Title>
          <Group gap={6}>
            {dataset.demo ? <DemoDataBadge /> : null}
            {dataset.private ? <PrivateBadge /> : null}
            {formats.map((format) => (
              <Badge key={format} variant="outline" color="gray" tt="none">
                {format}
              </Badge>
            ))}
          </Group>
          <Text size="sm">
            {t('dataset.publisher')}: {unitName(dataset.organization)}
          </Text>
          <Text size="sm" lang={shownInVietnamese(dataset.descriptionEn, language) ? 'vi' : undefined}>
            {description.length > EXCERPT ? `${description.slice(0, EXCERPT).trimEnd()}…` : description}
          </Text>
          <Text size="xs" c="dimmed">
            {t('dataset.licence')}: {dataset.licence.title} · {t('dataset.modified')}:{' '}
            {formatDay(dataset.modified, language)}
          </Text>
        </Stack>
        <QualityScore score={dataset.quality.score} />
      </Group>
    </Card>
  );
}
