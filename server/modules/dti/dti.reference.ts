import type { FrameworkTree, SubIndex, UnitSet } from './dti.schema.ts';

/**
 * Reference frameworks seeded on every start (plan239-facts §3.1, §3.4). The counts of groups and
 * sub-indices are public; the Hanoi sub-index names and all point weights are not, so those are
 * PLACEHOLDERS (labelled in names and `weightsArePlaceholders`) for the appraisal council to set.
 */
export const PLACEHOLDER = { vi: '(tạm đặt)', en: '(placeholder)' };
const placeholderName = (vi: string, en: string) => ({
  nameVi: `${vi} ${PLACEHOLDER.vi}`,
  nameEn: `${en} ${PLACEHOLDER.en}`,
});

/** Measured by the platform: share of the agency's plan tasks done on time in the year (plan module). */
export const PLAN_TASKS_ON_TIME = 'DTI_PLAN_TASKS_ON_TIME';

/** The unit tag the council sets on departments with digital-economy duties. */
export const DIGITAL_ECONOMY_TAG = 'digital_economy_duty';

type MainSpec = { code: string; vi: string; en: string; count: number; points: number };

/** Splits `points` into `count` whole shares (the remainder to the first ones): placeholder weights. */
function split(points: number, count: number): number[] {
  const base = Math.floor(points / count);
  return Array.from({ length: count }, (_, i) => base + (i < points - base * count ? 1 : 0));
}

function subIndices(main: MainSpec, measured: (i: number) => Partial<SubIndex> = () => ({})): SubIndex[] {
  // An unscored index (weight-0 group) still needs positive points for the engine: 1 each.
  const shares = main.points === 0 ? Array<number>(main.count).fill(1) : split(main.points, main.count);
  return shares.map((maxPoints, i) => ({
    code: `${main.code}.${i + 1}`,
    ...placeholderName(`Chỉ số thành phần ${main.code}.${i + 1}`, `Sub-index ${main.code}.${i + 1}`),
    maxPoints,
    rule: { kind: 'boolean' },
    source: 'self',
    evidence: { required: true, fields: ['number', 'title', 'date', 'file'] },
    ...measured(i),
  }));
}

function tree(
  foundation: MainSpec[],
  activity: MainSpec[],
  measured: Record<string, (i: number) => Partial<SubIndex>> = {},
  unscored: MainSpec[] = [],
): FrameworkTree {
  const mains = (specs: MainSpec[]) =>
    specs.map((m) => ({
      code: m.code,
      nameVi: m.vi,
      nameEn: m.en,
      subIndices: subIndices(m, measured[m.code]),
    }));
  // Placeholder group weights: each group's share of the points.
  const weight = (specs: MainSpec[]) => specs.reduce((sum, m) => sum + m.points, 0) / 1000;
  return {
    groups: [
      {
        code: 'I',
        nameVi: 'Nhóm chỉ số nền tảng',
        nameEn: 'Foundation group',
        weight: weight(foundation),
        indices: mains(foundation),
      },
      {
        code: 'II',
        nameVi: 'Nhóm chỉ số hoạt động',
        nameEn: 'Activity group',
        weight: weight(activity),
        indices: mains(activity),
      },
      ...(unscored.length > 0
        ? [
            {
              code: 'III',
              nameVi: 'Chỉ số theo dõi, không tính điểm',
              nameEn: 'Tracked, not scored',
              weight: 0,
              indices: mains(unscored),
            },
          ]
        : []),
    ],
  };
}

const awareness = { vi: 'Nhận thức số', en: 'Digital awareness' };
const institutions = { vi: 'Thể chế số', en: 'Digital institutions' };
const infrastructure = { vi: 'Hạ tầng số', en: 'Digital infrastructure' };
const humanResources = { vi: 'Nhân lực số', en: 'Digital human resources' };
const cyber = { vi: 'An toàn thông tin mạng', en: 'Cyber-security' };
const gov = { vi: 'Hoạt động chính quyền số', en: 'Digital government activity' };
const economy = { vi: 'Hoạt động kinh tế số', en: 'Digital economy activity' };
const society = { vi: 'Hoạt động xã hội số', en: 'Digital society activity' };

/** QĐ 5279/QĐ-UBND (2025), departments: 34 sub-indices in 9 indices (placeholder points, 1000 in all). */
export const hanoiDepartments2025: FrameworkTree = tree(
  [
    { code: '1', ...awareness, count: 3, points: 80 },
    { code: '2', ...institutions, count: 4, points: 80 },
    { code: '3', ...infrastructure, count: 2, points: 80 },
    { code: '4', ...humanResources, count: 3, points: 80 },
    { code: '5', ...cyber, count: 5, points: 80 },
  ],
  [
    { code: '6', ...gov, count: 11, points: 300 },
    { code: '7', ...economy, count: 1, points: 100 },
    { code: '8', ...society, count: 3, points: 100 },
    {
      code: '9',
      vi: 'Mức độ hoàn thành kế hoạch chuyển đổi số năm',
      en: "Completion of the year's digital-transformation plan",
      count: 2,
      points: 100,
    },
  ],
  {
    // Only the departments with digital-economy duties (8 in 2025) are scored on it.
    '7': () => ({ appliesTo: { tags: [DIGITAL_ECONOMY_TAG] } }),
    // The first plan-completion sub-index is measured from the plan module's tasks.
    '9': (i) =>
      i === 0
        ? {
            ...placeholderName(
              'Tỷ lệ nhiệm vụ kế hoạch hoàn thành đúng hạn',
              "Share of the year's plan tasks done on time",
            ),
            rule: { kind: 'ratio', target: 1 },
            source: 'measured',
            indicatorCode: PLAN_TASKS_ON_TIME,
            evidence: { required: false, fields: [] },
          }
        : {},
  },
);

/** QĐ 5279/QĐ-UBND (2025), communes and wards: 47 sub-indices in 8 indices (placeholder points). */
export const hanoiCommunes2025: FrameworkTree = tree(
  [
    { code: '1', ...awareness, count: 5, points: 100 },
    { code: '2', ...institutions, count: 3, points: 100 },
    { code: '3', ...infrastructure, count: 5, points: 100 },
    { code: '4', ...humanResources, count: 6, points: 100 },
    { code: '5', ...cyber, count: 4, points: 100 },
  ],
  [
    { code: '6', ...gov, count: 10, points: 200 },
    { code: '7', ...economy, count: 6, points: 150 },
    { code: '8', ...society, count: 8, points: 150 },
  ],
);

/** QĐ 922/QĐ-BTTTT (2022), provinces: 9 main indices, 98 sub-indices, 1000 points (§3.1). */
export const national922: FrameworkTree = tree(
  [
    { code: '1', ...awareness, count: 10, points: 100 },
    { code: '2', ...institutions, count: 11, points: 100 },
    { code: '3', ...infrastructure, count: 7, points: 100 },
    { code: '4', ...humanResources, count: 13, points: 100 },
    { code: '5', ...cyber, count: 12, points: 100 },
  ],
  [
    { code: '7', ...gov, count: 22, points: 200 },
    { code: '8', ...economy, count: 12, points: 150 },
    { code: '9', ...society, count: 8, points: 150 },
  ],
  {},
  // Smart city: listed in Decision 922 with 0 points, kept apart in a weight-0 group.
  [
    {
      code: '6',
      vi: 'Đô thị thông minh (không tính điểm)',
      en: 'Smart city (not scored)',
      count: 3,
      points: 0,
    },
  ],
);

export type ReferenceFramework = {
  code: string;
  year: number;
  unitSet: UnitSet;
  titleVi: string;
  titleEn: string;
  noteVi: string;
  noteEn: string;
  tree: FrameworkTree;
};

const placeholderNote = {
  noteVi:
    'Số nhóm và số chỉ số thành phần theo QĐ 5279/QĐ-UBND; tên chỉ số thành phần và điểm tối đa là giá trị tạm đặt, Hội đồng thẩm định sẽ quy định.',
  noteEn:
    'Group and sub-index counts follow Decision 5279/QĐ-UBND; sub-index names and maximum points are placeholders for the appraisal council to set.',
};

export const referenceFrameworks: ReferenceFramework[] = [
  {
    code: 'hanoi-department',
    year: 2025,
    unitSet: 'departments',
    titleVi: 'Bộ chỉ số chuyển đổi số các sở, ban, ngành 2025 (QĐ 5279/QĐ-UBND)',
    titleEn: 'Digital-transformation index of departments 2025 (Decision 5279/QĐ-UBND)',
    ...placeholderNote,
    tree: hanoiDepartments2025,
  },
  {
    code: 'hanoi-commune',
    year: 2025,
    unitSet: 'communes',
    titleVi: 'Bộ chỉ số chuyển đổi số các xã, phường 2025 (QĐ 5279/QĐ-UBND)',
    titleEn: 'Digital-transformation index of communes and wards 2025 (Decision 5279/QĐ-UBND)',
    ...placeholderNote,
    tree: hanoiCommunes2025,
  },
  {
    code: 'national-province',
    year: 2022,
    unitSet: 'provinces',
    titleVi: 'Bộ chỉ số DTI cấp tỉnh (QĐ 922/QĐ-BTTTT)',
    titleEn: 'Provincial DTI (Decision 922/QĐ-BTTTT)',
    noteVi:
      'Chỉ số chính và điểm theo QĐ 922; điểm từng chỉ số thành phần và tên của chúng là giá trị tạm đặt.',
    noteEn: 'Main indices and points follow Decision 922; sub-index points and names are placeholders.',
    tree: national922,
  },
];
