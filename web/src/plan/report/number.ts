/** Reads a number as people type it here: "85,5" or "85.5"; empty is null; anything else undefined. */
export function readNumber(text: string): number | null | undefined {
  const trimmed = text.trim().replace(/\s/g, '');
  if (!trimmed) return null;
  const normalized = trimmed.includes(',') && !trimmed.includes('.') ? trimmed.replace(',', '.') : trimmed;
  if (!/^-?\d+(\.\d+)?$/.test(normalized)) return undefined;
  return Number(normalized);
}

/** A number as an input shows it: "85,5" in Vietnamese, "85.5" in English; empty for none. */
export function numberText(value: number | null | undefined, language: 'vi' | 'en' = 'vi'): string {
  if (value === null || value === undefined) return '';
  return language === 'vi' ? String(value).replace('.', ',') : String(value);
}
