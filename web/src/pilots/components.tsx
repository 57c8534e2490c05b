import { Alert, Anchor, Badge, Button, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { fill } from '../lib/format.ts';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { type Procedure, useWards } from './api.ts';
import { text } from './messages.ts';

/** "Dữ liệu minh họa / Demo data" on every simulated record; words, not only colour. */
export function DemoBadge({ demo }: { demo: boolean }) {
  const { pick } = useLanguage();
  if (!demo) return null;
  return (
    <Badge color="pink" variant="outline" tt="none" data-label="demo">
      {pick(text.demo)}
    </Badge>
  );
}

/** Title, lead and the pilot's demo notice, the same on every pilot page. */
export function PilotHeader({
  title,
  lead,
}: {
  title: { vi: string; en: string };
  lead: { vi: string; en: string };
}) {
  const { pick } = useLanguage();
  usePageTitle(pick(title));
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {pick(text.pilot)}
      </Text>
      <Title order={1}>{pick(title)}</Title>
      <Text maw={860}>{pick(lead)}</Text>
      <Alert color="pink" variant="light" title={pick(text.demo)}>
        {pick(text.demoNotice)}
      </Alert>
    </Stack>
  );
}

/** The current wards and communes as a native select (126 from 1 Jul 2025). */
export function WardSelect({
  value,
  onChange,
  emptyLabel,
}: {
  value: string;
  onChange: (value: string) => void;
  emptyLabel: { vi: string; en: string };
}) {
  const { pick, unitName } = useLanguage();
  const wards = useWards();
  return (
    <NativeSelect
      label={pick(text.ward)}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={[
        { value: '', label: pick(emptyLabel) },
        ...(wards.data ?? []).map((unit) => ({ value: unit.id, label: unitName(unit) })),
      ]}
    />
  );
}

/** A ward's name from its id (the id while the list loads). */
export function useWardName() {
  const { unitName } = useLanguage();
  const wards = useWards();
  return (id: string) => {
    const unit = wards.data?.find((entry) => entry.id === id);
    return unit ? unitName(unit) : id;
  };
}

export function ProcedureLink({
  procedure,
  label,
}: {
  procedure: Procedure;
  label?: { vi: string; en: string };
}) {
  const { pick } = useLanguage();
  return (
    <Text size="sm">
      {pick(text.procedure)}:{' '}
      <Anchor href={procedure.url} data-procedure={procedure.code}>
        {pick(label ?? procedure.name)}
      </Anchor>
    </Text>
  );
}

export function Pager({
  total,
  limit,
  offset,
  onOffset,
}: {
  total: number;
  limit: number;
  offset: number;
  onOffset: (offset: number) => void;
}) {
  const { pick } = useLanguage();
  if (total <= limit) return null;
  return (
    <Group gap="xs" role="group" aria-label={fill(pick(text.page), { page: Math.floor(offset / limit) + 1 })}>
      <Button variant="default" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
        {pick(text.previous)}
      </Button>
      <Text size="sm">{fill(pick(text.page), { page: Math.floor(offset / limit) + 1 })}</Text>
      <Button variant="default" disabled={offset + limit >= total} onClick={() => onOffset(offset + limit)}>
        {pick(text.next)}
      </Button>
    </Group>
  );
}
