import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { fill } from '../../lib/format.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import type { FrameworkDetail } from '../api.ts';
import { NumberField } from './fields.tsx';
import { text } from './messages.ts';

/** "Chép sang năm khác": the council starts next year's framework from this version. */
export function CopyForward({ framework }: { framework: FrameworkDetail }) {
  const { pick } = useLanguage();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [year, setYear] = useState(framework.year + 1);
  const copy = useMutation({
    mutationFn: () =>
      api<FrameworkDetail>(`/api/dti/frameworks/${framework.id}/copy`, { method: 'POST', body: { year } }),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['dti', 'frameworks'] });
      await navigate({
        to: '/console/chi-so-cds/bo-chi-so/$frameworkId',
        params: { frameworkId: created.id },
      });
    },
  });
  return (
    <Paper
      component="form"
      withBorder
      p="md"
      aria-labelledby="dti-copy-heading"
      onSubmit={(event) => {
        event.preventDefault();
        copy.mutate();
      }}
    >
      <Stack gap="sm">
        <Title order={2} id="dti-copy-heading">
          {pick(text.copyTitle)}
        </Title>
        <Text size="sm">{pick(text.copyHint)}</Text>
        <Group align="flex-end">
          <NumberField label={pick(text.copyYear)} value={year} onChange={setYear} maw={160} />
          <Button type="submit" variant="default" loading={copy.isPending} disabled={!Number.isInteger(year)}>
            {fill(pick(text.copy), { year: Number.isInteger(year) ? year : '…' })}
          </Button>
        </Group>
        {copy.isError ? <ProblemAlert error={copy.error} /> : null}
      </Stack>
    </Paper>
  );
}
