import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { systemActor } from '../../../platform/auth/principal.ts';
import type { OrgService } from '../../org/index.ts';
import { toCsv } from './csv.ts';
import type { TableSchema } from './datastore.contract.ts';
import type { DatasetFields } from './portal.schema.ts';
import type { PortalService } from './portal.service.ts';
import type { PortalStore } from './portal.store.ts';
import type { ResourcesService } from './resources.service.ts';

/**
 * Datasets the platform keeps itself (`managed_by = seed:<what>`), published in the name of the
 * agency that owns the data: each run compares every file with what is published and replaces
 * only what changed (a new version), so running it again is harmless.
 */
export type SeedFile = {
  name: string;
  filename: string;
  description: string;
  content: Buffer;
  licenseId?: string;
  schema?: TableSchema;
};
export type SeedDataset = { managedBy: string; fields: DatasetFields; files: SeedFile[]; demo?: boolean };

export const REFORM_DATE = '2025-07-01';
const LAST_DISTRICT_DAY = '2025-06-30';

const text = (name: string, title: string): TableSchema['fields'][number] => ({
  name,
  type: 'string',
  title,
});

export function createSeeder(deps: {
  portal: PortalService;
  resources: ResourcesService;
  store: PortalStore;
  log: Logger;
}) {
  const { portal, resources, store, log } = deps;

  return async function ensure(seed: SeedDataset): Promise<'created' | 'updated' | 'unchanged' | 'skipped'> {
    const actor = systemActor(seed.managedBy);
    let row = await store.managedDataset(seed.managedBy);
    let outcome: 'created' | 'updated' | 'unchanged' = 'unchanged';
    if (!row) {
      const taken = await store.dataset(seed.fields.name);
      if (taken) {
        log.warn({ name: seed.fields.name }, 'seed dataset name taken by a publisher; not seeded');
        return 'skipped';
      }
      await portal.create(actor, seed.fields, { managedBy: seed.managedBy, demo: seed.demo ?? false });
      row = (await store.managedDataset(seed.managedBy))!;
      outcome = 'created';
    }
    const current = await store.resourcesOf([row.id]);
    for (const file of seed.files) {
      const existing = current.find((r) => r.name === file.name);
      const sha256 = createHash('sha256').update(file.content).digest('hex');
      if (existing?.sha256 === sha256) continue;
      const input = {
        filename: file.filename,
        source: [file.content],
        name: file.name,
        description: file.description,
        licenseId: file.licenseId ?? null,
        schema: file.schema ?? null,
      };
      if (existing) await resources.replaceUpload(actor, existing.id, input);
      else await resources.addUpload(actor, row.id, input);
      if (outcome === 'unchanged') outcome = 'updated';
    }
    return outcome;
  };
}

/** The administrative units (126 wards and communes, 30 former districts) with validity and successions. */
export async function unitsSeed(org: Pick<OrgService, 'units' | 'unit'>): Promise<SeedDataset> {
  const districts = (await org.units({ at: LAST_DISTRICT_DAY, kind: 'district' })).sort((a, b) =>
    a.id.localeCompare(b.id),
  );
  const current = (await org.units({ at: REFORM_DATE })).filter(
    (u) => u.kind === 'ward' || u.kind === 'commune',
  );
  current.sort((a, b) => a.id.localeCompare(b.id));
  const rows: (string | number | null)[][] = [];
  for (const unit of [...current, ...districts]) {
    const detail = await org.unit(unit.id);
    const links = (list: typeof detail.predecessors) =>
      list.map((l) => (l.sharePct === null ? l.unit.id : `${l.unit.id} (${l.sharePct}%)`)).join('; ');
    rows.push([
      unit.id,
      unit.kind,
      unit.nameVi,
      unit.nameEn,
      unit.codes.nso ?? unit.codes.gso ?? null,
      unit.parentId,
      unit.validFrom,
      unit.validTo,
      unit.areaKm2,
      links(detail.predecessors),
      links(detail.successors),
    ]);
  }
  const schema: TableSchema = {
    fields: [
      text('id', 'Mã đơn vị trên nền tảng / Platform unit id'),
      text('kind', 'Loại (ward, commune, district) / Kind'),
      text('name_vi', 'Tên tiếng Việt / Vietnamese name'),
      text('name_en', 'Tên tiếng Anh / English name'),
      text('statistical_code', 'Mã thống kê (NSO/GSO) / Statistical code'),
      text('parent_id', 'Đơn vị cấp trên / Parent unit'),
      { name: 'valid_from', type: 'date', title: 'Hiệu lực từ / Valid from' },
      { name: 'valid_to', type: 'date', title: 'Hiệu lực đến (không gồm) / Valid to (exclusive)' },
      { name: 'area_km2', type: 'number', title: 'Diện tích (km²) / Area (km²)' },
      text('predecessors', 'Đơn vị trước (tỷ lệ diện tích) / Predecessors (area share)'),
      text('successors', 'Đơn vị kế tiếp / Successors'),
    ],
    primaryKey: ['id'],
  };
  return {
    managedBy: 'seed:org-units',
    fields: {
      name: 'don-vi-hanh-chinh-ha-noi',
      titleVi: 'Danh mục đơn vị hành chính thành phố Hà Nội (126 phường, xã và 30 quận, huyện trước đây)',
      titleEn: 'Administrative units of Hanoi (126 wards and communes, 30 former districts)',
      descriptionVi:
        'Danh mục 126 phường, xã của Hà Nội có hiệu lực từ 01/7/2025 và 30 quận, huyện, thị xã có hiệu lực từ 01/4/2014 đến hết 30/6/2025, với mã thống kê, ngày hiệu lực (khoảng nửa mở [từ, đến)) và quan hệ kế thừa (tỷ lệ diện tích mỗi quận, huyện cũ đóng góp). Nguồn danh mục: vietnamadminunits của Trần Ngọc Minh Hiếu (giấy phép MIT), từ Cục Thống kê (NSO/GSO) và sapnhap.bando.com.vn; tỷ lệ kế thừa do nền tảng tính từ ranh giới.',
      descriptionEn:
        "Hanoi's 126 wards and communes in force from 1 Jul 2025 and its 30 districts in force from 1 Apr 2014 to 30 Jun 2025, with statistical codes, validity (half-open [from, to)) and successions (the share of area each former district contributed). List source: vietnamadminunits by Tran Ngoc Minh Hieu (MIT licence), from the National Statistics Office and sapnhap.bando.com.vn; succession shares computed by the platform from the boundaries.",
      organizationId: 'so-noi-vu',
      contactName: 'Sở Nội vụ Hà Nội',
      contactEmail: null,
      keywords: ['đơn vị hành chính', 'phường', 'xã', 'quận huyện', 'sáp nhập 2025'],
      themes: ['GOVE', 'REGI'],
      licenseId: 'CC-BY-4.0',
      temporalStart: '2014-04-01',
      temporalEnd: null,
      spatialUnitIds: ['hanoi'],
      frequency: 'IRREG',
      private: false,
    },
    files: [
      {
        name: 'Đơn vị hành chính (CSV) / Administrative units (CSV)',
        filename: 'don-vi-hanh-chinh-ha-noi.csv',
        description: 'Một dòng mỗi đơn vị / One row per unit.',
        content: toCsv(
          schema.fields.map((f) => f.name),
          rows,
        ),
        licenseId: 'CC-BY-4.0',
        schema,
      },
    ],
  };
}

/** Boundaries as GeoJSON, each file with its own source and licence (the communes are ODbL). */
export async function boundariesSeed(org: Pick<OrgService, 'boundaries'>): Promise<SeedDataset> {
  const communes = await org.boundaries(REFORM_DATE);
  const districts = await org.boundaries(LAST_DISTRICT_DAY);
  return {
    managedBy: 'seed:org-boundaries',
    fields: {
      name: 'ranh-gioi-hanh-chinh-ha-noi',
      titleVi: 'Ranh giới hành chính thành phố Hà Nội (GeoJSON)',
      titleEn: 'Administrative boundaries of Hanoi (GeoJSON)',
      descriptionVi:
        'Ranh giới 126 phường, xã (từ 01/7/2025) và 30 quận, huyện (2020, hiệu lực đến 30/6/2025). Ghi nhận nguồn: ranh giới phường, xã © Những người đóng góp OpenStreetMap, cấp phép ODbL 1.0 — tệp này và cơ sở dữ liệu dẫn xuất từ nó được cung cấp theo ODbL; ranh giới quận, huyện (2020): Chính phủ Việt Nam / UN OCHA ROAP, qua HDX (COD-AB), CC BY 3.0 IGO. Hình học phường, xã do cộng đồng vẽ: cần đối chiếu bản đồ chính thức trước khi dùng cho mục đích pháp lý hoặc địa chính.',
      descriptionEn:
        'Boundaries of the 126 wards and communes (from 1 Jul 2025) and of the 30 districts (2020, in force until 30 Jun 2025). Attribution: ward and commune boundaries © OpenStreetMap contributors, licensed ODbL 1.0 — this file and databases derived from it are offered under ODbL; district boundaries (2020): Government of Viet Nam / UN OCHA ROAP, via HDX (COD-AB Viet Nam), CC BY 3.0 IGO. The ward and commune geometry is community-mapped: check it against official maps before any legal or cadastral use.',
      organizationId: 'so-nn-mt',
      contactName: 'Sở Nông nghiệp và Môi trường Hà Nội',
      contactEmail: null,
      keywords: ['ranh giới', 'bản đồ', 'GeoJSON', 'phường xã', 'OpenStreetMap'],
      themes: ['REGI', 'ENVI'],
      licenseId: 'ODbL-1.0',
      temporalStart: '2020-01-01',
      temporalEnd: null,
      spatialUnitIds: ['hanoi'],
      frequency: 'IRREG',
      private: false,
    },
    files: [
      {
        name: 'Ranh giới phường, xã 2025 (GeoJSON) / Ward and commune boundaries 2025 (GeoJSON)',
        filename: 'ranh-gioi-phuong-xa-2025.geojson',
        description:
          '© Những người đóng góp OpenStreetMap (ODbL 1.0) / © OpenStreetMap contributors (ODbL 1.0).',
        content: Buffer.from(JSON.stringify(communes)),
        licenseId: 'ODbL-1.0',
      },
      {
        name: 'Ranh giới quận, huyện 2020 (GeoJSON) / District boundaries 2020 (GeoJSON)',
        filename: 'ranh-gioi-quan-huyen-2020.geojson',
        description:
          'Chính phủ Việt Nam / UN OCHA ROAP, qua HDX (COD-AB), CC BY 3.0 IGO / Government of Viet Nam / UN OCHA ROAP, via HDX (COD-AB), CC BY 3.0 IGO.',
        content: Buffer.from(JSON.stringify(districts)),
        licenseId: 'CC-BY-3.0-IGO',
      },
    ],
  };
}

type PublicPerformance = {
  period: string;
  plan: { id: string; titleVi: string; titleEn: string };
  targets: {
    code: string;
    pillar: string;
    labelVi: string;
    labelEn: string;
    unit: string;
    direction: string;
    confidence: string;
    milestones: { year: number; value: number | null }[];
    status: string;
    latest: { period: string; value: number; demo: boolean; example: boolean } | null;
  }[];
};

/** The plan's targets and their status: approved values only (the plan's public view). */
export function planSeed(performance: PublicPerformance): SeedDataset {
  const milestone = (t: PublicPerformance['targets'][number], year: number) =>
    t.milestones.find((m) => m.year === year)?.value ?? null;
  const schema: TableSchema = {
    fields: [
      text('target', 'Mã chỉ tiêu / Target code'),
      text('pillar', 'Trụ cột / Pillar'),
      text('label_vi', 'Chỉ tiêu / Target'),
      text('label_en', 'Target (English)'),
      text('unit', 'Đơn vị / Unit'),
      text('direction', 'Chiều (at_least, at_most) / Direction'),
      text('confidence', 'Độ tin cậy của chỉ tiêu / Confidence'),
      { name: 'target_2025', type: 'number', title: 'Mục tiêu 2025 / 2025 target' },
      { name: 'target_2030', type: 'number', title: 'Mục tiêu 2030 / 2030 target' },
      text('period', 'Kỳ đánh giá / Period evaluated'),
      text('status', 'Trạng thái / Status'),
      text('latest_period', 'Kỳ của số liệu gần nhất / Period of the latest value'),
      { name: 'latest_value', type: 'number', title: 'Số liệu đã duyệt gần nhất / Latest approved value' },
      {
        name: 'latest_is_example',
        type: 'boolean',
        title: 'Số liệu ví dụ hoặc mô phỏng / Example or synthetic value',
      },
    ],
    primaryKey: ['target'],
  };
  const rows = performance.targets.map((t) => [
    t.code,
    t.pillar,
    t.labelVi,
    t.labelEn,
    t.unit,
    t.direction,
    t.confidence,
    milestone(t, 2025),
    milestone(t, 2030),
    performance.period,
    t.status,
    t.latest?.period ?? null,
    t.latest?.value ?? null,
    t.latest ? t.latest.demo || t.latest.example : null,
  ]);
  return {
    managedBy: 'seed:plan-targets',
    fields: {
      name: 'chi-tieu-ke-hoach-239',
      titleVi: 'Chỉ tiêu Kế hoạch 239/KH-UBND và tình trạng thực hiện',
      titleEn: 'Targets of Plan 239/KH-UBND and their status',
      descriptionVi:
        'Các chỉ tiêu chuyển đổi số của Kế hoạch 239/KH-UBND, mục tiêu 2025 và 2030, độ tin cậy của từng chỉ tiêu và tình trạng thực hiện theo số liệu đã được phê duyệt (chỉ số liệu đã duyệt, như trang công khai của kế hoạch). Nền tảng cập nhật tệp hằng ngày; cột latest_is_example đánh dấu số liệu ví dụ hoặc mô phỏng.',
      descriptionEn:
        "The digital-transformation targets of Plan 239/KH-UBND, their 2025 and 2030 goals, each target's confidence, and its status from approved values only (as the plan's public page). The platform refreshes the file daily; latest_is_example marks example or synthetic values.",
      organizationId: 'so-kh-cn',
      contactName: 'Sở Khoa học và Công nghệ Hà Nội',
      contactEmail: null,
      keywords: ['kế hoạch 239', 'chuyển đổi số', 'chỉ tiêu', 'đô thị thông minh'],
      themes: ['GOVE', 'TECH'],
      licenseId: 'CC-BY-4.0',
      temporalStart: '2023-01-01',
      temporalEnd: '2030-12-31',
      spatialUnitIds: ['hanoi'],
      frequency: 'DAILY',
      private: false,
    },
    files: [
      {
        name: 'Chỉ tiêu và tình trạng (CSV) / Targets and status (CSV)',
        filename: 'chi-tieu-ke-hoach-239.csv',
        description: `Đánh giá kỳ ${performance.period} / Evaluated for ${performance.period}.`,
        content: toCsv(
          schema.fields.map((f) => f.name),
          rows,
        ),
        schema,
      },
    ],
  };
}

/** The data-item dictionary (the city's data standards): CSV and JSON Schema, as the dictionary writes them. */
export function dictionarySeed(files: { csv: Buffer; jsonSchema: Record<string, unknown> }): SeedDataset {
  return {
    managedBy: 'seed:data-dictionary',
    fields: {
      name: 'tu-dien-muc-du-lieu',
      titleVi: 'Từ điển mục dữ liệu dùng chung của thành phố (chuẩn dữ liệu)',
      titleEn: "The city's shared data-item dictionary (data standards)",
      descriptionVi:
        'Các mục dữ liệu chuẩn của thành phố Hà Nội (mã, tên, kiểu, ràng buộc, danh mục mã, mức độ nhạy cảm theo Nghị định 13/2023/NĐ-CP, loại xác thực, nguồn gốc, phiên bản) đã được phê duyệt, dùng cho biểu mẫu và trao đổi dữ liệu. Cung cấp dạng CSV và JSON Schema.',
      descriptionEn:
        "Hanoi's approved standard data items (code, names, type, constraints, code lists, sensitivity in the sense of Decree 13/2023/ND-CP, verification class, authoritative source, version), used by forms and data exchange. Published as CSV and JSON Schema.",
      organizationId: 'so-kh-cn',
      contactName: 'Sở Khoa học và Công nghệ Hà Nội',
      contactEmail: null,
      keywords: ['chuẩn dữ liệu', 'từ điển dữ liệu', 'mục dữ liệu', 'JSON Schema'],
      themes: ['GOVE', 'TECH'],
      licenseId: 'CC-BY-4.0',
      temporalStart: null,
      temporalEnd: null,
      spatialUnitIds: ['hanoi'],
      frequency: 'IRREG',
      private: false,
    },
    files: [
      {
        name: 'Mục dữ liệu (CSV) / Data items (CSV)',
        filename: 'muc-du-lieu.csv',
        description: 'Các mục đã phê duyệt / Approved items.',
        content: files.csv,
      },
      {
        name: 'Mục dữ liệu (JSON Schema) / Data items (JSON Schema)',
        filename: 'muc-du-lieu.schema.json',
        description: 'JSON Schema 2020-12.',
        content: Buffer.from(JSON.stringify(files.jsonSchema, null, 2)),
      },
    ],
  };
}

type PublicEntry = {
  id: string;
  demo: boolean;
  nameVi: string;
  nameEn: string;
  ownerAgencyId: string;
  ownerNameVi: string;
  descriptionVi: string;
  dataItems: string[];
  updateFrequency: string;
  sharingLevel: string;
  nationalConnections: string[];
  approvedAt: string | null;
};

/** The public part of the database catalogue. */
export function catalogueSeed(entries: PublicEntry[]): SeedDataset {
  const schema: TableSchema = {
    fields: [
      text('id', 'Mã / Id'),
      text('name_vi', 'Tên cơ sở dữ liệu / Database name'),
      text('name_en', 'Name (English)'),
      text('owner_agency_id', 'Cơ quan chủ quản / Owner agency'),
      text('owner_name_vi', 'Tên cơ quan / Agency name'),
      text('description_vi', 'Mô tả / Description'),
      text('data_items', 'Mục dữ liệu (mã) / Data items (codes)'),
      text('update_frequency', 'Tần suất cập nhật / Update frequency'),
      text('sharing_level', 'Mức chia sẻ / Sharing level'),
      text('national_connections', 'Kết nối CSDL quốc gia / National database connections'),
      text('approved_at', 'Ngày phê duyệt / Approved at'),
      { name: 'demo', type: 'boolean', title: 'Mục minh họa / Example entry' },
    ],
    primaryKey: ['id'],
  };
  const rows = [...entries]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((e) => [
      e.id,
      e.nameVi,
      e.nameEn,
      e.ownerAgencyId,
      e.ownerNameVi,
      e.descriptionVi,
      e.dataItems.join('; '),
      e.updateFrequency,
      e.sharingLevel,
      e.nationalConnections.join('; '),
      e.approvedAt,
      e.demo,
    ]);
  return {
    managedBy: 'seed:database-catalogue',
    fields: {
      name: 'danh-muc-co-so-du-lieu',
      titleVi: 'Danh mục cơ sở dữ liệu của thành phố (phần công khai)',
      titleEn: "The city's database catalogue (public part)",
      descriptionVi:
        'Phần công khai của danh mục cơ sở dữ liệu và hệ thống thông tin của các cơ quan thành phố Hà Nội: tên, cơ quan chủ quản, mô tả, mục dữ liệu, tần suất cập nhật, mức chia sẻ và kết nối cơ sở dữ liệu quốc gia. Cột demo đánh dấu các mục minh họa.',
      descriptionEn:
        "The public part of the catalogue of the Hanoi agencies' databases and information systems: name, owner agency, description, data items, update frequency, sharing level and national-database connections. The demo column marks example entries.",
      organizationId: 'so-kh-cn',
      contactName: 'Sở Khoa học và Công nghệ Hà Nội',
      contactEmail: null,
      keywords: ['danh mục cơ sở dữ liệu', 'hệ thống thông tin', 'chia sẻ dữ liệu'],
      themes: ['GOVE', 'TECH'],
      licenseId: 'CC-BY-4.0',
      temporalStart: null,
      temporalEnd: null,
      spatialUnitIds: ['hanoi'],
      frequency: 'DAILY',
      private: false,
    },
    files: [
      {
        name: 'Danh mục cơ sở dữ liệu (CSV) / Database catalogue (CSV)',
        filename: 'danh-muc-co-so-du-lieu.csv',
        description: 'Phần công khai / Public part.',
        content: toCsv(
          schema.fields.map((f) => f.name),
          rows,
        ),
        schema,
      },
    ],
  };
}
