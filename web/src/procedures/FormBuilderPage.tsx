import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Grid,
  Group,
  List,
  NativeSelect,
  NavLink,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import {
  type Answers,
  definitionProblems,
  type FieldType,
  type FormDefinition,
  type FormField,
  fieldTypes,
  isGroup,
  type JsonLogic,
  validate,
} from '../../../shared/forms/form-rules.ts';
import { api } from '../lib/api.ts';
import { holdsRole } from '../lib/session.ts';
import type { OfficialPrincipal } from '../lib/types.ts';
import { RequireOfficial } from '../shell/AccessGate.tsx';
import { Loading } from '../shell/Loading.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { FormRenderer } from './FormRenderer.tsx';
import { fill, text } from './messages.ts';
import { procedureKeys, procedurePaths, useFormVersions, useProcedures } from './queries.ts';
import type { FormVersion, Procedure, ValidationResult } from './types.ts';

/** Where a field sits: section, entry, and the field inside a group. */
type FieldPath = { s: number; f: number; g?: number };

const EDITOR_ROLES = ['city_admin', 'agency_admin'] as const;
const mayEdit = (principal: OfficialPrincipal, procedure: Procedure) =>
  procedure.agencyIds.every((agencyId) => holdsRole(principal, [...EDITOR_ROLES], agencyId));

function fieldAt(definition: FormDefinition, path: FieldPath): FormField | null {
  const entry = definition.sections[path.s]?.fields[path.f];
  if (!entry) return null;
  if (isGroup(entry)) return path.g === undefined ? null : (entry.fields[path.g] ?? null);
  return path.g === undefined ? entry : null;
}

function updateField(definition: FormDefinition, path: FieldPath, patch: Partial<FormField>): FormDefinition {
  return {
    ...definition,
    sections: definition.sections.map((section, s) =>
      s !== path.s
        ? section
        : {
            ...section,
            fields: section.fields.map((entry, f) => {
              if (f !== path.f) return entry;
              if (isGroup(entry))
                return {
                  ...entry,
                  fields: entry.fields.map((field, g) =>
                    g === path.g ? clean({ ...field, ...patch }) : field,
                  ),
                };
              return clean({ ...entry, ...patch });
            }),
          },
    ),
  };
}

/** Drops properties set to undefined (JSON has no undefined). */
function clean(field: FormField): FormField {
  return Object.fromEntries(Object.entries(field).filter(([, value]) => value !== undefined)) as FormField;
}

/** A JSON Logic rule edited as text: applied when it parses, kept as text with an error when not. */
function RuleInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: JsonLogic | undefined;
  onChange: (rule: JsonLogic | undefined) => void;
}) {
  const { pick } = useLanguage();
  const [draft, setDraft] = useState(value === undefined ? '' : JSON.stringify(value));
  const [error, setError] = useState<string | null>(null);
  return (
    <Textarea
      label={label}
      description={pick(text.ruleHint)}
      autosize
      minRows={2}
      styles={{ input: { fontFamily: 'monospace' } }}
      value={draft}
      error={error}
      onChange={(event) => {
        const next = event.currentTarget.value;
        setDraft(next);
        if (next.trim() === '') {
          setError(null);
          onChange(undefined);
          return;
        }
        try {
          onChange(JSON.parse(next) as JsonLogic);
          setError(null);
        } catch {
          setError(pick(text.badJson));
        }
      }}
    />
  );
}

function FieldEditor({
  field,
  onChange,
  onRemove,
}: {
  field: FormField;
  onChange: (patch: Partial<FormField>) => void;
  onRemove: () => void;
}) {
  const { pick } = useLanguage();
  return (
    <Stack gap="xs" data-testid="field-editor">
      <TextInput
        label={pick(text.key)}
        value={field.key}
        onChange={(e) => onChange({ key: e.currentTarget.value })}
      />
      <TextInput
        label={pick(text.labelVi)}
        value={field.labelVi}
        onChange={(e) => onChange({ labelVi: e.currentTarget.value })}
      />
      <TextInput
        label={pick(text.labelEn)}
        value={field.labelEn}
        onChange={(e) => onChange({ labelEn: e.currentTarget.value })}
      />
      <NativeSelect
        label={pick(text.type)}
        value={field.type}
        data={[...fieldTypes]}
        onChange={(e) => onChange({ type: e.currentTarget.value as FieldType })}
      />
      <TextInput
        label={pick(text.item)}
        value={field.item ?? ''}
        onChange={(e) => onChange({ item: e.currentTarget.value || undefined })}
      />
      <Checkbox
        label={pick(text.requiredField)}
        checked={field.required === true}
        onChange={(e) => onChange({ required: e.currentTarget.checked || undefined })}
      />
      <RuleInput
        label={pick(text.visibleIf)}
        value={field.visibleIf}
        onChange={(visibleIf) => onChange({ visibleIf })}
      />
      <RuleInput
        label={pick(text.requiredIf)}
        value={field.requiredIf}
        onChange={(requiredIf) => onChange({ requiredIf })}
      />
      <Group>
        <Button variant="subtle" color="red" size="xs" onClick={onRemove}>
          {pick(text.removeField)}
        </Button>
      </Group>
    </Stack>
  );
}

function Builder({ code, principal }: { code: string; principal: OfficialPrincipal }) {
  const { pick } = useLanguage();
  const client = useQueryClient();
  const versions = useFormVersions(code);
  const [definition, setDefinition] = useState<FormDefinition | null>(null);
  const [base, setBase] = useState<string>('');
  const [selected, setSelected] = useState<FieldPath | null>(null);
  const [preview, setPreview] = useState<Answers>({});
  const [jsonText, setJsonText] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [serverResult, setServerResult] = useState<ValidationResult | null>(null);

  const draft = versions.data?.versions.find((version) => version.status === 'draft') ?? null;
  const latest = versions.data?.versions.at(-1) ?? null;
  useEffect(() => {
    if (definition || !latest) return;
    const start = (draft ?? latest).definition;
    setDefinition(start);
    setBase(JSON.stringify(start));
    setJsonText(JSON.stringify(start, null, 2));
  }, [definition, draft, latest]);

  const refresh = () => client.invalidateQueries({ queryKey: procedureKeys.all });
  const save = useMutation({
    mutationFn: (body: FormDefinition) =>
      api<FormVersion>(procedurePaths.draft(code), { method: 'PUT', body: { definition: body } }),
    onSuccess: async (saved) => {
      setBase(JSON.stringify(saved.definition));
      setDefinition(saved.definition);
      setMessage(fill(pick(text.saved), { version: saved.version }));
      await refresh();
    },
  });
  const publish = useMutation({
    mutationFn: () => api<FormVersion>(procedurePaths.publish(code), { method: 'POST' }),
    onSuccess: async (published) => {
      setMessage(fill(pick(text.published), { version: published.version }));
      await refresh();
    },
  });
  const check = useMutation({
    mutationFn: (body: { definition: FormDefinition; answers: Answers }) =>
      api<ValidationResult>(procedurePaths.validate(code), { method: 'POST', body }),
    onSuccess: setServerResult,
  });

  const codeLists = versions.data?.codeLists ?? {};
  const optionValues = useMemo(
    () =>
      Object.fromEntries(
        Object.entries(codeLists).map(([list, options]) => [list, options.map((o) => o.value)]),
      ),
    [codeLists],
  );
  const structural = useMemo(() => (definition ? definitionProblems(definition) : []), [definition]);
  const result = useMemo(
    () => (definition ? validate(definition, preview, [], { codeLists: optionValues }) : null),
    [definition, preview, optionValues],
  );

  if (versions.isPending) return <Loading label="…" />;
  if (versions.isError)
    return <ProblemAlert error={versions.error} onRetry={() => void versions.refetch()} />;
  const procedure = versions.data.procedure;
  if (!mayEdit(principal, procedure)) return <Alert color="orange">{pick(text.forbiddenEdit)}</Alert>;
  if (!definition) return <Loading label="…" />;
  const dirty = JSON.stringify(definition) !== base;
  const field = selected ? fieldAt(definition, selected) : null;
  const selectedKey = selected ? `${selected.s}.${selected.f}.${selected.g ?? ''}` : '';

  const change = (next: FormDefinition) => {
    setDefinition(next);
    setJsonText(JSON.stringify(next, null, 2));
    setMessage(null);
  };

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={1}>{pick(text.builderTitle)}</Title>
        <Text>
          {fill(pick(text.editing), { what: pick({ vi: procedure.nameVi, en: procedure.nameEn }) })}
        </Text>
        <Text size="sm" c="dimmed">
          {pick(text.editingFromPublished)}
        </Text>
      </Stack>
      <Paper withBorder p="sm" component="section" aria-labelledby="versions-heading">
        <Title order={2} size="h5" id="versions-heading" mb={4}>
          {pick(text.versions)}
        </Title>
        <Table data-testid="form-versions">
          <Table.Tbody>
            {versions.data.versions.map((version) => (
              <Table.Tr key={version.version} data-version={version.version} data-status={version.status}>
                <Table.Td>v{version.version}</Table.Td>
                <Table.Td>
                  <Badge color={version.status === 'published' ? 'teal' : 'yellow'} variant="light">
                    {pick(version.status === 'published' ? text.statusPublished : text.statusDraft)}
                  </Badge>
                </Table.Td>
                <Table.Td>{version.publishedBy ?? version.createdBy ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Group gap="xs">
        <Button
          onClick={() => save.mutate(definition)}
          loading={save.isPending}
          disabled={structural.length > 0}
        >
          {pick(text.saveDraft)}
        </Button>
        <Button
          variant="light"
          onClick={() => check.mutate({ definition, answers: preview })}
          loading={check.isPending}
          disabled={structural.length > 0}
        >
          {pick(text.validateServer)}
        </Button>
        <Button
          color="teal"
          onClick={() => publish.mutate()}
          loading={publish.isPending}
          disabled={dirty || !draft}
        >
          {pick(text.publish)}
        </Button>
        {dirty ? (
          <Text size="sm" c="orange">
            {pick(text.unsaved)}
          </Text>
        ) : !draft ? (
          <Text size="sm" c="dimmed">
            {pick(text.noDraft)}
          </Text>
        ) : null}
      </Group>
      {message ? (
        <Alert color="teal" role="status">
          {message}
        </Alert>
      ) : null}
      {save.isError ? <ProblemAlert error={save.error} /> : null}
      {publish.isError ? <ProblemAlert error={publish.error} /> : null}
      {check.isError ? <ProblemAlert error={check.error} /> : null}
      {structural.length ? (
        <Alert color="red" title={pick(text.previewIssues)}>
          <List size="sm">
            {structural.map((issue) => (
              <List.Item key={`${issue.path}-${issue.en}`}>
                {issue.path}: {pick(issue)}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      <Grid>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <Paper withBorder p="sm" component="section" aria-labelledby="structure-heading">
              <Title order={2} size="h4" id="structure-heading" mb="xs">
                {pick(text.structure)}
              </Title>
              <nav aria-labelledby="structure-heading">
                {definition.sections.map((section, s) => (
                  <NavLink
                    component="button"
                    key={section.key}
                    label={pick({ vi: section.titleVi, en: section.titleEn })}
                    defaultOpened
                  >
                    {section.fields.map((entry, f) =>
                      isGroup(entry) ? (
                        <NavLink
                          component="button"
                          key={entry.key}
                          label={`${pick({ vi: entry.labelVi, en: entry.labelEn })} [${entry.key}]`}
                          defaultOpened
                        >
                          {entry.fields.map((inner, g) => (
                            <NavLink
                              component="button"
                              key={inner.key}
                              label={`${inner.key} — ${pick({ vi: inner.labelVi, en: inner.labelEn })}`}
                              active={selected?.s === s && selected.f === f && selected.g === g}
                              onClick={() => setSelected({ s, f, g })}
                            />
                          ))}
                        </NavLink>
                      ) : (
                        <NavLink
                          component="button"
                          key={entry.key}
                          label={`${entry.key} — ${pick({ vi: entry.labelVi, en: entry.labelEn })}`}
                          active={selected?.s === s && selected.f === f && selected.g === undefined}
                          onClick={() => setSelected({ s, f })}
                        />
                      ),
                    )}
                    <Button
                      size="xs"
                      variant="subtle"
                      ml="md"
                      onClick={() => {
                        const key = `field${section.fields.length + 1}`;
                        change({
                          ...definition,
                          sections: definition.sections.map((other, index) =>
                            index === s
                              ? {
                                  ...other,
                                  fields: [
                                    ...other.fields,
                                    { key, labelVi: 'Trường mới', labelEn: 'New field', type: 'text' },
                                  ],
                                }
                              : other,
                          ),
                        });
                        setSelected({ s, f: section.fields.length });
                      }}
                    >
                      {pick(text.addField)}
                    </Button>
                  </NavLink>
                ))}
              </nav>
            </Paper>
            <Paper withBorder p="sm" component="section" aria-labelledby="field-heading">
              <Title order={2} size="h4" id="field-heading" mb="xs">
                {pick(text.fieldProps)}
              </Title>
              {field && selected ? (
                <FieldEditor
                  key={selectedKey}
                  field={field}
                  onChange={(patch) => change(updateField(definition, selected, patch))}
                  onRemove={() => {
                    change({
                      ...definition,
                      sections: definition.sections.map((section, s) =>
                        s !== selected.s
                          ? section
                          : {
                              ...section,
                              fields:
                                selected.g === undefined
                                  ? section.fields.filter((_, f) => f !== selected.f)
                                  : section.fields.map((entry, f) =>
                                      f === selected.f && isGroup(entry)
                                        ? {
                                            ...entry,
                                            fields: entry.fields.filter((_, g) => g !== selected.g),
                                          }
                                        : entry,
                                    ),
                            },
                      ),
                    });
                    setSelected(null);
                  }}
                />
              ) : (
                <Text size="sm">{pick(text.pickField)}</Text>
              )}
            </Paper>
            <Paper withBorder p="sm" component="section" aria-labelledby="blocks-heading">
              <Title order={2} size="h4" id="blocks-heading" mb="xs">
                {pick(text.blocks)}
              </Title>
              <Stack gap="xs">
                {definition.blocks.map((block, index) => (
                  <RuleInput
                    // biome-ignore lint/suspicious/noArrayIndexKey: blocks are edited in place by position.
                    key={`${index}-${base.length}`}
                    label={fill(pick(text.blockRule), { n: index + 1 })}
                    value={block.rule}
                    onChange={(rule) =>
                      rule !== undefined &&
                      change({
                        ...definition,
                        blocks: definition.blocks.map((other, i) =>
                          i === index ? { ...other, rule } : other,
                        ),
                      })
                    }
                  />
                ))}
              </Stack>
            </Paper>
            <Paper withBorder p="sm" component="section" aria-labelledby="json-heading">
              <Title order={2} size="h4" id="json-heading" mb="xs">
                {pick(text.definitionJson)}
              </Title>
              <Textarea
                aria-labelledby="json-heading"
                autosize
                minRows={6}
                maxRows={20}
                styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
                value={jsonText}
                error={jsonError}
                onChange={(event) => setJsonText(event.currentTarget.value)}
              />
              <Button
                mt="xs"
                size="xs"
                variant="light"
                onClick={() => {
                  try {
                    change(JSON.parse(jsonText) as FormDefinition);
                    setJsonError(null);
                    setSelected(null);
                  } catch {
                    setJsonError(pick(text.badJson));
                  }
                }}
              >
                {pick(text.applyJson)}
              </Button>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="sm" component="section" aria-labelledby="preview-heading" data-testid="builder-preview">
            <Title order={2} size="h3" id="preview-heading">
              {pick(text.preview)}
            </Title>
            <Text size="sm" c="dimmed">
              {pick(text.previewLead)}
            </Text>
            {result && structural.length === 0 ? (
              <Paper withBorder p="sm" data-testid="preview-result" data-valid={String(result.valid)}>
                <Text fw={600}>{pick(text.previewIssues)}</Text>
                {result.valid ? (
                  <Text size="sm" c="teal">
                    {pick(text.previewValid)}
                  </Text>
                ) : (
                  <List size="sm">
                    {result.issues.map((issue) => (
                      <List.Item key={`${issue.path}-${issue.en}`}>{pick(issue)}</List.Item>
                    ))}
                  </List>
                )}
                {serverResult ? (
                  <Text
                    size="xs"
                    c="dimmed"
                    mt={4}
                    data-testid="server-result"
                    data-valid={String(serverResult.valid)}
                  >
                    {pick(text.validateServer)}: {serverResult.valid ? '✓' : serverResult.issues.length}
                  </Text>
                ) : null}
              </Paper>
            ) : null}
            {structural.length === 0 ? (
              <FormRenderer
                definition={definition}
                values={preview}
                onChange={setPreview}
                codeLists={codeLists}
                idPrefix="preview"
              />
            ) : null}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** The console's form builder for one procedure. */
export function FormBuilderPage() {
  const { code } = useParams({ from: '/console/thu-tuc/$code' });
  const { pick } = useLanguage();
  usePageTitle(pick(text.builderTitle));
  return (
    <RequireOfficial roles={[...EDITOR_ROLES]}>
      {(principal) => <Builder code={code} principal={principal} />}
    </RequireOfficial>
  );
}

/** Procedures an official may edit, with links to the builder. */
export function ProcedureAdminPage() {
  const { pick } = useLanguage();
  usePageTitle(pick(text.builderListTitle));
  const procedures = useProcedures({});
  return (
    <RequireOfficial roles={[...EDITOR_ROLES]}>
      {(principal) => (
        <Stack gap="md">
          <Title order={1}>{pick(text.builderListTitle)}</Title>
          <Text>{pick(text.builderListLead)}</Text>
          {procedures.isPending ? (
            <Loading label="…" />
          ) : procedures.isError ? (
            <ProblemAlert error={procedures.error} />
          ) : (
            <Table striped withTableBorder>
              <Table.Tbody>
                {procedures.data.items
                  .filter((procedure) => mayEdit(principal, procedure))
                  .map((procedure) => (
                    <Table.Tr key={procedure.code}>
                      <Table.Td>{pick({ vi: procedure.nameVi, en: procedure.nameEn })}</Table.Td>
                      <Table.Td>v{procedure.publishedVersion}</Table.Td>
                      <Table.Td>
                        <AnchorLink to="/console/thu-tuc/$code" params={{ code: procedure.code }}>
                          {pick(text.edit)}
                        </AnchorLink>
                      </Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </RequireOfficial>
  );
}
