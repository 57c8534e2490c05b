import type { Random } from './random.ts';

/**
 * Vietnamese name tables for the synthetic registry. Family-name weights follow the commonly cited
 * shares (Nguyễn ≈38%, Trần ≈11%, Lê ≈9.5%, Phạm ≈7%, Hoàng/Huỳnh ≈5%, Phan ≈4.5%, Vũ/Võ ≈3.9%,
 * Đặng, Bùi ≈2% …), with the northern forms (Hoàng, Vũ) far more common in Hanoi than Huỳnh, Võ.
 * Ethnic minorities carry their own common family names. Middle and given names shift with the
 * decade of birth (Văn/Thị dominate before 1980 and fade after 2000).
 */
export type Sex = 'male' | 'female';

export const ethnicities = ['Kinh', 'Mường', 'Tày', 'Thái', 'Dao', 'Nùng', 'Hoa', 'Mông', 'Sán Dìu'] as const;
export type Ethnicity = (typeof ethnicities)[number];

type Weighted<T> = readonly (readonly [T, number])[];

const kinhFamilyNames: Weighted<string> = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 4.6],
  ['Huỳnh', 0.5],
  ['Phan', 4.5],
  ['Vũ', 3.5],
  ['Võ', 0.4],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Đào', 0.8],
  ['Đinh', 0.8],
  ['Trịnh', 0.7],
  ['Lương', 0.5],
  ['Mai', 0.5],
  ['Hà', 0.5],
  ['Tạ', 0.4],
  ['Cao', 0.4],
  ['Lại', 0.3],
  ['Kiều', 0.3],
  ['Chu', 0.3],
  ['Phùng', 0.3],
  ['Lưu', 0.3],
  ['Tô', 0.3],
  ['Khuất', 0.2],
  ['Nghiêm', 0.2],
  ['Đàm', 0.2],
  ['Khúc', 0.15],
  ['Triệu', 0.15],
  ['Doãn', 0.1],
  ['Quách', 0.1],
];

const minorityFamilyNames: Record<Exclude<Ethnicity, 'Kinh'>, Weighted<string>> = {
  Mường: [
    ['Đinh', 30],
    ['Bùi', 30],
    ['Quách', 10],
    ['Hà', 10],
    ['Xa', 5],
    ['Bạch', 5],
    ['Cao', 5],
    ['Nguyễn', 5],
  ],
  Tày: [
    ['Hoàng', 25],
    ['Nông', 25],
    ['Lương', 10],
    ['Ma', 10],
    ['Hà', 10],
    ['Triệu', 5],
    ['La', 5],
    ['Đàm', 5],
    ['Nguyễn', 5],
  ],
  Thái: [
    ['Lò', 25],
    ['Cầm', 15],
    ['Lường', 15],
    ['Hà', 15],
    ['Vi', 10],
    ['Quàng', 10],
    ['Tòng', 10],
  ],
  Dao: [
    ['Triệu', 35],
    ['Bàn', 25],
    ['Đặng', 20],
    ['Lý', 15],
    ['Phùng', 5],
  ],
  Nùng: [
    ['Hoàng', 30],
    ['Nông', 25],
    ['Vi', 15],
    ['Lương', 15],
    ['Lục', 15],
  ],
  Hoa: [
    ['Lý', 20],
    ['Trương', 20],
    ['Quan', 15],
    ['Hứa', 15],
    ['Lâm', 15],
    ['Châu', 15],
  ],
  Mông: [
    ['Giàng', 25],
    ['Sùng', 20],
    ['Vàng', 20],
    ['Thào', 15],
    ['Lý', 10],
    ['Hầu', 10],
  ],
  'Sán Dìu': [
    ['Diệp', 30],
    ['Lưu', 25],
    ['Trương', 20],
    ['Lam', 25],
  ],
};

type Era = 'before1975' | '1975to1999' | 'since2000';
const eraOf = (birthYear: number): Era =>
  birthYear < 1975 ? 'before1975' : birthYear < 2000 ? '1975to1999' : 'since2000';

const middleNames: Record<Sex, Record<Era, Weighted<string>>> = {
  male: {
    before1975: [
      ['Văn', 55],
      ['Đức', 8],
      ['Quang', 6],
      ['Hữu', 6],
      ['Xuân', 5],
      ['Đình', 5],
      ['Minh', 5],
      ['Công', 4],
      ['Ngọc', 3],
      ['Mạnh', 3],
    ],
    '1975to1999': [
      ['Văn', 30],
      ['Đức', 10],
      ['Minh', 10],
      ['Quang', 8],
      ['Tiến', 6],
      ['Mạnh', 6],
      ['Hữu', 5],
      ['Anh', 5],
      ['Trung', 5],
      ['Thanh', 5],
      ['Xuân', 4],
      ['Hoàng', 3],
      ['Duy', 3],
    ],
    since2000: [
      ['Minh', 18],
      ['Đức', 12],
      ['Gia', 12],
      ['Bảo', 10],
      ['Quang', 8],
      ['Văn', 8],
      ['Hoàng', 7],
      ['Anh', 6],
      ['Tuấn', 5],
      ['Nhật', 5],
      ['Đăng', 5],
      ['Trung', 4],
    ],
  },
  female: {
    before1975: [
      ['Thị', 75],
      ['Thu', 5],
      ['Ngọc', 4],
      ['Thanh', 4],
      ['Kim', 4],
      ['Hồng', 4],
      ['Minh', 4],
    ],
    '1975to1999': [
      ['Thị', 40],
      ['Thu', 8],
      ['Ngọc', 8],
      ['Thanh', 7],
      ['Hồng', 6],
      ['Phương', 6],
      ['Minh', 6],
      ['Thùy', 6],
      ['Mai', 5],
      ['Hải', 4],
      ['Kim', 4],
    ],
    since2000: [
      ['Ngọc', 14],
      ['Minh', 12],
      ['Thị', 8],
      ['Khánh', 10],
      ['Bảo', 10],
      ['Phương', 8],
      ['Thu', 7],
      ['Gia', 7],
      ['Diệu', 6],
      ['Hà', 6],
      ['Thảo', 6],
      ['Quỳnh', 6],
    ],
  },
};

/** Single-syllable names, written as one space-separated string to keep the table readable. */
const words = (list: string) => list.split(' ');

const givenNames: Record<Sex, Record<Era, readonly string[]>> = {
  male: {
    before1975: words(
      'Hùng Dũng Thắng Lợi Chiến Thành Sơn Hải Bình Hòa Tuấn Cường Thanh Minh Quang Trung Hưng Long Nghĩa Phúc Tâm Vinh Toàn Khải',
    ),
    '1975to1999': words(
      'Anh Tuấn Hùng Dũng Cường Hải Sơn Long Nam Trung Thắng Tú Hiếu Huy Hoàng Linh Quân Việt Đức Thành Tùng Kiên Phong Duy Hưng Vũ',
    ),
    since2000: words(
      'Minh Khang Khôi Bảo Phúc Huy Nam An Đăng Khoa Lâm Quân Hưng Long Hiếu Kiên Phong Tùng Duy Nhật Vinh Thịnh Sơn Đạt Tuấn Hải',
    ),
  },
  female: {
    before1975: words(
      'Lan Hoa Hồng Hương Mai Nga Dung Thủy Tuyết Loan Hạnh Hằng Oanh Nhung Liên Tâm Vân Hiền Lụa Thoa Xuân Yến Bình Thu',
    ),
    '1975to1999': words(
      'Trang Linh Hương Huyền Thảo Hà Ngọc Phương Anh Hằng Nga Thủy Yến Quỳnh Giang Hạnh Vân Dung Mai Nhung Hiền Loan Thu Lan Ly Chi',
    ),
    since2000: words(
      'Anh Linh Chi Ngọc Vy My Nhi Hân An Trâm Thư Ngân Diệp Châu Trang Hà Phương Thảo Mai Khuê Uyên Yến Hương Quyên Giang Lam',
    ),
  },
};

/** Baptismal names Catholics often record as their other name. */
const saintNames: Record<Sex, readonly string[]> = {
  male: ['Giuse', 'Phêrô', 'Phaolô', 'Gioan', 'Antôn', 'Đaminh', 'Phanxicô', 'Giacôbê'],
  female: ['Maria', 'Anna', 'Têrêsa', 'Cecilia', 'Rosa', 'Agnes', 'Lucia', 'Monica'],
};

/** Buddhist dharma names older followers sometimes record. */
const dharmaNames = [
  'Diệu Hạnh',
  'Minh Tâm',
  'Diệu Hiền',
  'Quảng Đức',
  'Thiện Tâm',
  'Diệu Liên',
  'Nguyên Tịnh',
];

export const pickFamilyName = (random: Random, ethnicity: Ethnicity): string =>
  random.weighted(ethnicity === 'Kinh' ? kinhFamilyNames : minorityFamilyNames[ethnicity]);

export const pickMiddleName = (random: Random, sex: Sex, birthYear: number): string =>
  random.weighted(middleNames[sex][eraOf(birthYear)]);

/** A given name, avoiding the names already used by siblings (`avoid`). */
export function pickGivenName(random: Random, sex: Sex, birthYear: number, avoid: ReadonlySet<string>) {
  const pool = givenNames[sex][eraOf(birthYear)].filter((name) => !avoid.has(name));
  return random.pick(pool);
}

export function pickOtherName(random: Random, sex: Sex, religion: string, birthYear: number): string | null {
  if (religion === 'Công giáo' && random.chance(0.5)) return random.pick(saintNames[sex]);
  if (religion === 'Phật giáo' && birthYear < 1970 && random.chance(0.2)) return random.pick(dharmaNames);
  return null;
}

export const joinName = (...parts: string[]) => parts.filter(Boolean).join(' ');
