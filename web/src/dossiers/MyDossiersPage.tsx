import { Alert, Anchor, Badge, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { api } from '../lib/api.ts';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { RequireSignedIn } from '../shell/AccessGate.tsx';
import { Loading } from '../shell/Loading.tsx';
import { AnchorLink, ButtonLink } from '../shell/links.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { type DossierDetail, type DossierSummary, receiptUrl } from './api.ts';
import { DossierActions } from './DossierActions.tsx';
import { dossierEventLabels } from './labels.ts';
import { fill, text } from './messages.ts';

/** The appointment and due dates of a dossier, as `<dt>/<dd>` pairs. */
export function DueDates({ dossier }: { dossier: Pick<DossierSummary, 'appointmentDate' | 'dueDate'> }) {
  const { pick, language } = useLanguage();
  return (
    <>
      <div>
        <Text component="dt" size="sm" fw={700}>
          {pick(text.appointment)}
        </Text>
        <Text component="dd" m={0}>
          {dossier.appointmentDate ? formatDate(dossier.appointmentDate, language) : pick(text.notYet)}
        </Text>
      </div>
      <div>
        <Text component="dt" size="sm" fw={700}>
          {pick(text.dueDate)}
        </Text>
        <Text component="dd" m={0}>
          {dossier.dueDate ? formatDate(dossier.dueDate, language) : pick(text.notYet)}
        </Text>
      </div>
    </>
  );
}

function CitizensOnly({ children }: { children: () => React.ReactNode }) {
  const { pick } = useLanguage();
  return (
    <RequireSignedIn>
      {(principal) =>
        principal.kind !== 'citizen' ? (
          <Alert color="blue" variant="light">
            <Text size="sm">{pick(text.citizensOnly)}</Text>
          </Alert>
        ) : (
          children()
        )
      }
    </RequireSignedIn>
  );
}

function DossierList() {
  const { pick, language } = useLanguage();
  const mine = useQuery({
    queryKey: ['dossiers', 'mine'],
    queryFn: ({ signal }) => api<{ items: DossierSummary[] }>('/api/services/dossiers/mine', { signal }),
  });
  if (mine.isPending) return <Loading label={pick(text.loading)} />;
  if (mine.isError) return <ProblemAlert error={mine.error} onRetry={() => void mine.refetch()} />;
  if (mine.data.items.length === 0) {
    return (
      <Stack gap="sm" align="flex-start">
        <Text>{pick(text.myDossiersEmpty)}</Text>
        <ButtonLink to="/dich-vu-cong" variant="outline">
          {pick(text.findProcedures)}
        </ButtonLink>
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{pick(text.dossierCode)}</Table.Th>
            <Table.Th scope="col">{pick(text.procedure)}</Table.Th>
            <Table.Th scope="col">{pick(text.state)}</Table.Th>
            <Table.Th scope="col">{pick(text.submittedAt)}</Table.Th>
            <Table.Th scope="col">{pick(text.dueDate)}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {mine.data.items.map((dossier) => (
            <Table.Tr key={dossier.id}>
              <Table.Td>
                <AnchorLink to="/ho-so-cua-toi/$code" params={{ code: dossier.code }}>
                  {dossier.code}
                </AnchorLink>
              </Table.Td>
              <Table.Td>{pick({ vi: dossier.procedureNameVi, en: dossier.procedureNameEn })}</Table.Td>
              <Table.Td>
                <Badge variant="light" color="blue">
                  {pick({ vi: dossier.stateVi, en: dossier.stateEn })}
                </Badge>
              </Table.Td>
              <Table.Td>{formatDate(dossier.submittedAt.slice(0, 10), language)}</Table.Td>
              <Table.Td>{dossier.dueDate ? formatDate(dossier.dueDate, language) : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** `/ho-so-cua-toi`: the signed-in citizen's dossiers with their state and due date. */
export function MyDossiersPage() {
  const { pick } = useLanguage();
  usePageTitle(pick(text.myDossiers));
  return (
    <Stack gap="lg" maw={1100}>
      <Title order={1}>{pick(text.myDossiers)}</Title>
      <CitizensOnly>{() => <DossierList />}</CitizensOnly>
    </Stack>
  );
}

function Detail({ code }: { code: string }) {
  const { pick, language } = useLanguage();
  const dossier = useQuery({
    queryKey: ['dossiers', 'mine', code],
    queryFn: ({ signal }) =>
      api<DossierDetail>(`/api/services/dossiers/mine/${encodeURIComponent(code)}`, { signal }),
  });
  if (dossier.isPending) return <Loading label={pick(text.loading)} />;
  if (dossier.isError) return <ProblemAlert error={dossier.error} onRetry={() => void dossier.refetch()} />;
  const d = dossier.data;
  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <Stack gap="xs" component="dl" m={0}>
          <div>
            <Text component="dt" size="sm" fw={700}>
              {pick(text.procedure)}
            </Text>
            <Text component="dd" m={0}>
              {pick({ vi: d.procedureNameVi, en: d.procedureNameEn })}
            </Text>
          </div>
          <div>
            <Text component="dt" size="sm" fw={700}>
              {pick(text.state)}
            </Text>
            <Text component="dd" m={0}>
              {pick({ vi: d.stateVi, en: d.stateEn })}
            </Text>
          </div>
          <div>
            <Text component="dt" size="sm" fw={700}>
              {pick(text.submittedAt)}
            </Text>
            <Text component="dd" m={0}>
              {formatDateTime(d.submittedAt, language)}
            </Text>
          </div>
          <DueDates dossier={d} />
        </Stack>
        <Anchor href={receiptUrl(d.code)} download mt="sm" display="inline-block">
          {pick(text.receiptPdf)}
        </Anchor>
      </Paper>
      <DossierActions dossier={d} />
      {d.attachments.length > 0 ? (
        <Paper withBorder p="md" component="section" aria-labelledby="attachments-heading">
          <Title order={2} size="h3" id="attachments-heading" mb="sm">
            {pick(text.attachments)}
          </Title>
          <List>
            {d.attachments.map((attachment) => (
              <List.Item key={attachment.id}>
                <Anchor
                  href={`/api/services/dossiers/${encodeURIComponent(d.code)}/attachments/${encodeURIComponent(attachment.id)}`}
                  aria-label={fill(pick(text.download), { name: attachment.filename })}
                >
                  {attachment.filename}
                </Anchor>
              </List.Item>
            ))}
          </List>
        </Paper>
      ) : null}
      <Paper withBorder p="md" component="section" aria-labelledby="history-heading">
        <Title order={2} size="h3" id="history-heading" mb="sm">
          {pick(text.history)}
        </Title>
        <Table.ScrollContainer minWidth={560}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{pick(text.when)}</Table.Th>
                <Table.Th scope="col">{pick(text.event)}</Table.Th>
                <Table.Th scope="col">{pick(text.by)}</Table.Th>
                <Table.Th scope="col">{pick(text.reason)}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.events.map((event) => (
                <Table.Tr key={event.seq}>
                  <Table.Td>{formatDateTime(event.at, language)}</Table.Td>
                  <Table.Td>{eventLabel(event.kind, pick)}</Table.Td>
                  <Table.Td>{event.actorLabel ?? '—'}</Table.Td>
                  <Table.Td>{event.reason ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}

function eventLabel(kind: string, pick: <T>(pair: { vi: T; en: T }) => T): string {
  return dossierEventLabels[kind] ? pick(dossierEventLabels[kind]) : kind;
}

/** `/ho-so-cua-toi/$code`: one of the citizen's dossiers with its event history. */
export function DossierDetailPage() {
  const { code } = useParams({ strict: false }) as { code: string };
  const { pick } = useLanguage();
  usePageTitle(`${pick(text.dossierCode)} ${code}`);
  return (
    <Stack gap="lg" maw={1100}>
      <AnchorLink to="/ho-so-cua-toi">← {pick(text.myDossiers)}</AnchorLink>
      <Title order={1}>
        {pick(text.dossierCode)} {code}
      </Title>
      <CitizensOnly>{() => <Detail code={code} />}</CitizensOnly>
    </Stack>
  );
}
