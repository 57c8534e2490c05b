import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import type { OfficialPrincipal } from '../../lib/types.ts';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { DemoDataBadge, PrivateBadge } from '../components/badges.tsx';
import { QualityCriteria, QualityScore } from '../components/QualityScore.tsx';
import { datasetTitle } from '../format.ts';
import { dataKeys, portalPaths, useDataset } from '../queries.ts';
import type { Dataset } from '../types.ts';
import { DatasetFormFields } from './DatasetFormFields.tsx';
import { bodyOf, type DatasetForm, formOf } from './dataset-form.ts';
import { LinkResourceForm } from './LinkResourceForm.tsx';
import { ResourceManager } from './ResourceManager.tsx';
import { ResourceUpload } from './ResourceUpload.tsx';
import '../data.css';

/** Private → public (published) and back: the step that makes a dataset visible to everyone. */
function PublishControl({ dataset }: { dataset: Dataset }) {
  const { t } = useTranslation('data');
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (makePrivate: boolean) =>
      api<Dataset>(portalPaths.dataset(dataset.name), { method: 'PATCH', body: { private: makePrivate } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dataKeys.all }),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="publish-heading">
      <Title order={2} size="h3" id="publish-heading" mb="xs">
        {t('publish.state')}
      </Title>
      <Stack gap="sm">
        <Text data-testid="publish-state">
          {dataset.private ? t('publish.isPrivate') : t('publish.isPublic')}
        </Text>
        <Group gap="sm">
          {dataset.private ? (
            <Button
              onClick={() => change.mutate(false)}
              loading={change.isPending}
              disabled={dataset.resources.length === 0}
            >
              {t('publish.publish')}
            </Button>
          ) : (
            <Button variant="outline" onClick={() => change.mutate(true)} loading={change.isPending}>
              {t('publish.unpublish')}
            </Button>
          )}
          <AnchorLink to="/du-lieu/bo/$name" params={{ name: dataset.name }} fw={600}>
            {dataset.private ? t('publish.viewPrivate') : t('publish.viewPublic')}
          </AnchorLink>
        </Group>
        {dataset.private && dataset.resources.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('publish.needsResource')}
          </Text>
        ) : null}
        <div aria-live="polite">
          {change.isSuccess ? (
            <Alert color="teal" variant="light">
              {change.data.private ? t('publish.madePrivate') : t('publish.published')}
            </Alert>
          ) : null}
          {change.isError ? <ProblemAlert error={change.error} /> : null}
        </div>
      </Stack>
    </Paper>
  );
}

function MetadataForm({ dataset, principal }: { dataset: Dataset; principal: OfficialPrincipal }) {
  const { t } = useTranslation('data');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState<DatasetForm>(() => formOf(dataset));
  const set = (patch: Partial<DatasetForm>) => setForm((previous) => ({ ...previous, ...patch }));
  const save = useMutation({
    mutationFn: (body: ReturnType<typeof bodyOf>) =>
      api<Dataset>(portalPaths.dataset(dataset.name), { method: 'PATCH', body }),
    onSuccess: async (updated) => {
      await queryClient.invalidateQueries({ queryKey: dataKeys.all });
      setForm(formOf(updated));
      if (updated.name !== dataset.name)
        await navigate({ to: '/console/du-lieu/bo/$name', params: { name: updated.name }, replace: true });
    },
  });
  return (
    <Paper
      component="form"
      withBorder
      p="md"
      aria-labelledby="metadata-heading"
      onSubmit={(event) => {
        event.preventDefault();
        // Publishing has its own control: the form leaves `private` as it is.
        const { private: _private, ...body } = bodyOf(form);
        save.mutate({ ...body, private: dataset.private });
      }}
    >
      <Title order={2} size="h3" id="metadata-heading" mb="sm">
        {t('form.metadata')}
      </Title>
      <Stack gap="md">
        <DatasetFormFields form={form} set={set} principal={principal} />
        <div aria-live="polite">
          {save.isSuccess ? (
            <Alert color="teal" variant="light">
              {t('form.saved', { version: save.data.version })}
            </Alert>
          ) : null}
          {save.isError ? <ProblemAlert error={save.error} /> : null}
        </div>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('form.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Editor({ name, principal }: { name: string; principal: OfficialPrincipal }) {
  const { t } = useTranslation('data');
  const { t: tc } = useTranslation();
  const { language } = useLanguage();
  const dataset = useDataset(name);
  usePageTitle(dataset.data ? t('publish.editTitle', { title: datasetTitle(dataset.data, language) }) : name);
  if (dataset.isPending) return <Loading label={tc('loading')} />;
  if (dataset.isError) return <ProblemAlert error={dataset.error} onRetry={() => void dataset.refetch()} />;
  const data = dataset.data;
  if (!data.canEdit) {
    return (
      <Alert color="red" variant="light" title={t('publish.notAllowedTitle')}>
        <Text size="sm">{t('publish.notAllowed')}</Text>
      </Alert>
    );
  }
  return (
    <Stack gap="lg">
      <Text size="lg" fw={700} data-testid="dataset-title">
        {datasetTitle(data, language)} <code>({data.name})</code>
      </Text>
      <Group gap="xs">
        {data.demo ? <DemoDataBadge /> : null}
        {data.private ? <PrivateBadge /> : null}
        <QualityScore score={data.quality.score} />
      </Group>
      <PublishControl dataset={data} />
      <Paper withBorder p="md" component="section" aria-labelledby="resources-heading">
        <Title order={2} size="h3" id="resources-heading" mb="sm">
          {t('dataset.resources')}
        </Title>
        <ResourceManager resources={data.resources} datasetName={data.name} />
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="upload-heading">
        <Title order={2} size="h3" id="upload-heading" mb="xs">
          {t('upload.heading')}
        </Title>
        <Text size="sm" mb="sm">
          {t('upload.lead')}
        </Text>
        <ResourceUpload datasetName={data.name} idPrefix="new-upload" />
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="link-heading">
        <Title order={2} size="h3" id="link-heading" mb="xs">
          {t('link.heading')}
        </Title>
        <Text size="sm" mb="sm">
          {t('link.lead')}
        </Text>
        <LinkResourceForm datasetName={data.name} />
      </Paper>
      <MetadataForm key={data.name} dataset={data} principal={principal} />
      <QualityCriteria quality={data.quality} headingId="quality-heading" />
    </Stack>
  );
}

/** The publisher's page of one dataset: publish, resources (upload, links, schedule), metadata, quality. */
export function EditDatasetPage() {
  const { t } = useTranslation('data');
  const { name } = useParams({ from: '/console/du-lieu/bo/$name' });
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <AnchorLink to="/console/du-lieu" size="sm">
          ← {t('publish.back')}
        </AnchorLink>
        <Title order={1}>{t('publish.editHeading')}</Title>
      </Stack>
      <RequireOfficial roles={['data_steward', 'city_admin']}>
        {(principal) => <Editor name={name} principal={principal} />}
      </RequireOfficial>
    </Stack>
  );
}
