import { Alert, Button, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { dataKeys, portalPaths } from '../queries.ts';
import { type RefreshSchedule, type Resource, refreshSchedules } from '../types.ts';

/** A resource that stays where it is published (a link), checked for reachability on a schedule. */
export function LinkResourceForm({ datasetName }: { datasetName: string }) {
  const { t } = useTranslation('data');
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState('');
  const [refresh, setRefresh] = useState<RefreshSchedule>('weekly');
  const add = useMutation({
    mutationFn: () =>
      api<Resource>(portalPaths.links(datasetName), {
        method: 'POST',
        body: { name: name.trim(), url: url.trim(), format: format.trim(), refresh },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: dataKeys.all });
      setName('');
      setUrl('');
      setFormat('');
    },
  });
  return (
    <Stack
      gap="sm"
      component="form"
      aria-label={t('link.heading')}
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate();
      }}
    >
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <TextInput
          label={t('link.name')}
          required
          maxLength={300}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
        />
        <TextInput
          label={t('link.url')}
          type="url"
          required
          maxLength={2000}
          placeholder="https://"
          value={url}
          onChange={(event) => setUrl(event.currentTarget.value)}
        />
        <TextInput
          label={t('link.format')}
          description={t('link.formatHint')}
          required
          maxLength={20}
          value={format}
          onChange={(event) => setFormat(event.currentTarget.value)}
        />
        <NativeSelect
          label={t('link.refresh')}
          description={t('link.refreshHint')}
          value={refresh}
          onChange={(event) => setRefresh(event.currentTarget.value as RefreshSchedule)}
          data={refreshSchedules.map((value) => ({ value, label: t(`refresh.${value}`) }))}
        />
      </SimpleGrid>
      <Group>
        <Button type="submit" variant="outline" loading={add.isPending}>
          {t('link.submit')}
        </Button>
      </Group>
      <div aria-live="polite">
        {add.isSuccess ? (
          <Alert color="teal" variant="light">
            {t('link.added', { name: add.data.name })}
          </Alert>
        ) : null}
        {add.isError ? <ProblemAlert error={add.error} /> : null}
      </div>
    </Stack>
  );
}
