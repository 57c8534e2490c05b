import { Button, Checkbox, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import type { OfficialPrincipal } from '../../lib/types.ts';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { slugOf } from '../format.ts';
import { dataKeys, portalPaths } from '../queries.ts';
import type { Dataset } from '../types.ts';
import { DatasetFormFields, publishesForAll, stewardUnits } from './DatasetFormFields.tsx';
import { bodyOf, type DatasetForm, emptyForm } from './dataset-form.ts';
import '../data.css';

function CreateForm({ principal }: { principal: OfficialPrincipal }) {
  const { t } = useTranslation('data');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const firstUnit = publishesForAll(principal) ? '' : (stewardUnits(principal)[0]?.unitId ?? '');
  const [form, setForm] = useState<DatasetForm>(() => emptyForm(firstUnit));
  // The name follows the title until the publisher types one of their own.
  const [nameTouched, setNameTouched] = useState(false);
  const set = (patch: Partial<DatasetForm>) => {
    if ('name' in patch) setNameTouched(true);
    setForm((previous) => ({ ...previous, ...patch }));
  };
  const create = useMutation({
    mutationFn: (body: ReturnType<typeof bodyOf>) =>
      api<Dataset>(portalPaths.datasets, { method: 'POST', body }),
    onSuccess: async (dataset) => {
      await queryClient.invalidateQueries({ queryKey: dataKeys.all });
      await navigate({ to: '/console/du-lieu/bo/$name', params: { name: dataset.name } });
    },
  });
  return (
    <Paper
      component="form"
      withBorder
      p="md"
      aria-labelledby="new-dataset-heading"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(bodyOf(form));
      }}
    >
      <Title order={2} size="h3" id="new-dataset-heading" mb="sm">
        {t('form.metadata')}
      </Title>
      <Stack gap="md">
        <DatasetFormFields
          form={form}
          set={set}
          principal={principal}
          onTitleVi={(title) => {
            if (!nameTouched) setForm((previous) => ({ ...previous, name: slugOf(title) }));
          }}
        />
        <Checkbox
          label={t('form.private')}
          description={t('form.privateHint')}
          checked={form.private}
          onChange={(event) => set({ private: event.currentTarget.checked })}
        />
        <div aria-live="polite">{create.isError ? <ProblemAlert error={create.error} /> : null}</div>
        <Group>
          <Button type="submit" loading={create.isPending}>
            {t('form.create')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** A data steward describes a new dataset (DCAT-AP metadata); resources are added next. */
export function NewDatasetPage() {
  const { t } = useTranslation('data');
  usePageTitle(t('form.newTitle'));
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <AnchorLink to="/console/du-lieu" size="sm">
          ← {t('publish.back')}
        </AnchorLink>
        <Title order={1}>{t('form.newTitle')}</Title>
        <Text maw={860}>{t('form.newLead')}</Text>
      </Stack>
      <RequireOfficial roles={['data_steward', 'city_admin']}>
        {(principal) => <CreateForm principal={principal} />}
      </RequireOfficial>
    </Stack>
  );
}
