/**
 * Vietnamese-aware text folding for search: NFC-normalised input, diacritics removed, đ → d,
 * lower case, spaces collapsed. `ha noi` and `Hà Nội` fold to the same string.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
