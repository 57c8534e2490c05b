import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n/messages.ts';
import { formatNumber } from '../lib/format.ts';
import { useLanguage } from '../shell/use-language.ts';
import { parsePeriodId } from './period.ts';

/** A value with its unit, the way the plan text writes it: "85 %", "1.200 hồ sơ", "hạng 5". */
export function formatValue(value: number, unit: string, language: Language): string {
  const number = formatNumber(value, language);
  if (unit === '%') return `${number} %`;
  if (!unit) return number;
  return `${number} ${unit}`;
}

/** Period ids read as people say them: "Quý 3/2025", "Q3 2025". */
export function usePeriodLabel() {
  const { t } = useTranslation('plan');
  return (id: string) => {
    const parts = parsePeriodId(id);
    if (!parts) return id;
    const month = String(parts.index).padStart(2, '0');
    return t(`period.${parts.type}`, { year: parts.year, index: parts.index, month });
  };
}

/** The current language's half of a `{ labelVi, labelEn }` or `{ titleVi, titleEn }` record. */
export function useBilingual() {
  const { language } = useLanguage();
  return {
    label: (item: { labelVi: string; labelEn: string }) => (language === 'en' ? item.labelEn : item.labelVi),
    title: (item: { titleVi: string; titleEn: string }) => (language === 'en' ? item.titleEn : item.titleVi),
  };
}
