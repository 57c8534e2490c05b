import { Badge, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ItemStatus, Sensitivity, SharingLevel, VerificationClass } from '../types.ts';

/** Badges carry meaning in words as well as colour (colours as in shell/theme.ts). */
const wrapping = {
  root: { height: 'auto', maxWidth: '100%', paddingBlock: 2 },
  label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', lineHeight: 1.3 },
} as const;

/** "Dữ liệu minh họa / Demo data": demo datasets and demo catalogue entries, wherever they appear. */
export function DemoDataBadge() {
  const { t } = useTranslation('data');
  return (
    <Badge styles={wrapping} color="pink" variant="outline" tt="none" data-label="demo">
      {t('demoData')}
    </Badge>
  );
}

const sensitivityColors: Record<Sensitivity, MantineColor> = {
  public: 'teal',
  internal: 'blue',
  personal: 'grape',
  sensitive_personal: 'red',
};

export function SensitivityBadge({ sensitivity }: { sensitivity: Sensitivity }) {
  const { t } = useTranslation('data');
  return (
    <Badge styles={wrapping} color={sensitivityColors[sensitivity]} variant="light" tt="none">
      {t(`sensitivity.${sensitivity}`)}
    </Badge>
  );
}

export function VerificationBadge({ value }: { value: VerificationClass }) {
  const { t } = useTranslation('data');
  return (
    <Badge
      styles={wrapping}
      color={value === 'government_verified' ? 'indigo' : 'gray'}
      variant="outline"
      tt="none"
    >
      {t(`verification.${value}`)}
    </Badge>
  );
}

const statusColors: Record<ItemStatus, MantineColor> = {
  draft: 'gray',
  submitted: 'blue',
  approved: 'teal',
  deprecated: 'red',
};

export function ItemStatusBadge({ status }: { status: ItemStatus }) {
  const { t } = useTranslation('data');
  return (
    <Badge styles={wrapping} color={statusColors[status]} variant="light" tt="none">
      {t(`itemStatus.${status}`)}
    </Badge>
  );
}

const sharingColors: Record<SharingLevel, MantineColor> = { open: 'teal', shared: 'blue', restricted: 'red' };

export function SharingBadge({ level }: { level: SharingLevel }) {
  const { t } = useTranslation('data');
  return (
    <Badge styles={wrapping} color={sharingColors[level]} variant="light" tt="none" data-sharing={level}>
      {t(`sharing.${level}`)}
    </Badge>
  );
}

export function PrivateBadge() {
  const { t } = useTranslation('data');
  return (
    <Badge styles={wrapping} color="dark" variant="outline" tt="none" data-label="private">
      {t('dataset.private')}
    </Badge>
  );
}
