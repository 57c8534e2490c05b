import { Alert, Badge, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { formatDateTime } from '../lib/format.ts';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { useWards } from './api.ts';
import { text } from './messages.ts';

type Bilingual = { vi: string; en: string };

/** Title and lead of a public city page; the simulated-data notice when anything shown is simulated. */
export function CityHeader({
  title,
  lead,
  simulated,
}: {
  title: Bilingual;
  lead: Bilingual;
  simulated: boolean;
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
      {simulated ? (
        <Alert color="grape" variant="light" title={pick(text.simulated)} data-testid="simulated-notice">
          {pick(text.simulatedNotice)}
        </Alert>
      ) : null}
    </Stack>
  );
}

/** "Dữ liệu mô phỏng / Simulated data" on each simulated record: words, not only colour. */
export function SimulatedBadge({ simulated }: { simulated: boolean }) {
  if (!simulated) return null;
  return (
    <Badge color="grape" variant="outline" tt="none" data-label="simulated">
      Dữ liệu mô phỏng / Simulated data
    </Badge>
  );
}

/** When a figure was observed, in Hanoi time. */
export function Observed({ at }: { at: string | null }) {
  const { pick, language } = useLanguage();
  return (
    <Text size="sm" c="dimmed">
      {pick(text.observedAt)}: {at ? formatDateTime(at, language) : pick(text.noData)}
    </Text>
  );
}

/** The current wards and communes as a native select; empty value: all. */
export function WardSelect({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { pick, unitName } = useLanguage();
  const wards = useWards();
  return (
    <NativeSelect
      label={pick(text.ward)}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={[
        { value: '', label: pick(text.allWards) },
        ...(wards.data ?? []).map((unit) => ({ value: unit.id, label: unitName(unit) })),
      ]}
      style={{ maxWidth: 360 }}
    />
  );
}

/** Black or white text, whichever reads better on `hex` (WCAG relative luminance). */
export function textOn(hex: string): string {
  const channel = (offset: number) => {
    const c = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return luminance > 0.179 ? '#000000' : '#ffffff';
}
