import { Badge, Button, Card, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { formatNumber } from '../../lib/format.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { formatDay } from '../format.ts';
import { dataKeys, portalPaths } from '../queries.ts';
import { type RefreshSchedule, type Resource, refreshSchedules } from '../types.ts';
import { ResourceUpload, ValidationReportView } from './ResourceUpload.tsx';

function LinkControls({ resource }: { resource: Resource }) {
  const { t } = useTranslation('data');
  const { language } = useLanguage();
  const queryClient = useQueryClient();
  const [refresh, setRefresh] = useState<RefreshSchedule>(resource.refresh);
  const save = useMutation({
    mutationFn: () =>
      api<Resource>(portalPaths.resource(resource.id), { method: 'PATCH', body: { refresh } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dataKeys.all }),
  });
  const check = useMutation({
    mutationFn: () => api<Resource['lastCheck']>(portalPaths.resourceCheck(resource.id), { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dataKeys.all }),
  });
  const last = resource.lastCheck;
  return (
    <Stack gap="xs">
      <Text size="sm" data-testid="link-check">
        {last
          ? last.ok
            ? t('resource.reachable', { date: formatDay(last.at, language) })
            : t('resource.unreachable', {
                date: formatDay(last.at, language),
                detail: last.status ?? last.detail ?? '—',
              })
          : t('resource.notChecked')}
      </Text>
      <Group align="flex-end" gap="xs">
        <NativeSelect
          label={t('link.refreshOf', { name: resource.name })}
          value={refresh}
          onChange={(event) => setRefresh(event.currentTarget.value as RefreshSchedule)}
          data={refreshSchedules.map((value) => ({ value, label: t(`refresh.${value}`) }))}
        />
        <Button variant="default" onClick={() => save.mutate()} loading={save.isPending}>
          {t('link.saveRefresh')}
        </Button>
        <Button variant="outline" onClick={() => check.mutate()} loading={check.isPending}>
          {t('link.checkNow')}
        </Button>
      </Group>
      <div aria-live="polite">
        {save.isSuccess ? <Text size="sm">{t('link.refreshSaved')}</Text> : null}
        {save.isError ? <ProblemAlert error={save.error} /> : null}
        {check.isError ? <ProblemAlert error={check.error} /> : null}
      </div>
    </Stack>
  );
}

function ManagedResource({ resource, datasetName }: { resource: Resource; datasetName: string }) {
  const { t } = useTranslation('data');
  const { language } = useLanguage();
  const queryClient = useQueryClient();
  const [replacing, setReplacing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => api<void>(portalPaths.resource(resource.id), { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dataKeys.all }),
  });
  return (
    <Card component="li" withBorder padding="md" data-managed-resource={resource.name}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Title order={3} size="h5">
            {resource.name}
          </Title>
          <Group gap={6}>
            <Badge variant="outline" color="gray" tt="none">
              {resource.format.toUpperCase()}
            </Badge>
            <Badge variant="light" color={resource.kind === 'upload' ? 'blue' : 'grape'} tt="none">
              {t(`resource.kind.${resource.kind}`)}
            </Badge>
          </Group>
        </Group>
        <Text size="sm">
          {resource.datastoreActive && resource.rows !== null
            ? t('publish.inDatastore', { rows: formatNumber(resource.rows, language) })
            : resource.kind === 'upload'
              ? t('publish.notInDatastore')
              : t('publish.linked')}
          {resource.schema
            ? ` · ${resource.schemaSource === 'inferred' ? t('schema.inferred') : t('schema.published')}`
            : ''}
        </Text>
        {resource.validation && resource.validation.issues.length > 0 ? (
          <ValidationReportView report={resource.validation} refused={!resource.validation.valid} />
        ) : null}
        {resource.kind === 'link' ? <LinkControls resource={resource} /> : null}
        <Group gap="xs">
          {resource.kind === 'upload' ? (
            <Button
              variant="default"
              size="xs"
              onClick={() => setReplacing(!replacing)}
              aria-expanded={replacing}
            >
              {t('publish.replaceFile')}
            </Button>
          ) : null}
          {confirming ? (
            <>
              <Button color="red" size="xs" onClick={() => remove.mutate()} loading={remove.isPending}>
                {t('publish.confirmDelete', { name: resource.name })}
              </Button>
              <Button variant="default" size="xs" onClick={() => setConfirming(false)}>
                {t('cancel')}
              </Button>
            </>
          ) : (
            <Button color="red" variant="outline" size="xs" onClick={() => setConfirming(true)}>
              {t('publish.deleteResource')}
            </Button>
          )}
        </Group>
        {remove.isError ? <ProblemAlert error={remove.error} /> : null}
        {replacing ? (
          <ResourceUpload datasetName={datasetName} replace={resource} idPrefix={`replace-${resource.id}`} />
        ) : null}
      </Stack>
    </Card>
  );
}

/** The dataset's resources as their publisher manages them: state, link checks and schedule, replace, delete. */
export function ResourceManager({ resources, datasetName }: { resources: Resource[]; datasetName: string }) {
  const { t } = useTranslation('data');
  if (resources.length === 0) return <Text>{t('dataset.noResources')}</Text>;
  return (
    <Stack component="ul" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {resources.map((resource) => (
        <ManagedResource key={resource.id} resource={resource} datasetName={datasetName} />
      ))}
    </Stack>
  );
}
