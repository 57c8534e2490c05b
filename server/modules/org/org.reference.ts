import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CITY_UNIT_ID } from '../../platform/auth/principal.ts';
import { departments, MERGER_DATE, RECORDS_START } from './departments.ts';

/**
 * The reference register of agencies and administrative units, built from the files in `data/`
 * (see `data/ATTRIBUTION.md`). This is not demo data: it is loaded in every mode.
 */
export const DISTRICTS_SINCE = '2014-04-01';
export const REFORM_DATE = '2025-07-01';

export type UnitRecord = {
  id: string;
  kind: 'city' | 'department' | 'agency' | 'district' | 'ward' | 'commune';
  name_vi: string;
  name_en: string;
  short_name_vi: string | null;
  parent_id: string | null;
  valid_from: string;
  valid_to: string | null;
  codes: Record<string, string>;
  area_km2: string | null;
  note_vi: string | null;
  note_en: string | null;
};

export type SuccessionRecord = {
  predecessor_id: string;
  successor_id: string;
  effective_on: string;
  kind: 'merger' | 'transfer' | 'split' | 'reorganisation' | 'rename';
  share_pct: string | null;
  basis: string | null;
  note_vi: string | null;
  note_en: string | null;
};

export type BoundaryRecord = { unit_id: string; geometry: unknown; source: string };

export type ReferenceData = {
  units: UnitRecord[];
  successions: SuccessionRecord[];
  boundaries: BoundaryRecord[];
};

const dataFile = (name: string) => fileURLToPath(new URL(`./data/${name}`, import.meta.url));

export const districtId = (gsoCode: string) => `dist-${gsoCode}`;
export const communeId = (nsoCode: string) => `comm-${nsoCode}`;

type Feature = { properties: Record<string, string | null>; geometry: unknown };

export async function loadReferenceData(): Promise<ReferenceData> {
  const [districtsJson, communesJson, csv] = await Promise.all([
    readFile(dataFile('hanoi-districts.geojson'), 'utf8'),
    readFile(dataFile('hanoi-communes.geojson'), 'utf8'),
    readFile(dataFile('hanoi-units-2025.csv'), 'utf8'),
  ]);
  const districtFeatures = (JSON.parse(districtsJson) as { features: Feature[] }).features;
  const communeFeatures = (JSON.parse(communesJson) as { features: Feature[] }).features;

  const units: UnitRecord[] = [
    {
      id: CITY_UNIT_ID,
      kind: 'city',
      name_vi: 'Ủy ban nhân dân thành phố Hà Nội',
      name_en: "Hanoi People's Committee",
      short_name_vi: 'UBND Thành phố',
      parent_id: null,
      valid_from: RECORDS_START,
      valid_to: null,
      codes: { gso: '01' },
      area_km2: null,
      note_vi: null,
      note_en: null,
    },
  ];
  const successions: SuccessionRecord[] = [];
  const boundaries: BoundaryRecord[] = [];

  for (const department of departments) {
    units.push({
      id: department.id,
      kind: 'department',
      name_vi: department.nameVi,
      name_en: department.nameEn,
      short_name_vi: department.nameVi.replace(/^Sở /, ''),
      parent_id: CITY_UNIT_ID,
      valid_from: department.since,
      valid_to: department.until ?? null,
      codes: {},
      area_km2: null,
      note_vi: department.since === RECORDS_START ? 'Hồ sơ trong hệ thống bắt đầu từ 01/08/2008.' : null,
      note_en: department.since === RECORDS_START ? 'Records in this register begin on 1 Aug 2008.' : null,
    });
    for (const successor of department.successors ?? []) {
      successions.push({
        predecessor_id: department.id,
        successor_id: successor.id,
        effective_on: MERGER_DATE,
        kind: successor.kind,
        share_pct: null,
        basis: 'merger_lists',
        note_vi: successor.noteVi,
        note_en: successor.noteEn,
      });
    }
  }

  const districtIdByName = new Map<string, string>();
  for (const feature of districtFeatures) {
    const p = feature.properties;
    const id = districtId(p.gso_code!);
    districtIdByName.set(p.name!, id);
    units.push({
      id,
      kind: 'district',
      name_vi: p.name!,
      name_en: `${p.name_en} (${p.type_en})`,
      short_name_vi: p.name_short ?? null,
      parent_id: CITY_UNIT_ID,
      valid_from: DISTRICTS_SINCE,
      valid_to: REFORM_DATE,
      codes: { gso: p.gso_code!, ochaPcode: p.code!, type: p.type! },
      area_km2: null,
      note_vi: 'Cấp huyện chấm dứt hoạt động từ 01/07/2025 (chính quyền địa phương hai cấp).',
      note_en: 'The district level ended on 1 Jul 2025 (two-tier local government).',
    });
    boundaries.push({ unit_id: id, geometry: feature.geometry, source: 'ocha-cod-ab-2020' });
  }

  const geometryByCode = new Map(communeFeatures.map((feature) => [feature.properties.code!, feature]));
  const [header, ...lines] = csv.trim().split(/\r?\n/);
  const columns = header!.split(',');
  for (const line of lines) {
    const values = line.split(',');
    const row = Object.fromEntries(columns.map((column, i) => [column, values[i] ?? ''])) as Record<
      string,
      string
    >;
    const id = communeId(row.code!);
    const feature = geometryByCode.get(row.code!);
    const kind = row.type === 'ward' ? 'ward' : 'commune';
    const nameEnFromOsm = feature?.properties.name_en;
    const shortName = row.name!.replace(/^(Phường|Xã) /, '');
    units.push({
      id,
      kind,
      name_vi: row.name!,
      name_en: nameEnFromOsm ?? `${shortName} ${kind === 'ward' ? 'Ward' : 'Commune'}`,
      short_name_vi: shortName,
      parent_id: CITY_UNIT_ID,
      valid_from: REFORM_DATE,
      valid_to: null,
      codes: { nso: row.code!, osmRelation: row.osm_relation_id! },
      area_km2: row.area_km2 || null,
      note_vi: null,
      note_en: null,
    });
    if (feature) boundaries.push({ unit_id: id, geometry: feature.geometry, source: 'osm-odbl' });

    // Predecessor districts: every district holding ≥1% of the area, plus those the legacy
    // ward mapping names (old wards partly merged in), so no responsibility is lost.
    const byArea = new Map<string, number>();
    for (const part of row.former_districts_by_area!.split(';')) {
      const match = /^\s*(.+?) \((\d+)%\)\s*$/.exec(part);
      if (match) byArea.set(match[1]!, Number(match[2]));
    }
    const byMapping = row
      .former_districts_in_legacy_mapping!.split(';')
      .map((name) => name.trim())
      .filter(Boolean);
    for (const name of new Set([...byArea.keys(), ...byMapping])) {
      const predecessor = districtIdByName.get(name);
      if (!predecessor) throw new Error(`Unknown former district "${name}" for ${row.name}`);
      const inArea = byArea.has(name);
      const inMapping = byMapping.includes(name);
      successions.push({
        predecessor_id: predecessor,
        successor_id: id,
        effective_on: REFORM_DATE,
        kind: 'reorganisation',
        share_pct: inArea ? String(byArea.get(name)) : null,
        basis: inArea && inMapping ? 'area_and_legacy_mapping' : inArea ? 'area' : 'legacy_mapping',
        note_vi: null,
        note_en: null,
      });
    }
  }
  return { units, successions, boundaries };
}
