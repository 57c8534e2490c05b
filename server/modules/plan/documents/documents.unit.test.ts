import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.ts';
import { niceTicks } from './pdf/chart.ts';
import { printable } from './pdf/fonts.ts';
import { yearFraction } from './pdf/report-book.ts';
import { cellNumber } from './xlsx/workbook.ts';

describe('reading numbers from cells', () => {
  it('takes numbers, and text with one decimal separator, and refuses guesses', () => {
    expect(cellNumber(12.5)).toEqual({ kind: 'number', value: 12.5 });
    expect(cellNumber(' 12,5 ')).toEqual({ kind: 'number', value: 12.5 });
    expect(cellNumber('-3.25')).toEqual({ kind: 'number', value: -3.25 });
    expect(cellNumber({ formula: 'A1*2', result: 8 })).toEqual({ kind: 'number', value: 8 });
    expect(cellNumber(null)).toEqual({ kind: 'empty' });
    expect(cellNumber('   ')).toEqual({ kind: 'empty' });
    // "1.234" is 1234 to a Vietnamese reader and 1.234 to an English one: refused, not guessed.
    expect(cellNumber('1.234').kind).toBe('invalid');
    expect(cellNumber('1.234.567').kind).toBe('invalid');
    expect(cellNumber('khoảng 90').kind).toBe('invalid');
    expect(cellNumber({ formula: '1/0', result: { error: '#DIV/0!' } } as never)).toEqual({ kind: 'empty' });
  });
});

describe('CSV cells', () => {
  it('quotes what needs quoting and defuses formulas, but not numbers', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('Hà Nội')).toBe('Hà Nội');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    const bytes = toCsv(['a', 'b'], [[1, 'x']]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('a,b\r\n1,x\r\n');
  });
});

describe('text for the PDF', () => {
  it('keeps Vietnamese, and replaces characters the font cannot draw', () => {
    expect(printable('Phường Hoàn Kiếm — ắằẳẵặ ữ ỹ Đđ')).toBe('Phường Hoàn Kiếm — ắằẳẵặ ữ ỹ Đđ');
    // Decomposed input is composed first (NFC), so each letter is one glyph.
    expect(printable('Hà Nội'.normalize('NFD'))).toBe('Hà Nội');
    expect(printable('≥ 80% → ☃')).toBe('>= 80% -> ?');
  });

  it('chooses round axis ticks and places dates on a year axis', () => {
    expect(niceTicks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(5, 5)).toEqual([4.4, 4.6, 4.8, 5, 5.2, 5.4, 5.6]);
    expect(yearFraction('2025-01-01')).toBe(2025);
    expect(yearFraction('2025-07-02')).toBeCloseTo(2025.5, 2);
  });
});
