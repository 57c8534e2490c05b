import { SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, isIsoDate } from '../lib/format.ts';
import { useLanguage } from '../shell/use-language.ts';

/** Fields shown, in the order of the citizen-identity record; others follow under their own names. */
const order = [
  'personalId',
  'fullName',
  'otherName',
  'dateOfBirth',
  'sex',
  'ethnicity',
  'religion',
  'nationality',
  'placeOfBirth',
  'placeOfBirthRegistration',
  'homeTown',
  'permanentResidence',
  'temporaryResidence',
  'currentResidence',
  'wardNameVi',
  'householdId',
  'householdHead',
  'relationToHead',
  'maritalStatus',
  'father',
  'mother',
  'spouse',
  'children',
  'bloodType',
  'oldIdNumber',
  'idCardIssueDate',
  'idCardIssuePlace',
  'idCardExpiryDate',
  'mobileNumber',
  'email',
  'vneidLevel',
];
/** Bookkeeping, not information for the reader. */
const hidden = new Set(['synthetic', 'wardId']);

type Relative = { fullName: string };
const isRelative = (value: unknown): value is Relative =>
  typeof value === 'object' && value !== null && typeof (value as Relative).fullName === 'string';

/** A population-registry record as a list of labelled values. */
export function RegistryRecord({ record }: { record: Record<string, unknown> }) {
  const { t } = useTranslation('account');
  const { language } = useLanguage();
  const labels: Record<string, string> = t('field', { returnObjects: true });
  const sexes: Record<string, string> = t('sex', { returnObjects: true });
  const maritalStatuses: Record<string, string> = t('maritalStatus', { returnObjects: true });
  const vneidLevels: Record<string, string> = t('vneidLevel', { returnObjects: true });

  const show = (key: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') {
      return key === 'idCardExpiryDate' && record.idCardIssueDate ? t('noExpiry') : '—';
    }
    if (key === 'sex') return sexes[String(value)] ?? String(value);
    if (key === 'maritalStatus') return maritalStatuses[String(value)] ?? String(value);
    if (key === 'vneidLevel') return vneidLevels[String(value)] ?? String(value);
    if (isIsoDate(value)) return formatDate(value, language);
    if (isRelative(value)) return value.fullName;
    if (Array.isArray(value)) return value.length ? value.map((item) => show(key, item)).join(', ') : '—';
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  };

  const keys = [
    ...order.filter((key) => key in record),
    ...Object.keys(record).filter((key) => !order.includes(key)),
  ].filter((key) => !hidden.has(key));

  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing="sm" m={0}>
      {keys.map((key) => (
        <div key={key}>
          <Text component="dt" size="sm" fw={700}>
            {labels[key] ?? key}
          </Text>
          <Text component="dd" m={0}>
            {show(key, record[key])}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
