import { Anchor, Badge, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { dossierEventLabels } from '../dossiers/labels.ts';
import { formatDate, formatDateTime, formatNumber } from '../lib/format.ts';
import { RequireOfficial } from '../shell/AccessGate.tsx';
import { Loading } from '../shell/Loading.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { ActionsPanel } from './ActionsPanel.tsx';
import { AnswersTable } from './AnswersTable.tsx';
import { type CaseDetail, useCase } from './api.ts';
import { DeadlineBadge } from './DeadlineBadge.tsx';
import { fill, stateLabels, text } from './messages.ts';

const DAY = 86_400_000;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="sm" fw={700}>
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}

function Header({ dossier: d }: { dossier: CaseDetail }) {
  const { pick, language } = useLanguage();
  const date = (iso: string | null) => (iso ? formatDate(iso, language) : pick(text.notYet));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="summary-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3" id="summary-heading">
          {pick(text.summary)}
        </Title>
        <DeadlineBadge deadline={d.deadline} />
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} component="dl" m={0} spacing="sm">
        <Fact label={pick(text.procedure)}>{pick({ vi: d.procedureNameVi, en: d.procedureNameEn })}</Fact>
        <Fact label={pick(text.applicant)}>
          {d.applicantName} ({pick(d.channel === 'counter' ? text.counter : text.online)})
        </Fact>
        <Fact label={pick(text.state)}>
          <Badge variant="light" color="blue" tt="none" size="lg" data-testid="case-state">
            {pick({ vi: d.stateVi, en: d.stateEn })}
          </Badge>
        </Fact>
        <Fact label={pick(text.submittedAt)}>{formatDateTime(d.submittedAt, language)}</Fact>
        <Fact label={pick(text.receivedAt)}>
          {d.receivedAt ? formatDateTime(d.receivedAt, language) : pick(text.notYet)}
        </Fact>
        <Fact label={pick(text.dueDate)}>{date(d.dueDate)}</Fact>
        <Fact label={pick(text.appointment)}>{date(d.appointmentDate)}</Fact>
        <Fact label={pick(text.fee)}>
          {d.feeVnd > 0 ? fill(pick(text.feeVnd), { n: formatNumber(d.feeVnd, language) }) : pick(text.noFee)}
          {d.paidAt ? ` — ${fill(pick(text.paid), { date: formatDateTime(d.paidAt, language) })}` : ''}
        </Fact>
        {d.extensionDays > 0 ? (
          <Fact label={pick(text.extension)}>{fill(pick(text.extensionDays), { n: d.extensionDays })}</Fact>
        ) : null}
        {d.step ? <Fact label={pick(text.step)}>{d.step}</Fact> : null}
        {d.assignedOfficialId ? <Fact label={pick(text.assigned)}>{d.assignedOfficialId}</Fact> : null}
      </SimpleGrid>
      {d.pauses.length > 0 ? (
        <Stack gap={4} mt="md">
          <Text fw={700} size="sm" id="pauses-heading">
            {pick(text.pauses)}
          </Text>
          <List size="sm" aria-labelledby="pauses-heading">
            {d.pauses.map((pause) => (
              <List.Item key={pause.from}>
                {pick(pause.kind === 'supplement' ? text.pauseSupplement : text.pauseSuspension)}:{' '}
                {formatDateTime(pause.from, language)} →{' '}
                {pause.to
                  ? `${formatDateTime(pause.to, language)} (${fill(pick(text.pauseDays), {
                      n: Math.max(0, Math.round((Date.parse(pause.to) - Date.parse(pause.from)) / DAY)),
                    })})`
                  : pick(text.pauseOpen)}
              </List.Item>
            ))}
          </List>
        </Stack>
      ) : null}
    </Paper>
  );
}

function Attachments({ dossier: d }: { dossier: CaseDetail }) {
  const { pick, language } = useLanguage();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="attachments-heading">
      <Title order={2} size="h3" id="attachments-heading" mb="sm">
        {pick(text.attachments)}
      </Title>
      {d.attachments.length === 0 ? (
        <Text>{pick(text.noAttachments)}</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{pick(text.file)}</Table.Th>
                <Table.Th scope="col">{pick(text.kind)}</Table.Th>
                <Table.Th scope="col">{pick(text.size)}</Table.Th>
                <Table.Th scope="col">{pick(text.when)}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.attachments.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Anchor
                      href={`/api/services/dossiers/${encodeURIComponent(d.code)}/attachments/${encodeURIComponent(a.id)}`}
                      aria-label={fill(pick(text.download), { name: a.filename })}
                    >
                      {a.filename}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {a.key} ({pick(a.phase === 'supplement' ? text.phaseSupplement : text.phaseSubmission)})
                  </Table.Td>
                  <Table.Td>{formatNumber(Math.ceil(a.sizeBytes / 1024), language)} KB</Table.Td>
                  <Table.Td>{formatDateTime(a.addedAt, language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function History({ dossier: d }: { dossier: CaseDetail }) {
  const { pick, language } = useLanguage();
  const state = (s: string | null) => (s ? (stateLabels[s] ? pick(stateLabels[s]) : s) : '—');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="history-heading">
      <Title order={2} size="h3" id="history-heading" mb="sm">
        {pick(text.history)}
      </Title>
      <Table.ScrollContainer minWidth={720}>
        <Table striped withTableBorder data-testid="case-history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{pick(text.when)}</Table.Th>
              <Table.Th scope="col">{pick(text.event)}</Table.Th>
              <Table.Th scope="col">{pick(text.transition)}</Table.Th>
              <Table.Th scope="col">{pick(text.by)}</Table.Th>
              <Table.Th scope="col">{pick(text.reason)}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.events.map((e) => (
              <Table.Tr key={e.seq}>
                <Table.Td>{formatDateTime(e.at, language)}</Table.Td>
                <Table.Td>{dossierEventLabels[e.kind] ? pick(dossierEventLabels[e.kind]!) : e.kind}</Table.Td>
                <Table.Td>
                  {e.fromState === e.toState
                    ? state(e.toState)
                    : `${state(e.fromState)} → ${state(e.toState)}`}
                </Table.Td>
                <Table.Td>{e.actorLabel ?? (e.actorKind === 'system' ? pick(text.system) : '—')}</Table.Td>
                <Table.Td>{e.reason ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function Case({ code }: { code: string }) {
  const { pick } = useLanguage();
  const dossier = useCase(code);
  if (dossier.isPending) return <Loading label={pick(text.loading)} />;
  if (dossier.isError) return <ProblemAlert error={dossier.error} onRetry={() => void dossier.refetch()} />;
  const d = dossier.data;
  return (
    <Stack gap="md">
      <Header dossier={d} />
      <ActionsPanel dossier={d} />
      <AnswersTable dossier={d} />
      <Attachments dossier={d} />
      <History dossier={d} />
    </Stack>
  );
}

/** `/console/ho-so/$code`: one dossier for the case officer — answers with provenance, history, actions. */
export function CasePage() {
  const { code } = useParams({ strict: false }) as { code: string };
  const { pick } = useLanguage();
  const title = fill(pick(text.caseTitle), { code });
  usePageTitle(title);
  return (
    <Stack gap="lg" maw={1200}>
      <AnchorLink to="/console/ho-so">{pick(text.backToQueue)}</AnchorLink>
      <Title order={1}>{title}</Title>
      <RequireOfficial roles={['case_officer']}>{() => <Case code={code} />}</RequireOfficial>
    </Stack>
  );
}
