import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api } from '../../lib/api.ts';
import { formatNumber } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';
import { type CycleUnit, dtiKeys, type Entry, type Evidence, type SubIndex } from '../api.ts';
import type { AutosaveQueue } from './autosave.ts';
import { formatValue } from './display.ts';
import { blankEvidence, EvidenceEditor, EvidenceList, newEvidenceKey } from './EvidenceEditor.tsx';
import { AppraisalNote, EntryStatusBadge, ProvenanceTable, SaveIndicator } from './ItemParts.tsx';
import {
  applicability,
  claimPoints,
  draftFromValue,
  type EvidenceDraft,
  evidenceToSend,
  isEditable,
  isSelfAnswered,
  lacksRequiredEvidence,
  parseValue,
  type ValueDraft,
} from './logic.ts';
import { fill, kindNames, tagNames, text } from './messages.ts';
import { useAutosave } from './useAutosave.ts';
import { StepsTable, ValueInput } from './ValueInput.tsx';

export type Payload = { value: number | boolean | null; evidence: Evidence[] };

type Props = {
  sub: SubIndex;
  unit: CycleUnit;
  entry: Entry | undefined;
  cycleId: string;
  cycleOpen: boolean;
  /** The server refused the last submit for this item's evidence. */
  evidenceRefused: boolean;
  register: (code: string, queue: AutosaveQueue<Payload>) => () => void;
  onValue: (code: string, value: number | boolean | null) => void;
};

/** One sub-index: its answer (or why the unit does not answer it), evidence, status and autosave. */
export function ItemCard(props: Props) {
  const { sub, unit } = props;
  const { pick, language } = useLanguage();
  const headingId = useId();
  const fit = applicability(sub, unit);
  const editable =
    isSelfAnswered(sub) && fit.applies && isEditable(props.cycleOpen, unit.status, props.entry?.status);
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      p="md"
      bg={fit.applies ? undefined : 'gray.1'}
      data-testid={`item-${sub.code}`}
      data-applies={fit.applies}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={4} id={headingId} fz="md" c={fit.applies ? undefined : 'dimmed'}>
            {sub.code}. {language === 'en' ? sub.nameEn : sub.nameVi}
          </Title>
          <Group gap={6} wrap="nowrap">
            {props.entry ? <EntryStatusBadge status={props.entry.status} /> : null}
            <Badge color="gray" variant="outline" tt="none">
              {fill(pick(text.maxPoints), { max: formatNumber(sub.maxPoints, language) })}
            </Badge>
          </Group>
        </Group>
        {!fit.applies ? (
          <Text size="sm" c="dimmed">
            <strong>{pick(text.notApplicable)}.</strong>{' '}
            {fit.unitKinds
              ? fill(pick(text.notApplicableKind), {
                  kinds: fit.unitKinds.map((k) => (kindNames[k] ? pick(kindNames[k]) : k)).join(', '),
                })
              : fill(pick(text.notApplicableTags), {
                  tags: (fit.tags ?? []).map((t) => (tagNames[t] ? pick(tagNames[t]) : t)).join(', '),
                })}
          </Text>
        ) : editable ? (
          <EditableItem {...props} />
        ) : (
          <LockedItem {...props} />
        )}
      </Stack>
    </Paper>
  );
}

function initialEvidence(entry: Entry | undefined): EvidenceDraft[] {
  return (entry?.evidence ?? []).map((e) => ({ ...e, key: newEvidenceKey(), filename: null }));
}

function EditableItem({ sub, unit, entry, cycleId, evidenceRefused, register, onValue }: Props) {
  const { pick, language } = useLanguage();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<ValueDraft>(() => draftFromValue(sub.rule, entry?.value ?? null));
  const [rows, setRows] = useState<EvidenceDraft[]>(() => {
    const existing = initialEvidence(entry);
    return existing.length === 0 && sub.evidence.required ? [blankEvidence()] : existing;
  });
  const parsed = parseValue(sub.rule, draft);
  const { queue, state } = useAutosave<Payload>(
    async (payload) => {
      const saved = await api<Entry>(
        `/api/dti/cycles/${cycleId}/units/${unit.unitId}/entries/${encodeURIComponent(sub.code)}`,
        { method: 'PUT', body: payload },
      );
      queryClient.setQueryData<Entry[]>(dtiKeys.entries(cycleId, unit.unitId), (old) =>
        old ? [...old.filter((e) => e.code !== saved.code), saved] : [saved],
      );
      return { savedAt: saved.updatedAt };
    },
    entry ? { kind: 'saved', at: entry.updatedAt } : { kind: 'idle' },
    (q) => register(sub.code, q),
  );
  const change = (nextDraft: ValueDraft, nextRows: EvidenceDraft[]) => {
    setDraft(nextDraft);
    setRows(nextRows);
    const next = parseValue(sub.rule, nextDraft);
    if (!next.ok) return;
    onValue(sub.code, next.value);
    queue.change({ value: next.value, evidence: evidenceToSend(nextRows) });
  };
  const value = parsed.ok ? parsed.value : null;
  const points = claimPoints(sub, value);
  const showEvidence = sub.evidence.required || sub.evidence.fields.length > 0;
  const missing = parsed.ok && lacksRequiredEvidence(sub, parsed.value, evidenceToSend(rows));
  return (
    <Stack gap="sm">
      {entry?.status === 'clarification' ? (
        <AppraisalNote title={pick(text.status_clarification)} reason={entry.reason} />
      ) : null}
      <ValueInput
        code={sub.code}
        rule={sub.rule}
        draft={draft}
        error={parsed.ok ? null : pick(parsed.error)}
        onChange={(next) => change(next, rows)}
      />
      {points !== null ? (
        <Text size="sm" fw={600} data-testid={`points-${sub.code}`}>
          {fill(pick(text.claimPoints), {
            points: formatNumber(points, language),
            max: formatNumber(sub.maxPoints, language),
          })}
        </Text>
      ) : null}
      {showEvidence ? (
        <Stack gap="xs">
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {pick(text.evidence)}
            </Text>
            {sub.evidence.required ? (
              <Badge color="blue" variant="light" tt="none">
                {pick(text.evidenceRequired)}
              </Badge>
            ) : null}
          </Group>
          <EvidenceEditor
            code={sub.code}
            cycleId={cycleId}
            unitId={unit.unitId}
            withFile={sub.evidence.fields.includes('file')}
            rows={rows}
            onChange={(next) => change(draft, next)}
          />
          {missing || evidenceRefused ? (
            <Text size="sm" c="red.9" data-testid={`evidence-missing-${sub.code}`}>
              {pick(text.evidenceMissing)}
            </Text>
          ) : null}
        </Stack>
      ) : null}
      <SaveIndicator state={state} onRetry={() => queue.retryNow()} />
    </Stack>
  );
}

function LockedItem({ sub, entry, cycleId, unit }: Props) {
  const { pick, language } = useLanguage();
  const value = entry?.value ?? null;
  const rule = sub.rule;
  return (
    <Stack gap="sm">
      {sub.source === 'measured' ? (
        <>
          <Text size="sm">
            {pick(text.value)}: <strong>{formatValue(rule, value, language)}</strong>
          </Text>
          <ProvenanceTable provenance={entry?.provenance ?? null} />
        </>
      ) : sub.source === 'appraiser' || rule.kind === 'appraiser' ? (
        <Text size="sm">{pick(text.byAppraiser)}</Text>
      ) : rule.kind === 'formula' ? (
        <Text size="sm">
          {fill(pick(text.formulaNote), { expression: rule.expression, inputs: rule.inputs.join(', ') })}
        </Text>
      ) : (
        <Text size="sm">
          {pick(text.unitValue)}: <strong>{formatValue(rule, value, language)}</strong>
        </Text>
      )}
      {rule.kind === 'thresholds' ? <StepsTable rule={rule} value={value} /> : null}
      {entry?.status === 'adjusted' ? (
        <AppraisalNote title={pick(text.status_adjusted)} reason={entry.reason}>
          <Text size="sm">
            {pick(text.appraisedValue)}: <strong>{formatValue(rule, entry.appraisedValue, language)}</strong>
          </Text>
        </AppraisalNote>
      ) : null}
      {entry ? <EvidenceList cycleId={cycleId} unitId={unit.unitId} evidence={entry.evidence} /> : null}
    </Stack>
  );
}
