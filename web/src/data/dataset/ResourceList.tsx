import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';
import { formatBytes, formatDay } from '../format.ts';
import type { Resource, TableSchema } from '../types.ts';

/** A resource's Table Schema: its fields, types and constraints. */
export function SchemaTable({ schema, caption }: { schema: TableSchema; caption: string }) {
  const { t } = useTranslation('data');
  const constraintsOf = (field: TableSchema['fields'][number]) => {
    const c = field.constraints ?? {};
    const parts: string[] = [];
    if (c.required) parts.push(t('schema.required'));
    if (c.unique) parts.push(t('schema.unique'));
    if (c.minimum !== undefined) parts.push(`≥ ${c.minimum}`);
    if (c.maximum !== undefined) parts.push(`≤ ${c.maximum}`);
    if (c.minLength !== undefined) parts.push(t('schema.minLength', { value: c.minLength }));
    if (c.maxLength !== undefined) parts.push(t('schema.maxLength', { value: c.maxLength }));
    if (c.pattern) parts.push(t('schema.pattern', { value: c.pattern }));
    if (c.enum) parts.push(t('schema.enum', { values: c.enum.slice(0, 10).join(', ') }));
    return parts.join('; ') || '—';
  };
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table withTableBorder striped verticalSpacing={4} fz="sm">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('schema.field')}</Table.Th>
            <Table.Th scope="col">{t('schema.type')}</Table.Th>
            <Table.Th scope="col">{t('schema.title')}</Table.Th>
            <Table.Th scope="col">{t('schema.constraints')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {schema.fields.map((field) => (
            <Table.Tr key={field.name}>
              <Table.Th scope="row">
                <code>{field.name}</code>
              </Table.Th>
              <Table.Td>{t(`fieldType.${field.type}`)}</Table.Td>
              <Table.Td>{field.title ?? '—'}</Table.Td>
              <Table.Td>{constraintsOf(field)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** One resource: format, size, rows, schema, the state of its link, and its download. */
export function ResourceCard({ resource, licenceTitle }: { resource: Resource; licenceTitle: string }) {
  const { t } = useTranslation('data');
  const { language } = useLanguage();
  return (
    <Card component="li" withBorder padding="md" data-resource-name={resource.name}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start">
          <Title order={3} size="h5">
            {resource.name}
          </Title>
          <Group gap={6}>
            <Badge variant="outline" color="gray" tt="none">
              {resource.format.toUpperCase()}
            </Badge>
            <Badge variant="light" color={resource.kind === 'upload' ? 'blue' : 'grape'} tt="none">
              {t(`resource.kind.${resource.kind}`)}
            </Badge>
          </Group>
        </Group>
        {resource.description ? <Text size="sm">{resource.description}</Text> : null}
        <Text size="sm">
          {[
            resource.sizeBytes !== null ? formatBytes(resource.sizeBytes, language) : null,
            resource.rows !== null
              ? t('resource.rows', { count: resource.rows, rows: formatNumber(resource.rows, language) })
              : null,
            t('resource.modified', { date: formatDay(resource.modifiedAt, language) }),
            `${t('dataset.licence')}: ${resource.licenseId ?? licenceTitle}`,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
        {resource.kind === 'link' ? (
          <Text size="sm">
            {resource.lastCheck
              ? resource.lastCheck.ok
                ? t('resource.reachable', { date: formatDay(resource.lastCheck.at, language) })
                : t('resource.unreachable', {
                    date: formatDay(resource.lastCheck.at, language),
                    detail: resource.lastCheck.status ?? resource.lastCheck.detail ?? '—',
                  })
              : t('resource.notChecked')}{' '}
            · {t(`refresh.${resource.refresh}`)}
          </Text>
        ) : null}
        <Group gap="md">
          <Anchor
            href={resource.url}
            fw={600}
            download={resource.kind === 'upload' ? '' : undefined}
            aria-label={t('resource.downloadNamed', {
              name: resource.name,
              format: resource.format.toUpperCase(),
            })}
          >
            {t('resource.download')} ({resource.format.toUpperCase()})
          </Anchor>
          {resource.sourceUrl ? (
            <Anchor href={resource.sourceUrl} size="sm" rel="noopener noreferrer">
              {t('resource.source')}
            </Anchor>
          ) : null}
        </Group>
        {resource.schema ? (
          <details>
            <summary>
              {resource.schemaSource === 'inferred' ? t('schema.inferred') : t('schema.published')} (
              {t('schema.fieldCount', { count: resource.schema.fields.length })})
            </summary>
            <SchemaTable schema={resource.schema} caption={t('schema.caption', { name: resource.name })} />
          </details>
        ) : null}
      </Stack>
    </Card>
  );
}
