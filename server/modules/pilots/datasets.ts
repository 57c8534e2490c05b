import type { Clock } from '../../platform/clock.ts';
import { csvSeedFile, type SeedDataset, type TableSchema } from '../data/index.ts';
import type { OrgService } from '../org/index.ts';
import { wardsById } from './common.ts';
import type { EducationService } from './education.service.ts';
import type { FoodSafetyService } from './food.service.ts';
import type { HealthService } from './health.service.ts';
import type { JobsService } from './jobs.service.ts';
import { type SocialService, SUPPRESS_BELOW } from './social.service.ts';

/**
 * The pilots' open datasets: aggregates per ward only (no establishment owner, no person), each row
 * flagged `demo` when it counts simulated rows; a dataset made of demo rows is created as a demo
 * dataset. Registered as open-data followers by the composition root.
 */
type Cell = string | number | boolean | null;
type Spec = {
  key: string;
  name: string;
  titleVi: string;
  titleEn: string;
  descriptionVi: string;
  descriptionEn: string;
  organizationId: string;
  themes: SeedDataset['fields']['themes'];
  keywords: string[];
  frequency: SeedDataset['fields']['frequency'];
  fields: TableSchema['fields'];
  primaryKey: string[];
  rows: () => Promise<{ cells: Cell[]; demo: boolean }[]>;
};

const ward: TableSchema['fields'] = [
  {
    name: 'unit_id',
    type: 'string',
    title: 'Mã phường, xã / Ward or commune id',
    constraints: { required: true },
  },
  { name: 'unit_name', type: 'string', title: 'Tên phường, xã / Ward or commune' },
];
const demoField: TableSchema['fields'][number] = {
  name: 'demo',
  type: 'boolean',
  title: 'Dữ liệu minh họa / Demo data',
};

function build(spec: Spec, org: OrgService, clock: Clock) {
  return async (): Promise<SeedDataset | null> => {
    const rows = await spec.rows();
    if (rows.length === 0) return null;
    const names = await wardsById(org, clock.today());
    const schema: TableSchema = { fields: [...ward, ...spec.fields, demoField], primaryKey: spec.primaryKey };
    const demo = rows.every((row) => row.demo);
    return {
      managedBy: `seed:pilots-${spec.key}`,
      demo,
      fields: {
        name: spec.name,
        titleVi: spec.titleVi,
        titleEn: spec.titleEn,
        descriptionVi: spec.descriptionVi,
        descriptionEn: spec.descriptionEn,
        organizationId: spec.organizationId,
        contactName: null,
        contactEmail: null,
        keywords: spec.keywords,
        themes: spec.themes,
        licenseId: 'CC-BY-4.0',
        temporalStart: null,
        temporalEnd: null,
        spatialUnitIds: ['hanoi'],
        frequency: spec.frequency,
        private: false,
      },
      files: [
        csvSeedFile({
          name: `${spec.titleVi} (CSV) / ${spec.titleEn} (CSV)`,
          filename: `${spec.name}.csv`,
          description: demo ? 'Dữ liệu minh họa (mô phỏng) / Demo (simulated) data.' : spec.descriptionEn,
          schema,
          rows: rows.map((row) => {
            const unitId = String(row.cells[0]);
            return [unitId, names.get(unitId)?.nameVi ?? null, ...row.cells.slice(1), row.demo];
          }),
        }),
      ],
    };
  };
}

export function pilotFollowers(
  deps: { org: OrgService; clock: Clock },
  services: {
    education: EducationService;
    food: FoodSafetyService;
    jobs: JobsService;
    social: SocialService;
    health: HealthService;
  },
) {
  const specs: Spec[] = [
    {
      key: 'schools',
      name: 'truong-cong-lap-theo-phuong',
      titleVi: 'Số trường công lập theo phường, xã và cấp học',
      titleEn: 'Public schools per ward and level',
      descriptionVi:
        'Số trường mầm non, tiểu học, THCS công lập theo phường, xã (thí điểm tra cứu tuyến tuyển sinh).',
      descriptionEn:
        'Public preschools, primary and lower-secondary schools per ward (catchment lookup pilot).',
      organizationId: 'so-gd-dt',
      themes: ['EDUC'],
      keywords: ['giáo dục', 'trường học', 'tuyển sinh'],
      frequency: 'ANNUAL',
      fields: [
        { name: 'level', type: 'string', title: 'Cấp học / Level' },
        { name: 'schools', type: 'integer', title: 'Số trường / Schools' },
      ],
      primaryKey: ['unit_id', 'level'],
      rows: async () =>
        (await services.education.aggregate()).map((r) => ({
          cells: [r.unit_id, r.level, r.schools],
          demo: r.demo,
        })),
    },
    {
      key: 'food-safety',
      name: 'co-so-thuc-pham-theo-tinh-trang-chung-nhan',
      titleVi: 'Cơ sở thực phẩm theo phường, xã, loại hình và tình trạng giấy chứng nhận ATTP',
      titleEn: 'Food establishments per ward, kind and food-safety certificate status',
      descriptionVi:
        'Số cơ sở theo tình trạng giấy chứng nhận (còn hiệu lực, hết hạn, bị thu hồi, chưa có), tính theo ngày cập nhật.',
      descriptionEn:
        'Establishments by certificate status (valid, expired, revoked, none) on the day of the update.',
      organizationId: 'so-y-te',
      themes: ['HEAL'],
      keywords: ['an toàn thực phẩm', 'giấy chứng nhận', 'kiểm tra'],
      frequency: 'DAILY',
      fields: [
        { name: 'kind', type: 'string', title: 'Loại hình / Kind' },
        { name: 'status', type: 'string', title: 'Tình trạng giấy chứng nhận / Certificate status' },
        { name: 'establishments', type: 'integer', title: 'Số cơ sở / Establishments' },
      ],
      primaryKey: ['unit_id', 'kind', 'status'],
      rows: async () =>
        (await services.food.aggregate()).map((r) => ({
          cells: [r.unit_id, r.kind, r.status, r.establishments],
          demo: r.demo,
        })),
    },
    {
      key: 'jobs',
      name: 'viec-lam-dang-tuyen-theo-phuong-ky-nang',
      titleVi: 'Việc làm đang tuyển theo phường, xã và nhóm kỹ năng',
      titleEn: 'Open vacancies per ward and skill group',
      descriptionVi: 'Số tin tuyển dụng còn hạn và số chỗ làm việc theo phường, xã và nhóm kỹ năng.',
      descriptionEn: 'Open vacancies and openings per ward and skill group.',
      organizationId: 'so-noi-vu',
      themes: ['ECON'],
      keywords: ['việc làm', 'tuyển dụng', 'lao động'],
      frequency: 'DAILY',
      fields: [
        { name: 'skill', type: 'string', title: 'Nhóm kỹ năng / Skill group' },
        { name: 'vacancies', type: 'integer', title: 'Số tin / Vacancies' },
        { name: 'openings', type: 'integer', title: 'Số chỗ làm việc / Openings' },
      ],
      primaryKey: ['unit_id', 'skill'],
      rows: async () =>
        (await services.jobs.aggregate()).map((r) => ({
          cells: [r.unit_id, r.skill, r.vacancies, r.openings],
          demo: r.demo,
        })),
    },
    {
      key: 'social',
      name: 'nguoi-huong-tro-cap-theo-phuong',
      titleVi: 'Số người hưởng trợ cấp xã hội theo phường, xã và tháng',
      titleEn: 'Social-benefit beneficiaries per ward and month',
      descriptionVi: `Số tổng hợp, không có dữ liệu cá nhân. Số dưới ${SUPPRESS_BELOW} được ẩn (để trống, cột suppressed = true).`,
      descriptionEn: `Aggregates, no personal data. Counts below ${SUPPRESS_BELOW} are suppressed (empty, suppressed = true).`,
      organizationId: 'so-noi-vu',
      themes: ['SOCI'],
      keywords: ['an sinh xã hội', 'trợ cấp', 'số liệu tổng hợp'],
      frequency: 'MONTHLY',
      fields: [
        { name: 'benefit', type: 'string', title: 'Loại trợ cấp / Benefit' },
        { name: 'period', type: 'string', title: 'Tháng / Month' },
        { name: 'beneficiaries', type: 'integer', title: 'Số người hưởng / Beneficiaries' },
        {
          name: 'suppressed',
          type: 'boolean',
          title: `Đã ẩn (dưới ${SUPPRESS_BELOW}) / Suppressed (below ${SUPPRESS_BELOW})`,
        },
      ],
      primaryKey: ['unit_id', 'benefit', 'period'],
      rows: async () =>
        (await services.social.aggregate()).map((r) => ({
          cells: [r.unitId, r.benefit, r.period, r.count, r.suppressed],
          demo: r.demo,
        })),
    },
    {
      key: 'health',
      name: 'tram-y-te-muc-tai-trong-ngay',
      titleVi: 'Mức tải các trạm y tế phường, xã trong ngày',
      titleEn: 'Commune health stations: load of the day',
      descriptionVi:
        'Công suất khám mỗi ngày, số lượt khám và số người chờ theo báo cáo mới nhất trong ngày của mỗi trạm.',
      descriptionEn:
        "Each station's daily capacity, visits and people waiting from its latest report of the day.",
      organizationId: 'so-y-te',
      themes: ['HEAL'],
      keywords: ['y tế', 'trạm y tế', 'mức tải'],
      frequency: 'DAILY',
      fields: [
        { name: 'station_id', type: 'string', title: 'Mã trạm / Station id' },
        { name: 'station_name', type: 'string', title: 'Tên trạm / Station' },
        { name: 'capacity_per_day', type: 'integer', title: 'Công suất/ngày / Capacity per day' },
        { name: 'visits_today', type: 'integer', title: 'Lượt khám trong ngày / Visits today' },
        { name: 'waiting', type: 'integer', title: 'Đang chờ / Waiting' },
      ],
      primaryKey: ['station_id'],
      rows: async () =>
        (await services.health.aggregate()).map((s) => ({
          cells: [
            s.unitId,
            s.id,
            s.name,
            s.capacityPerDay,
            s.today?.visitsToday ?? null,
            s.today?.waiting ?? null,
          ],
          demo: s.demo,
        })),
    },
  ];
  return Object.fromEntries(specs.map((spec) => [`pilots-${spec.key}`, build(spec, deps.org, deps.clock)]));
}
