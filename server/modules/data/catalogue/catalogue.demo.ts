import type { AuditLog } from '../../../platform/audit/audit.ts';
import { systemActor } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { EntryInput } from './catalogue.schema.ts';
import { versionRow } from './catalogue.service.ts';
import type { CatalogueStore } from './catalogue.store.ts';

/**
 * Demo catalogue entries (only with demo data on): labelled examples across departments, to show
 * what a filled catalogue looks like. They are NOT the city's real systems — names start with
 * "[Ví dụ]" / "[Example]", descriptions say so, `demo` is true, and figures are invented.
 */
const DEMO_ACTOR = 'system:demo';
const NOTE_VI = ' Dữ liệu minh họa, không phải hệ thống thật của Thành phố.';
const NOTE_EN = ' Demo data, not a real system of the city.';
const contact = (name: string, mailbox: string) => ({ name, email: `${mailbox}@demo.smartcity.example` });

type DemoEntry = { id: string; entry: EntryInput };

const demo = (id: string, entry: EntryInput): DemoEntry => ({
  id,
  entry: {
    ...entry,
    nameVi: `[Ví dụ] ${entry.nameVi}`,
    nameEn: `[Example] ${entry.nameEn}`,
    descriptionVi: `${entry.descriptionVi}${NOTE_VI}`,
    descriptionEn: `${entry.descriptionEn ?? ''}${NOTE_EN}`.trim(),
  },
});

export const demoEntries: DemoEntry[] = [
  demo('demo-ho-so-suc-khoe', {
    nameVi: 'Cơ sở dữ liệu hồ sơ sức khỏe điện tử',
    nameEn: 'Electronic health records database',
    ownerAgencyId: 'so-y-te',
    legalBasis: 'Luật Khám bệnh, chữa bệnh 2023; Thông tư 46/2018/TT-BYT (ví dụ)',
    descriptionVi: 'Hồ sơ sức khỏe điện tử của người dân khám, chữa bệnh tại các cơ sở y tế trên địa bàn.',
    descriptionEn: 'Electronic health records of residents treated by health facilities in the city.',
    dataItems: [
      'person.fullName',
      'person.personalId',
      'person.dateOfBirth',
      'person.sex',
      'person.bloodGroup',
      'address.permanent',
      'person.phone',
    ],
    recordCount: 6_500_000,
    updateFrequency: 'realtime',
    sharingLevel: 'restricted',
    nationalConnections: ['population', 'insurance'],
    securityLevel: 3,
    securityState: 'approved',
    securityAuthority: 'Sở Y tế (ví dụ)',
    securityDecision: 'QĐ 000/QĐ-SYT (ví dụ)',
    hosting: 'city_data_centre',
    contact: contact('Phòng Công nghệ thông tin, Sở Y tế (ví dụ)', 'ehr'),
  }),
  demo('demo-giay-phep-xay-dung', {
    nameVi: 'Cơ sở dữ liệu cấp phép xây dựng',
    nameEn: 'Construction permits database',
    ownerAgencyId: 'so-xay-dung',
    legalBasis: 'Luật Xây dựng 2014, sửa đổi 2020 (ví dụ)',
    descriptionVi: 'Giấy phép xây dựng đã cấp: chủ đầu tư, thửa đất, quy mô công trình.',
    descriptionEn: 'Construction permits issued: developer, land parcel, size of the works.',
    dataItems: [
      'business.enterpriseCode',
      'business.name',
      'land.mapSheetNumber',
      'land.parcelNumber',
      'land.area',
      'address.hanoiUnit',
    ],
    recordCount: 240_000,
    updateFrequency: 'daily',
    sharingLevel: 'open',
    nationalConnections: ['land', 'business'],
    securityLevel: 2,
    securityState: 'appraised',
    securityAuthority: null,
    hosting: 'city_data_centre',
    contact: contact('Phòng Cấp phép xây dựng, Sở Xây dựng (ví dụ)', 'permits'),
  }),
  demo('demo-tuyen-sinh', {
    nameVi: 'Cơ sở dữ liệu tuyển sinh đầu cấp',
    nameEn: 'School enrolment database',
    ownerAgencyId: 'so-gd-dt',
    legalBasis: 'Luật Giáo dục 2019 (ví dụ)',
    descriptionVi: 'Hồ sơ tuyển sinh trực tuyến vào lớp 1, lớp 6 và lớp 10.',
    descriptionEn: 'Online enrolment applications for grades 1, 6 and 10.',
    dataItems: [
      'person.fullName',
      'person.personalId',
      'person.dateOfBirth',
      'person.sex',
      'person.ethnicity',
      'address.permanent',
      'address.current',
      'person.father.fullName',
      'person.mother.fullName',
      'person.phone',
    ],
    recordCount: 320_000,
    updateFrequency: 'yearly',
    sharingLevel: 'restricted',
    nationalConnections: ['population'],
    securityLevel: 3,
    securityState: 'proposed',
    hosting: 'cloud',
    contact: contact('Phòng Quản lý thi và tuyển sinh (ví dụ)', 'enrolment'),
  }),
  demo('demo-mot-cua', {
    nameVi: 'Hệ thống thông tin giải quyết thủ tục hành chính (một cửa)',
    nameEn: 'Administrative procedures one-stop system',
    ownerAgencyId: 'vp-ubnd',
    legalBasis: 'Nghị định 61/2018/NĐ-CP; Nghị định 107/2021/NĐ-CP (ví dụ)',
    descriptionVi: 'Tiếp nhận, xử lý, trả kết quả hồ sơ thủ tục hành chính của các cấp chính quyền.',
    descriptionEn: 'Intake, processing and results of administrative procedure applications at every level.',
    dataItems: [
      'person.fullName',
      'person.personalId',
      'person.phone',
      'person.email',
      'address.permanent',
      'business.enterpriseCode',
    ],
    recordCount: 12_000_000,
    updateFrequency: 'realtime',
    sharingLevel: 'shared',
    nationalConnections: ['population', 'business', 'civilStatus', 'insurance', 'land'],
    securityLevel: 3,
    securityState: 'approved',
    securityAuthority: 'UBND Thành phố (ví dụ)',
    hosting: 'city_data_centre',
    contact: contact('Trung tâm Phục vụ hành chính công (ví dụ)', 'onestop'),
  }),
  demo('demo-do-xe', {
    nameVi: 'Hệ thống quản lý điểm đỗ xe',
    nameEn: 'Parking management system',
    ownerAgencyId: 'so-xay-dung',
    descriptionVi: 'Điểm đỗ xe công cộng, sức chứa, giá và tình trạng còn chỗ.',
    descriptionEn: 'Public parking sites, capacity, tariffs and availability.',
    dataItems: ['vehicle.type', 'address.hanoiUnit'],
    recordCount: 1_200,
    updateFrequency: 'realtime',
    sharingLevel: 'open',
    nationalConnections: [],
    securityLevel: 2,
    securityState: 'approved',
    securityAuthority: 'Sở Xây dựng (ví dụ)',
    hosting: 'cloud',
    contact: contact('Phòng Quản lý giao thông (ví dụ)', 'parking'),
  }),
  demo('demo-kho-du-lieu', {
    nameVi: 'Kho dữ liệu dùng chung của Thành phố',
    nameEn: 'City data warehouse',
    ownerAgencyId: 'so-kh-cn',
    legalBasis: 'Nghị định 47/2020/NĐ-CP (ví dụ)',
    descriptionVi: 'Kho tích hợp dữ liệu từ các sở, ngành phục vụ chỉ đạo điều hành và chia sẻ.',
    descriptionEn: 'Warehouse integrating data from departments for steering and sharing.',
    dataItems: ['person.personalId', 'business.enterpriseCode', 'address.hanoiUnit', 'land.parcelNumber'],
    recordCount: 50_000_000,
    updateFrequency: 'daily',
    sharingLevel: 'shared',
    nationalConnections: ['population', 'business', 'land', 'finance'],
    securityLevel: 3,
    securityState: 'appraised',
    hosting: 'city_data_centre',
    contact: contact('Trung tâm dữ liệu Thành phố (ví dụ)', 'warehouse'),
  }),
];

export async function seedCatalogueDemo(deps: {
  store: CatalogueStore;
  audit: AuditLog;
  clock: Clock;
}): Promise<number> {
  const { store, audit, clock } = deps;
  const actor = systemActor(DEMO_ACTOR);
  const existing = new Set((await store.entries()).map((entry) => entry.id));
  const missing = demoEntries.filter((demoEntry) => !existing.has(demoEntry.id));
  if (!missing.length) return 0;
  await store.db.transaction().execute(async (trx) => {
    const at = clock.now();
    for (const { id, entry } of missing) {
      const reason = 'Mục ví dụ minh họa / Demo example entry';
      await store.insertEntry(trx, { id, demo: true, current_version: null, created_at: at });
      await store.insertVersion(trx, {
        ...versionRow(actor, id, 1, entry, reason, at),
        state: 'approved',
        decided_by: DEMO_ACTOR,
        decided_at: at,
        decision_reason: reason,
      });
      await store.setCurrentVersion(trx, id, 1);
    }
    await audit.record(trx, {
      actor,
      agencyId: null,
      action: 'data.catalogue.demo_seed',
      objectType: 'data.catalogue_entry',
      objectId: null,
      before: null,
      after: { entries: missing.map((demoEntry) => demoEntry.id) },
      details: { demo: true, entries: missing.length },
    });
  });
  return missing.length;
}
