import { toCsv } from './csv.ts';
import type { TableSchema } from './datastore.contract.ts';
import type { SeedDataset } from './seeds.ts';

/**
 * Demo datasets (demo data on only): generated, deterministic, and labelled as demo in the title,
 * keywords, description and API (`demo: true`). The numbers are invented.
 */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(next: () => number, list: readonly T[]) => list[Math.floor(next() * list.length)]!;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

const WARDS = [
  { id: 'comm-00070', name: 'Phường Hoàn Kiếm' },
  { id: 'comm-00004', name: 'Phường Ba Đình' },
  { id: 'comm-00008', name: 'Phường Ngọc Hà' },
  { id: 'comm-00025', name: 'Phường Giảng Võ' },
] as const;
const STREETS = [
  'Hàng Bài',
  'Tràng Tiền',
  'Đinh Tiên Hoàng',
  'Lý Thường Kiệt',
  'Giảng Võ',
  'Kim Mã',
  'Đội Cấn',
  'Liễu Giai',
  'Phan Đình Phùng',
  'Điện Biên Phủ',
];

const common = {
  contactName: null,
  contactEmail: null,
  temporalEnd: null,
  private: false,
} as const;

export function busStopsDemo(): SeedDataset {
  const next = random(239);
  const schema: TableSchema = {
    fields: [
      {
        name: 'stop_id',
        type: 'string',
        title: 'Mã điểm dừng / Stop id',
        constraints: { required: true, unique: true },
      },
      { name: 'name', type: 'string', title: 'Tên điểm dừng / Stop name' },
      { name: 'routes', type: 'string', title: 'Tuyến / Routes' },
      { name: 'ward', type: 'string', title: 'Phường / Ward' },
      { name: 'latitude', type: 'number', title: 'Vĩ độ / Latitude' },
      { name: 'longitude', type: 'number', title: 'Kinh độ / Longitude' },
      { name: 'shelter', type: 'boolean', title: 'Có nhà chờ / Has a shelter' },
    ],
    primaryKey: ['stop_id'],
  };
  const rows = Array.from({ length: 240 }, (_, i) => {
    const street = pick(next, STREETS);
    return [
      `DEMO-BUS-${String(i + 1).padStart(4, '0')}`,
      `${street} ${1 + Math.floor(next() * 200)}`,
      [1, 2, 3]
        .slice(0, 1 + Math.floor(next() * 3))
        .map(() => String(1 + Math.floor(next() * 120)).padStart(2, '0'))
        .join('; '),
      pick(next, WARDS).name,
      round(21.0 + next() * 0.06, 6),
      round(105.8 + next() * 0.07, 6),
      next() > 0.4,
    ];
  });
  return {
    managedBy: 'seed:demo-bus-stops',
    demo: true,
    fields: {
      ...common,
      name: 'diem-dung-xe-buyt-demo',
      titleVi: 'Điểm dừng xe buýt khu vực trung tâm',
      titleEn: 'Bus stops in the central area (demo)',
      descriptionVi:
        'Danh sách điểm dừng xe buýt với tuyến, phường, tọa độ và nhà chờ, dùng để minh họa cổng dữ liệu mở, bảng xem trước và tìm kiếm giao thông công cộng.',
      descriptionEn:
        'Bus stops with their routes, ward, coordinates and shelter, to demonstrate the open-data portal, its preview table and public-transport search.',
      organizationId: 'so-xay-dung',
      keywords: ['giao thông', 'xe buýt', 'điểm dừng', 'giao thông công cộng'],
      themes: ['TRAN'],
      licenseId: 'CC-BY-4.0',
      temporalStart: '2025-01-01',
      spatialUnitIds: WARDS.map((w) => w.id),
      frequency: 'MONTHLY',
    },
    files: [
      {
        name: 'Điểm dừng xe buýt (CSV) / Bus stops (CSV)',
        filename: 'diem-dung-xe-buyt-demo.csv',
        description: 'Dữ liệu minh họa / Demo data.',
        content: toCsv(
          schema.fields.map((f) => f.name),
          rows,
        ),
        schema,
      },
    ],
  };
}

export function airQualityDemo(): SeedDataset {
  const next = random(2025);
  const stations = ['Hoàn Kiếm', 'Ba Đình', 'Giảng Võ', 'Ngọc Hà'];
  const schema: TableSchema = {
    fields: [
      { name: 'station', type: 'string', title: 'Trạm quan trắc / Station' },
      { name: 'measured_at', type: 'datetime', title: 'Thời điểm đo / Measured at' },
      { name: 'pm25', type: 'number', title: 'PM2.5 (µg/m³)' },
      { name: 'pm10', type: 'number', title: 'PM10 (µg/m³)' },
      {
        name: 'aqi',
        type: 'integer',
        title: 'Chỉ số VN_AQI / VN_AQI index',
        constraints: { minimum: 0, maximum: 500 },
      },
    ],
  };
  const rows: (string | number)[][] = [];
  for (let day = 0; day < 30; day++) {
    for (const station of stations) {
      for (const hour of [6, 12, 18]) {
        const pm25 = round(20 + next() * 80, 1);
        const date = new Date(Date.UTC(2025, 0, 1 + day, hour - 7));
        rows.push([
          station,
          date.toISOString(),
          pm25,
          round(pm25 * (1.3 + next() * 0.5), 1),
          Math.round(pm25 * 1.6 + next() * 20),
        ]);
      }
    }
  }
  return {
    managedBy: 'seed:demo-air-quality',
    demo: true,
    fields: {
      ...common,
      name: 'quan-trac-chat-luong-khong-khi-demo',
      titleVi: 'Kết quả quan trắc chất lượng không khí theo giờ',
      titleEn: 'Hourly air-quality readings (demo)',
      descriptionVi:
        'Số đo PM2.5, PM10 và chỉ số VN_AQI tại bốn trạm quan trắc trong tháng 01/2025, dùng để minh họa biểu đồ cột số và bộ lọc của bảng xem trước.',
      descriptionEn:
        'PM2.5, PM10 and VN_AQI readings at four stations in January 2025, to demonstrate the numeric chart and the preview filters.',
      organizationId: 'so-nn-mt',
      keywords: ['môi trường', 'không khí', 'PM2.5', 'quan trắc'],
      themes: ['ENVI', 'HEAL'],
      licenseId: 'CC-BY-4.0',
      temporalStart: '2025-01-01',
      temporalEnd: '2025-01-31',
      spatialUnitIds: WARDS.map((w) => w.id),
      frequency: 'DAILY',
    },
    files: [
      {
        name: 'Số đo chất lượng không khí (CSV) / Air-quality readings (CSV)',
        filename: 'quan-trac-khong-khi-demo.csv',
        description: 'Dữ liệu minh họa / Demo data.',
        content: toCsv(
          schema.fields.map((f) => f.name),
          rows,
        ),
        schema,
      },
    ],
  };
}

export function schoolsDemo(): SeedDataset {
  const next = random(13);
  const levels = [
    { vi: 'Trường Mầm non', en: 'Kindergarten' },
    { vi: 'Trường Tiểu học', en: 'Primary school' },
    { vi: 'Trường THCS', en: 'Lower secondary school' },
    { vi: 'Trường THPT', en: 'Upper secondary school' },
  ];
  const names = [
    'Hà Nội',
    'Thăng Long',
    'Đống Đa',
    'Quang Trung',
    'Chu Văn An',
    'Nguyễn Trãi',
    'Lê Quý Đôn',
    'Trưng Vương',
  ];
  const schema: TableSchema = {
    fields: [
      {
        name: 'school_id',
        type: 'string',
        title: 'Mã trường / School id',
        constraints: { required: true, unique: true },
      },
      { name: 'name', type: 'string', title: 'Tên trường / Name' },
      {
        name: 'level',
        type: 'string',
        title: 'Cấp học / Level',
        constraints: { enum: levels.map((l) => l.en) },
      },
      { name: 'ward', type: 'string', title: 'Phường / Ward' },
      { name: 'public', type: 'boolean', title: 'Công lập / Public' },
      { name: 'students', type: 'integer', title: 'Số học sinh / Students', constraints: { minimum: 0 } },
    ],
    primaryKey: ['school_id'],
  };
  const rows = Array.from({ length: 120 }, (_, i) => {
    const level = pick(next, levels);
    return [
      `DEMO-SCH-${String(i + 1).padStart(4, '0')}`,
      `${level.vi} ${pick(next, names)} ${1 + (i % 9)}`,
      level.en,
      pick(next, WARDS).name,
      next() > 0.25,
      200 + Math.floor(next() * 1800),
    ];
  });
  return {
    managedBy: 'seed:demo-schools',
    demo: true,
    fields: {
      ...common,
      name: 'danh-sach-truong-hoc-demo',
      titleVi: 'Danh sách trường học khu vực trung tâm',
      titleEn: 'Schools in the central area (demo)',
      descriptionVi:
        'Danh sách trường mầm non, tiểu học, trung học cơ sở và trung học phổ thông với phường, loại hình và số học sinh, dùng để minh họa tìm kiếm không dấu và bảng xem trước.',
      descriptionEn:
        'Kindergartens, primary, lower and upper secondary schools with their ward, type and number of students, to demonstrate accent-insensitive search and the preview table.',
      organizationId: 'so-gd-dt',
      keywords: ['giáo dục', 'trường học', 'học sinh'],
      themes: ['EDUC'],
      licenseId: 'CC-BY-4.0',
      temporalStart: '2024-09-01',
      temporalEnd: '2025-05-31',
      spatialUnitIds: WARDS.map((w) => w.id),
      frequency: 'ANNUAL',
    },
    files: [
      {
        name: 'Trường học (CSV) / Schools (CSV)',
        filename: 'truong-hoc-demo.csv',
        description: 'Dữ liệu minh họa / Demo data.',
        content: toCsv(
          schema.fields.map((f) => f.name),
          rows,
        ),
        schema,
      },
    ],
  };
}
