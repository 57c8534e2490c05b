import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n/messages.ts';

/** The current language, and pickers for the matching half of bilingual data from the API. */
export function useLanguage() {
  const { i18n } = useTranslation();
  const language: Language = i18n.resolvedLanguage === 'en' ? 'en' : 'vi';
  return useMemo(
    () => ({
      language,
      /** `{ vi, en }` → the current language's text. */
      pick: <T>(pair: { vi: T; en: T }): T => pair[language],
      /** A unit's name in the current language (units carry `nameVi` and `nameEn`). */
      unitName: (unit: { nameVi: string; nameEn: string }) => (language === 'en' ? unit.nameEn : unit.nameVi),
    }),
    [language],
  );
}
