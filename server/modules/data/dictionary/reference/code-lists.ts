/**
 * The code lists the dictionary seeds in every mode. Each says where it comes from; where no
 * official code list was at hand, the values are numbered by this platform and the list says so.
 * `adminUnit` is dynamic: its values are the city's administrative units valid on a date, read
 * from the org register (national statistical codes).
 */
export type CodeListSeed = {
  code: string;
  nameVi: string;
  nameEn: string;
  descriptionVi: string | null;
  descriptionEn: string | null;
  sourceVi: string;
  sourceEn: string;
  dynamic: boolean;
  values: { code: string; labelVi: string; labelEn: string; noteVi?: string; noteEn?: string }[];
};

const PLATFORM_NUMBERED = {
  vi: 'Mã do nền tảng đánh số (chưa có danh mục mã chính thức trong hệ thống); cần đối chiếu khi có chuẩn quốc gia.',
  en: 'Codes numbered by this platform (no official code list was at hand); to be reconciled with a national standard when one is adopted.',
};

/**
 * The 54 ethnic groups of Viet Nam with the codes of the General Statistics Office's list
 * (Quyết định 1019/QĐ-TCTK, 12 Nov 2008; reproduced as Appendix E of QCVN 109:2017/BTTTT on
 * citizen data messages exchanged with the national population database). Codes 01–20 were
 * checked against that text; 21–54 follow the same list from recollection and must be checked
 * against the decision before production use (the source note says so).
 */
const ethnicGroups: [string, string, string][] = [
  ['01', 'Kinh', 'Kinh (Viet)'],
  ['02', 'Tày', 'Tay'],
  ['03', 'Thái', 'Thai'],
  ['04', 'Mường', 'Muong'],
  ['05', 'Khmer', 'Khmer'],
  ['06', 'Hoa', 'Hoa (ethnic Chinese)'],
  ['07', 'Nùng', 'Nung'],
  ['08', 'Mông', 'Hmong'],
  ['09', 'Dao', 'Dao'],
  ['10', 'Gia Rai', 'Jarai'],
  ['11', 'Ê Đê', 'Ede'],
  ['12', 'Ba Na', 'Bahnar'],
  ['13', 'Sán Chay', 'San Chay'],
  ['14', 'Chăm', 'Cham'],
  ['15', 'Cơ Ho', 'Koho'],
  ['16', 'Xơ Đăng', 'Sedang'],
  ['17', 'Sán Dìu', 'San Diu'],
  ['18', 'Hrê', 'Hre'],
  ['19', 'Ra Glai', 'Raglai'],
  ['20', 'Mnông', 'Mnong'],
  ['21', 'Thổ', 'Tho'],
  ['22', 'Xtiêng', 'Stieng'],
  ['23', 'Khơ Mú', 'Khmu'],
  ['24', 'Bru Vân Kiều', 'Bru-Van Kieu'],
  ['25', 'Cơ Tu', 'Katu'],
  ['26', 'Giáy', 'Giay'],
  ['27', 'Tà Ôi', 'Ta Oi'],
  ['28', 'Mạ', 'Ma'],
  ['29', 'Giẻ Triêng', 'Gie Trieng'],
  ['30', 'Co', 'Co'],
  ['31', 'Chơ Ro', 'Cho Ro'],
  ['32', 'Xinh Mun', 'Xinh Mun'],
  ['33', 'Hà Nhì', 'Ha Nhi'],
  ['34', 'Chu Ru', 'Chu Ru'],
  ['35', 'Lào', 'Lao'],
  ['36', 'Kháng', 'Khang'],
  ['37', 'La Chí', 'La Chi'],
  ['38', 'Phù Lá', 'Phu La'],
  ['39', 'La Hủ', 'La Hu'],
  ['40', 'La Ha', 'La Ha'],
  ['41', 'Pà Thẻn', 'Pa Then'],
  ['42', 'Lự', 'Lu'],
  ['43', 'Ngái', 'Ngai'],
  ['44', 'Chứt', 'Chut'],
  ['45', 'Lô Lô', 'Lo Lo'],
  ['46', 'Mảng', 'Mang'],
  ['47', 'Cờ Lao', 'Co Lao'],
  ['48', 'Bố Y', 'Bo Y'],
  ['49', 'Cống', 'Cong'],
  ['50', 'Si La', 'Si La'],
  ['51', 'Pu Péo', 'Pu Peo'],
  ['52', 'Rơ Măm', 'Ro Mam'],
  ['53', 'Brâu', 'Brau'],
  ['54', 'Ơ Đu', 'O Du'],
];

/** Religions recognised by the State (16 as of 2023, per the Government Committee for Religious Affairs). */
const religions: [string, string, string][] = [
  ['00', 'Không theo tôn giáo', 'No religion'],
  ['01', 'Phật giáo', 'Buddhism'],
  ['02', 'Công giáo', 'Catholicism'],
  ['03', 'Tin Lành', 'Protestantism'],
  ['04', 'Cao Đài', 'Caodaism'],
  ['05', 'Phật giáo Hòa Hảo', 'Hoa Hao Buddhism'],
  ['06', 'Hồi giáo', 'Islam'],
  ['07', 'Tôn giáo Baha’i', 'Baháʼí Faith'],
  ['08', 'Tịnh độ Cư sĩ Phật hội Việt Nam', 'Pure Land Buddhist Home Practice Association'],
  ['09', 'Cơ đốc Phục lâm', 'Seventh-day Adventist Church'],
  ['10', 'Phật giáo Tứ Ân Hiếu Nghĩa', 'Tu An Hieu Nghia Buddhism'],
  ['11', 'Minh Sư đạo', 'Minh Su Dao'],
  ['12', 'Minh Lý đạo – Tam Tông Miếu', 'Minh Ly Dao – Tam Tong Mieu'],
  ['13', 'Bà-la-môn giáo', 'Brahmanism (Cham Bà-la-môn)'],
  [
    '14',
    'Giáo hội Các Thánh hữu Ngày sau của Chúa Giê-su Ky-tô',
    'Church of Jesus Christ of Latter-day Saints',
  ],
  ['15', 'Phật giáo Hiếu Nghĩa Tà Lơn', 'Hieu Nghia Ta Lon Buddhism'],
  ['16', 'Bửu Sơn Kỳ Hương', 'Buu Son Ky Huong'],
  ['99', 'Tôn giáo khác', 'Other religion'],
];

const householdRelations: [string, string, string][] = [
  ['01', 'Chủ hộ', 'Household head'],
  ['02', 'Vợ', 'Wife'],
  ['03', 'Chồng', 'Husband'],
  ['04', 'Con đẻ', 'Child'],
  ['05', 'Con nuôi', 'Adopted child'],
  ['06', 'Con dâu', 'Daughter-in-law'],
  ['07', 'Con rể', 'Son-in-law'],
  ['08', 'Cha đẻ', 'Father'],
  ['09', 'Mẹ đẻ', 'Mother'],
  ['10', 'Cha nuôi', 'Adoptive father'],
  ['11', 'Mẹ nuôi', 'Adoptive mother'],
  ['12', 'Cha vợ, cha chồng', 'Father-in-law'],
  ['13', 'Mẹ vợ, mẹ chồng', 'Mother-in-law'],
  ['14', 'Ông, bà', 'Grandparent'],
  ['15', 'Cháu', 'Grandchild, niece or nephew'],
  ['16', 'Anh, chị, em ruột', 'Sibling'],
  ['17', 'Người được giám hộ', 'Person under guardianship'],
  ['18', 'Người giám hộ', 'Guardian'],
  ['99', 'Quan hệ khác', 'Other relation'],
];

const maritalStatuses: [string, string, string][] = [
  ['1', 'Chưa kết hôn', 'Never married'],
  ['2', 'Đã kết hôn', 'Married'],
  ['3', 'Góa', 'Widowed'],
  ['4', 'Đã ly hôn', 'Divorced'],
  ['5', 'Ly thân', 'Separated'],
];

const vehicleTypes: [string, string, string][] = [
  ['01', 'Ô tô con (đến 9 chỗ)', 'Passenger car (up to 9 seats)'],
  ['02', 'Ô tô khách', 'Bus or coach'],
  ['03', 'Ô tô tải', 'Truck'],
  ['04', 'Xe mô tô', 'Motorcycle'],
  ['05', 'Xe gắn máy', 'Moped'],
  ['06', 'Xe máy điện', 'Electric motorcycle or moped'],
  ['07', 'Xe máy chuyên dùng', 'Special-purpose machine'],
  ['08', 'Rơ moóc, sơ mi rơ moóc', 'Trailer or semi-trailer'],
  ['99', 'Loại khác', 'Other'],
];

const values = (rows: [string, string, string][]) =>
  rows.map(([code, labelVi, labelEn]) => ({ code, labelVi, labelEn }));

export const codeListSeeds: CodeListSeed[] = [
  {
    code: 'ethnicGroup',
    nameVi: 'Dân tộc',
    nameEn: 'Ethnic group',
    descriptionVi: '54 dân tộc Việt Nam.',
    descriptionEn: 'The 54 ethnic groups of Viet Nam.',
    sourceVi:
      'Danh mục các dân tộc Việt Nam, Quyết định 1019/QĐ-TCTK ngày 12/11/2008 của Tổng cục Thống kê (Phụ lục E, QCVN 109:2017/BTTTT). Mã 01–20 đã đối chiếu với văn bản; mã 21–54 theo danh mục này nhưng chưa đối chiếu lại — cần kiểm tra trước khi dùng chính thức.',
    sourceEn:
      'List of ethnic groups of Viet Nam, Decision 1019/QĐ-TCTK of 12 Nov 2008 of the General Statistics Office (Appendix E of QCVN 109:2017/BTTTT). Codes 01–20 were checked against the text; 21–54 follow that list but were not re-checked — verify before official use.',
    dynamic: false,
    values: values(ethnicGroups),
  },
  {
    code: 'religion',
    nameVi: 'Tôn giáo',
    nameEn: 'Religion',
    descriptionVi: 'Các tôn giáo được Nhà nước công nhận, thêm «Không theo tôn giáo» và «Tôn giáo khác».',
    descriptionEn: 'Religions recognised by the State, plus "No religion" and "Other religion".',
    sourceVi: `16 tôn giáo được công nhận (Ban Tôn giáo Chính phủ). ${PLATFORM_NUMBERED.vi}`,
    sourceEn: `The 16 recognised religions (Government Committee for Religious Affairs). ${PLATFORM_NUMBERED.en}`,
    dynamic: false,
    values: values(religions),
  },
  {
    code: 'householdRelation',
    nameVi: 'Quan hệ với chủ hộ',
    nameEn: 'Relation to the household head',
    descriptionVi: null,
    descriptionEn: null,
    sourceVi: `Trường «quan hệ với chủ hộ», Luật Căn cước 2023 Điều 9. ${PLATFORM_NUMBERED.vi}`,
    sourceEn: `The field "relation to the household head", Law on Identification 2023 Art. 9. ${PLATFORM_NUMBERED.en}`,
    dynamic: false,
    values: values(householdRelations),
  },
  {
    code: 'maritalStatus',
    nameVi: 'Tình trạng hôn nhân',
    nameEn: 'Marital status',
    descriptionVi: null,
    descriptionEn: null,
    sourceVi: `Các loại tình trạng hôn nhân dùng trong tổng điều tra dân số. ${PLATFORM_NUMBERED.vi}`,
    sourceEn: `The marital-status categories of the population census. ${PLATFORM_NUMBERED.en}`,
    dynamic: false,
    values: values(maritalStatuses),
  },
  {
    code: 'sex',
    nameVi: 'Giới tính',
    nameEn: 'Sex',
    descriptionVi: null,
    descriptionEn: null,
    sourceVi: 'Mã theo ISO/IEC 5218 (1 = nam, 2 = nữ).',
    sourceEn: 'Codes of ISO/IEC 5218 (1 = male, 2 = female).',
    dynamic: false,
    values: [
      { code: '1', labelVi: 'Nam', labelEn: 'Male' },
      { code: '2', labelVi: 'Nữ', labelEn: 'Female' },
    ],
  },
  {
    code: 'bloodGroup',
    nameVi: 'Nhóm máu',
    nameEn: 'Blood group',
    descriptionVi: 'Nhóm máu hệ ABO (không ghi yếu tố Rh).',
    descriptionEn: 'ABO blood group (the Rh factor is not recorded).',
    sourceVi: 'Hệ nhóm máu ABO.',
    sourceEn: 'The ABO blood-group system.',
    dynamic: false,
    values: values([
      ['A', 'A', 'A'],
      ['B', 'B', 'B'],
      ['AB', 'AB', 'AB'],
      ['O', 'O', 'O'],
    ]),
  },
  {
    code: 'vehicleType',
    nameVi: 'Loại phương tiện',
    nameEn: 'Vehicle type',
    descriptionVi: null,
    descriptionEn: null,
    sourceVi: PLATFORM_NUMBERED.vi,
    sourceEn: PLATFORM_NUMBERED.en,
    dynamic: false,
    values: values(vehicleTypes),
  },
  {
    code: 'adminUnit',
    nameVi: 'Đơn vị hành chính của Hà Nội',
    nameEn: 'Administrative units of Hanoi',
    descriptionVi:
      'Thành phố, quận/huyện (đến 30/6/2025) và xã/phường hiệu lực vào ngày được hỏi, theo mã thống kê quốc gia.',
    descriptionEn:
      'The city, districts (until 30 Jun 2025) and wards and communes valid on the date asked, by national statistical code.',
    sourceVi: 'Danh mục đơn vị của nền tảng (mô-đun org), theo thời gian hiệu lực.',
    sourceEn: "The platform's effective-dated register of units (the org module).",
    dynamic: true,
    values: [],
  },
];
