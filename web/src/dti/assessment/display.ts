import type { Language } from '../../i18n/messages.ts';
import { formatNumber } from '../../lib/format.ts';
import type { Rule } from '../api.ts';
import { text } from './messages.ts';

/** A stored value as people read it for its rule: yes/no, a percent for ratios, else the number. */
export function formatValue(rule: Rule, value: number | null, language: Language): string {
  if (value === null) return text.notAnswered[language];
  if (rule.kind === 'boolean') return (value > 0 ? text.yes : text.no)[language];
  if (rule.kind === 'ratio') return `${formatNumber(value * 100, language)}%`;
  return formatNumber(value, language);
}

/** hh:mm in Hanoi time, for "Saved at". */
export function formatClock(isoInstant: string): string {
  const date = new Date(isoInstant);
  if (Number.isNaN(date.getTime())) return isoInstant;
  return new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: 'Asia/Ho_Chi_Minh',
  }).format(date);
}
