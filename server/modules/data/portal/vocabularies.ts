import type { Bilingual } from '../../../platform/errors.ts';

/**
 * The controlled vocabularies the portal uses, from the EU Publications Office authority tables
 * that DCAT-AP names: data themes (the portal's groups), update frequencies and licences.
 */
export const THEME_AUTHORITY = 'http://publications.europa.eu/resource/authority/data-theme';
export const FREQUENCY_AUTHORITY = 'http://publications.europa.eu/resource/authority/frequency';
export const FILE_TYPE_AUTHORITY = 'http://publications.europa.eu/resource/authority/file-type';

export const themes = {
  AGRI: {
    vi: 'Nông nghiệp, thủy sản, lâm nghiệp và thực phẩm',
    en: 'Agriculture, fisheries, forestry and food',
  },
  ECON: { vi: 'Kinh tế và tài chính', en: 'Economy and finance' },
  EDUC: { vi: 'Giáo dục, văn hóa và thể thao', en: 'Education, culture and sport' },
  ENER: { vi: 'Năng lượng', en: 'Energy' },
  ENVI: { vi: 'Môi trường', en: 'Environment' },
  GOVE: { vi: 'Chính quyền và khu vực công', en: 'Government and public sector' },
  HEAL: { vi: 'Y tế', en: 'Health' },
  INTR: { vi: 'Các vấn đề quốc tế', en: 'International issues' },
  JUST: {
    vi: 'Tư pháp, hệ thống pháp luật và an toàn công cộng',
    en: 'Justice, legal system and public safety',
  },
  REGI: { vi: 'Vùng và đô thị', en: 'Regions and cities' },
  SOCI: { vi: 'Dân số và xã hội', en: 'Population and society' },
  TECH: { vi: 'Khoa học và công nghệ', en: 'Science and technology' },
  TRAN: { vi: 'Giao thông vận tải', en: 'Transport' },
} as const satisfies Record<string, Bilingual>;
export type ThemeCode = keyof typeof themes;
export const themeCodes = Object.keys(themes) as ThemeCode[];
export const themeUri = (code: string) => `${THEME_AUTHORITY}/${code}`;

/** Update frequencies, with the longest expected gap between updates (null: no promise made). */
export const frequencies = {
  CONT: { vi: 'Liên tục', en: 'Continuous', days: 1 },
  DAILY: { vi: 'Hằng ngày', en: 'Daily', days: 1 },
  WEEKLY: { vi: 'Hằng tuần', en: 'Weekly', days: 7 },
  MONTHLY: { vi: 'Hằng tháng', en: 'Monthly', days: 31 },
  QUARTERLY: { vi: 'Hằng quý', en: 'Quarterly', days: 92 },
  ANNUAL_2: { vi: 'Nửa năm một lần', en: 'Semi-annual', days: 184 },
  ANNUAL: { vi: 'Hằng năm', en: 'Annual', days: 366 },
  BIENNIAL: { vi: 'Hai năm một lần', en: 'Biennial', days: 731 },
  IRREG: { vi: 'Không định kỳ', en: 'Irregular', days: null },
  NEVER: { vi: 'Không cập nhật (dữ liệu cố định)', en: 'Never (fixed data)', days: null },
  UNKNOWN: { vi: 'Chưa rõ', en: 'Unknown', days: null },
} as const satisfies Record<string, Bilingual & { days: number | null }>;
export type FrequencyCode = keyof typeof frequencies;
export const frequencyCodes = Object.keys(frequencies) as FrequencyCode[];
export const frequencyUri = (code: string) => `${FREQUENCY_AUTHORITY}/${code}`;

export type Licence = {
  id: string;
  title: string;
  url: string;
  /** The EU licence authority URI, where the table has one. */
  authority: string | null;
  /** Open Definition conformance, as CKAN's licence list reports it. */
  odConformance: 'approved' | 'not reviewed';
  family: string;
};

/** Open licences a dataset may carry (CC BY 4.0 by default), as CKAN's `license_list` reports them. */
export const licences: Licence[] = [
  {
    id: 'CC-BY-4.0',
    title: 'Creative Commons Attribution 4.0',
    url: 'https://creativecommons.org/licenses/by/4.0/',
    authority: 'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0',
    odConformance: 'approved',
    family: 'Creative Commons',
  },
  {
    id: 'CC0-1.0',
    title: 'Creative Commons CC0 1.0 (public domain dedication)',
    url: 'https://creativecommons.org/publicdomain/zero/1.0/',
    authority: 'http://publications.europa.eu/resource/authority/licence/CC0',
    odConformance: 'approved',
    family: 'Creative Commons',
  },
  {
    id: 'CC-BY-SA-4.0',
    title: 'Creative Commons Attribution-ShareAlike 4.0',
    url: 'https://creativecommons.org/licenses/by-sa/4.0/',
    authority: 'http://publications.europa.eu/resource/authority/licence/CC_BY_SA_4_0',
    odConformance: 'approved',
    family: 'Creative Commons',
  },
  {
    id: 'ODbL-1.0',
    title: 'Open Data Commons Open Database License 1.0',
    url: 'https://opendatacommons.org/licenses/odbl/1-0/',
    authority: 'http://publications.europa.eu/resource/authority/licence/ODC_BL',
    odConformance: 'approved',
    family: 'Open Data Commons',
  },
  {
    id: 'ODC-BY-1.0',
    title: 'Open Data Commons Attribution License 1.0',
    url: 'https://opendatacommons.org/licenses/by/1-0/',
    authority: 'http://publications.europa.eu/resource/authority/licence/ODC_BY',
    odConformance: 'approved',
    family: 'Open Data Commons',
  },
  {
    id: 'PDDL-1.0',
    title: 'Open Data Commons Public Domain Dedication and License 1.0',
    url: 'https://opendatacommons.org/licenses/pddl/1-0/',
    authority: 'http://publications.europa.eu/resource/authority/licence/ODC_PDDL',
    odConformance: 'approved',
    family: 'Open Data Commons',
  },
  {
    // The 2020 district boundaries (UN OCHA / HDX) come under this licence.
    id: 'CC-BY-3.0-IGO',
    title: 'Creative Commons Attribution 3.0 IGO',
    url: 'https://creativecommons.org/licenses/by/3.0/igo/',
    authority: null,
    odConformance: 'not reviewed',
    family: 'Creative Commons',
  },
];
export const licenceIds = licences.map((licence) => licence.id) as [string, ...string[]];
export const licenceOf = (id: string | null | undefined) =>
  licences.find((licence) => licence.id === id) ?? null;
export const isOpenLicence = (id: string | null | undefined) => licenceOf(id)?.odConformance === 'approved';

/** Formats of uploads the portal accepts; links may name any format. */
export const uploadFormats = ['CSV', 'JSON', 'GEOJSON', 'XLSX'] as const;
export const tabularFormats = new Set(['CSV', 'XLSX']);

export const formatMediaTypes: Record<string, string> = {
  CSV: 'text/csv',
  JSON: 'application/json',
  GEOJSON: 'application/geo+json',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
/** EU file-type authority codes for the formats the portal knows. */
export const fileTypeCodes: Record<string, string> = {
  CSV: 'CSV',
  JSON: 'JSON',
  GEOJSON: 'GEOJSON',
  XLSX: 'XLSX',
  PDF: 'PDF',
  HTML: 'HTML',
  XML: 'XML',
  ZIP: 'ZIP',
};

/** Label of demo datasets: in the title, a keyword and the description. */
export const DEMO_LABEL = 'Dữ liệu minh họa / Demo';
export const DEMO_KEYWORD = 'du-lieu-minh-hoa-demo';
