import { Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';
import { Chart } from '../../plan/charts/Chart.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { type PreviewQuery, useDatastorePage } from '../queries.ts';
import type { Resource } from '../types.ts';
import { ApiSnippet } from './ApiSnippet.tsx';
import { numericChartOption } from './numeric-chart.ts';
import { isNumericType, PreviewTable, type SortState } from './PreviewTable.tsx';

const PAGE_SIZE = 20;

type Applied = { q: string; field: string; value: string };

function PreviewFilters({
  fields,
  applied,
  onApply,
}: {
  fields: { id: string; type: string }[];
  applied: Applied;
  onApply: (next: Applied) => void;
}) {
  const { t } = useTranslation('data');
  const [draft, setDraft] = useState<Applied>(applied);
  const columns = fields.filter((field) => field.id !== '_id');
  return (
    <Paper
      component="form"
      withBorder
      p="sm"
      role="search"
      aria-labelledby="preview-filters-heading"
      onSubmit={(event) => {
        event.preventDefault();
        onApply({ ...draft, q: draft.q.trim(), value: draft.value.trim() });
      }}
    >
      <Title order={3} size="h5" id="preview-filters-heading" mb="xs">
        {t('preview.filters')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <TextInput
          label={t('preview.q')}
          description={t('preview.qHint')}
          type="search"
          maxLength={200}
          value={draft.q}
          onChange={(event) => setDraft({ ...draft, q: event.currentTarget.value })}
        />
        <NativeSelect
          label={t('preview.filterColumn')}
          value={draft.field}
          onChange={(event) => setDraft({ ...draft, field: event.currentTarget.value })}
          data={[{ value: '', label: t('preview.noColumn') }, ...columns.map((field) => field.id)]}
        />
        <TextInput
          label={t('preview.filterValue')}
          description={t('preview.filterValueHint')}
          maxLength={200}
          value={draft.value}
          disabled={!draft.field}
          onChange={(event) => setDraft({ ...draft, value: event.currentTarget.value })}
        />
      </SimpleGrid>
      <Group mt="sm" gap="xs">
        <Button type="submit" size="sm">
          {t('preview.apply')}
        </Button>
        <Button
          size="sm"
          variant="default"
          onClick={() => {
            const cleared = { q: '', field: '', value: '' };
            setDraft(cleared);
            onApply(cleared);
          }}
        >
          {t('clear')}
        </Button>
      </Group>
    </Paper>
  );
}

function NumericChart({
  fields,
  records,
  resourceName,
}: {
  fields: { id: string; type: string }[];
  records: Record<string, unknown>[];
  resourceName: string;
}) {
  const { t } = useTranslation('data');
  const { language } = useLanguage();
  const numeric = fields.filter((field) => field.id !== '_id' && isNumericType(field.type));
  const labels = fields.filter((field) => field.id !== '_id' && !isNumericType(field.type));
  const [valueField, setValueField] = useState(numeric[0]?.id ?? '');
  const [labelField, setLabelField] = useState(labels[0]?.id ?? '');
  const chosen = numeric.some((field) => field.id === valueField) ? valueField : (numeric[0]?.id ?? '');
  const option = useMemo(
    () =>
      numericChartOption({
        records,
        valueField: chosen,
        labelField: labelField || null,
        rowLabel: (row) => t('chart.row', { row }),
        formatValue: (value) => formatNumber(value, language),
      }),
    [records, chosen, labelField, language, t],
  );
  if (numeric.length === 0) return <Text size="sm">{t('chart.noNumeric')}</Text>;
  return (
    <Stack gap="xs">
      <Group gap="sm" align="flex-end">
        <NativeSelect
          label={t('chart.value')}
          value={chosen}
          onChange={(event) => setValueField(event.currentTarget.value)}
          data={numeric.map((field) => field.id)}
        />
        <NativeSelect
          label={t('chart.label')}
          value={labelField}
          onChange={(event) => setLabelField(event.currentTarget.value)}
          data={[{ value: '', label: t('chart.rowNumber') }, ...labels.map((field) => field.id)]}
        />
      </Group>
      <Chart
        option={option}
        height={360}
        label={t('chart.summary', {
          value: chosen,
          label: labelField || t('chart.rowNumber'),
          count: records.length,
          resource: resourceName,
        })}
      />
    </Stack>
  );
}

/** The preview of one tabular resource: filters, a sortable table, a chart and the API call that gives the same rows. */
export function PreviewSection({ resource, datasetName }: { resource: Resource; datasetName: string }) {
  const { t } = useTranslation('data');
  const { t: tc } = useTranslation();
  const { language } = useLanguage();
  const [applied, setApplied] = useState<Applied>({ q: '', field: '', value: '' });
  const [sort, setSort] = useState<SortState>(null);
  const [offset, setOffset] = useState(0);
  const query: PreviewQuery = {
    q: applied.q || undefined,
    filters: applied.field && applied.value ? { [applied.field]: applied.value } : undefined,
    sort: sort ? `${sort.field} ${sort.direction}` : undefined,
    limit: PAGE_SIZE,
    offset,
  };
  const page = useDatastorePage(resource.id, query);
  const fields = page.data?.fields ?? [];
  const total = page.data?.total ?? null;
  const shownFrom = total === 0 ? 0 : offset + 1;
  const shownTo = offset + (page.data?.records.length ?? 0);
  return (
    <Stack gap="md" data-testid="preview" data-resource={resource.id}>
      {fields.length > 0 ? (
        <PreviewFilters
          fields={fields}
          applied={applied}
          onApply={(next) => {
            setApplied(next);
            setOffset(0);
          }}
        />
      ) : null}
      {page.isPending ? (
        <Loading label={tc('loading')} />
      ) : page.isError ? (
        <ProblemAlert error={page.error} onRetry={() => void page.refetch()} />
      ) : (
        <Stack gap="sm" aria-busy={page.isFetching}>
          <Text role="status" data-testid="preview-count">
            {total === null
              ? t('preview.shownNoTotal', { from: shownFrom, to: shownTo })
              : t(page.data.totalWasEstimated ? 'preview.shownEstimated' : 'preview.shown', {
                  from: formatNumber(shownFrom, language),
                  to: formatNumber(shownTo, language),
                  total: formatNumber(total, language),
                })}
          </Text>
          {page.data.records.length === 0 ? (
            <Text>{t('preview.noRows')}</Text>
          ) : (
            <PreviewTable
              caption={t('preview.caption', { resource: resource.name })}
              fields={page.data.fields}
              records={page.data.records}
              sort={sort}
              onSort={(next) => {
                setSort(next);
                setOffset(0);
              }}
            />
          )}
          <Group gap="xs">
            <Button
              variant="default"
              size="xs"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
            >
              {t('preview.previous')}
            </Button>
            <Button
              variant="default"
              size="xs"
              disabled={total !== null ? shownTo >= total : page.data.records.length < PAGE_SIZE}
              onClick={() => setOffset(offset + PAGE_SIZE)}
            >
              {t('preview.next')}
            </Button>
          </Group>
          {page.data.records.length > 0 ? (
            <section aria-labelledby={`chart-heading-${resource.id}`}>
              <Title order={3} size="h5" id={`chart-heading-${resource.id}`} mb="xs">
                {t('chart.heading')}
              </Title>
              <Text size="sm" mb="xs">
                {t('chart.lead')}
              </Text>
              <NumericChart
                fields={page.data.fields}
                records={page.data.records}
                resourceName={resource.name}
              />
            </section>
          ) : null}
        </Stack>
      )}
      <ApiSnippet resourceId={resource.id} datasetName={datasetName} query={query} />
    </Stack>
  );
}
