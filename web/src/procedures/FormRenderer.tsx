import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Fieldset,
  Group,
  List,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type ReactNode, useId, useMemo } from 'react';
import {
  type Answers,
  evaluate,
  type FieldOption,
  type FieldProvenance,
  type FormAttachment,
  type FormDefinition,
  type FormField,
  type FormGroup,
  type FormIssue,
  isGroup,
  isShown,
  truthy,
  visibleAnswers,
} from '../../../shared/forms/form-rules.ts';
import { formatDate } from '../lib/format.ts';
import { useLanguage } from '../shell/use-language.ts';
import { fill, text } from './messages.ts';

/**
 * Renders a form definition of the procedure catalogue. Show/hide rules are JSON Logic evaluated
 * live by the same code as the server (shared/forms/form-rules.ts): a hidden field's value is not
 * submitted. Repeating groups add and remove entries within their bounds. Pre-filled values carry
 * their provenance beside the field; `locked` ones are read-only (the server refuses changes too).
 *
 * Paths name values as the server does: `key`, `group.key`, `group.0.key`.
 */
export type FormRendererProps = {
  definition: FormDefinition;
  values: Answers;
  onChange: (values: Answers) => void;
  /** Per-path provenance of pre-filled values. */
  provenance?: Record<string, FieldProvenance>;
  /** Issues from `validate` (client or server); shown under their fields, blocks and the rest above. */
  errors?: FormIssue[];
  /** Options of selects bound to code lists (`codeList` → options), as the form API returns them. */
  codeLists?: Record<string, FieldOption[]>;
  /** Renders the input of one attachment (the dossiers part uploads); default: its rules only. */
  renderAttachment?: (attachment: FormAttachment, required: boolean) => ReactNode;
  readOnly?: boolean;
  /** Prefix of element ids, when several forms share a page. */
  idPrefix?: string;
};

type Ctx = {
  values: Answers;
  data: Answers;
  set: (path: (string | number)[], value: unknown) => void;
  provenance: Record<string, FieldProvenance>;
  issues: Map<string, FormIssue[]>;
  codeLists: Record<string, FieldOption[]>;
  readOnly: boolean;
  id: string;
};

const isRecord = (value: unknown): value is Answers =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function setIn(values: Answers, path: (string | number)[], value: unknown): Answers {
  const [head, ...rest] = path;
  const container: Answers | unknown[] = Array.isArray(values) ? [...values] : { ...values };
  const current = (container as Record<string | number, unknown>)[head as string | number];
  const next =
    rest.length === 0
      ? value
      : setIn((current as Answers) ?? (typeof rest[0] === 'number' ? [] : {}), rest, value);
  if (next === undefined && !Array.isArray(container)) delete (container as Answers)[head as string];
  else (container as Record<string | number, unknown>)[head as string | number] = next;
  return container as Answers;
}

function useText() {
  const { pick, language } = useLanguage();
  return { pick, language, t: (key: keyof typeof text) => pick(text[key] as { vi: string; en: string }) };
}

function ProvenanceNote({ provenance }: { provenance: FieldProvenance }) {
  const { t, language } = useText();
  const verified = provenance.verification === 'government-verified';
  return (
    <Group gap={6} mt={4} data-provenance={provenance.verification} wrap="wrap">
      <Badge size="sm" variant="light" color={verified ? 'teal' : 'gray'}>
        {verified ? t('governmentVerified') : t('selfDeclared')}
      </Badge>
      {provenance.locked ? (
        <Badge size="sm" variant="outline" color="dark">
          {t('locked')}
        </Badge>
      ) : null}
      <Text size="xs" c="dimmed">
        {provenance.updatedAt
          ? fill(t('sourceUpdated'), {
              source: provenance.source,
              date: formatDate(provenance.updatedAt.slice(0, 10), language),
            })
          : fill(t('sourceOnly'), { source: provenance.source })}
      </Text>
    </Group>
  );
}

function FieldInput({
  field,
  path,
  ctx,
  data,
}: {
  field: FormField;
  path: (string | number)[];
  ctx: Ctx;
  data: Answers;
}) {
  const { pick, t } = useText();
  const pathText = path.join('.');
  const id = `${ctx.id}-${pathText.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  const provenance = ctx.provenance[pathText];
  const locked = ctx.readOnly || provenance?.locked === true;
  const required =
    field.required === true || (field.requiredIf !== undefined && truthy(evaluate(field.requiredIf, data)));
  const label = pick({ vi: field.labelVi, en: field.labelEn });
  const help = field.helpVi && field.helpEn ? pick({ vi: field.helpVi, en: field.helpEn }) : undefined;
  const issues = ctx.issues.get(pathText);
  const error = issues?.length ? issues.map((issue) => pick(issue)).join(' ') : undefined;
  let current: unknown = ctx.values;
  for (const segment of path) current = (current as Record<string | number, unknown> | undefined)?.[segment];
  const set = (value: unknown) => ctx.set(path, value);
  const common = {
    id,
    label,
    description: help,
    error,
    required,
    readOnly: locked,
    'data-path': pathText,
  };
  let input: ReactNode;
  switch (field.type) {
    case 'textarea':
      input = (
        <Textarea
          {...common}
          autosize
          minRows={2}
          value={typeof current === 'string' ? current : ''}
          onChange={(event) => set(event.currentTarget.value || undefined)}
        />
      );
      break;
    case 'number':
      input = (
        <TextInput
          {...common}
          inputMode="decimal"
          value={typeof current === 'number' ? String(current) : typeof current === 'string' ? current : ''}
          onChange={(event) => {
            const raw = event.currentTarget.value.trim().replace(',', '.');
            if (raw === '') return set(undefined);
            // Kept as typed while incomplete ("1." or "1.50"), a number once it reads as one.
            set(/^-?\d+$/.test(raw) || /^-?\d+\.\d*[1-9]$/.test(raw) ? Number(raw) : raw);
          }}
        />
      );
      break;
    case 'date':
      input = (
        <TextInput
          {...common}
          type="date"
          value={typeof current === 'string' ? current : ''}
          onChange={(event) => set(event.currentTarget.value || undefined)}
        />
      );
      break;
    case 'checkbox':
      input = (
        <Checkbox
          id={id}
          label={label}
          description={help}
          error={error}
          data-path={pathText}
          checked={current === true}
          disabled={locked}
          onChange={(event) => set(event.currentTarget.checked)}
        />
      );
      break;
    case 'select': {
      const options = field.options ?? (field.codeList ? (ctx.codeLists[field.codeList] ?? []) : []);
      input = (
        <NativeSelect
          {...common}
          disabled={locked}
          value={typeof current === 'string' ? current : ''}
          onChange={(event) => set(event.currentTarget.value || undefined)}
          data={[
            { value: '', label: t('choose') },
            ...options.map((option) => ({
              value: option.value,
              label: pick({ vi: option.labelVi, en: option.labelEn }),
            })),
          ]}
        />
      );
      break;
    }
    case 'address': {
      const address = isRecord(current) ? current : {};
      const part = (name: string, value: string) => {
        const next = { ...address, [name]: value || undefined };
        if (!next.provinceCode && (next.detail || next.communeCode)) next.provinceCode = '01';
        set(Object.values(next).some((v) => v !== undefined) ? next : undefined);
      };
      input = (
        <Fieldset legend={`${label}${required ? ' *' : ''}`} data-path={pathText} id={id} variant="unstyled">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
            <TextInput
              label={t('addressDetail')}
              readOnly={locked}
              value={typeof address.detail === 'string' ? address.detail : ''}
              onChange={(event) => part('detail', event.currentTarget.value)}
            />
            <TextInput
              label={t('addressCommune')}
              readOnly={locked}
              inputMode="numeric"
              value={typeof address.communeCode === 'string' ? address.communeCode : ''}
              onChange={(event) => part('communeCode', event.currentTarget.value)}
            />
            <TextInput
              label={t('addressProvince')}
              readOnly={locked}
              inputMode="numeric"
              value={typeof address.provinceCode === 'string' ? address.provinceCode : ''}
              onChange={(event) => part('provinceCode', event.currentTarget.value)}
            />
          </SimpleGrid>
          {error ? (
            <Text size="sm" c="red" mt={4}>
              {error}
            </Text>
          ) : null}
        </Fieldset>
      );
      break;
    }
    default:
      input = (
        <TextInput
          {...common}
          type={field.type === 'email' ? 'email' : field.type === 'phone' ? 'tel' : 'text'}
          value={typeof current === 'string' ? current : ''}
          onChange={(event) => set(event.currentTarget.value || undefined)}
        />
      );
  }
  return (
    <div data-field={pathText}>
      {input}
      {provenance ? <ProvenanceNote provenance={provenance} /> : null}
    </div>
  );
}

function GroupInput({ group, ctx }: { group: FormGroup; ctx: Ctx }) {
  const { pick, t } = useText();
  const label = pick({ vi: group.labelVi, en: group.labelEn });
  const issues = ctx.issues.get(group.key);
  const raw = ctx.values[group.key];
  if (!group.repeat) {
    const entry = isRecord(raw) ? raw : {};
    const data = { ...ctx.data, ...entry };
    return (
      <Fieldset legend={label} data-group={group.key}>
        <Stack gap="sm">
          {group.fields
            .filter((field) => isShown(field.visibleIf, data))
            .map((field) => (
              <FieldInput key={field.key} field={field} path={[group.key, field.key]} ctx={ctx} data={data} />
            ))}
        </Stack>
      </Fieldset>
    );
  }
  const entries = Array.isArray(raw) ? (raw as Answers[]) : [];
  const { min, max } = group.repeat;
  return (
    <Fieldset legend={label} data-group={group.key}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {fill(t('entriesBetween'), { min, max })}
        </Text>
        {issues?.length ? (
          <Text size="sm" c="red" role="alert">
            {issues.map((issue) => pick(issue)).join(' ')}
          </Text>
        ) : null}
        {entries.map((entry, index) => {
          const data = { ...ctx.data, ...(isRecord(entry) ? entry : {}) };
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: entries have no identity of their own; the index is their path.
            <Paper key={index} withBorder p="sm" data-entry={`${group.key}.${index}`}>
              <Stack gap="sm">
                <Group justify="space-between">
                  <Text fw={600}>{fill(t('entry'), { n: index + 1 })}</Text>
                  {!ctx.readOnly ? (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      disabled={entries.length <= min}
                      onClick={() =>
                        ctx.set(
                          [group.key],
                          entries.filter((_, i) => i !== index),
                        )
                      }
                    >
                      {fill(t('removeEntry'), { n: index + 1 })}
                    </Button>
                  ) : null}
                </Group>
                {group.fields
                  .filter((field) => isShown(field.visibleIf, data))
                  .map((field) => (
                    <FieldInput
                      key={field.key}
                      field={field}
                      path={[group.key, index, field.key]}
                      ctx={ctx}
                      data={data}
                    />
                  ))}
              </Stack>
            </Paper>
          );
        })}
        {!ctx.readOnly ? (
          <Group>
            <Button
              size="xs"
              variant="light"
              disabled={entries.length >= max}
              onClick={() => ctx.set([group.key], [...entries, {}])}
            >
              {t('addEntry')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Fieldset>
  );
}

const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`
    : `${Math.round(bytes / 1024)} KB`;

export function FormRenderer(props: FormRendererProps) {
  const { pick, t } = useText();
  const generated = useId().replace(/:/g, '');
  const id = props.idPrefix ?? `form-${generated}`;
  const data = useMemo(
    () => visibleAnswers(props.definition, props.values),
    [props.definition, props.values],
  );
  const issues = useMemo(() => {
    const map = new Map<string, FormIssue[]>();
    for (const issue of props.errors ?? []) map.set(issue.path, [...(map.get(issue.path) ?? []), issue]);
    return map;
  }, [props.errors]);
  const ctx: Ctx = {
    values: props.values,
    data,
    set: (path, value) => props.onChange(setIn(props.values, path, value)),
    provenance: props.provenance ?? {},
    issues,
    codeLists: props.codeLists ?? {},
    readOnly: props.readOnly ?? false,
    id,
  };
  const fieldPaths = new Set<string>();
  for (const section of props.definition.sections)
    for (const entry of section.fields) {
      fieldPaths.add(entry.key);
      if (isGroup(entry)) for (const field of entry.fields) fieldPaths.add(`${entry.key}.${field.key}`);
    }
  const shownElsewhere = (path: string) =>
    fieldPaths.has(path) || fieldPaths.has(path.replace(/\.\d+\./, '.')) || path.startsWith('attachments.');
  const general = (props.errors ?? []).filter((issue) => !shownElsewhere(issue.path));
  const attachments = props.definition.attachments.map((attachment) => ({
    attachment,
    required:
      typeof attachment.required === 'boolean'
        ? attachment.required
        : truthy(evaluate(attachment.required, data)),
  }));
  return (
    <Stack gap="lg" data-testid="form-renderer">
      {general.length ? (
        <Alert color="red" variant="light" title={t('blocked')} role="alert">
          <List size="sm">
            {general.map((issue) => (
              <List.Item key={`${issue.path}-${issue.en}`}>{pick(issue)}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {props.definition.sections.map((section) => (
        <Paper
          key={section.key}
          withBorder
          p="md"
          component="section"
          aria-labelledby={`${id}-${section.key}`}
        >
          <Title order={2} size="h4" id={`${id}-${section.key}`} mb="sm">
            {pick({ vi: section.titleVi, en: section.titleEn })}
          </Title>
          <Stack gap="sm">
            {section.fields
              .filter((entry) => isShown(entry.visibleIf, data))
              .map((entry) =>
                isGroup(entry) ? (
                  <GroupInput key={entry.key} group={entry} ctx={ctx} />
                ) : (
                  <FieldInput key={entry.key} field={entry} path={[entry.key]} ctx={ctx} data={data} />
                ),
              )}
          </Stack>
        </Paper>
      ))}
      {attachments.length ? (
        <Paper withBorder p="md" component="section" aria-labelledby={`${id}-attachments`}>
          <Title order={2} size="h4" id={`${id}-attachments`} mb="sm">
            {t('attachments')}
          </Title>
          <Stack gap="sm">
            {attachments.map(({ attachment, required }) => {
              const attachmentIssues = issues.get(`attachments.${attachment.key}`);
              return (
                <div key={attachment.key} data-attachment={attachment.key}>
                  {props.renderAttachment ? (
                    props.renderAttachment(attachment, required)
                  ) : (
                    <Text fw={600}>
                      {pick({ vi: attachment.labelVi, en: attachment.labelEn })}
                      {required ? ` (${t('required')})` : ''}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed">
                    {fill(t('attachmentRules'), {
                      types: attachment.mediaTypes
                        .map((type) => type.split('/')[1]?.toUpperCase())
                        .join(', '),
                      size: formatBytes(attachment.maxBytes),
                    })}
                  </Text>
                  {attachmentIssues?.length ? (
                    <Text size="sm" c="red">
                      {attachmentIssues.map((issue) => pick(issue)).join(' ')}
                    </Text>
                  ) : null}
                </div>
              );
            })}
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
