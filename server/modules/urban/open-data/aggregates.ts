import { sql } from 'kysely';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/database.ts';
import { csvSeedFile, type SeedDataset, type TableSchema } from '../../data/index.ts';
import type { OrgService } from '../../org/index.ts';
import { expandTerm } from '../terms.ts';
import type { PilotDataset } from './pilots.ts';

/** Days published: the 30 whole Hanoi days before today (a day in progress would change hourly). */
export const WINDOW_DAYS = 30;

type Row = {
  day: string;
  unit_id: string;
  attr: string;
  devices: string | number;
  readings: string | number;
  mean: number;
  min: number;
  max: number;
  simulated: boolean;
};

const schema: TableSchema = {
  fields: [
    { name: 'day', type: 'date', title: 'Ngày (giờ Hà Nội) / Day (Hanoi time)' },
    { name: 'unit_id', type: 'string', title: 'Mã phường, xã / Ward or commune id' },
    { name: 'unit_name', type: 'string', title: 'Phường, xã / Ward or commune' },
    { name: 'attribute', type: 'string', title: 'Thuộc tính (Smart Data Models) / Attribute' },
    { name: 'attribute_label', type: 'string', title: 'Đại lượng / Quantity' },
    { name: 'unit_of_measure', type: 'string', title: 'Đơn vị đo / Unit of measure' },
    { name: 'devices', type: 'integer', title: 'Số thiết bị / Devices', constraints: { minimum: 1 } },
    { name: 'readings', type: 'integer', title: 'Số lần đo / Readings', constraints: { minimum: 1 } },
    { name: 'mean', type: 'number', title: 'Trung bình / Mean' },
    { name: 'min', type: 'number', title: 'Nhỏ nhất / Minimum' },
    { name: 'max', type: 'number', title: 'Lớn nhất / Maximum' },
    { name: 'simulated', type: 'boolean', title: 'Từ thiết bị mô phỏng / From simulated devices' },
  ],
  primaryKey: ['day', 'unit_id', 'attribute'],
};

const round = (value: number) => Math.round(Number(value) * 1000) / 1000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * One pilot's open dataset: per Hanoi day, ward or commune (the unit of the reporting device) and
 * attribute, the count of devices and readings and the mean, minimum and maximum — never a device,
 * its position or a single reading. `null` while the pilot has no device or no reading in the window
 * (so the dataset is created only once it is known whether its devices are simulated).
 */
export async function buildPilotDataset(
  deps: { database: Database; clock: Clock; org: Pick<OrgService, 'units'> },
  pilot: PilotDataset,
): Promise<SeedDataset | null> {
  const db = deps.database.db;
  const type = expandTerm(pilot.type);
  const fleet = (
    await sql<{ devices: string | number; simulated: boolean | null }>`
      select count(*) as devices, bool_or(simulated) as simulated
      from urban.devices where entity_type = ${type}`.execute(db)
  ).rows[0];
  if (!fleet || Number(fleet.devices) === 0) return null;

  const today = deps.clock.today();
  const firstDay = addDays(today, -WINDOW_DAYS);
  const from = new Date(`${firstDay}T00:00:00+07:00`);
  const to = new Date(`${today}T00:00:00+07:00`);
  const attrs = new Map(pilot.attributes.map((a) => [expandTerm(a.attr), a]));
  const { rows } = await sql<Row>`
    select to_char((r.observed_at at time zone 'UTC' + interval '7 hours')::date, 'YYYY-MM-DD') as day,
      d.unit_id, r.attr, count(distinct d.id) as devices, count(*) as readings,
      avg(r.num) as mean, min(r.num) as min, max(r.num) as max, bool_or(d.simulated) as simulated
    from urban.readings r join urban.devices d on d.entity_id = r.entity_id
    where d.entity_type = ${type} and r.attr in (${sql.join([...attrs.keys()])}) and r.num is not null
      and r.observed_at >= ${from} and r.observed_at < ${to}
    group by 1, 2, 3
    having count(distinct d.id) >= ${pilot.minDevices}
    order by 1, 2, 3`.execute(db);
  if (rows.length === 0) return null;

  const names = new Map((await deps.org.units({ at: today })).map((u) => [u.id, u.nameVi]));
  const csvRows = rows.map((row) => {
    const attribute = attrs.get(row.attr)!;
    return [
      row.day,
      row.unit_id,
      names.get(row.unit_id) ?? null,
      attribute.attr,
      `${attribute.label.vi} / ${attribute.label.en}`,
      attribute.unit,
      Number(row.devices),
      Number(row.readings),
      round(row.mean),
      round(row.min),
      round(row.max),
      Boolean(row.simulated),
    ];
  });
  return pilotSeed(pilot, Boolean(fleet.simulated), csvRows);
}

function pilotSeed(
  pilot: PilotDataset,
  demo: boolean,
  rows: (string | number | boolean | null)[][],
): SeedDataset {
  const simulated = demo ? ' (mô phỏng / simulated)' : '';
  const quantities = pilot.attributes.map((a) => `${a.label.vi} (${a.unit})`).join(', ');
  const quantitiesEn = pilot.attributes.map((a) => `${a.label.en} (${a.unit})`).join(', ');
  const suppressed =
    pilot.minDevices > 1
      ? {
          vi: ` Chỉ công bố phường, xã có từ ${pilot.minDevices} thiết bị trở lên trong ngày, để số liệu không mô tả một khách hàng riêng lẻ.`,
          en: ` Only wards and communes with at least ${pilot.minDevices} devices that day are published, so that no figure describes a single customer.`,
        }
      : { vi: '', en: '' };
  const demoText = demo
    ? {
        vi: ' Các thiết bị của thí điểm này là thiết bị mô phỏng: số liệu chỉ để minh họa, không phải số đo thật (cột simulated).',
        en: ' The devices of this pilot are simulated: the figures only demonstrate the platform, they are not real measurements (column simulated).',
      }
    : {
        vi: ' Cột simulated đánh dấu số liệu từ thiết bị mô phỏng.',
        en: ' Column simulated marks figures from simulated devices.',
      };
  return {
    managedBy: `seed:urban-${pilot.slug}`,
    demo,
    fields: {
      name: `do-thi-thong-minh-${pilot.slug}-theo-ngay`,
      titleVi: `Số liệu ${pilot.subject.vi} tổng hợp theo ngày và phường, xã${simulated}`,
      titleEn: `Daily ${pilot.subject.en} aggregates by ward and commune${simulated}`,
      descriptionVi: `Số liệu tổng hợp theo ngày (giờ Hà Nội) và theo phường, xã nơi đặt thiết bị của thí điểm ${pilot.subject.vi} trên nền tảng đô thị thông minh, ${WINDOW_DAYS} ngày trọn vẹn gần nhất: số thiết bị, số lần đo, trung bình, nhỏ nhất và lớn nhất của ${quantities}. Không công bố mã, vị trí hay số đo riêng của từng thiết bị. Nền tảng cập nhật hằng ngày.${suppressed.vi}${demoText.vi}`,
      descriptionEn: `Daily aggregates (Hanoi days) by the ward or commune where the devices of the ${pilot.subject.en} pilot of the smart-city platform stand, over the last ${WINDOW_DAYS} whole days: devices, readings, mean, minimum and maximum of ${quantitiesEn}. No device id, position or single reading is published. Refreshed daily by the platform.${suppressed.en}${demoText.en}`,
      organizationId: pilot.organizationId,
      contactName: pilot.contactName,
      contactEmail: null,
      keywords: [...pilot.keywords, 'đô thị thông minh', 'IoT'],
      themes: pilot.themes,
      licenseId: 'CC-BY-4.0',
      temporalStart: null,
      temporalEnd: null,
      spatialUnitIds: ['hanoi'],
      frequency: 'DAILY',
      private: false,
    },
    files: [
      csvSeedFile({
        name: `Tổng hợp theo ngày (CSV) / Daily aggregates (CSV)${simulated}`,
        filename: `do-thi-thong-minh-${pilot.slug}-theo-ngay.csv`,
        description: `Một dòng mỗi ngày, phường hoặc xã và đại lượng, ${WINDOW_DAYS} ngày gần nhất / One row per day, ward or commune and quantity, last ${WINDOW_DAYS} days.`,
        schema,
        rows,
        licenseId: 'CC-BY-4.0',
      }),
    ],
  };
}
