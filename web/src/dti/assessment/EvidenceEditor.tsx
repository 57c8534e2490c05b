import { Anchor, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useId, useState } from 'react';
import { ApiError } from '../../lib/api.ts';
import { uploadFile } from '../../plan/upload.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import type { Evidence, EvidenceFile } from '../api.ts';
import { checkEvidenceFile, type EvidenceDraft, isCompleteEvidence } from './logic.ts';
import { fill, text } from './messages.ts';

const filesPath = (cycleId: string, unitId: string) =>
  `/api/dti/cycles/${cycleId}/units/${unitId}/evidence-files`;

let nextKey = 0;
export const newEvidenceKey = () => `ev-${++nextKey}`;
export const blankEvidence = (): EvidenceDraft => ({
  key: newEvidenceKey(),
  documentNumber: '',
  title: '',
  date: '',
  fileId: null,
  filename: null,
});

/** The documents cited for one item (number, title, date, and an uploaded file when asked for). */
export function EvidenceEditor({
  code,
  cycleId,
  unitId,
  withFile,
  rows,
  onChange,
}: {
  code: string;
  cycleId: string;
  unitId: string;
  withFile: boolean;
  rows: EvidenceDraft[];
  onChange: (rows: EvidenceDraft[]) => void;
}) {
  const { pick } = useLanguage();
  const update = (key: string, patch: Partial<EvidenceDraft>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  return (
    <Stack gap="xs">
      {rows.map((row, i) => (
        <Paper key={row.key} withBorder p="sm" component="fieldset" m={0}>
          <Text component="legend" size="sm" fw={600} px={4}>
            {fill(pick(text.evidenceN), { n: i + 1 })} — {code}
          </Text>
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              label={pick(text.documentNumber)}
              value={row.documentNumber}
              maxLength={100}
              onChange={(event) => update(row.key, { documentNumber: event.currentTarget.value })}
            />
            <TextInput
              label={pick(text.documentTitle)}
              value={row.title}
              maxLength={500}
              miw={280}
              onChange={(event) => update(row.key, { title: event.currentTarget.value })}
            />
            <TextInput
              label={pick(text.documentDate)}
              type="date"
              value={row.date}
              onChange={(event) => update(row.key, { date: event.currentTarget.value })}
            />
          </Group>
          {withFile ? (
            <FileField
              cycleId={cycleId}
              unitId={unitId}
              row={row}
              onUploaded={(file) =>
                update(row.key, { fileId: file?.fileId ?? null, filename: file?.filename ?? null })
              }
            />
          ) : null}
          {!isCompleteEvidence(row) && (row.documentNumber || row.title || row.date || row.fileId) ? (
            <Text size="xs" c="dimmed" mt={4}>
              {pick(text.evidenceIncomplete)}
            </Text>
          ) : null}
          <Button
            size="xs"
            variant="subtle"
            color="red"
            mt="xs"
            onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
          >
            {fill(pick(text.removeEvidence), { n: i + 1 })}
          </Button>
        </Paper>
      ))}
      <Group>
        <Button size="xs" variant="outline" onClick={() => onChange([...rows, blankEvidence()])}>
          {pick(text.addEvidence)}
        </Button>
      </Group>
    </Stack>
  );
}

function FileField({
  cycleId,
  unitId,
  row,
  onUploaded,
}: {
  cycleId: string;
  unitId: string;
  row: EvidenceDraft;
  onUploaded: (file: EvidenceFile | null) => void;
}) {
  const { pick } = useLanguage();
  const id = useId();
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [refused, setRefused] = useState<{ vi: string; en: string } | null>(null);
  const choose = async (file: File | undefined) => {
    setError(null);
    setRefused(null);
    if (!file) return;
    const problem = checkEvidenceFile(file);
    if (problem) {
      setRefused(problem);
      return;
    }
    setUploading(true);
    try {
      onUploaded(await uploadFile<EvidenceFile>(filesPath(cycleId, unitId), file));
    } catch (caught) {
      setError(caught instanceof ApiError || caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setUploading(false);
    }
  };
  return (
    <Stack gap={4} mt="xs">
      <Text component="label" htmlFor={id} size="sm" fw={500}>
        {pick(text.file)}
      </Text>
      <input
        id={id}
        type="file"
        accept=".pdf,.png,.jpg,.jpeg,.xlsx,.docx"
        disabled={uploading}
        onChange={(event) => void choose(event.currentTarget.files?.[0])}
      />
      {uploading ? (
        <Text size="sm" role="status">
          {pick(text.uploading)}
        </Text>
      ) : null}
      {row.fileId ? (
        <Group gap="xs">
          <Text size="sm">
            {fill(pick(text.attached), { name: '' })}
            <Anchor href={`${filesPath(cycleId, unitId)}/${row.fileId}`}>
              {row.filename ?? pick(text.attachedFile)}
            </Anchor>
          </Text>
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => onUploaded(null)}>
            {pick(text.removeFile)}
          </Button>
        </Group>
      ) : null}
      {refused ? (
        <Text size="sm" c="red.9" role="alert">
          {pick(refused)}
        </Text>
      ) : null}
      {error ? <ProblemAlert error={error} /> : null}
    </Stack>
  );
}

/** Evidence of a locked item: the documents, each file as a download link. */
export function EvidenceList({
  cycleId,
  unitId,
  evidence,
}: {
  cycleId: string;
  unitId: string;
  evidence: Evidence[];
}) {
  const { pick } = useLanguage();
  if (evidence.length === 0) return null;
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600}>
        {pick(text.evidence)}
      </Text>
      {evidence.map((e) => (
        <Text size="sm" key={`${e.documentNumber}-${e.date}-${e.fileId}`}>
          {e.documentNumber} — {e.title} ({e.date})
          {e.fileId ? (
            <>
              {' · '}
              <Anchor href={`${filesPath(cycleId, unitId)}/${e.fileId}`}>{pick(text.attachedFile)}</Anchor>
            </>
          ) : null}
        </Text>
      ))}
    </Stack>
  );
}
