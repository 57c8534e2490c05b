import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { fold, type PilotDeps } from './common.ts';

/**
 * Demo data of the pilots (every row `demo = true`): invented schools, establishments, vacancies,
 * payment schedules, counts and stations in five central wards. Idempotent: fixed ids and
 * `on conflict do nothing`. Dates follow the day of seeding; the stations' simulated load is
 * reported again on each start that has no report for the day yet.
 */
const HK = 'comm-00070'; // Phường Hoàn Kiếm
const CN = 'comm-00082'; // Phường Cửa Nam
const BD = 'comm-00004'; // Phường Ba Đình
const CG = 'comm-00166'; // Phường Cầu Giấy
const HBT = 'comm-00256'; // Phường Hai Bà Trưng
const WARDS = [HK, CN, BD, CG, HBT];

/** A stable uuid per demo key, so re-seeding finds the same rows. */
const demoUuid = (key: string) => {
  const h = createHash('sha256').update(`pilots-demo:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const schools = [
  [
    'demo-th-hoan-kiem-1',
    'Trường Tiểu học Hoàn Kiếm số 1',
    'primary',
    '12 phố Hàng Bài, phường Hoàn Kiếm',
    HK,
  ],
  [
    'demo-th-hoan-kiem-2',
    'Trường Tiểu học Hoàn Kiếm số 2',
    'primary',
    '5 phố Hàng Bạc, phường Hoàn Kiếm',
    HK,
  ],
  [
    'demo-thcs-hoan-kiem',
    'Trường THCS Hoàn Kiếm',
    'lower_secondary',
    '40 phố Lý Thường Kiệt, phường Cửa Nam',
    CN,
  ],
  ['demo-mn-cua-nam', 'Trường Mầm non Cửa Nam', 'preschool', '8 phố Thợ Nhuộm, phường Cửa Nam', CN],
  ['demo-th-cua-nam', 'Trường Tiểu học Cửa Nam', 'primary', '21 phố Quán Sứ, phường Cửa Nam', CN],
  ['demo-th-ba-dinh', 'Trường Tiểu học Ba Đình', 'primary', '3 phố Phan Đình Phùng, phường Ba Đình', BD],
  ['demo-thcs-ba-dinh', 'Trường THCS Ba Đình', 'lower_secondary', '15 phố Quán Thánh, phường Ba Đình', BD],
  ['demo-th-cau-giay', 'Trường Tiểu học Cầu Giấy', 'primary', '30 phố Trần Thái Tông, phường Cầu Giấy', CG],
  [
    'demo-thcs-cau-giay',
    'Trường THCS Cầu Giấy',
    'lower_secondary',
    '2 phố Dịch Vọng Hậu, phường Cầu Giấy',
    CG,
  ],
  [
    'demo-th-hai-ba-trung',
    'Trường Tiểu học Hai Bà Trưng',
    'primary',
    '60 phố Lò Đúc, phường Hai Bà Trưng',
    HBT,
  ],
] as const;
/** [school, ward, street or null for the whole ward]. */
const catchments: [string, string, string | null][] = [
  ['demo-th-hoan-kiem-1', HK, null],
  ['demo-th-hoan-kiem-2', HK, 'Hàng Bạc'],
  ['demo-th-hoan-kiem-2', HK, 'Hàng Buồm'],
  ['demo-thcs-hoan-kiem', HK, null],
  ['demo-thcs-hoan-kiem', CN, null],
  ['demo-mn-cua-nam', CN, null],
  ['demo-th-cua-nam', CN, null],
  ['demo-th-ba-dinh', BD, null],
  ['demo-thcs-ba-dinh', BD, null],
  ['demo-th-cau-giay', CG, null],
  ['demo-thcs-cau-giay', CG, null],
  ['demo-th-hai-ba-trung', HBT, null],
];

/** [id, name, kind, address, ward, agency, certificate: [number, issued days ago, valid days, revoked?] | null, inspection: [days ago, result]]. */
const establishments = [
  [
    'demo-pho-hang-bac',
    'Quán Phở Gánh Hàng Bạc',
    'restaurant',
    '18 phố Hàng Bạc, phường Hoàn Kiếm',
    HK,
    'so-y-te',
    ['ATTP-HN-DEMO-0101', 200, 1095, false],
    [40, 'pass'],
  ],
  [
    'demo-banh-mi-hang-ga',
    'Cơ sở Bánh mì Hàng Gà',
    'processing',
    '7 phố Hàng Gà, phường Hoàn Kiếm',
    HK,
    'so-y-te',
    ['ATTP-HN-DEMO-0102', 500, 1095, false],
    [90, 'remarks'],
  ],
  [
    'demo-che-hang-buom',
    'Quán Chè Hàng Buồm',
    'street_food',
    '26 phố Hàng Buồm, phường Hoàn Kiếm',
    HK,
    HK,
    ['ATTP-HN-DEMO-0103', 100, 1095, false],
    [20, 'pass'],
  ],
  [
    'demo-bun-cha-cua-nam',
    'Quán Bún chả Cửa Nam',
    'street_food',
    '11 phố Cửa Nam, phường Cửa Nam',
    CN,
    CN,
    ['ATTP-HN-DEMO-0201', 1200, 1095, false],
    [30, 'remarks'],
  ],
  [
    'demo-bep-an-ba-dinh',
    'Bếp ăn tập thể Ba Đình',
    'canteen',
    '9 phố Đội Cấn, phường Ba Đình',
    BD,
    'so-y-te',
    ['ATTP-HN-DEMO-0301', 300, 1095, true],
    [15, 'fail'],
  ],
  [
    'demo-sieu-thi-cau-giay',
    'Cửa hàng thực phẩm Cầu Giấy',
    'retail',
    '88 phố Cầu Giấy, phường Cầu Giấy',
    CG,
    'so-y-te',
    ['ATTP-HN-DEMO-0401', 60, 1095, false],
    [60, 'pass'],
  ],
  [
    'demo-com-lo-duc',
    'Quán Cơm văn phòng Lò Đúc',
    'restaurant',
    '45 phố Lò Đúc, phường Hai Bà Trưng',
    HBT,
    HBT,
    null,
    [10, 'pass'],
  ],
] as const;

/** [key, title, employer, skill, ward, agency, openings, salary min, max (VND), closes in days]. */
const vacancies = [
  [
    'it-1',
    'Lập trình viên web',
    'Công ty Phần mềm Sông Hồng',
    'it',
    CG,
    'so-noi-vu',
    3,
    15_000_000,
    25_000_000,
    30,
  ],
  [
    'it-2',
    'Kỹ thuật viên hỗ trợ máy tính',
    'Trung tâm Dịch vụ CNTT Ba Đình',
    'it',
    BD,
    'so-noi-vu',
    2,
    9_000_000,
    12_000_000,
    21,
  ],
  [
    'sales-1',
    'Nhân viên bán hàng',
    'Cửa hàng Lụa Hàng Gai',
    'sales',
    HK,
    'so-noi-vu',
    4,
    7_000_000,
    9_000_000,
    14,
  ],
  ['hosp-1', 'Phục vụ nhà hàng', 'Nhà hàng Phố Cổ', 'hospitality', HK, HK, 6, 6_500_000, 8_000_000, 10],
  [
    'hosp-2',
    'Lễ tân khách sạn (tiếng Anh)',
    'Khách sạn Hồ Gươm',
    'hospitality',
    HK,
    'so-noi-vu',
    2,
    9_000_000,
    11_000_000,
    25,
  ],
  [
    'cons-1',
    'Thợ xây, thợ hoàn thiện',
    'Công ty Xây dựng Thăng Long',
    'construction',
    HBT,
    'so-noi-vu',
    10,
    8_000_000,
    12_000_000,
    40,
  ],
  [
    'drive-1',
    'Nhân viên giao hàng',
    'Công ty Giao vận Cầu Giấy',
    'driving',
    CG,
    CG,
    15,
    7_000_000,
    10_000_000,
    18,
  ],
  [
    'acc-1',
    'Kế toán tổng hợp',
    'Công ty Thương mại Cửa Nam',
    'accounting',
    CN,
    'so-noi-vu',
    1,
    10_000_000,
    14_000_000,
    35,
  ],
  [
    'care-1',
    'Điều dưỡng chăm sóc người cao tuổi',
    'Trung tâm Dưỡng lão Hai Bà Trưng',
    'healthcare',
    HBT,
    HBT,
    5,
    8_000_000,
    11_000_000,
    45,
  ],
  [
    'sec-1',
    'Nhân viên bảo vệ tòa nhà',
    'Công ty Dịch vụ Bảo vệ Ba Đình',
    'security',
    BD,
    'so-noi-vu',
    3,
    6_500_000,
    7_500_000,
    12,
  ],
  [
    'closed-1',
    'Công nhân may',
    'Xưởng may Hai Bà Trưng',
    'garment',
    HBT,
    'so-noi-vu',
    8,
    6_000_000,
    8_000_000,
    -3,
  ],
] as const;

const wardPlaces: Record<string, string> = {
  [HK]: 'Trụ sở UBND phường Hoàn Kiếm, 126 phố Hàng Trống',
  [CN]: 'Nhà văn hóa phường Cửa Nam, 2 phố Hai Bà Trưng',
  [BD]: 'Trụ sở UBND phường Ba Đình, 10 phố Phan Đình Phùng',
  [CG]: 'Nhà văn hóa phường Cầu Giấy, 5 phố Trần Đăng Ninh',
  [HBT]: 'Trụ sở UBND phường Hai Bà Trưng, 30 phố Lê Đại Hành',
};
/** Beneficiaries per ward and benefit (invented); several below 5 to show suppression. */
const counts: Record<string, Record<string, number>> = {
  [HK]: { social_allowance: 84, elderly: 210, disability: 47, merit: 63, orphan: 3 },
  [CN]: { social_allowance: 52, elderly: 175, disability: 31, merit: 40, orphan: 0 },
  [BD]: { social_allowance: 96, elderly: 320, disability: 58, merit: 77, orphan: 6 },
  [CG]: { social_allowance: 120, elderly: 280, disability: 64, merit: 52, orphan: 2 },
  [HBT]: { social_allowance: 143, elderly: 390, disability: 71, merit: 88, orphan: 4 },
};

const stations = [
  ['demo-tyt-hoan-kiem', 'Trạm Y tế phường Hoàn Kiếm', '2 phố Hàng Bè, phường Hoàn Kiếm', HK, 120],
  ['demo-tyt-cua-nam', 'Trạm Y tế phường Cửa Nam', '15 phố Hàng Bông, phường Cửa Nam', CN, 90],
  ['demo-tyt-ba-dinh', 'Trạm Y tế phường Ba Đình', '22 phố Đội Cấn, phường Ba Đình', BD, 150],
  ['demo-tyt-cau-giay', 'Trạm Y tế phường Cầu Giấy', '4 phố Nguyễn Khánh Toàn, phường Cầu Giấy', CG, 140],
  [
    'demo-tyt-hai-ba-trung',
    'Trạm Y tế phường Hai Bà Trưng',
    '50 phố Bà Triệu, phường Hai Bà Trưng',
    HBT,
    110,
  ],
] as const;
/** Share of capacity used and people waiting, per station (simulated). */
const loads = [
  [0.45, 4],
  [0.92, 14],
  [0.3, 2],
  [0.68, 9],
  [0.55, 6],
] as const;

export async function seedPilotsDemo(
  db: PilotDeps['db'],
  clock: Clock,
  wardExists: (id: string) => Promise<boolean>,
) {
  for (const ward of WARDS) if (!(await wardExists(ward))) return; // reference data not loaded: nothing to attach to
  const today = clock.today();
  const now = clock.now();
  const month = today.slice(0, 7);
  const previous = addDays(`${month}-01`, -1).slice(0, 7);
  await db.transaction().execute(async (trx) => {
    for (const [id, name, level, address, unit] of schools)
      await sql`insert into pilots.schools (id, name, level, address, unit_id, agency_id, search, demo, created_at, modified_at)
        values (${id}, ${name}, ${level}, ${address}, ${unit}, ${unit}, ${fold(`${name} ${address}`)}, true, ${now}, ${now})
        on conflict do nothing`.execute(trx);
    for (const [school, unit, street] of catchments)
      await sql`insert into pilots.catchments (id, school_id, unit_id, street, street_folded, demo, created_at)
        values (${demoUuid(`catchment:${school}:${unit}:${street}`)}, ${school}, ${unit}, ${street},
          ${street ? fold(street) : null}, true, ${now}) on conflict do nothing`.execute(trx);

    for (const [id, name, kind, address, unit, agency, cert, inspection] of establishments) {
      await sql`insert into pilots.establishments (id, name, kind, address, unit_id, agency_id, search, demo, created_at, modified_at)
        values (${id}, ${name}, ${kind}, ${address}, ${unit}, ${agency}, ${fold(`${name} ${address}`)}, true, ${now}, ${now})
        on conflict do nothing`.execute(trx);
      if (cert) {
        const [number, ago, days, revoked] = cert;
        const issued = addDays(today, -ago);
        await sql`insert into pilots.certificates (id, establishment_id, issued_on, expires_on, revoked_on, revoke_reason, agency_id, demo, created_at)
          values (${number}, ${id}, ${issued}, ${addDays(issued, days)}, ${revoked ? addDays(today, -inspection[0]) : null},
            ${revoked ? 'Kết quả kiểm tra không đạt (minh họa) / Failed inspection (demo)' : null}, ${agency}, true, ${now})
          on conflict do nothing`.execute(trx);
      }
      await sql`insert into pilots.inspections (id, establishment_id, inspected_on, result, note, agency_id, demo, created_at)
        values (${demoUuid(`inspection:${id}`)}, ${id}, ${addDays(today, -inspection[0])}, ${inspection[1]},
          ${'Kiểm tra định kỳ (minh họa) / Routine inspection (demo)'}, ${agency}, true, ${now}) on conflict do nothing`.execute(
        trx,
      );
    }

    for (const [key, title, employer, skill, unit, agency, openings, min, max, closesIn] of vacancies)
      await sql`insert into pilots.vacancies (id, title, employer, skill, description, unit_id, agency_id, openings,
          salary_min, salary_max, closes_on, search, demo, created_at, modified_at)
        values (${demoUuid(`vacancy:${key}`)}, ${title}, ${employer}, ${skill},
          ${`${title} tại ${employer}. Tin tuyển dụng minh họa / Demo vacancy.`}, ${unit}, ${agency}, ${openings},
          ${min}, ${max}, ${addDays(today, closesIn)}, ${fold(`${title} ${employer}`)}, true, ${now}, ${now})
        on conflict do nothing`.execute(trx);

    for (const [i, unit] of WARDS.entries()) {
      for (const [j, benefit] of ['social_allowance', 'elderly', 'merit'].entries())
        await sql`insert into pilots.payment_schedules (id, unit_id, agency_id, benefit, pay_date, from_time, to_time, place, note, demo, created_at)
          values (${demoUuid(`schedule:${unit}:${benefit}:${month}`)}, ${unit}, ${unit}, ${benefit}, ${addDays(today, 3 + i + j * 2)},
            ${j === 1 ? '13:30' : '07:30'}, ${j === 1 ? '17:00' : '11:30'}, ${wardPlaces[unit]},
            ${'Mang theo giấy tờ tùy thân (minh họa) / Bring an identity document (demo)'}, true, ${now})
          on conflict do nothing`.execute(trx);
      for (const [period, factor] of [
        [previous, 0.97],
        [month, 1],
      ] as const)
        for (const [benefit, count] of Object.entries(counts[unit]!))
          await sql`insert into pilots.beneficiary_counts (unit_id, benefit, period, count, agency_id, demo, modified_at)
            values (${unit}, ${benefit}, ${period}, ${count < 5 ? count : Math.round(count * factor)}, ${unit}, true, ${now})
            on conflict do nothing`.execute(trx);
    }

    for (const [id, name, address, unit, capacity] of stations)
      await sql`insert into pilots.stations (id, name, address, unit_id, agency_id, capacity_per_day, demo, created_at)
        values (${id}, ${name}, ${address}, ${unit}, ${unit}, ${capacity}, true, ${now}) on conflict do nothing`.execute(
        trx,
      );
    const since = new Date(`${today}T00:00:00+07:00`);
    for (const [i, [id, , , , capacity]] of stations.entries()) {
      const fresh =
        await sql`select 1 from pilots.station_reports where station_id = ${id} and reported_at >= ${since}`.execute(
          trx,
        );
      if (fresh.rows.length > 0) continue;
      const [share, waiting] = loads[i]!;
      await sql`insert into pilots.station_reports (id, station_id, reported_at, visits_today, waiting, reported_by, demo)
        values (${demoUuid(`report:${id}:${today}`)}, ${id}, ${now}, ${Math.round(capacity * share)}, ${waiting},
          ${'demo'}, true) on conflict do nothing`.execute(trx);
    }
  });
}
