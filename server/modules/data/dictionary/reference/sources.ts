/**
 * The national databases and registries that are authoritative sources of data items and that the
 * city's systems connect to (Programme 4098 names population, land, business registration, finance
 * and insurance; docs/plan239-facts.md §2.1, §4, §7). One list serves the dictionary (`source` of
 * an item) and the catalogue (`nationalConnections` of an entry). Custodians are named as of 2025
 * (after the March 2025 merger of ministries); the codes do not change when custodians do.
 */
export type NationalSource = {
  code: string;
  nameVi: string;
  nameEn: string;
  custodianVi: string;
  custodianEn: string;
};

export const nationalSources: readonly NationalSource[] = [
  {
    code: 'population',
    nameVi: 'Cơ sở dữ liệu quốc gia về dân cư',
    nameEn: 'National population database',
    custodianVi: 'Bộ Công an',
    custodianEn: 'Ministry of Public Security',
  },
  {
    code: 'identification',
    nameVi: 'Cơ sở dữ liệu căn cước',
    nameEn: 'Identification database',
    custodianVi: 'Bộ Công an',
    custodianEn: 'Ministry of Public Security',
  },
  {
    code: 'business',
    nameVi: 'Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp',
    nameEn: 'National business registration database',
    custodianVi: 'Bộ Tài chính',
    custodianEn: 'Ministry of Finance',
  },
  {
    code: 'land',
    nameVi: 'Cơ sở dữ liệu quốc gia về đất đai',
    nameEn: 'National land database',
    custodianVi: 'Bộ Nông nghiệp và Môi trường',
    custodianEn: 'Ministry of Agriculture and Environment',
  },
  {
    code: 'vehicle',
    nameVi: 'Cơ sở dữ liệu đăng ký phương tiện giao thông',
    nameEn: 'Vehicle registration database',
    custodianVi: 'Bộ Công an',
    custodianEn: 'Ministry of Public Security',
  },
  {
    code: 'insurance',
    nameVi: 'Cơ sở dữ liệu quốc gia về bảo hiểm',
    nameEn: 'National insurance database',
    custodianVi: 'Bảo hiểm xã hội Việt Nam',
    custodianEn: 'Viet Nam Social Security',
  },
  {
    code: 'civilStatus',
    nameVi: 'Cơ sở dữ liệu hộ tịch điện tử',
    nameEn: 'Electronic civil-status database',
    custodianVi: 'Bộ Tư pháp',
    custodianEn: 'Ministry of Justice',
  },
  {
    code: 'finance',
    nameVi: 'Cơ sở dữ liệu quốc gia về tài chính',
    nameEn: 'National finance database',
    custodianVi: 'Bộ Tài chính',
    custodianEn: 'Ministry of Finance',
  },
  {
    code: 'cadresCivilServants',
    nameVi: 'Cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức',
    nameEn: 'National database of cadres, civil servants and public employees',
    custodianVi: 'Bộ Nội vụ',
    custodianEn: 'Ministry of Home Affairs',
  },
  {
    code: 'cityRegister',
    nameVi: 'Danh mục đơn vị hành chính và cơ quan của Thành phố (nền tảng)',
    nameEn: "The city's register of administrative units and agencies (this platform)",
    custodianVi: 'UBND thành phố Hà Nội',
    custodianEn: "Hanoi People's Committee",
  },
];

export const nationalSourceCodes = nationalSources.map((source) => source.code);
