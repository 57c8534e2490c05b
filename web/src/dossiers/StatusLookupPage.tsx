import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { lookupText as t } from './messages.ts';

/** `GET /api/services/status`: only the state and dates, never the applicant's data. */
type Status = {
  code: string;
  procedureNameVi: string;
  procedureNameEn: string;
  stateVi: string;
  stateEn: string;
  submittedAt: string;
  receivedAt: string | null;
  appointmentDate: string | null;
  closedAt: string | null;
};

/** `/tra-cuu-ho-so`: anyone with a dossier code and the last 4 digits of the ID number. */
export function StatusLookupPage() {
  const { pick, language } = useLanguage();
  usePageTitle(pick(t.title));
  const search = useSearch({ strict: false }) as { code?: string };
  const [code, setCode] = useState(search.code ?? '');
  const [idLast4, setIdLast4] = useState('');
  const lookup = useMutation({
    mutationFn: () =>
      api<Status>('/api/services/status', { query: { code: code.trim(), idLast4: idLast4.trim() } }),
  });
  const date = (value: string | null) => (value ? formatDate(value, language) : '—');
  const found = lookup.data;
  return (
    <Stack gap="lg" maw={720}>
      <Title order={1}>{pick(t.title)}</Title>
      <Text>{pick(t.intro)}</Text>
      <Paper withBorder p="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            lookup.mutate();
          }}
        >
          <Stack gap="sm">
            <TextInput
              label={pick(t.code)}
              description={pick(t.codeHint)}
              value={code}
              required
              maxLength={40}
              onChange={(event) => setCode(event.currentTarget.value)}
            />
            <TextInput
              label={pick(t.idLast4)}
              value={idLast4}
              required
              inputMode="numeric"
              pattern="\d{4}"
              maxLength={4}
              onChange={(event) => setIdLast4(event.currentTarget.value)}
            />
            <Group>
              <Button type="submit" loading={lookup.isPending}>
                {pick(t.search)}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {lookup.isError ? <ProblemAlert error={lookup.error} title={pick(t.notFound)} /> : null}
      {found ? (
        <Paper withBorder p="md" component="section" aria-labelledby="status-heading">
          <Title order={2} size="h3" id="status-heading" mb="sm">
            {pick(t.dossier)} {found.code}
          </Title>
          <Stack gap="xs" component="dl" m={0}>
            {(
              [
                [t.procedure, pick({ vi: found.procedureNameVi, en: found.procedureNameEn })],
                [t.state, pick({ vi: found.stateVi, en: found.stateEn })],
                [t.submitted, date(found.submittedAt)],
                [t.received, date(found.receivedAt)],
                [t.appointment, date(found.appointmentDate)],
                [t.closed, date(found.closedAt)],
              ] as const
            ).map(([label, value]) => (
              <div key={label.en}>
                <Text component="dt" size="sm" fw={700}>
                  {pick(label)}
                </Text>
                <Text
                  component="dd"
                  m={0}
                  data-testid={`status-${label.en.toLowerCase().replace(/\W+/g, '-')}`}
                >
                  {value}
                </Text>
              </div>
            ))}
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
