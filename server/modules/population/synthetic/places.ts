import type { Ethnicity } from './names.ts';
import type { Random } from './random.ts';

/**
 * Provinces that synthetic residents were born in. `code` is the 3-digit province code that opens a
 * personal identification number (Circular 59/2021/TT-BCA, the GSO province code); `nameAtBirth`
 * is the province as it was before the 1 Jul 2025 merger (how birth records read); `currentName`
 * is the province a present-day address names (Resolution 202/2025/QH15). `oldIdPrefix` opens the
 * old 9-digit identity-card number the province issued.
 */
export type Province = { code: string; nameAtBirth: string; currentName: string; oldIdPrefix: string };

const province = (code: string, nameAtBirth: string, currentName: string, oldIdPrefix: string): Province => ({
  code,
  nameAtBirth,
  currentName,
  oldIdPrefix,
});

export const HANOI = province('001', 'Thành phố Hà Nội', 'Thành phố Hà Nội', '01');

export const provinces: readonly Province[] = [
  HANOI,
  province('002', 'Tỉnh Hà Giang', 'Tỉnh Tuyên Quang', '07'),
  province('004', 'Tỉnh Cao Bằng', 'Tỉnh Cao Bằng', '08'),
  province('008', 'Tỉnh Tuyên Quang', 'Tỉnh Tuyên Quang', '07'),
  province('010', 'Tỉnh Lào Cai', 'Tỉnh Lào Cai', '06'),
  province('011', 'Tỉnh Điện Biên', 'Tỉnh Điện Biên', '04'),
  province('014', 'Tỉnh Sơn La', 'Tỉnh Sơn La', '05'),
  province('015', 'Tỉnh Yên Bái', 'Tỉnh Lào Cai', '06'),
  province('017', 'Tỉnh Hòa Bình', 'Tỉnh Phú Thọ', '11'),
  province('019', 'Tỉnh Thái Nguyên', 'Tỉnh Thái Nguyên', '09'),
  province('020', 'Tỉnh Lạng Sơn', 'Tỉnh Lạng Sơn', '08'),
  province('022', 'Tỉnh Quảng Ninh', 'Tỉnh Quảng Ninh', '10'),
  province('024', 'Tỉnh Bắc Giang', 'Tỉnh Bắc Ninh', '12'),
  province('025', 'Tỉnh Phú Thọ', 'Tỉnh Phú Thọ', '13'),
  province('026', 'Tỉnh Vĩnh Phúc', 'Tỉnh Phú Thọ', '13'),
  province('027', 'Tỉnh Bắc Ninh', 'Tỉnh Bắc Ninh', '12'),
  province('030', 'Tỉnh Hải Dương', 'Thành phố Hải Phòng', '14'),
  province('031', 'Thành phố Hải Phòng', 'Thành phố Hải Phòng', '03'),
  province('033', 'Tỉnh Hưng Yên', 'Tỉnh Hưng Yên', '14'),
  province('034', 'Tỉnh Thái Bình', 'Tỉnh Hưng Yên', '15'),
  province('035', 'Tỉnh Hà Nam', 'Tỉnh Ninh Bình', '16'),
  province('036', 'Tỉnh Nam Định', 'Tỉnh Ninh Bình', '16'),
  province('037', 'Tỉnh Ninh Bình', 'Tỉnh Ninh Bình', '16'),
  province('038', 'Tỉnh Thanh Hóa', 'Tỉnh Thanh Hóa', '17'),
  province('040', 'Tỉnh Nghệ An', 'Tỉnh Nghệ An', '18'),
  province('042', 'Tỉnh Hà Tĩnh', 'Tỉnh Hà Tĩnh', '18'),
  province('079', 'Thành phố Hồ Chí Minh', 'Thành phố Hồ Chí Minh', '02'),
];

const byCode = new Map(provinces.map((p) => [p.code, p]));

/** Where Kinh residents not born in Hanoi mostly come from: the delta and the north-central coast. */
const kinhOrigins: readonly (readonly [string, number])[] = [
  ['036', 10],
  ['034', 10],
  ['035', 6],
  ['037', 5],
  ['038', 10],
  ['040', 9],
  ['042', 5],
  ['030', 6],
  ['033', 6],
  ['027', 5],
  ['024', 4],
  ['025', 4],
  ['026', 4],
  ['031', 3],
  ['019', 3],
  ['022', 2],
  ['017', 2],
  ['079', 2],
];

/** Home provinces of the ethnic minorities living in Hanoi. */
const minorityOrigins: Record<Exclude<Ethnicity, 'Kinh'>, readonly (readonly [string, number])[]> = {
  Mường: [
    ['001', 5],
    ['017', 5],
    ['025', 2],
    ['038', 2],
  ],
  Tày: [
    ['020', 3],
    ['004', 3],
    ['008', 3],
    ['019', 1],
  ],
  Thái: [
    ['014', 4],
    ['011', 3],
    ['040', 2],
  ],
  Dao: [
    ['010', 3],
    ['015', 3],
    ['002', 2],
  ],
  Nùng: [
    ['020', 4],
    ['004', 3],
  ],
  Hoa: [
    ['001', 4],
    ['022', 2],
    ['079', 2],
  ],
  Mông: [
    ['002', 3],
    ['010', 3],
    ['011', 2],
  ],
  'Sán Dìu': [
    ['026', 3],
    ['019', 2],
    ['024', 2],
  ],
};

export function pickOriginProvince(random: Random, ethnicity: Ethnicity): Province {
  const code = random.weighted(ethnicity === 'Kinh' ? kinhOrigins : minorityOrigins[ethnicity]);
  return byCode.get(code)!;
}

/**
 * Street names for synthetic addresses. They are common commemorative names; which streets a ward
 * gets is drawn from its id, so an address is plausible, not a real one.
 */
const streets =
  'Trần Hưng Đạo|Lê Lợi|Nguyễn Trãi|Quang Trung|Hai Bà Trưng|Lý Thường Kiệt|Lê Duẩn|Giải Phóng|Kim Mã|Đội Cấn|Hoàng Hoa Thám|Tây Sơn|Chùa Bộc|Thái Hà|Nguyễn Chí Thanh|Láng Hạ|Trần Duy Hưng|Cầu Giấy|Xuân Thủy|Hồ Tùng Mậu|Phạm Văn Đồng|Nguyễn Văn Cừ|Ngọc Lâm|Minh Khai|Bạch Mai|Đại La|Trương Định|Tam Trinh|Lĩnh Nam|Nguyễn Xiển|Khuất Duy Tiến|Lê Văn Lương|Tố Hữu|Quang Trung|Nguyễn Văn Lộc|Phùng Hưng|Trần Phú|Lạc Long Quân|Âu Cơ|Thụy Khuê|Lạc Trung|Kim Ngưu|Vĩnh Hưng|Nguyễn Tam Trinh|Kim Giang|Vũ Tông Phan|Hoàng Quốc Việt|Trần Cung|Phạm Hùng|Mễ Trì|Lê Quang Đạo|Nguyễn Hoàng|Hàm Nghi|Thanh Bình|Đường Thành|Hàng Bông|Hàng Gai|Phan Đình Phùng|Điện Biên Phủ|Nguyễn Thái Học'
    .split('|')
    .filter((name, index, all) => all.indexOf(name) === index);

const villages =
  'Đông|Đoài|Thượng|Hạ|Trung|Nam|Bắc|Mới|Cầu|Chợ|Đình|Phú Mỹ|An Thái|Yên Nội|Phú Lương|Đại Đồng|Thanh Vân|Tiên Lữ|Quảng Bị|Bình Xá|Phú Thứ|Hòa Xá|Kim Bài|Vân Hội|Đồng Lạc'.split(
    '|',
  );

export const pickVillage = (random: Random) => random.pick(villages);

/** A ward's few main streets, fixed per ward. */
export function streetsOfWard(wardRandom: Random): string[] {
  const count = wardRandom.int(4, 7);
  const chosen = new Set<string>();
  while (chosen.size < count) chosen.add(wardRandom.pick(streets));
  return [...chosen];
}
