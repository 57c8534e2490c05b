import { Alert, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink, ButtonLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { DemoDataBadge, PrivateBadge } from '../components/badges.tsx';
import { DataAreaNav } from '../components/DataAreaNav.tsx';
import { QualityCriteria, QualityScore } from '../components/QualityScore.tsx';
import { datasetDescription, datasetTitle, shownInVietnamese } from '../format.ts';
import { useDataset } from '../queries.ts';
import type { Dataset } from '../types.ts';
import { DcatLinks } from './ApiSnippet.tsx';
import { DatasetMetadata } from './DatasetMetadata.tsx';
import { PreviewSection } from './PreviewSection.tsx';
import { ResourceCard } from './ResourceList.tsx';
import { VersionHistory } from './VersionHistory.tsx';
import '../data.css';

function Preview({ dataset }: { dataset: Dataset }) {
  const { t } = useTranslation('data');
  const tabular = dataset.resources.filter((resource) => resource.datastoreActive);
  const [chosen, setChosen] = useState(tabular[0]?.id ?? '');
  const resource = tabular.find((candidate) => candidate.id === chosen) ?? tabular[0];
  return (
    <section aria-labelledby="preview-heading">
      <Title order={2} size="h3" id="preview-heading" mb="xs">
        {t('preview.heading')}
      </Title>
      {!resource ? (
        <Text>{t('preview.noTable')}</Text>
      ) : (
        <Stack gap="sm">
          <Text size="sm">{t('preview.lead')}</Text>
          {tabular.length > 1 ? (
            <NativeSelect
              label={t('preview.resource')}
              value={resource.id}
              onChange={(event) => setChosen(event.currentTarget.value)}
              data={tabular.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
              maw={480}
            />
          ) : null}
          <PreviewSection key={resource.id} resource={resource} datasetName={dataset.name} />
        </Stack>
      )}
    </section>
  );
}

function DatasetDetail({ dataset }: { dataset: Dataset }) {
  const { t } = useTranslation('data');
  const { language } = useLanguage();
  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Group gap="xs">
            {dataset.demo ? <DemoDataBadge /> : null}
            {dataset.private ? <PrivateBadge /> : null}
          </Group>
          <Group gap="sm" align="flex-start">
            <QualityScore score={dataset.quality.score} />
            {dataset.canEdit ? (
              <ButtonLink to="/console/du-lieu/bo/$name" params={{ name: dataset.name }} variant="outline">
                {t('dataset.edit')}
              </ButtonLink>
            ) : null}
          </Group>
        </Group>
        {dataset.demo ? (
          <Alert color="pink" variant="light" title={t('demoData')}>
            <Text size="sm">{t('dataset.demoNote')}</Text>
          </Alert>
        ) : null}
        <Text
          maw={860}
          style={{ whiteSpace: 'pre-line' }}
          lang={shownInVietnamese(dataset.descriptionEn, language) ? 'vi' : undefined}
          data-testid="description"
        >
          {datasetDescription(dataset, language)}
        </Text>
      </Stack>
      <DatasetMetadata dataset={dataset} />
      <section aria-labelledby="resources-heading">
        <Title order={2} size="h3" id="resources-heading" mb="xs">
          {t('dataset.resources')}
        </Title>
        {dataset.resources.length === 0 ? (
          <Text>{t('dataset.noResources')}</Text>
        ) : (
          <Stack component="ul" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {dataset.resources.map((resource) => (
              <ResourceCard key={resource.id} resource={resource} licenceTitle={dataset.licence.title} />
            ))}
          </Stack>
        )}
        <Stack mt="sm" gap={4}>
          <DcatLinks datasetName={dataset.name} />
        </Stack>
      </section>
      <Preview dataset={dataset} />
      <QualityCriteria quality={dataset.quality} headingId="quality-heading" />
      <VersionHistory name={dataset.name} />
    </Stack>
  );
}

/** One dataset: metadata, licence and attribution, resources with downloads, preview, chart, API and quality. */
export function DatasetPage() {
  const { t } = useTranslation('data');
  const { t: tc } = useTranslation();
  const { language } = useLanguage();
  const { name } = useParams({ from: '/du-lieu/bo/$name' });
  const dataset = useDataset(name);
  const title = dataset.data ? datasetTitle(dataset.data, language) : undefined;
  usePageTitle(title ?? t('dataset.title'));
  return (
    <Stack gap="lg">
      <DataAreaNav />
      <Stack gap="xs">
        <AnchorLink to="/du-lieu" search={{}} size="sm">
          ← {t('dataset.back')}
        </AnchorLink>
        <Title
          order={1}
          lang={dataset.data && shownInVietnamese(dataset.data.titleEn, language) ? 'vi' : undefined}
        >
          {title ?? t('dataset.title')}
        </Title>
      </Stack>
      {dataset.isPending ? (
        <Loading label={tc('loading')} />
      ) : dataset.isError ? (
        <ProblemAlert error={dataset.error} onRetry={() => void dataset.refetch()} />
      ) : (
        <DatasetDetail dataset={dataset.data} />
      )}
    </Stack>
  );
}
