import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';

export type SortState = { field: string; direction: 'asc' | 'desc' } | null;

const numericTypes = new Set(['int', 'integer', 'float', 'number', 'numeric', 'bigint']);
export const isNumericType = (type: string) => numericTypes.has(type);

function Cell({ value, type }: { value: unknown; type: string }) {
  const { t } = useTranslation('data');
  const { language } = useLanguage();
  if (value === null || value === undefined || value === '')
    return (
      <>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{t('preview.empty')}</span>
      </>
    );
  if (typeof value === 'number' && isNumericType(type)) return <>{formatNumber(value, language)}</>;
  if (typeof value === 'boolean') return <>{value ? t('preview.true') : t('preview.false')}</>;
  return <>{String(value)}</>;
}

/** The next sort when a header is pressed: ascending, then descending, then none. */
export function nextSort(current: SortState, field: string): SortState {
  if (current?.field !== field) return { field, direction: 'asc' };
  return current.direction === 'asc' ? { field, direction: 'desc' } : null;
}

/**
 * A page of a DataStore table as a real table: a caption, column headers whose buttons sort
 * (announced with aria-sort), numbers right-aligned. `_id`, the DataStore's row id, is not shown.
 */
export function PreviewTable({
  caption,
  fields,
  records,
  sort,
  onSort,
}: {
  caption: string;
  fields: { id: string; type: string }[];
  records: Record<string, unknown>[];
  sort: SortState;
  onSort: (sort: SortState) => void;
}) {
  const { t } = useTranslation('data');
  const columns = fields.filter((field) => field.id !== '_id');
  return (
    <Table.ScrollContainer minWidth={Math.min(1400, 160 * columns.length)}>
      <Table striped withTableBorder withColumnBorders verticalSpacing="xs" data-testid="preview-table">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((field) => {
              const direction = sort?.field === field.id ? sort.direction : null;
              const ariaSort =
                direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none';
              return (
                <Table.Th
                  key={field.id}
                  scope="col"
                  aria-sort={ariaSort}
                  style={isNumericType(field.type) ? { textAlign: 'end' } : undefined}
                >
                  <button
                    type="button"
                    className="data-sort-button"
                    onClick={() => onSort(nextSort(sort, field.id))}
                    aria-label={t('preview.sortBy', { column: field.id })}
                  >
                    {field.id}
                    <span aria-hidden="true">
                      {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : '↕'}
                    </span>
                  </button>
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {records.map((record, index) => (
            <Table.Tr key={String(record._id ?? index)}>
              {columns.map((field) => (
                <Table.Td
                  key={field.id}
                  style={isNumericType(field.type) ? { textAlign: 'end', whiteSpace: 'nowrap' } : undefined}
                >
                  <Cell value={record[field.id]} type={field.type} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
