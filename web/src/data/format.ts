import type { Language } from '../i18n/messages.ts';
import { formatDate, formatNumber, hanoiToday } from '../lib/format.ts';

/** The Hanoi calendar day of an instant (ISO 8601), as people read dates. */
export function formatDay(isoInstant: string, language: Language): string {
  const date = new Date(isoInstant);
  if (Number.isNaN(date.getTime())) return isoInstant;
  return formatDate(hanoiToday(date), language);
}

/** File sizes as people read them: 12,5 KB, 3,2 MB. */
export function formatBytes(bytes: number, language: Language): string {
  if (bytes < 1024) return `${formatNumber(bytes, language)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round((bytes / 1024) * 10) / 10, language)} KB`;
  return `${formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10, language)} MB`;
}

/** The title and description in the reader's language; Vietnamese when no English was given. */
export function datasetTitle(
  dataset: { titleVi: string; titleEn: string | null },
  language: Language,
): string {
  return language === 'en' && dataset.titleEn ? dataset.titleEn : dataset.titleVi;
}

export function datasetDescription(
  dataset: { descriptionVi: string; descriptionEn: string | null },
  language: Language,
): string {
  return language === 'en' && dataset.descriptionEn ? dataset.descriptionEn : dataset.descriptionVi;
}

/** Is the English text missing, so the Vietnamese one is shown to an English reader? */
export const shownInVietnamese = (english: string | null, language: Language) =>
  language === 'en' && !english;

/** A dataset name from its title: no diacritics (đ → d), lower case, words joined by "-" (`ha-noi-…`). */
export function slugOf(title: string): string {
  return title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/g, '');
}
