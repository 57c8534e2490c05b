import {
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../../lib/api.ts';
import { fill, formatDateTime, formatNumber } from '../../lib/format.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { dtiKeys, type Entry, type EntryStatus, type SubIndex } from '../api.ts';
import { describeRule, parseValue, showValue } from './display.ts';
import { EvidenceList } from './EvidenceList.tsx';
import { statusText, text } from './messages.ts';
import { appraisalKeys } from './queries.ts';

const statusColors: Record<EntryStatus, string> = {
  draft: 'gray',
  submitted: 'blue',
  accepted: 'teal',
  adjusted: 'grape',
  clarification: 'red',
};

type Decision = 'accept' | 'adjust' | 'clarify';

/** One item: the claim beside its evidence, how it scores, and the appraiser's decision. */
export function ItemReview(props: {
  cycleId: string;
  unitId: string;
  sub: SubIndex;
  entry: Entry | undefined;
  editable: boolean;
}) {
  const { cycleId, unitId, sub, entry, editable } = props;
  const { pick, language } = useLanguage();
  const [open, setOpen] = useState<Exclude<Decision, 'accept'> | null>(null);
  const [saved, setSaved] = useState<EntryStatus | null>(null);
  const headingId = `item-${sub.code}`;
  const status = entry?.status;
  const waiting = status === 'draft' || status === 'clarification';
  const name = pick({ vi: sub.nameVi, en: sub.nameEn });
  return (
    <Card component="section" withBorder padding="md" aria-labelledby={headingId} data-item={sub.code}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h5" id={headingId}>
            {sub.code} — {name}
          </Title>
          <Badge
            variant="light"
            color={status ? statusColors[status] : 'gray'}
            tt="none"
            data-testid="item-status"
          >
            {status ? pick(statusText[status]) : pick(text.notAnswered)}
          </Badge>
        </Group>
        <Text size="sm">
          {fill(pick(text.maxPoints), { n: formatNumber(sub.maxPoints, language) })} · {pick(text.rule)}:{' '}
          {describeRule(sub.rule, language)}
        </Text>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {pick(text.claimed)}
            </Text>
            <Text data-testid="claimed">{showValue(entry?.value ?? null, sub.rule, language)}</Text>
            {entry?.provenance ? (
              <Text size="sm" c="dimmed">
                {fill(pick(text.measured), {
                  indicator: entry.provenance.indicatorCode,
                  period: entry.provenance.period,
                  value:
                    entry.provenance.observedValue === null
                      ? pick(text.measuredNone)
                      : formatNumber(entry.provenance.observedValue, language),
                  at: formatDateTime(entry.provenance.computedAt, language),
                })}
                {entry.provenance.detail ? ` ${entry.provenance.detail}` : ''}
              </Text>
            ) : null}
            {status === 'accepted' || status === 'adjusted' ? (
              <Text size="sm">
                {pick(text.appraisedValue)}: {showValue(entry?.appraisedValue ?? null, sub.rule, language)}
              </Text>
            ) : null}
            {entry?.reason ? (
              <Text size="sm">{fill(pick(text.previousReason), { reason: entry.reason })}</Text>
            ) : null}
          </Stack>
          <EvidenceList cycleId={cycleId} unitId={unitId} sub={sub} evidence={entry?.evidence ?? []} />
        </SimpleGrid>
        {editable && !waiting ? (
          <Decisions
            {...props}
            open={open}
            setOpen={setOpen}
            onSaved={(s) => {
              setSaved(s);
              setOpen(null);
            }}
            name={name}
          />
        ) : null}
        <Text size="sm" role="status" aria-live="polite">
          {saved ? fill(pick(text.saved), { status: pick(statusText[saved]) }) : ''}
        </Text>
      </Stack>
    </Card>
  );
}

function Decisions(props: {
  cycleId: string;
  unitId: string;
  sub: SubIndex;
  entry: Entry | undefined;
  name: string;
  open: 'adjust' | 'clarify' | null;
  setOpen: (open: 'adjust' | 'clarify' | null) => void;
  onSaved: (status: EntryStatus) => void;
}) {
  const { cycleId, unitId, sub, entry, open, setOpen, onSaved } = props;
  const { pick } = useLanguage();
  const queryClient = useQueryClient();
  const review = useMutation({
    mutationFn: (body: { decision: Decision; value?: number; reason?: string }) =>
      api<Entry>(
        `/api/dti/cycles/${cycleId}/units/${unitId}/entries/${encodeURIComponent(sub.code)}/review`,
        {
          method: 'POST',
          body,
        },
      ),
    onSuccess: async (saved) => {
      onSaved(saved.status);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: dtiKeys.entries(cycleId, unitId) }),
        queryClient.invalidateQueries({ queryKey: appraisalKeys.progress(cycleId) }),
      ]);
    },
  });
  const label = (decision: string) => `${decision}: ${sub.code}`;
  return (
    <Stack gap="xs">
      <Group gap="xs" role="group" aria-label={fill(pick(text.decisionsOf), { code: sub.code })}>
        {entry ? (
          <Button
            size="sm"
            color="teal"
            loading={review.isPending && review.variables?.decision === 'accept'}
            onClick={() => {
              setOpen(null);
              review.mutate({ decision: 'accept' });
            }}
            aria-label={label(pick(text.accept))}
          >
            {pick(text.accept)}
          </Button>
        ) : null}
        <Button
          size="sm"
          variant={open === 'adjust' ? 'filled' : 'outline'}
          onClick={() => {
            review.reset();
            setOpen('adjust');
          }}
          aria-expanded={open === 'adjust'}
          aria-label={label(pick(text.adjust))}
        >
          {pick(text.adjust)}
        </Button>
        {entry ? (
          <Button
            size="sm"
            color="red"
            variant={open === 'clarify' ? 'filled' : 'outline'}
            onClick={() => {
              review.reset();
              setOpen('clarify');
            }}
            aria-expanded={open === 'clarify'}
            aria-label={label(pick(text.clarify))}
          >
            {pick(text.clarify)}
          </Button>
        ) : null}
      </Group>
      {open ? (
        <ReasonForm
          key={open}
          decision={open}
          sub={sub}
          initial={entry?.value ?? null}
          pending={review.isPending}
          error={review.error}
          onCancel={() => {
            review.reset();
            setOpen(null);
          }}
          onSubmit={(value, reason) => review.mutate({ decision: open, value, reason })}
        />
      ) : review.error ? (
        <ProblemAlert error={review.error} />
      ) : null}
    </Stack>
  );
}

/** The reason (and for an adjustment the new value); the server says what is missing, in both languages. */
function ReasonForm(props: {
  decision: 'adjust' | 'clarify';
  sub: SubIndex;
  initial: number | null;
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onSubmit: (value: number | undefined, reason: string) => void;
}) {
  const { decision, sub, initial, pending, error, onCancel, onSubmit } = props;
  const { pick, language } = useLanguage();
  const first = useRef<HTMLInputElement & HTMLSelectElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const [value, setValue] = useState(
    initial === null ? '' : String(initial).replace('.', language === 'vi' ? ',' : '.'),
  );
  const [reason, setReason] = useState('');
  useEffect(() => {
    (decision === 'adjust' ? first.current : reasonRef.current)?.focus();
  }, [decision]);
  const fieldError = (path: string) => {
    const problem = error instanceof ApiError ? error.problem : null;
    const field = problem?.errors?.find((e) => e.path === path || e.path.endsWith(`.${path}`));
    return field ? field[language] : undefined;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(decision === 'adjust' ? (parseValue(value) ?? undefined) : undefined, reason);
  };
  const valueError = fieldError('value');
  const reasonError = fieldError('reason');
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs" maw={560}>
        {decision === 'adjust' ? (
          sub.rule.kind === 'boolean' ? (
            <NativeSelect
              ref={first}
              label={pick(text.newValue)}
              value={value}
              onChange={(event) => setValue(event.currentTarget.value)}
              data={[
                { value: '', label: '—' },
                { value: '1', label: pick(text.yes) },
                { value: '0', label: pick(text.no) },
              ]}
              error={valueError}
            />
          ) : (
            <TextInput
              ref={first}
              label={pick(text.newValue)}
              inputMode="decimal"
              value={value}
              onChange={(event) => setValue(event.currentTarget.value)}
              error={valueError}
            />
          )
        ) : null}
        <Textarea
          ref={reasonRef}
          label={pick(text.reason)}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          autosize
          minRows={2}
          error={reasonError}
        />
        {error && !valueError && !reasonError ? <ProblemAlert error={error} /> : null}
        <Group gap="xs">
          <Button type="submit" loading={pending}>
            {pick(decision === 'adjust' ? text.confirmAdjust : text.confirmClarify)}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {pick(text.cancel)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
