import { NativeSelect } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../../agencies/queries.ts';
import { hanoiToday } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';

/** Picks an agency valid today (departments first, then wards and communes), or none. */
export function AgencySelect({
  label,
  value,
  onChange,
  emptyLabel,
  required,
}: {
  label: string;
  value: string;
  onChange: (agencyId: string) => void;
  emptyLabel: string;
  required?: boolean;
}) {
  const { t: tc } = useTranslation();
  const { unitName, language } = useLanguage();
  const units = useUnits({ at: hanoiToday() });
  const data = useMemo(() => {
    const order = ['city', 'department', 'agency', 'ward', 'commune', 'district'];
    const groups = order
      .map((kind) => ({
        group: tc(`kindGroup.${kind as 'city'}`),
        items: (units.data?.units ?? [])
          .filter((unit) => unit.kind === kind)
          .map((unit) => ({ value: unit.id, label: unitName(unit) }))
          .sort((a, b) => a.label.localeCompare(b.label, language)),
      }))
      .filter((group) => group.items.length > 0);
    // An agency no longer valid today (chosen from an address) stays selectable.
    const known = groups.some((group) => group.items.some((item) => item.value === value));
    const extra = value && !known ? [{ value, label: value }] : [];
    return [{ value: '', label: emptyLabel }, ...extra, ...groups];
  }, [units.data, language, value, emptyLabel, tc, unitName]);
  return (
    <NativeSelect
      label={label}
      value={value}
      required={required}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={data}
    />
  );
}
