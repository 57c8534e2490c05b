import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { hanoiToday } from '../../lib/format.ts';
import { usePeriodLabel } from '../format.ts';

/** Quarters from the plan's first full quarter to the current one, newest first, then the years. */
export function periodChoices(today = hanoiToday(), firstYear = 2024): string[] {
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const quarters: string[] = [];
  for (let y = year; y >= firstYear; y--) {
    for (let q = y === year ? quarter : 4; q >= 1; q--) quarters.push(`${y}Q${q}`);
  }
  const years: string[] = [];
  for (let y = year; y >= firstYear; y--) years.push(String(y));
  return [...quarters, ...years];
}

/** Why the server chose its default period (the public page says; other pages default to the last finished quarter). */
export type PeriodBasis = 'requested' | 'latest_approved' | 'last_ended';

/** Chooses the period a page evaluates; empty means the server's default, which the page then names. */
export function PeriodPicker({
  value,
  onChange,
  current,
  basis,
}: {
  value: string | undefined;
  onChange: (period: string | undefined) => void;
  /** The period the server answered for, shown when none was chosen. */
  current?: string;
  /** Why the server chose `current`, when it says. */
  basis?: PeriodBasis;
}) {
  const { t } = useTranslation('plan');
  const periodLabel = usePeriodLabel();
  const defaultKey =
    basis === 'latest_approved'
      ? 'periodPicker.defaultLatest'
      : basis === 'last_ended'
        ? 'periodPicker.defaultLastEnded'
        : 'periodPicker.default';
  return (
    <NativeSelect
      label={t('periodPicker.label')}
      value={value ?? ''}
      onChange={(event) => onChange(event.currentTarget.value || undefined)}
      data={[
        {
          value: '',
          label: current ? t(defaultKey, { period: periodLabel(current) }) : t('periodPicker.defaultPlain'),
        },
        ...periodChoices().map((period) => ({ value: period, label: periodLabel(period) })),
      ]}
      maw={320}
    />
  );
}
