import {
  type CSSVariablesResolver,
  createTheme,
  DEFAULT_THEME,
  type MantineColorsTuple,
} from '@mantine/core';

// Teal carries "available" and success messages: its two darkest shades are darkened so that
// light badges and alerts (shade 9 on shade 1) reach 4.5:1.
const teal = [
  ...DEFAULT_THEME.colors.teal.slice(0, 8),
  '#087f5b',
  '#066649',
] as unknown as MantineColorsTuple;

/**
 * Colours chosen for WCAG AA: the darkest shade of each palette carries text and filled buttons
 * (blue 9 on white is 6.1:1), and "dimmed" text uses gray 7 (8.2:1) instead of Mantine's gray 6 (3.3:1).
 * Palettes whose shade 9 is too light for white text (green, orange, yellow, lime) are not used;
 * teal is darkened.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  colors: { teal },
  primaryShade: 9,
  defaultRadius: 'sm',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '700' },
  focusRing: 'auto',
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-success': 'var(--mantine-color-teal-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
  },
  dark: {},
});
