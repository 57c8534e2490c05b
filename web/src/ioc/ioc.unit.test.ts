import { DEFAULT_THEME } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { theme } from '../shell/theme.ts';
import { type DevicePage, type DevicePoint, readAllPages } from './api.ts';
import { severityColours } from './messages.ts';

/** WCAG contrast of white text on `hex`. */
function contrastWithWhite(hex: string): number {
  const channel = (start: number) => {
    const value = Number.parseInt(hex.slice(start, start + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

describe('severity badges', () => {
  it('carry white text at 4.5:1 or more in every severity (filled badges use the theme’s shade)', () => {
    const shade = theme.primaryShade as number;
    for (const [severity, colour] of Object.entries(severityColours)) {
      const palette = DEFAULT_THEME.colors[colour as keyof typeof DEFAULT_THEME.colors];
      const background = colour.startsWith('#') ? colour : palette?.[shade];
      expect(background, severity).toMatch(/^#[0-9a-f]{6}$/i);
      expect(contrastWithWhite(background as string), severity).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('device pages', () => {
  it('are read from the first to the last, each once, keeping the simulated-data note', async () => {
    const device = (id: string) => ({ id }) as DevicePoint;
    const pages: Record<string, DevicePage> = {
      '': { items: [device('a-1'), device('a-2')], next: 'a-2' },
      'a-2': {
        items: [device('b-1'), device('b-2')],
        next: 'b-2',
        note: { vi: 'mô phỏng', en: 'simulated' },
      },
      'b-2': { items: [device('c-1')] },
    };
    const asked: string[] = [];
    const all = await readAllPages(async (after) => {
      asked.push(after ?? '');
      return pages[after ?? '']!;
    });
    expect(asked).toEqual(['', 'a-2', 'b-2']);
    expect(all.items.map((item) => item.id)).toEqual(['a-1', 'a-2', 'b-1', 'b-2', 'c-1']);
    expect(all.note?.en).toBe('simulated');
  });
});
