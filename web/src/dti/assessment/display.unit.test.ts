import { describe, expect, it } from 'vitest';
import { formatClock, formatValue } from './display.ts';

describe('formatValue', () => {
  it('reads a stored value by rule: yes/no, a percent for ratios, else the number', () => {
    expect(formatValue({ kind: 'boolean' }, 1, 'vi')).toBe('Có');
    expect(formatValue({ kind: 'boolean' }, 0, 'en')).toBe('No');
    expect(formatValue({ kind: 'ratio' }, 0.755, 'vi')).toBe('75,5%');
    expect(formatValue({ kind: 'ratio' }, 0.755, 'en')).toBe('75.5%');
    expect(formatValue({ kind: 'thresholds', steps: [{ min: 0, points: 1 }] }, 12.5, 'vi')).toBe('12,5');
    expect(formatValue({ kind: 'boolean' }, null, 'vi')).toBe('Chưa kê khai');
  });
});

describe('formatClock', () => {
  it('gives hh:mm in Hanoi time', () => {
    expect(formatClock('2025-06-30T17:05:09Z')).toBe('00:05');
    expect(formatClock('not a time')).toBe('not a time');
  });
});
