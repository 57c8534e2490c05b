import { Alert, Button, FileInput, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError, api, type BilingualText, type Problem } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { Loading } from '../shell/Loading.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { text } from './messages.ts';

/** `GET /api/verify/{id}` (server/modules/services/results/results.schema.ts). */
type Verification = {
  id: string;
  status: 'valid' | 'revoked';
  statusText: BilingualText;
  issuer: { agencyId: string; nameVi: string; nameEn: string };
  subject: { nameMasked: string; personalIdLast: string };
  titleVi: string;
  titleEn: string;
  procedureCode: string;
  issuedAt: string;
  sha256: string;
  revocation: { at: string; reason: string } | null;
  signature: { demoCa: boolean; label: BilingualText; signerSubject: string };
};
type CopyCheck = {
  valid: boolean;
  identical: boolean;
  signatureValid: boolean;
  status: 'valid' | 'revoked';
  reasons: BilingualText[];
};

/** The upload goes as multipart/form-data; the check changes nothing, so no CSRF token is needed. */
async function checkCopy(id: string, file: File): Promise<CopyCheck> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(`/api/verify/${encodeURIComponent(id)}/check`, {
    method: 'POST',
    headers: { accept: 'application/json' },
    body: form,
    credentials: 'same-origin',
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body as Problem | null);
  return body as CopyCheck;
}

function Details({ result }: { result: Verification }) {
  const { pick, language } = useLanguage();
  const rows: [BilingualText, React.ReactNode][] = [
    [text.document, language === 'en' ? result.titleEn : result.titleVi],
    [text.issuer, language === 'en' ? result.issuer.nameEn : result.issuer.nameVi],
    [text.subject, result.subject.nameMasked],
    [text.idDigits, `…${result.subject.personalIdLast}`],
    [text.issuedAt, formatDateTime(result.issuedAt, language)],
    [
      text.status,
      <Text key="status" fw={700} size="lg" c={result.status === 'valid' ? 'teal.9' : 'red.9'}>
        {pick(result.statusText)}
      </Text>,
    ],
  ];
  if (result.revocation) {
    rows.push([text.revokedAt, formatDateTime(result.revocation.at, language)]);
    rows.push([text.revokedReason, result.revocation.reason]);
  }
  rows.push([text.identifier, <code key="id">{result.id}</code>]);
  rows.push([
    text.fingerprint,
    <code key="sha" style={{ wordBreak: 'break-all' }}>
      {result.sha256}
    </code>,
  ]);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="result-heading">
      <Title order={2} size="h3" id="result-heading" mb="sm">
        {pick(text.details)}
      </Title>
      <Table withTableBorder>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label.en}>
              <Table.Th scope="row" w="35%">
                {pick(label)}
              </Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function CheckCopy({ id }: { id: string }) {
  const { pick } = useLanguage();
  const [file, setFile] = useState<File | null>(null);
  const check = useMutation({ mutationFn: (chosen: File) => checkCopy(id, chosen) });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="check-heading">
      <Title order={2} size="h3" id="check-heading" mb="sm">
        {pick(text.checkHeading)}
      </Title>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (file) check.mutate(file);
        }}
      >
        <Group align="end">
          <FileInput
            label={pick(text.fileLabel)}
            accept="application/pdf,.pdf"
            value={file}
            onChange={(chosen) => {
              setFile(chosen);
              check.reset();
            }}
            w={{ base: '100%', sm: 360 }}
          />
          <Button type="submit" disabled={!file} loading={check.isPending}>
            {pick(text.checkButton)}
          </Button>
        </Group>
      </form>
      <div aria-live="polite">
        {check.isError ? <ProblemAlert error={check.error} /> : null}
        {check.data ? (
          <Alert mt="md" color={check.data.valid ? 'teal' : 'red'} variant="light" data-testid="check-result">
            <Stack gap={4}>
              <Text fw={700}>{check.data.valid ? pick(text.checkValid) : pick(text.checkInvalid)}</Text>
              <Text size="sm">
                {pick(text.identical)}: <strong>{pick(check.data.identical ? text.yes : text.no)}</strong>
              </Text>
              <Text size="sm">
                {pick(text.signature)}:{' '}
                <strong>
                  {pick(check.data.signatureValid ? text.validSignature : text.invalidSignature)}
                </strong>
              </Text>
              {check.data.reasons.length ? (
                <List size="sm">
                  {check.data.reasons.map((reason) => (
                    <List.Item key={reason.en}>{pick(reason)}</List.Item>
                  ))}
                </List>
              ) : null}
            </Stack>
          </Alert>
        ) : null}
      </div>
    </Paper>
  );
}

/** The public page the QR code on every result leads to: `/verify/{id}`. */
export function VerifyPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const { pick } = useLanguage();
  usePageTitle(pick(text.title));
  const result = useQuery({
    queryKey: ['verify', id],
    queryFn: ({ signal }) => api<Verification>(`/api/verify/${encodeURIComponent(id)}`, { signal }),
    retry: false,
  });
  return (
    <Stack gap="md" maw={900}>
      <Title order={1}>{pick(text.title)}</Title>
      <Text>{pick(text.intro)}</Text>
      {result.isPending ? (
        <Loading label={pick(text.loading)} />
      ) : result.isError ? (
        result.error instanceof ApiError && result.error.status === 404 ? (
          <Alert color="red" variant="light" role="alert" title={pick(text.notFound)}>
            <code>{id}</code>
          </Alert>
        ) : (
          <ProblemAlert error={result.error} onRetry={() => void result.refetch()} />
        )
      ) : (
        <>
          {result.data.signature.demoCa ? (
            <Alert color="violet" variant="light">
              <Text fw={700}>{pick(text.demoHeading)}</Text>
              <Text size="sm">{pick(result.data.signature.label)}</Text>
            </Alert>
          ) : null}
          <Details result={result.data} />
          <CheckCopy id={id} />
        </>
      )}
    </Stack>
  );
}
