/**
 * The city's departments before and after the 1 March 2025 merger (21 → 15), from the merger
 * lists in `docs/plan239-facts.md` §2.6. `since` is where this register's records begin, not
 * the founding date, which the register does not claim to know.
 */
export type DepartmentSeed = {
  id: string;
  nameVi: string;
  nameEn: string;
  since: string;
  until?: string;
  /** For departments that ended: where their duties went. */
  successors?: { id: string; kind: 'merger' | 'transfer'; noteVi: string; noteEn: string }[];
};

export const RECORDS_START = '2008-08-01';
export const MERGER_DATE = '2025-03-01';

export const departments: DepartmentSeed[] = [
  { id: 'so-noi-vu', nameVi: 'Sở Nội vụ', nameEn: 'Department of Home Affairs', since: RECORDS_START },
  {
    id: 'so-ldtbxh',
    nameVi: 'Sở Lao động – Thương binh và Xã hội',
    nameEn: 'Department of Labour, Invalids and Social Affairs',
    since: RECORDS_START,
    until: MERGER_DATE,
    successors: [
      {
        id: 'so-noi-vu',
        kind: 'merger',
        noteVi: 'Hợp nhất vào Sở Nội vụ (lao động, việc làm, người có công).',
        noteEn: 'Merged into Home Affairs (labour, employment, people with merit).',
      },
      {
        id: 'so-y-te',
        kind: 'transfer',
        noteVi: 'Chuyển chức năng bảo trợ xã hội, trẻ em sang Sở Y tế.',
        noteEn: 'Social protection and children moved to Health.',
      },
      {
        id: 'so-gd-dt',
        kind: 'transfer',
        noteVi: 'Chuyển giáo dục nghề nghiệp sang Sở Giáo dục và Đào tạo.',
        noteEn: 'Vocational education moved to Education and Training.',
      },
    ],
  },
  { id: 'so-tu-phap', nameVi: 'Sở Tư pháp', nameEn: 'Department of Justice', since: RECORDS_START },
  {
    id: 'so-kh-dt',
    nameVi: 'Sở Kế hoạch và Đầu tư',
    nameEn: 'Department of Planning and Investment',
    since: RECORDS_START,
    until: MERGER_DATE,
    successors: [
      {
        id: 'so-tai-chinh',
        kind: 'merger',
        noteVi: 'Hợp nhất vào Sở Tài chính.',
        noteEn: 'Merged into Finance.',
      },
    ],
  },
  { id: 'so-tai-chinh', nameVi: 'Sở Tài chính', nameEn: 'Department of Finance', since: RECORDS_START },
  {
    id: 'so-cong-thuong',
    nameVi: 'Sở Công Thương',
    nameEn: 'Department of Industry and Trade',
    since: RECORDS_START,
  },
  {
    id: 'so-nn-ptnt',
    nameVi: 'Sở Nông nghiệp và Phát triển nông thôn',
    nameEn: 'Department of Agriculture and Rural Development',
    since: RECORDS_START,
    until: MERGER_DATE,
    successors: [
      {
        id: 'so-nn-mt',
        kind: 'merger',
        noteVi: 'Hợp nhất thành Sở Nông nghiệp và Môi trường.',
        noteEn: 'Merged into Agriculture and Environment.',
      },
    ],
  },
  {
    id: 'so-tn-mt',
    nameVi: 'Sở Tài nguyên và Môi trường',
    nameEn: 'Department of Natural Resources and Environment',
    since: RECORDS_START,
    until: MERGER_DATE,
    successors: [
      {
        id: 'so-nn-mt',
        kind: 'merger',
        noteVi: 'Hợp nhất thành Sở Nông nghiệp và Môi trường.',
        noteEn: 'Merged into Agriculture and Environment.',
      },
    ],
  },
  {
    id: 'so-nn-mt',
    nameVi: 'Sở Nông nghiệp và Môi trường',
    nameEn: 'Department of Agriculture and Environment',
    since: MERGER_DATE,
  },
  { id: 'so-xay-dung', nameVi: 'Sở Xây dựng', nameEn: 'Department of Construction', since: RECORDS_START },
  {
    id: 'so-gtvt',
    nameVi: 'Sở Giao thông vận tải',
    nameEn: 'Department of Transport',
    since: RECORDS_START,
    until: MERGER_DATE,
    successors: [
      {
        id: 'so-xay-dung',
        kind: 'merger',
        noteVi: 'Hợp nhất vào Sở Xây dựng.',
        noteEn: 'Merged into Construction.',
      },
    ],
  },
  {
    id: 'so-tt-tt',
    nameVi: 'Sở Thông tin và Truyền thông',
    nameEn: 'Department of Information and Communications',
    since: RECORDS_START,
    until: MERGER_DATE,
    successors: [
      {
        id: 'so-kh-cn',
        kind: 'merger',
        noteVi: 'Hợp nhất vào Sở Khoa học và Công nghệ.',
        noteEn: 'Merged into Science and Technology.',
      },
      {
        id: 'so-vh-tt',
        kind: 'transfer',
        noteVi:
          'Chuyển quản lý báo chí, xuất bản sang Sở Văn hóa và Thể thao (quản lý nhà nước về an toàn thông tin chuyển sang Công an Thành phố).',
        noteEn:
          'Press and publishing moved to Culture and Sports (cyber-security state management moved to the City Police).',
      },
    ],
  },
  {
    id: 'so-kh-cn',
    nameVi: 'Sở Khoa học và Công nghệ',
    nameEn: 'Department of Science and Technology',
    since: RECORDS_START,
  },
  {
    id: 'so-vh-tt',
    nameVi: 'Sở Văn hóa và Thể thao',
    nameEn: 'Department of Culture and Sports',
    since: RECORDS_START,
  },
  { id: 'so-du-lich', nameVi: 'Sở Du lịch', nameEn: 'Department of Tourism', since: RECORDS_START },
  {
    id: 'so-gd-dt',
    nameVi: 'Sở Giáo dục và Đào tạo',
    nameEn: 'Department of Education and Training',
    since: RECORDS_START,
  },
  { id: 'so-y-te', nameVi: 'Sở Y tế', nameEn: 'Department of Health', since: RECORDS_START },
  {
    id: 'so-qh-kt',
    nameVi: 'Sở Quy hoạch – Kiến trúc',
    nameEn: 'Department of Planning and Architecture',
    since: RECORDS_START,
  },
  {
    id: 'so-ngoai-vu',
    nameVi: 'Sở Ngoại vụ',
    nameEn: 'Department of Foreign Affairs',
    since: RECORDS_START,
    until: MERGER_DATE,
    successors: [
      {
        id: 'vp-ubnd',
        kind: 'merger',
        noteVi: 'Hợp nhất vào Văn phòng UBND Thành phố.',
        noteEn: "Merged into the Office of the City People's Committee.",
      },
    ],
  },
  { id: 'thanh-tra', nameVi: 'Thanh tra Thành phố', nameEn: 'City Inspectorate', since: RECORDS_START },
  {
    id: 'vp-ubnd',
    nameVi: 'Văn phòng UBND Thành phố',
    nameEn: "Office of the City People's Committee",
    since: RECORDS_START,
  },
  {
    id: 'ban-dan-toc',
    nameVi: 'Ban Dân tộc',
    nameEn: 'Ethnic Affairs Committee',
    since: RECORDS_START,
    until: MERGER_DATE,
    successors: [
      {
        id: 'so-dan-toc-ton-giao',
        kind: 'merger',
        noteVi: 'Tổ chức lại thành Sở Dân tộc và Tôn giáo (nhận thêm quản lý tôn giáo từ Sở Nội vụ).',
        noteEn: 'Reorganised as Ethnic and Religious Affairs (taking religious affairs from Home Affairs).',
      },
    ],
  },
  {
    id: 'so-dan-toc-ton-giao',
    nameVi: 'Sở Dân tộc và Tôn giáo',
    nameEn: 'Department of Ethnic and Religious Affairs',
    since: MERGER_DATE,
  },
];
