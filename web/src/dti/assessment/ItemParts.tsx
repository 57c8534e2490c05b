import { Alert, Badge, Button, Group, type MantineColor, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError } from '../../lib/api.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';
import type { EntryStatus, Provenance } from '../api.ts';
import type { SaveState } from './autosave.ts';
import { formatClock } from './display.ts';
import { fill, text } from './messages.ts';

const statusColors: Record<EntryStatus, MantineColor> = {
  draft: 'gray',
  submitted: 'blue',
  accepted: 'teal',
  adjusted: 'grape',
  clarification: 'red',
};

export function EntryStatusBadge({ status }: { status: EntryStatus }) {
  const { pick } = useLanguage();
  return (
    <Badge color={statusColors[status]} variant="light" tt="none" data-status={status}>
      {pick(text[`status_${status}`])}
    </Badge>
  );
}

/** "Saved at hh:mm", "Saving…", or the error with a retry; announced politely to screen readers. */
export function SaveIndicator({ state, onRetry }: { state: SaveState; onRetry: () => void }) {
  const { pick, language } = useLanguage();
  let body: ReactNode = null;
  if (state.kind === 'pending') body = <Text size="sm">{pick(text.pending)}</Text>;
  else if (state.kind === 'saving') body = <Text size="sm">{pick(text.saving)}</Text>;
  else if (state.kind === 'saved')
    body = (
      <Text size="sm" c="teal.9">
        {fill(pick(text.savedAt), { time: formatClock(state.at) })}
      </Text>
    );
  else if (state.kind === 'error') {
    const problem = state.error instanceof ApiError ? state.error.problem : null;
    const reason = problem ? problem[language].detail : pick(text.networkError);
    body = (
      <Group gap="xs">
        <Text size="sm" c="red.9">
          {fill(pick(text.saveFailed), { reason })}
        </Text>
        <Button size="compact-xs" variant="outline" color="red" onClick={onRetry}>
          {pick(text.retryNow)}
        </Button>
      </Group>
    );
  }
  return (
    <div role="status" aria-live="polite" data-save-state={state.kind}>
      {body}
    </div>
  );
}

/** Where a measured item's value comes from. */
export function ProvenanceTable({ provenance }: { provenance: Provenance | null }) {
  const { pick, language } = useLanguage();
  if (!provenance)
    return (
      <Text size="sm" c="dimmed">
        {pick(text.notMeasuredYet)}
      </Text>
    );
  const rows: [string, string][] = [
    [pick(text.indicator), provenance.indicatorCode],
    [pick(text.period), provenance.period],
    [
      pick(text.observed),
      provenance.observedValue === null
        ? pick(text.notAnswered)
        : formatNumber(provenance.observedValue, language),
    ],
    [pick(text.computedAt), formatDateTime(provenance.computedAt, language)],
  ];
  return (
    <Table withTableBorder fz="sm" maw={520}>
      <Table.Caption>{pick(text.measured)}</Table.Caption>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th scope="row">{label}</Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
        {provenance.detail ? (
          <Table.Tr>
            <Table.Td colSpan={2}>{provenance.detail}</Table.Td>
          </Table.Tr>
        ) : null}
      </Table.Tbody>
    </Table>
  );
}

/** The appraisers' word on an item: the reason of a clarification request, or the adjusted value. */
export function AppraisalNote({
  title,
  reason,
  children,
}: {
  title: string;
  reason: string | null;
  children?: ReactNode;
}) {
  const { pick } = useLanguage();
  return (
    <Alert color="grape" variant="light" title={title}>
      {children}
      {reason ? (
        <Text size="sm">
          {pick(text.appraiserReason)}: {reason}
        </Text>
      ) : null}
    </Alert>
  );
}
