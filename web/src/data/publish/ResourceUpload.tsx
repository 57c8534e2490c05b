import {
  Alert,
  Button,
  Group,
  List,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { formatBytes } from '../format.ts';
import { dataKeys, portalPaths } from '../queries.ts';
import type { Resource, ValidationIssue, ValidationReport } from '../types.ts';
import { reportOf, sendUpload } from '../upload.ts';

type UploadState =
  | { step: 'idle' }
  | { step: 'sending'; loaded: number; total: number }
  | { step: 'checking'; total: number }
  | { step: 'done'; resource: Resource; report: ValidationReport | null }
  | { step: 'failed'; error: unknown; report: ValidationReport | null };

/** Where an issue is, as a spreadsheet user finds it: row and column. */
function IssueText({ issue }: { issue: ValidationIssue }) {
  const { t } = useTranslation('data');
  const { pick } = useLanguage();
  const where = [
    issue.row !== undefined ? t('report.row', { row: issue.row }) : null,
    issue.column !== undefined ? t('report.column', { column: issue.column }) : null,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <>
      {where ? <strong>{where}: </strong> : null}
      {pick(issue)} <span className="visually-hidden">({t(`issueType.${issue.type}`)})</span>
    </>
  );
}

/** The validation report of an upload: what was read, and every issue with its row and column. */
export function ValidationReportView({ report, refused }: { report: ValidationReport; refused: boolean }) {
  const { t } = useTranslation('data');
  const { language } = useLanguage();
  return (
    <Alert
      color={refused ? 'red' : 'teal'}
      variant="light"
      role={refused ? 'alert' : undefined}
      title={
        refused
          ? t('report.refused', { count: report.issues.length })
          : t('report.accepted', { rows: formatNumber(report.rows, language) })
      }
      data-testid="validation-report"
    >
      {refused ? <Text size="sm">{t('report.nothingKept')}</Text> : null}
      {report.issues.length > 0 ? (
        <List size="sm" mt="xs" data-testid="validation-issues">
          {report.issues.map((issue, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a report is never reordered; two issues may read alike
            <List.Item key={`${issue.type}:${issue.row ?? ''}:${issue.column ?? ''}:${index}`}>
              <IssueText issue={issue} />
            </List.Item>
          ))}
        </List>
      ) : null}
      {report.truncated ? (
        <Text size="sm" mt="xs">
          {t('report.truncated')}
        </Text>
      ) : null}
    </Alert>
  );
}

/**
 * Upload of a resource file (CSV, JSON, GeoJSON, XLSX) with an optional Table Schema: the bytes
 * sent are shown as a progress bar, then the server's check; a refused file comes back with its
 * validation report (row and column of each issue) and nothing is kept. `replace`: a new file for
 * an existing resource (its DataStore table stays until the new one is whole).
 */
export function ResourceUpload({
  datasetName,
  replace,
  idPrefix,
}: {
  datasetName: string;
  replace?: Resource;
  idPrefix: string;
}) {
  const { t } = useTranslation('data');
  const { language } = useLanguage();
  const queryClient = useQueryClient();
  const fileId = useId();
  const schemaFileId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [schema, setSchema] = useState(() =>
    replace?.schema ? JSON.stringify(replace.schema, null, 2) : '',
  );
  const [schemaProblem, setSchemaProblem] = useState<string | null>(null);
  const [state, setState] = useState<UploadState>({ step: 'idle' });
  const busy = state.step === 'sending' || state.step === 'checking';

  const loadSchemaFile = async (chosen: File | undefined) => {
    if (!chosen) return;
    setSchema(await chosen.text());
    setSchemaProblem(null);
  };

  const submit = async () => {
    if (!file) return;
    if (schema.trim()) {
      try {
        JSON.parse(schema);
      } catch {
        setSchemaProblem(t('upload.schemaNotJson'));
        return;
      }
    }
    setSchemaProblem(null);
    setState({ step: 'sending', loaded: 0, total: file.size });
    try {
      const answer = await sendUpload<{ resource: Resource; report: ValidationReport | null }>({
        method: replace ? 'PUT' : 'POST',
        path: replace ? portalPaths.resourceFile(replace.id) : portalPaths.uploads(datasetName),
        fields: replace
          ? { schema: schema.trim() || undefined }
          : {
              name: name.trim() || undefined,
              description: description.trim() || undefined,
              schema: schema.trim() || undefined,
            },
        file,
        onProgress: ({ loaded, total }) => setState({ step: 'sending', loaded, total }),
        onSent: () => setState({ step: 'checking', total: file.size }),
      });
      await queryClient.invalidateQueries({ queryKey: dataKeys.all });
      setState({ step: 'done', resource: answer.resource, report: answer.report });
      setFile(null);
      setName('');
      setDescription('');
      if (input.current) input.current.value = '';
    } catch (error) {
      setState({ step: 'failed', error, report: reportOf(error) });
    }
  };

  const percent =
    state.step === 'sending'
      ? Math.round((state.loaded / Math.max(1, state.total)) * 100)
      : state.step === 'checking'
        ? 100
        : 0;

  return (
    <Stack
      gap="sm"
      component="form"
      aria-label={replace ? t('upload.replaceNamed', { name: replace.name }) : t('upload.heading')}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Stack gap={4}>
        <Text component="label" htmlFor={fileId} size="sm" fw={500}>
          {replace ? t('upload.newFile', { name: replace.name }) : t('upload.file')}
        </Text>
        <input
          id={fileId}
          ref={input}
          type="file"
          required
          accept=".csv,.json,.geojson,.xlsx,text/csv,application/json,application/geo+json"
          onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
          aria-describedby={`${idPrefix}-file-hint`}
        />
        <Text size="xs" c="dimmed" id={`${idPrefix}-file-hint`}>
          {t('upload.fileHint')}
        </Text>
      </Stack>
      {replace ? null : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          <TextInput
            label={t('upload.name')}
            description={t('upload.nameHint')}
            maxLength={300}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <TextInput
            label={t('upload.description')}
            maxLength={5000}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
          />
        </SimpleGrid>
      )}
      <Stack gap={4}>
        <Text component="label" htmlFor={schemaFileId} size="sm" fw={500}>
          {t('upload.schemaFile')}
        </Text>
        <input
          id={schemaFileId}
          type="file"
          accept=".json,application/json,application/schema+json"
          onChange={(event) => void loadSchemaFile(event.currentTarget.files?.[0])}
        />
      </Stack>
      <Textarea
        label={t('upload.schema')}
        description={t('upload.schemaHint')}
        autosize
        minRows={3}
        maxRows={14}
        maxLength={200_000}
        spellCheck={false}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        value={schema}
        error={schemaProblem}
        onChange={(event) => setSchema(event.currentTarget.value)}
      />
      <Group>
        <Button type="submit" disabled={!file} loading={busy}>
          {replace ? t('upload.replace') : t('upload.submit')}
        </Button>
      </Group>
      <div aria-live="polite">
        {busy ? (
          <Stack gap={4} data-testid="upload-progress">
            <Progress value={percent} aria-label={t('upload.progressLabel')} size="lg" />
            <Text size="sm" role="status">
              {state.step === 'sending'
                ? t('upload.sending', {
                    percent,
                    loaded: formatBytes(state.loaded, language),
                    total: formatBytes(state.total, language),
                  })
                : t('upload.checking')}
            </Text>
          </Stack>
        ) : null}
      </div>
      {state.step === 'done' ? (
        <Stack gap="xs">
          <Alert
            color="teal"
            variant="light"
            title={t('upload.done', { name: state.resource.name })}
            role="status"
          >
            <Text size="sm">
              {state.resource.datastoreActive && state.resource.rows !== null
                ? t('upload.loadedRows', { rows: formatNumber(state.resource.rows, language) })
                : t('upload.stored')}
            </Text>
          </Alert>
          {state.report && state.report.issues.length > 0 ? (
            <ValidationReportView report={state.report} refused={false} />
          ) : null}
        </Stack>
      ) : null}
      {state.step === 'failed' ? (
        state.report ? (
          <ValidationReportView report={state.report} refused />
        ) : (
          <ProblemAlert error={state.error} />
        )
      ) : null}
    </Stack>
  );
}
