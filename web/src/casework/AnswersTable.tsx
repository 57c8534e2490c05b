import { Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { FormField, FormGroup } from '../../../shared/forms/form-rules.ts';
import { isGroup } from '../../../shared/forms/form-rules.ts';
import type { Language } from '../i18n/messages.ts';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { usePublishedForm } from '../procedures/queries.ts';
import type { CodeLists } from '../procedures/types.ts';
import { Loading } from '../shell/Loading.tsx';
import { useLanguage } from '../shell/use-language.ts';
import type { CaseDetail, Provenance } from './api.ts';
import { fill, text } from './messages.ts';

type Pick = <T>(pair: { vi: T; en: T }) => T;

function formatValue(
  value: unknown,
  field: FormField | null,
  codeLists: CodeLists,
  pick: Pick,
  language: Language,
): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return pick(value ? text.yes : text.no);
  const options = field?.options ?? (field?.codeList ? codeLists[field.codeList] : undefined);
  const option = options?.find((o) => o.value === value);
  if (option) return language === 'en' ? option.labelEn : option.labelVi;
  if (field?.type === 'date' && typeof value === 'string') return formatDate(value, language);
  if (Array.isArray(value))
    return value.map((entry) => formatValue(entry, null, codeLists, pick, language)).join('; ');
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // An address: the detail line, then the commune and province codes the form stores.
    if (typeof record.detail === 'string' && typeof record.communeCode === 'string')
      return `${record.detail} (${record.communeCode}${record.provinceCode ? `, ${String(record.provinceCode)}` : ''})`;
    return Object.entries(record)
      .map(([key, entry]) => `${key}: ${formatValue(entry, null, codeLists, pick, language)}`)
      .join(', ');
  }
  return String(value);
}

/** Where one answer came from, in words: verified and locked, self-declared, or typed by hand. */
function ProvenanceCell({ provenance }: { provenance: Provenance | undefined }) {
  const { pick, language } = useLanguage();
  if (!provenance) return <Text size="sm">{pick(text.noProvenance)}</Text>;
  if (provenance.source === 'typed') {
    return (
      <Stack gap={2}>
        <Badge variant="light" color="gray" c="gray.9" tt="none">
          {pick(text.typed)}
        </Badge>
        {provenance.prefilledFrom ? (
          <Text size="xs">
            {fill(pick(text.typedOverPrefill), { service: provenance.prefilledFrom.serviceId })}
          </Text>
        ) : null}
      </Stack>
    );
  }
  const verified = provenance.source === 'exchange';
  return (
    <Stack gap={2}>
      <Group gap={6}>
        <Badge variant="light" color={verified ? 'teal' : 'gray'} tt="none">
          {pick(verified ? text.verified : text.selfDeclared)}
        </Badge>
        {verified ? (
          <Badge variant="outline" color="dark" tt="none">
            {pick(text.locked)}
          </Badge>
        ) : null}
      </Group>
      {verified ? null : <Text size="xs">{pick(text.earlierDossier)}</Text>}
      <Text size="xs">{fill(pick(text.serviceOf), { service: provenance.serviceId })}</Text>
      {provenance.source === 'exchange' ? (
        <Text size="xs">{fill(pick(text.providerOf), { agency: provenance.providerAgencyId })}</Text>
      ) : null}
      {provenance.updatedAt ? (
        <Text size="xs">
          {fill(pick(text.updatedOn), {
            date: /^\d{4}-\d{2}-\d{2}$/.test(provenance.updatedAt)
              ? formatDate(provenance.updatedAt, language)
              : formatDateTime(provenance.updatedAt, language),
          })}
        </Text>
      ) : null}
      <Text size="xs">
        {fill(pick(text.fetchedOn), { date: formatDateTime(provenance.fetchedAt, language) })}
      </Text>
    </Stack>
  );
}

type Row = { key: string; label: string; field: FormField | null; group: FormGroup | null };

/** The answers in the form's order, each with its provenance; answers the form no longer names last. */
export function AnswersTable({ dossier }: { dossier: CaseDetail }) {
  const { pick, language } = useLanguage();
  const form = usePublishedForm(dossier.procedureCode, dossier.formVersion);
  if (form.isPending) return <Loading label={pick(text.loading)} />;
  const label = (entry: { labelVi: string; labelEn: string }) =>
    language === 'en' ? entry.labelEn : entry.labelVi;
  const rows: Row[] = [];
  for (const section of form.data?.definition.sections ?? []) {
    for (const entry of section.fields) {
      if (!(entry.key in dossier.answers)) continue;
      rows.push(
        isGroup(entry)
          ? { key: entry.key, label: label(entry), field: null, group: entry }
          : { key: entry.key, label: label(entry), field: entry, group: null },
      );
    }
  }
  const named = new Set(rows.map((row) => row.key));
  for (const key of Object.keys(dossier.answers))
    if (!named.has(key)) rows.push({ key, label: key, field: null, group: null });
  const codeLists = form.data?.codeLists ?? {};
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="answers-heading">
      <Title order={2} size="h3" id="answers-heading" mb="sm">
        {pick(text.answers)}
      </Title>
      <Table.ScrollContainer minWidth={720}>
        <Table striped withTableBorder verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{pick(text.field)}</Table.Th>
              <Table.Th scope="col">{pick(text.value)}</Table.Th>
              <Table.Th scope="col">{pick(text.provenance)}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key} data-field={row.key}>
                <Table.Th scope="row" fw={600}>
                  {row.label}
                </Table.Th>
                <Table.Td>
                  {formatValue(dossier.answers[row.key], row.field, codeLists, pick, language)}
                </Table.Td>
                <Table.Td>
                  <ProvenanceCell provenance={dossier.provenance[row.key]} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
