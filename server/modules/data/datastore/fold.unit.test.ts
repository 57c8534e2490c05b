import fc from 'fast-check';
import { expect, it } from 'vitest';
import { foldVietnamese } from '../../../platform/text.ts';
import { foldForSearch } from './fold.ts';

it('folds Vietnamese as foldVietnamese does', () => {
  expect(foldForSearch('  Hà   Nội ')).toBe('ha noi');
  expect(foldForSearch('GIAO THÔNG Đống Đa')).toBe('giao thong dong da');
  expect(foldForSearch('Ha\u0300 No\u0323\u0302i')).toBe('ha noi'); // decomposed marks
  expect(foldForSearch('Straße 𝔘')).toBe(foldVietnamese('Straße 𝔘')); // slow path
});

it('agrees with foldVietnamese on any text', () => {
  const vietnamese = fc.constantFrom(
    ...'aàáảãạăằắẳẵặâầấẩẫậđeèéẻẽẹêềếểễệoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ ĐÀ\t\u00a0\u0301'.split(''),
  );
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: vietnamese })), (text) => {
      expect(foldForSearch(text)).toBe(foldVietnamese(text));
    }),
    { numRuns: 2000 },
  );
});
