import { Alert, Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import {
  type Answers,
  type FieldProvenance,
  type FormAttachment,
  type FormDefinition,
  type FormIssue,
  isGroup,
} from '../../../shared/forms/form-rules.ts';
import { ApiError, api } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { signInUrl } from '../lib/session.ts';
import { FormRenderer } from '../procedures/FormRenderer.tsx';
import { usePublishedForm } from '../procedures/queries.ts';
import { RequireSignedIn } from '../shell/AccessGate.tsx';
import { Loading } from '../shell/Loading.tsx';
import { ButtonLink } from '../shell/links.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import {
  type DossierSummary,
  type Draft,
  type DraftAttachment,
  isStepUp,
  receiptUrl,
  type SourceInfo,
  uploadAttachment,
} from './api.ts';
import { DueDates } from './MyDossiersPage.tsx';
import { fill, text } from './messages.ts';

const VNEID_LEVEL_2 = 'urn:hanoi:acr:vneid:2';

/** The label of each dictionary item as the form names it (the field bound to it). */
function itemLabels(definition: FormDefinition): Record<string, { vi: string; en: string }> {
  const labels: Record<string, { vi: string; en: string }> = {};
  for (const section of definition.sections) {
    for (const entry of section.fields) {
      const fields = isGroup(entry) ? entry.fields : [entry];
      for (const field of fields) {
        if (field.item && !labels[field.item]) labels[field.item] = { vi: field.labelVi, en: field.labelEn };
      }
    }
  }
  return labels;
}

function StepUp({ code }: { code: string }) {
  const { pick } = useLanguage();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="step-up-heading">
      <Stack gap="sm" align="flex-start">
        <Title order={2} size="h3" id="step-up-heading">
          {pick(text.stepUpTitle)}
        </Title>
        <Text>{pick(text.stepUpBody)}</Text>
        <Button component="a" href={signInUrl('vneid', `/dich-vu-cong/${code}/nop`, VNEID_LEVEL_2)}>
          {pick(text.stepUp)}
        </Button>
      </Stack>
    </Paper>
  );
}

function ConsentScreen({
  draft,
  onDone,
}: {
  draft: Draft;
  onDone: (draft: Draft, sources: SourceInfo[]) => void;
}) {
  const { pick, language } = useLanguage();
  const labels = useMemo(() => itemLabels(draft.form), [draft.form]);
  const consent = useMutation({
    mutationFn: (accept: boolean) =>
      api<Draft>(`/api/services/drafts/${encodeURIComponent(draft.id)}/consent`, {
        method: 'POST',
        body: { accept },
      }),
    onSuccess: (next) => onDone(next, draft.sources),
  });
  const purpose = pick({ vi: draft.procedure.nameVi, en: draft.procedure.nameEn });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="consent-heading">
      <Title order={2} size="h3" id="consent-heading" mb="sm">
        {pick(text.consentTitle)}
      </Title>
      <Stack gap="sm">
        <Text>{pick(text.consentIntro)}</Text>
        <Table.ScrollContainer minWidth={560}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{pick(text.item)}</Table.Th>
                <Table.Th scope="col">{pick(text.source)}</Table.Th>
                <Table.Th scope="col">{pick(text.updated)}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {draft.neededItems.map((item) => {
                const source = draft.sources.find((candidate) => candidate.item === item);
                return (
                  <Table.Tr key={item}>
                    <Table.Td>{labels[item] ? pick(labels[item]) : item}</Table.Td>
                    <Table.Td>{source ? pick({ vi: source.nameVi, en: source.nameEn }) : '—'}</Table.Td>
                    <Table.Td>
                      {source?.updatedAt
                        ? formatDate(source.updatedAt.slice(0, 10), language)
                        : pick(text.unknownDate)}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text component="p" m={0}>
          <strong>{pick(text.purpose)}:</strong> {purpose}
        </Text>
        <Text component="p" m={0}>
          <strong>{pick(text.retention)}:</strong>{' '}
          {fill(pick(text.retentionDays), { days: draft.retentionDays })}
        </Text>
        {consent.isError ? <ProblemAlert error={consent.error} /> : null}
        <Group>
          <Button loading={consent.isPending && consent.variables} onClick={() => consent.mutate(true)}>
            {pick(text.agree)}
          </Button>
          <Button
            variant="outline"
            loading={consent.isPending && !consent.variables}
            onClick={() => consent.mutate(false)}
          >
            {pick(text.byHand)}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function AttachmentInput({
  attachment,
  required,
  draftId,
  uploaded,
  onUploaded,
  issue,
}: {
  attachment: FormAttachment;
  required: boolean;
  draftId: string;
  uploaded: DraftAttachment | undefined;
  onUploaded: (attachment: DraftAttachment) => void;
  issue: FormIssue | undefined;
}) {
  const { pick } = useLanguage();
  const upload = useMutation({
    mutationFn: (file: File) => uploadAttachment(draftId, attachment.key, file),
    onSuccess: onUploaded,
  });
  const id = `attachment-${attachment.key}`;
  const statusId = `${id}-status`;
  return (
    <Stack gap={4}>
      <label htmlFor={id}>
        <Text component="span" fw={600} size="sm">
          {pick({ vi: attachment.labelVi, en: attachment.labelEn })}
          {required ? ` ${pick(text.required)}` : ''}
        </Text>
      </label>
      <input
        id={id}
        type="file"
        accept={attachment.mediaTypes.join(',')}
        aria-describedby={statusId}
        aria-invalid={issue ? true : undefined}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) upload.mutate(file);
        }}
      />
      <Text size="sm" id={statusId} role="status">
        {upload.isPending
          ? pick(text.uploading)
          : uploaded
            ? fill(pick(text.uploaded), { name: uploaded.filename })
            : ''}
      </Text>
      {upload.isError ? <ProblemAlert error={upload.error} title={pick(text.uploadFailed)} /> : null}
      {issue ? (
        <Text size="sm" c="red.8">
          {pick(issue)}
        </Text>
      ) : null}
    </Stack>
  );
}

function Receipt({ dossier }: { dossier: DossierSummary }) {
  const { pick, language } = useLanguage();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="receipt-heading">
      <Title order={2} size="h3" id="receipt-heading" mb="sm">
        {pick(text.receiptTitle)}
      </Title>
      <Stack gap="xs" component="dl" m={0}>
        <div>
          <Text component="dt" size="sm" fw={700}>
            {pick(text.dossierCode)}
          </Text>
          <Text component="dd" m={0} data-testid="dossier-code" fw={700} size="lg">
            {dossier.code}
          </Text>
        </div>
        <div>
          <Text component="dt" size="sm" fw={700}>
            {pick(text.submittedAt)}
          </Text>
          <Text component="dd" m={0}>
            {formatDate(dossier.submittedAt.slice(0, 10), language)}
          </Text>
        </div>
        <DueDates dossier={dossier} />
      </Stack>
      <Group mt="md">
        <ButtonLink to="/ho-so-cua-toi/$code" params={{ code: dossier.code }}>
          {pick(text.viewDossier)}
        </ButtonLink>
        <ButtonLink to="/ho-so-cua-toi" variant="outline">
          {pick(text.myDossiers)}
        </ButtonLink>
        <Anchor href={receiptUrl(dossier.code)} download>
          {pick(text.receiptPdf)}
        </Anchor>
      </Group>
    </Paper>
  );
}

function Journey({ code }: { code: string }) {
  const { pick } = useLanguage();
  const client = useQueryClient();
  const draftKey = ['dossiers', 'draft', code];
  const draft = useQuery({
    queryKey: draftKey,
    queryFn: () => api<Draft>('/api/services/drafts', { method: 'POST', body: { procedureCode: code } }),
    retry: false,
    refetchOnWindowFocus: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const form = usePublishedForm(code);
  const [values, setValues] = useState<Answers | null>(null);
  const [attachments, setAttachments] = useState<Record<string, DraftAttachment>>({});
  const [sourceNames, setSourceNames] = useState<Record<string, { vi: string; en: string }>>({});
  const [step, setStep] = useState<'form' | 'review'>('form');
  const [errors, setErrors] = useState<FormIssue[]>([]);
  const [receipt, setReceipt] = useState<DossierSummary | null>(null);

  const current = draft.data;
  const answers = values ?? current?.answers ?? {};
  const uploaded = useMemo(() => {
    const fromDraft = Object.fromEntries((current?.attachments ?? []).map((a) => [a.key, a]));
    return { ...fromDraft, ...attachments };
  }, [current, attachments]);

  const save = useMutation({
    mutationFn: () =>
      api<Draft>(`/api/services/drafts/${encodeURIComponent(current!.id)}`, {
        method: 'PUT',
        body: { answers },
      }),
  });
  const submit = useMutation({
    mutationFn: () =>
      api<DossierSummary>(`/api/services/drafts/${encodeURIComponent(current!.id)}/submit`, {
        method: 'POST',
        body: { answers },
      }),
    onSuccess: (dossier) => {
      setReceipt(dossier);
      void client.invalidateQueries({ queryKey: ['dossiers', 'mine'] });
      client.removeQueries({ queryKey: draftKey });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.problem?.errors?.length) {
        setErrors(error.problem.errors);
        setStep('form');
      }
    },
  });

  if (receipt) return <Receipt dossier={receipt} />;
  if (draft.isPending) return <Loading label={pick(text.loading)} />;
  if (draft.isError) {
    if (isStepUp(draft.error)) return <StepUp code={code} />;
    return <ProblemAlert error={draft.error} onRetry={() => void draft.refetch()} />;
  }
  const data = draft.data;
  if (data.consent === 'pending' && data.neededItems.length > 0) {
    return (
      <ConsentScreen
        draft={data}
        onDone={(next, sources) => {
          setSourceNames(
            Object.fromEntries(sources.map((s) => [s.serviceId, { vi: s.nameVi, en: s.nameEn }])),
          );
          setValues(null);
          client.setQueryData(draftKey, next);
        }}
      />
    );
  }

  const provenance: Record<string, FieldProvenance> = Object.fromEntries(
    Object.entries(data.prefill).map(([path, prefill]) => [
      path,
      {
        source: prefill.issuer
          ? pick({
              vi: `kết quả do ${prefill.issuer.nameVi} cấp`,
              en: `the result issued by ${prefill.issuer.nameEn}`,
            })
          : sourceNames[prefill.serviceId]
            ? pick(sourceNames[prefill.serviceId]!)
            : prefill.serviceId,
        updatedAt: prefill.updatedAt,
        verification: prefill.verification,
        locked: prefill.locked,
      },
    ]),
  );
  const issueFor = (key: string) =>
    errors.find((issue) => issue.path === key || issue.path === `attachments.${key}`);
  const codeLists = form.data?.codeLists as Parameters<typeof FormRenderer>[0]['codeLists'];
  const reviewing = step === 'review';

  return (
    <Stack gap="md">
      {errors.length > 0 ? (
        <Alert color="red" variant="light" title={pick(text.submitFailed)}>
          <Text size="sm">{pick(text.fixErrors)}</Text>
        </Alert>
      ) : null}
      {submit.isError && !(submit.error instanceof ApiError && submit.error.problem?.errors?.length) ? (
        <ProblemAlert error={submit.error} title={pick(text.submitFailed)} />
      ) : null}
      <Paper withBorder p="md" component="section" aria-labelledby="form-heading">
        <Title order={2} size="h3" id="form-heading" mb="sm">
          {pick(reviewing ? text.reviewTitle : text.formTitle)}:{' '}
          {pick({ vi: data.procedure.nameVi, en: data.procedure.nameEn })}
        </Title>
        {reviewing ? <Text mb="sm">{pick(text.reviewIntro)}</Text> : null}
        <FormRenderer
          definition={data.form}
          values={answers}
          onChange={(next) => {
            setValues(next);
            save.reset();
          }}
          provenance={provenance}
          errors={errors}
          codeLists={codeLists}
          readOnly={reviewing}
          renderAttachment={(attachment, required) =>
            reviewing ? (
              <Text size="sm">
                {pick({ vi: attachment.labelVi, en: attachment.labelEn })}:{' '}
                {uploaded[attachment.key]?.filename ?? '—'}
              </Text>
            ) : (
              <AttachmentInput
                attachment={attachment}
                required={required}
                draftId={data.id}
                uploaded={uploaded[attachment.key]}
                issue={issueFor(attachment.key)}
                onUploaded={(added) => setAttachments((all) => ({ ...all, [added.key]: added }))}
              />
            )
          }
        />
      </Paper>
      <div role="status">{save.isSuccess ? <Text size="sm">{pick(text.saved)}</Text> : null}</div>
      {save.isError ? <ProblemAlert error={save.error} title={pick(text.saveFailed)} /> : null}
      <Group>
        {reviewing ? (
          <>
            <Button variant="outline" onClick={() => setStep('form')}>
              {pick(text.back)}
            </Button>
            <Button loading={submit.isPending} onClick={() => submit.mutate()}>
              {pick(text.submit)}
            </Button>
          </>
        ) : (
          <>
            <Button variant="outline" loading={save.isPending} onClick={() => save.mutate()}>
              {pick(text.saveDraft)}
            </Button>
            <Button
              onClick={() => {
                setStep('review');
                window.scrollTo({ top: 0 });
              }}
            >
              {pick(text.review)}
            </Button>
          </>
        )}
      </Group>
    </Stack>
  );
}

/** `/dich-vu-cong/$code/nop`: consent, pre-filled form, attachments, review, submit, receipt. */
export function ApplyPage() {
  const { code } = useParams({ strict: false }) as { code: string };
  const { pick } = useLanguage();
  usePageTitle(pick(text.applyTitle));
  return (
    <Stack gap="lg" maw={1000}>
      <Title order={1}>{pick(text.applyTitle)}</Title>
      <RequireSignedIn>
        {(principal) =>
          principal.kind !== 'citizen' ? (
            <Alert color="blue" variant="light">
              <Text size="sm">{pick(text.citizensOnly)}</Text>
            </Alert>
          ) : (
            <Journey code={code} />
          )
        }
      </RequireSignedIn>
    </Stack>
  );
}
