import type { Logger } from 'pino';
import type { IdentityService } from '../modules/identity/index.ts';
import { CITY_WIDE_ROLES, type OrgService } from '../modules/org/index.ts';
import { CITY_UNIT_ID, type Membership, type Role, systemActor } from '../platform/auth/principal.ts';
import { AppError } from '../platform/errors.ts';

/**
 * Demo officials: one or more per role at real Hanoi agencies, each with a login. DEMO ONLY —
 * the password and TOTP seeds below are public (README, "Demo officials") and must never be
 * used outside a demonstration. The people are invented; they are flagged `demo` in org.
 */
export const DEMO_PASSWORD = 'Demo@HaNoi-2025';

export type DemoOfficial = {
  username: string;
  fullName: string;
  titleVi: string;
  titleEn: string;
  /** The unit the person works for; their agency-level roles are held there. */
  unitId: string;
  /** Their roles; city-wide ones (org's `CITY_WIDE_ROLES`) are held at the city, see `demoMemberships`. */
  roles: Role[];
  totpSecret: string;
};

/**
 * Where each role of a demo official is held: agency-level roles at their own unit, city-wide
 * roles (plan_owner, auditor, …) at the City People's Committee, the only place org grants them.
 */
export const demoMemberships = (demo: DemoOfficial): Membership[] =>
  demo.roles.map((role) => ({ unitId: CITY_WIDE_ROLES.includes(role) ? CITY_UNIT_ID : demo.unitId, role }));

export const demoOfficials: DemoOfficial[] = [
  {
    username: 'admin.hanoi',
    fullName: 'Nguyễn Minh Quân',
    titleVi: 'Chuyên viên quản trị hệ thống, Văn phòng UBND Thành phố',
    titleEn: "System administrator, Office of the City People's Committee",
    unitId: 'hanoi',
    roles: ['city_admin'],
    totpSecret: 'TI7DVO7TA5D5WYQZUWQ4VTP3VVTS4OPC',
  },
  {
    username: 'kiemtoan.hanoi',
    fullName: 'Trần Thu Hằng',
    titleVi: 'Kiểm toán viên nhật ký hệ thống',
    titleEn: 'Audit-log auditor',
    unitId: 'hanoi',
    roles: ['auditor'],
    totpSecret: 'FUKFCUVJTBOWDFDDBIW2UQ4T4HWXONDY',
  },
  {
    username: 'ioc.hanoi',
    fullName: 'Lê Hoàng Nam',
    titleVi: 'Điều hành viên Trung tâm điều hành đô thị thông minh',
    titleEn: 'Smart-city operations-centre operator',
    unitId: 'hanoi',
    roles: ['ioc_operator'],
    totpSecret: '7LDCRDPRYN45Z4W32N63ITCTN6ISSBA2',
  },
  {
    username: 'thamdinh.hanoi',
    fullName: 'Phạm Thị Lan',
    titleVi: 'Thành viên Tổ thẩm định chỉ số chuyển đổi số',
    titleEn: 'Member of the digital-transformation index appraisal team',
    unitId: 'hanoi',
    roles: ['index_appraiser'],
    totpSecret: 'KOJBPA37EA6TZVYZG3VH5HUEEBZQW5MN',
  },
  {
    username: 'kehoach.sokhcn',
    fullName: 'Vũ Đức Thành',
    titleVi: 'Phó Trưởng phòng Chuyển đổi số, Sở Khoa học và Công nghệ',
    titleEn: 'Deputy head of the Digital Transformation Division, Department of Science and Technology',
    unitId: 'so-kh-cn',
    roles: ['plan_owner', 'agency_reporter'],
    totpSecret: 'M5OGHQCYEDGLSO23MB5E25YXCMZO5WRC',
  },
  {
    username: 'quantri.soyte',
    fullName: 'Đặng Văn Hùng',
    titleVi: 'Quản trị hệ thống, Sở Y tế',
    titleEn: 'System administrator, Department of Health',
    unitId: 'so-y-te',
    roles: ['agency_admin'],
    totpSecret: 'CJCRV6KUDKQJFUK26NWNMJPAIASZQ5Q7',
  },
  {
    username: 'baocao.soyte',
    fullName: 'Hoàng Thị Mai',
    titleVi: 'Chuyên viên tổng hợp báo cáo, Sở Y tế',
    titleEn: 'Reporting officer, Department of Health',
    unitId: 'so-y-te',
    roles: ['agency_reporter'],
    totpSecret: 'GUPAZQYXCC475EWQG2P4HMI6AHY74MSP',
  },
  {
    username: 'duyet.soyte',
    fullName: 'Bùi Quang Huy',
    titleVi: 'Trưởng phòng Kế hoạch – Tài chính, Sở Y tế',
    titleEn: 'Head of Planning and Finance, Department of Health',
    unitId: 'so-y-te',
    roles: ['agency_reviewer'],
    totpSecret: 'FGGHJYTFZVVG54RTE7UMUK775L27PM2G',
  },
  {
    username: 'hoso.soyte',
    fullName: 'Ngô Thị Thanh Hương',
    titleVi: 'Chuyên viên tiếp nhận và xử lý hồ sơ, Sở Y tế',
    titleEn: 'Case officer, Department of Health',
    unitId: 'so-y-te',
    roles: ['case_officer'],
    totpSecret: '5ECW5ZZP66V3YRTYRYAM7IEBBFQOTVC5',
  },
  {
    username: 'dulieu.soyte',
    fullName: 'Đỗ Mạnh Cường',
    titleVi: 'Chuyên viên quản lý dữ liệu y tế, Sở Y tế',
    titleEn: 'Health data steward, Department of Health',
    unitId: 'so-y-te',
    roles: ['data_steward'],
    totpSecret: '3SFJCR6ZMIBTJC7MY62X2SQLBLEXNMSL',
  },
  {
    username: 'quantri.soxd',
    fullName: 'Phan Anh Tuấn',
    titleVi: 'Quản trị hệ thống, Sở Xây dựng',
    titleEn: 'System administrator, Department of Construction',
    unitId: 'so-xay-dung',
    roles: ['agency_admin'],
    totpSecret: 'RY2U433RXCGQ5DPUOK25G4OMHIIO6KBL',
  },
  {
    username: 'baocao.soxd',
    fullName: 'Trịnh Thị Ngọc Anh',
    titleVi: 'Chuyên viên báo cáo và cấp phép, Sở Xây dựng',
    titleEn: 'Reporting and permits officer, Department of Construction',
    unitId: 'so-xay-dung',
    roles: ['agency_reporter', 'case_officer', 'data_steward'],
    totpSecret: 'BMHEBQNR4DVQSNBNWMVYMJ2TNDTOETSC',
  },
  {
    username: 'quantri.hoankiem',
    fullName: 'Lý Văn Khánh',
    titleVi: 'Công chức Văn phòng HĐND và UBND phường Hoàn Kiếm',
    titleEn: 'Officer, Office of the People’s Council and Committee, Hoàn Kiếm ward',
    unitId: 'comm-00070',
    roles: ['agency_admin', 'agency_reviewer'],
    totpSecret: 'HYW4DWNQ3NAHTR2NYCLPK7CURDWQ4IJF',
  },
  {
    username: 'motcua.hoankiem',
    fullName: 'Mai Thị Hồng Nhung',
    titleVi: 'Công chức bộ phận một cửa, phường Hoàn Kiếm',
    titleEn: 'One-stop-shop officer, Hoàn Kiếm ward',
    unitId: 'comm-00070',
    roles: ['case_officer', 'agency_reporter', 'data_steward'],
    totpSecret: 'LINJBR7JRBZRFGNHRP5IQV7SAOLYKKFR',
  },
];

const demoEmail = (username: string) => `${username}@demo.smartcity.example`;

/** Creates the demo officials that do not exist yet (org person + identity login). Idempotent. */
export async function seedDemoOfficials(deps: { org: OrgService; identity: IdentityService; log: Logger }) {
  const actor = systemActor('seed:demo-officials');
  let created = 0;
  for (const demo of demoOfficials) {
    if (await deps.identity.hasOfficialLogin(demo.username)) continue;
    const { id } = await deps.org.createOfficial(actor, {
      fullName: demo.fullName,
      email: demoEmail(demo.username),
      titleVi: demo.titleVi,
      titleEn: demo.titleEn,
      demo: true,
      memberships: demoMemberships(demo),
    });
    try {
      await deps.identity.createOfficialLogin(actor, {
        officialId: id,
        username: demo.username,
        password: DEMO_PASSWORD,
        totpSecret: demo.totpSecret,
      });
      created++;
    } catch (error) {
      // Another instance seeding at the same moment took the user name first.
      if (error instanceof AppError && error.code === 'conflict') continue;
      throw error;
    }
  }
  if (created > 0) deps.log.info({ created, demo: true }, 'Đã tạo cán bộ minh họa / demo officials created');
  return { created };
}
