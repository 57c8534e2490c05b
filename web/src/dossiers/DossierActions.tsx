import {
  Anchor,
  Badge,
  Button,
  Group,
  Image,
  Paper,
  Radio,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useState } from 'react';
import { api } from '../lib/api.ts';
import { formatDateTime, formatNumber } from '../lib/format.ts';
import { AnchorLink } from '../shell/links.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { type DossierDetail, type PaymentIntent, uploadSupplement } from './api.ts';
import { fill, actionText as t } from './messages.ts';

/** States from which the citizen may still withdraw (the server's rule, mirrored for the button). */
const WITHDRAWABLE = new Set([
  'submitted',
  'intake_review',
  'supplement_requested',
  'received',
  'in_processing',
  'suspended',
]);

const mine = (code: string) => `/api/services/dossiers/mine/${encodeURIComponent(code)}`;

/** What the citizen can do with their dossier now: supplement, pay, download, rate or withdraw. */
export function DossierActions({ dossier }: { dossier: DossierDetail }) {
  return (
    <>
      {dossier.state === 'supplement_requested' ? <SupplementPanel dossier={dossier} /> : null}
      {dossier.state === 'awaiting_payment' ? <PaymentPanel dossier={dossier} /> : null}
      {dossier.resultId ? <ResultPanel resultId={dossier.resultId} /> : null}
      {dossier.state === 'closed' ? <RatingPanel dossier={dossier} /> : null}
      {WITHDRAWABLE.has(dossier.state) ? <WithdrawPanel dossier={dossier} /> : null}
    </>
  );
}

/** After an action: the dossier and its list entry are read again. */
function useRefreshDossier() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['dossiers', 'mine'] });
}

function SupplementPanel({ dossier }: { dossier: DossierDetail }) {
  const { pick, language } = useLanguage();
  const refresh = useRefreshDossier();
  const [note, setNote] = useState('');
  const request = [...dossier.events].reverse().find((event) => event.kind === 'supplement_requested');
  const since = request?.at ?? dossier.submittedAt;
  const added = dossier.attachments.filter((a) => a.phase === 'supplement' && a.addedAt >= since);
  const upload = useMutation({
    mutationFn: (file: File) => uploadSupplement(dossier.code, 'supplement', file),
    onSuccess: refresh,
  });
  const send = useMutation({
    mutationFn: () =>
      api(`${mine(dossier.code)}/supplement`, {
        method: 'POST',
        body: note.trim() ? { note: note.trim() } : {},
      }),
    onSuccess: refresh,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="supplement-heading" bg="yellow.0">
      <Stack gap="sm">
        <Title order={2} size="h3" id="supplement-heading">
          {pick(t.supplementTitle)}
        </Title>
        <Text>{pick(t.supplementIntro)}</Text>
        {request ? (
          <Text>
            <Text component="span" fw={700}>
              {pick(t.agencyAsks)}:
            </Text>{' '}
            {request.reason ?? '—'} ({formatDateTime(request.at, language)})
          </Text>
        ) : null}
        <Stack gap={4}>
          <label htmlFor="supplement-file">
            <Text component="span" fw={600} size="sm">
              {pick(t.supplementFile)}
            </Text>
          </label>
          <input
            id="supplement-file"
            type="file"
            accept="application/pdf,image/png,image/jpeg"
            aria-describedby="supplement-file-status"
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              if (file) upload.mutate(file);
            }}
          />
          <Text size="sm" id="supplement-file-status" role="status">
            {upload.isPending
              ? pick(t.uploading)
              : added.length > 0
                ? fill(pick(t.uploadedFiles), { names: added.map((a) => a.filename).join(', ') })
                : ''}
          </Text>
          {upload.isError ? <ProblemAlert error={upload.error} title={pick(t.uploadFailed)} /> : null}
        </Stack>
        <Textarea
          label={pick(t.supplementNote)}
          value={note}
          maxLength={2000}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
        {send.isError ? <ProblemAlert error={send.error} title={pick(t.actionFailed)} /> : null}
        <Group>
          <Button onClick={() => send.mutate()} loading={send.isPending}>
            {pick(t.sendSupplement)}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function PaymentPanel({ dossier }: { dossier: DossierDetail }) {
  const { pick, language } = useLanguage();
  const refresh = useRefreshDossier();
  const intent = useQuery({
    // Not under ['dossiers', 'mine']: paying refreshes the dossier, and a paid fee has no intent to read.
    queryKey: ['payment', dossier.code],
    queryFn: ({ signal }) => api<PaymentIntent>(`${mine(dossier.code)}/payment`, { signal }),
  });
  const qr = useQuery({
    queryKey: ['qr', intent.data?.vietQr],
    enabled: Boolean(intent.data?.vietQr),
    queryFn: () =>
      QRCode.toDataURL(intent.data!.vietQr, { errorCorrectionLevel: 'M', margin: 2, width: 220 }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const simulate = useMutation({
    mutationFn: () =>
      api(`${mine(dossier.code)}/payment/simulate`, { method: 'POST', body: { outcome: 'paid' } }),
    onSuccess: refresh,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="payment-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="payment-heading">
          {pick(t.paymentTitle)}
        </Title>
        {intent.isError ? <ProblemAlert error={intent.error} onRetry={() => void intent.refetch()} /> : null}
        {intent.data ? (
          <>
            {intent.data.simulated ? (
              <Group gap="xs">
                <Badge color="red.9" variant="filled">
                  {pick(t.simulated)}
                </Badge>
                <Text size="sm">
                  {intent.data.notice ? pick(intent.data.notice) : pick(t.simulatedNotice)}
                </Text>
              </Group>
            ) : null}
            <Text>
              {fill(pick(t.amount), { amount: formatNumber(intent.data.amountVnd, language) })} ·{' '}
              {fill(pick(t.reference), { ref: intent.data.orderRef })}
            </Text>
            {qr.data ? (
              <Image
                src={qr.data}
                w={220}
                h={220}
                alt={fill(pick(t.qrAlt), {
                  amount: formatNumber(intent.data.amountVnd, language),
                  ref: intent.data.orderRef,
                })}
              />
            ) : null}
            <Text size="sm">
              {fill(pick(t.expires), { at: formatDateTime(intent.data.expiresAt, language) })}
            </Text>
            {intent.data.simulated ? (
              <Group>
                <Button onClick={() => simulate.mutate()} loading={simulate.isPending}>
                  {pick(t.paySimulated)}
                </Button>
              </Group>
            ) : null}
            {simulate.isError ? <ProblemAlert error={simulate.error} title={pick(t.actionFailed)} /> : null}
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}

function ResultPanel({ resultId }: { resultId: string }) {
  const { pick } = useLanguage();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="result-heading" bg="green.0">
      <Stack gap="xs">
        <Title order={2} size="h3" id="result-heading">
          {pick(t.resultTitle)}
        </Title>
        <Text>{pick(t.resultIntro)}</Text>
        <Group>
          <Anchor href={`/api/results/${encodeURIComponent(resultId)}/pdf`} download>
            {pick(t.downloadResult)}
          </Anchor>
          <AnchorLink to="/verify/$id" params={{ id: resultId }}>
            {pick(t.verifyResult)}
          </AnchorLink>
        </Group>
      </Stack>
    </Paper>
  );
}

function RatingPanel({ dossier }: { dossier: DossierDetail }) {
  const { pick } = useLanguage();
  const refresh = useRefreshDossier();
  const [score, setScore] = useState<string>('');
  const [comment, setComment] = useState('');
  const rate = useMutation({
    mutationFn: () =>
      api(`${mine(dossier.code)}/rating`, {
        method: 'POST',
        body: { score: Number(score), ...(comment.trim() ? { comment: comment.trim() } : {}) },
      }),
    onSuccess: refresh,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="rating-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="rating-heading">
          {pick(t.ratingTitle)}
        </Title>
        {dossier.rating !== null ? (
          <Text>{fill(pick(t.rated), { score: dossier.rating })}</Text>
        ) : (
          <>
            <Radio.Group label={pick(t.ratingQuestion)} value={score} onChange={setScore}>
              <Group mt="xs">
                {[1, 2, 3, 4, 5].map((value) => (
                  <Radio
                    key={value}
                    value={String(value)}
                    label={`${value} – ${pick(t.scores[value - 1]!)}`}
                  />
                ))}
              </Group>
            </Radio.Group>
            <Textarea
              label={pick(t.ratingComment)}
              value={comment}
              maxLength={2000}
              onChange={(event) => setComment(event.currentTarget.value)}
            />
            {rate.isError ? <ProblemAlert error={rate.error} title={pick(t.actionFailed)} /> : null}
            <Group>
              <Button onClick={() => rate.mutate()} disabled={!score} loading={rate.isPending}>
                {pick(t.sendRating)}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}

function WithdrawPanel({ dossier }: { dossier: DossierDetail }) {
  const { pick } = useLanguage();
  const refresh = useRefreshDossier();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: () =>
      api(`${mine(dossier.code)}/withdraw`, {
        method: 'POST',
        body: reason.trim() ? { reason: reason.trim() } : {},
      }),
    onSuccess: refresh,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="withdraw-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="withdraw-heading">
          {pick(t.withdrawTitle)}
        </Title>
        {confirming ? (
          <>
            <Text>{pick(t.withdrawWarning)}</Text>
            <Textarea
              label={pick(t.withdrawReason)}
              value={reason}
              maxLength={2000}
              onChange={(event) => setReason(event.currentTarget.value)}
            />
            {withdraw.isError ? <ProblemAlert error={withdraw.error} title={pick(t.actionFailed)} /> : null}
            <Group>
              <Button color="red" onClick={() => withdraw.mutate()} loading={withdraw.isPending}>
                {pick(t.confirmWithdraw)}
              </Button>
              <Button variant="default" onClick={() => setConfirming(false)}>
                {pick(t.cancel)}
              </Button>
            </Group>
          </>
        ) : (
          <Group>
            <Button variant="outline" color="red" onClick={() => setConfirming(true)}>
              {pick(t.withdraw)}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
