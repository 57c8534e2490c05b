import type { Constraints, ItemType, Sensitivity, VerificationClass } from '../dictionary.schema.ts';

/**
 * The standard items seeded (approved, version 1) in every mode: the national population
 * database's fields (Law on Identification 2023 Art. 9; docs/plan239-facts.md §4) as person.*,
 * address.*, residence.* and household.* items, and common items for addresses, business
 * registration, land parcels and vehicles. Sensitivity follows Decree 13/2023/NĐ-CP: ethnic
 * origin, religion and health (blood group) are sensitive personal data; names, identity
 * numbers, addresses, family relations, phone and plate numbers are basic personal data.
 *
 * Not seeded as items: lists (children, household members: a form repeats the person items) and
 * "other information set by the Government" (Art. 9 item 26), which has no fixed content.
 */
export type ItemSeed = {
  code: string;
  nameVi: string;
  nameEn: string;
  descriptionVi?: string;
  descriptionEn?: string;
  type: ItemType;
  constraints?: Constraints;
  codeList?: string;
  sensitivity: Sensitivity;
  verificationClass: VerificationClass;
  source: string | null;
};

const NAME: Constraints = { minLength: 1, maxLength: 100, pattern: "^[\\p{L}\\p{M} '.-]+$" };
const PERSONAL_ID: Constraints = { pattern: '^[0-9]{12}$' };
const COUNTRY: Constraints = { pattern: '^[A-Z]{2}$' };
const PLACE: Constraints = { minLength: 1, maxLength: 300 };

const person = (
  code: string,
  nameVi: string,
  nameEn: string,
  type: ItemType,
  extra: Partial<ItemSeed> = {},
): ItemSeed => ({
  code,
  nameVi,
  nameEn,
  type,
  sensitivity: 'personal',
  verificationClass: 'government_verified',
  source: 'population',
  ...extra,
});

const relative = (key: string, vi: string, en: string): ItemSeed[] => [
  person(`person.${key}.fullName`, `Họ, chữ đệm và tên của ${vi}`, `Full name of the ${en}`, 'string', {
    constraints: NAME,
  }),
  person(
    `person.${key}.personalId`,
    `Số định danh cá nhân của ${vi}`,
    `Personal identification number of the ${en}`,
    'string',
    {
      constraints: PERSONAL_ID,
    },
  ),
  person(`person.${key}.nationality`, `Quốc tịch của ${vi}`, `Nationality of the ${en}`, 'string', {
    constraints: COUNTRY,
    descriptionVi: 'Mã quốc gia ISO 3166-1 alpha-2 (VN là Việt Nam).',
    descriptionEn: 'ISO 3166-1 alpha-2 country code (VN for Viet Nam).',
  }),
];

const populationItems: ItemSeed[] = [
  person('person.fullName', 'Họ, chữ đệm và tên khai sinh', 'Full name at birth', 'string', {
    constraints: NAME,
  }),
  person('person.otherName', 'Tên gọi khác', 'Other name', 'string', { constraints: NAME }),
  person('person.personalId', 'Số định danh cá nhân', 'Personal identification number', 'string', {
    constraints: PERSONAL_ID,
    descriptionVi: '12 chữ số, cũng là số thẻ căn cước.',
    descriptionEn: '12 digits; also the identity-card number.',
  }),
  person('person.dateOfBirth', 'Ngày, tháng, năm sinh', 'Date of birth', 'date'),
  person('person.sex', 'Giới tính', 'Sex', 'code', { codeList: 'sex' }),
  person('person.placeOfBirth', 'Nơi sinh', 'Place of birth', 'string', { constraints: PLACE }),
  person('person.birthRegistrationPlace', 'Nơi đăng ký khai sinh', 'Place of birth registration', 'string', {
    constraints: PLACE,
  }),
  person('person.homeTown', 'Quê quán', 'Home town', 'string', { constraints: PLACE }),
  person('person.ethnicity', 'Dân tộc', 'Ethnic group', 'code', {
    codeList: 'ethnicGroup',
    sensitivity: 'sensitive_personal',
  }),
  person('person.religion', 'Tôn giáo', 'Religion', 'code', {
    codeList: 'religion',
    sensitivity: 'sensitive_personal',
  }),
  person('person.nationality', 'Quốc tịch', 'Nationality', 'string', {
    constraints: COUNTRY,
    descriptionVi: 'Mã quốc gia ISO 3166-1 alpha-2 (VN là Việt Nam).',
    descriptionEn: 'ISO 3166-1 alpha-2 country code (VN for Viet Nam).',
  }),
  person('person.bloodGroup', 'Nhóm máu', 'Blood group', 'code', {
    codeList: 'bloodGroup',
    sensitivity: 'sensitive_personal',
    descriptionVi: 'Thông tin sức khỏe: dữ liệu cá nhân nhạy cảm.',
    descriptionEn: 'Health information: sensitive personal data.',
  }),
  person(
    'person.oldIdNumber',
    'Số chứng minh nhân dân 9 số',
    'Former 9-digit identity-card number',
    'string',
    {
      constraints: { pattern: '^[0-9]{9}$' },
    },
  ),
  person('person.idCardIssueDate', 'Ngày cấp thẻ căn cước', 'Identity card: date of issue', 'date', {
    source: 'identification',
  }),
  person('person.idCardIssuePlace', 'Nơi cấp thẻ căn cước', 'Identity card: place of issue', 'string', {
    source: 'identification',
    constraints: { minLength: 1, maxLength: 200 },
  }),
  person('person.idCardExpiryDate', 'Ngày hết hạn thẻ căn cước', 'Identity card: date of expiry', 'date', {
    source: 'identification',
  }),
  ...relative('father', 'cha', 'father'),
  ...relative('mother', 'mẹ', 'mother'),
  ...relative('spouse', 'vợ hoặc chồng', 'spouse'),
  ...relative('legalRepresentative', 'người đại diện hợp pháp', 'legal representative'),
  person('address.permanent', 'Nơi thường trú', 'Permanent residence', 'address'),
  person('address.temporary', 'Nơi tạm trú', 'Temporary residence', 'address'),
  person('address.current', 'Nơi ở hiện tại', 'Current residence', 'address'),
  person('residence.temporaryAbsence', 'Đang khai báo tạm vắng', 'Declared temporarily absent', 'boolean'),
  person('residence.fileNumber', 'Số hồ sơ cư trú', 'Residence file number', 'string', {
    constraints: { minLength: 1, maxLength: 30 },
  }),
  person('person.maritalStatus', 'Tình trạng hôn nhân', 'Marital status', 'code', {
    codeList: 'maritalStatus',
  }),
  person('household.relationToHead', 'Quan hệ với chủ hộ', 'Relation to the household head', 'code', {
    codeList: 'householdRelation',
  }),
  person(
    'household.headFullName',
    'Họ, chữ đệm và tên của chủ hộ',
    'Full name of the household head',
    'string',
    {
      constraints: NAME,
    },
  ),
  person(
    'household.headPersonalId',
    'Số định danh cá nhân của chủ hộ',
    'Personal identification number of the household head',
    'string',
    {
      constraints: PERSONAL_ID,
    },
  ),
  person('person.dateOfDeath', 'Ngày chết', 'Date of death', 'date'),
  person('person.dateMissing', 'Ngày được xác định mất tích', 'Date declared missing', 'date'),
  person('person.phone', 'Số điện thoại di động', 'Mobile phone number', 'string', {
    constraints: { pattern: '^0[0-9]{9}$' },
    verificationClass: 'self_declared',
    descriptionVi: '10 chữ số, bắt đầu bằng 0.',
    descriptionEn: '10 digits starting with 0.',
  }),
  person('person.email', 'Thư điện tử', 'E-mail address', 'string', {
    constraints: { maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' },
    verificationClass: 'self_declared',
  }),
];

const common = (
  code: string,
  nameVi: string,
  nameEn: string,
  type: ItemType,
  source: string | null,
  sensitivity: Sensitivity,
  extra: Partial<ItemSeed> = {},
): ItemSeed => ({
  code,
  nameVi,
  nameEn,
  type,
  source,
  sensitivity,
  verificationClass: 'government_verified',
  ...extra,
});

const addressItems: ItemSeed[] = [
  common(
    'address.detail',
    'Số nhà, đường, tổ, thôn',
    'House number, street, group or hamlet',
    'string',
    null,
    'personal',
    {
      constraints: { minLength: 1, maxLength: 300 },
      verificationClass: 'self_declared',
    },
  ),
  common('address.communeCode', 'Mã xã, phường', 'Commune or ward code', 'string', null, 'public', {
    constraints: { pattern: '^[0-9]{5}$' },
    descriptionVi: 'Mã đơn vị hành chính cấp xã (5 chữ số).',
    descriptionEn: 'Commune-level administrative unit code (5 digits).',
  }),
  common('address.provinceCode', 'Mã tỉnh, thành phố', 'Province or city code', 'string', null, 'public', {
    constraints: { pattern: '^[0-9]{2}$' },
    descriptionVi: 'Mã đơn vị hành chính cấp tỉnh (2 chữ số; Hà Nội là 01).',
    descriptionEn: 'Province-level administrative unit code (2 digits; Hanoi is 01).',
  }),
  common(
    'address.hanoiUnit',
    'Đơn vị hành chính của Hà Nội',
    'Administrative unit of Hanoi',
    'code',
    'cityRegister',
    'public',
    {
      codeList: 'adminUnit',
    },
  ),
];

const business = (
  code: string,
  nameVi: string,
  nameEn: string,
  type: ItemType,
  extra: Partial<ItemSeed> = {},
) => common(code, nameVi, nameEn, type, 'business', 'public', extra);

const businessItems: ItemSeed[] = [
  business('business.enterpriseCode', 'Mã số doanh nghiệp', 'Enterprise code', 'string', {
    constraints: { pattern: '^[0-9]{10}(-[0-9]{3})?$' },
    descriptionVi: 'Đồng thời là mã số thuế; đơn vị phụ thuộc thêm -XXX.',
    descriptionEn: 'Also the tax code; dependent units add -XXX.',
  }),
  business('business.name', 'Tên doanh nghiệp', 'Enterprise name', 'string', {
    constraints: { minLength: 1, maxLength: 400 },
  }),
  business(
    'business.foreignName',
    'Tên doanh nghiệp bằng tiếng nước ngoài',
    'Enterprise name in a foreign language',
    'string',
    {
      constraints: { minLength: 1, maxLength: 400 },
    },
  ),
  business(
    'business.legalRepresentative',
    'Người đại diện theo pháp luật',
    'Legal representative',
    'string',
    {
      constraints: NAME,
      sensitivity: 'personal',
    },
  ),
  business('business.registeredAddress', 'Địa chỉ trụ sở chính', 'Registered head-office address', 'address'),
  business('business.lineCode', 'Mã ngành, nghề kinh doanh', 'Business line code', 'string', {
    constraints: { pattern: '^[0-9]{4,5}$' },
    descriptionVi: 'Mã ngành kinh tế Việt Nam (VSIC 2018), cấp 4 hoặc 5; mỗi ngành một giá trị.',
    descriptionEn:
      'Viet Nam standard industrial classification (VSIC 2018), level 4 or 5; one value per line.',
  }),
  business('business.registrationDate', 'Ngày đăng ký thành lập', 'Date of first registration', 'date'),
];

const land = (
  code: string,
  nameVi: string,
  nameEn: string,
  type: ItemType,
  sensitivity: Sensitivity,
  extra: Partial<ItemSeed> = {},
) => common(code, nameVi, nameEn, type, 'land', sensitivity, extra);

const landItems: ItemSeed[] = [
  land('land.mapSheetNumber', 'Số tờ bản đồ', 'Map sheet number', 'integer', 'public', {
    constraints: { minimum: 1 },
  }),
  land('land.parcelNumber', 'Số thửa đất', 'Parcel number', 'integer', 'public', {
    constraints: { minimum: 1 },
  }),
  land('land.area', 'Diện tích thửa đất (m²)', 'Parcel area (m²)', 'number', 'public', {
    constraints: { minimum: 0 },
  }),
  land('land.usePurpose', 'Mục đích sử dụng đất', 'Land-use purpose', 'string', 'public', {
    constraints: { pattern: '^[A-Z]{3}$' },
    descriptionVi: 'Ký hiệu loại đất gồm 3 chữ cái in hoa, ví dụ ODT (đất ở tại đô thị).',
    descriptionEn: 'Three-letter land-type symbol, e.g. ODT (urban residential land).',
  }),
  land(
    'land.certificateNumber',
    'Số phát hành giấy chứng nhận quyền sử dụng đất',
    'Land-use right certificate number',
    'string',
    'internal',
    {
      constraints: { minLength: 1, maxLength: 20, pattern: '^[A-Z0-9 ./-]+$' },
    },
  ),
  land('land.parcelGeometry', 'Ranh giới thửa đất', 'Parcel boundary', 'geometry', 'internal', {
    constraints: { geometryTypes: ['Polygon', 'MultiPolygon'] },
    descriptionVi: 'GeoJSON, tọa độ WGS 84.',
    descriptionEn: 'GeoJSON, WGS 84 coordinates.',
  }),
  land('land.certificateScan', 'Bản quét giấy chứng nhận', 'Scanned certificate', 'file', 'personal', {
    constraints: { mediaTypes: ['application/pdf', 'image/jpeg', 'image/png'], maxBytes: 10 * 1024 * 1024 },
    verificationClass: 'self_declared',
    source: null,
  }),
];

const vehicle = (
  code: string,
  nameVi: string,
  nameEn: string,
  type: ItemType,
  sensitivity: Sensitivity,
  extra: Partial<ItemSeed> = {},
) => common(code, nameVi, nameEn, type, 'vehicle', sensitivity, extra);

const vehicleItems: ItemSeed[] = [
  vehicle('vehicle.plate', 'Biển số xe', 'Registration plate', 'string', 'personal', {
    constraints: { pattern: '^[0-9]{2}[A-Z]{1,2}[0-9]?-[0-9]{3,4}(\\.[0-9]{2})?$' },
    descriptionVi: 'Ví dụ 29A-123.45, 30E1-678.90.',
    descriptionEn: 'E.g. 29A-123.45, 30E1-678.90.',
  }),
  vehicle('vehicle.type', 'Loại phương tiện', 'Vehicle type', 'code', 'public', { codeList: 'vehicleType' }),
  vehicle('vehicle.ownerName', 'Tên chủ xe', 'Owner name', 'string', 'personal', {
    constraints: { minLength: 1, maxLength: 400 },
  }),
  vehicle('vehicle.ownerIdentifier', 'Số định danh của chủ xe', 'Owner identifier', 'string', 'personal', {
    constraints: { pattern: '^([0-9]{12}|[0-9]{10}(-[0-9]{3})?)$' },
    descriptionVi: 'Số định danh cá nhân (12 số) hoặc mã số doanh nghiệp.',
    descriptionEn: 'Personal identification number (12 digits) or enterprise code.',
  }),
];

export const itemSeeds: ItemSeed[] = [
  ...populationItems,
  ...addressItems,
  ...businessItems,
  ...landItems,
  ...vehicleItems,
];
