import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/**
 * The report book's typeface: Noto Sans (SIL Open Font License 1.1, see NOTO-SANS-OFL.txt beside
 * this file), from the @expo-google-fonts/noto-sans package, which ships the full TrueType files
 * with every Vietnamese letter. The PDF embeds a subset of it, so it renders the same everywhere.
 */
const require = createRequire(import.meta.url);

export const FONT_CREDIT =
  'Phông chữ Noto Sans — SIL Open Font License 1.1 / Noto Sans typeface, SIL OFL 1.1';

type Face = { name: 'regular' | 'bold'; path: string };

export const faces: Face[] = [
  {
    name: 'regular',
    path: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  },
  { name: 'bold', path: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf') },
];

let loaded: { bytes: Map<string, Buffer>; covers: (codePoint: number) => boolean } | null = null;

export function fontFiles() {
  if (!loaded) {
    const bytes = new Map(faces.map((face) => [face.name, readFileSync(face.path)]));
    const regular = fontkit.create(bytes.get('regular')!) as fontkit.Font;
    loaded = { bytes, covers: (codePoint) => regular.hasGlyphForCodePoint(codePoint) };
  }
  return loaded;
}

/**
 * Keep precomposed Vietnamese letters whole. Noto's `ccmp` feature splits some (ụ → u + dot
 * below): it renders the same, but the PDF's text layer then maps the base glyph to one letter
 * only, and copy-paste or search loses the diacritic. pdfkit's types list features as an array;
 * fontkit also takes an object that switches features off.
 */
export const KEEP_LETTERS_WHOLE = { ccmp: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[];

const substitutes: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '→': '->',
  '←': '<-',
  '≠': '!=',
  '×': 'x',
  '…': '...',
  '\u00a0': ' ',
  '\t': ' ',
};

/**
 * Text the embedded font can draw: NFC-normalised, with any character it has no glyph for
 * replaced by an ASCII look-alike (or "?"), so no page ever shows a missing-glyph box.
 */
export function printable(text: string): string {
  const { covers } = fontFiles();
  let out = '';
  for (const char of text.normalize('NFC')) {
    const codePoint = char.codePointAt(0)!;
    if (char === '\n' || covers(codePoint)) out += char;
    else out += substitutes[char] ?? (codePoint < 0x20 ? '' : '?');
  }
  return out;
}
