import { z } from 'zod';

/** Outage notices of the utilities (docs/smart-urban.md, "Outage notices"). */
export const outageServices = ['electricity', 'water'] as const;
export const outageKinds = ['planned', 'unplanned', 'low_pressure'] as const;
export const outageWhens = ['current', 'upcoming', 'all'] as const;

const DAY_MS = 86_400_000;
/** A notice covers one outage; a longer one is announced again, so residents see fresh dates. */
const MAX_DAYS = 31;

export const unitId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,80}$/, 'Mã đơn vị không hợp lệ / Invalid unit id');
const text = (max: number) => z.string().trim().min(1).max(max);
const instant = z.iso.datetime({ offset: true });

export const outageInput = z
  .strictObject({
    service: z.enum(outageServices).describe('electricity | water'),
    kind: z.enum(outageKinds).describe('planned | unplanned | low_pressure (chỉ nước / water only)'),
    unitId: unitId.describe('Phường, xã bị ảnh hưởng / Ward or commune affected'),
    areaVi: text(500).describe('Khu vực (đường, tổ dân phố, tòa nhà) / Area, Vietnamese'),
    areaEn: text(500),
    startsAt: instant,
    endsAt: instant,
    reasonVi: text(1000),
    reasonEn: text(1000),
    utility: text(200).describe('Đơn vị cung cấp, ví dụ EVN Hà Nội / The utility, e.g. EVN Hanoi'),
    agencyId: unitId.describe('Sở chịu trách nhiệm / Responsible department'),
  })
  .refine((input) => Date.parse(input.endsAt) > Date.parse(input.startsAt), {
    message: 'Giờ kết thúc phải sau giờ bắt đầu / The end must be after the start',
    path: ['endsAt'],
  })
  .refine((input) => Date.parse(input.endsAt) - Date.parse(input.startsAt) <= MAX_DAYS * DAY_MS, {
    message: `Một thông báo dài tối đa ${MAX_DAYS} ngày / A notice covers at most ${MAX_DAYS} days`,
    path: ['endsAt'],
  })
  .refine((input) => input.kind !== 'low_pressure' || input.service === 'water', {
    message: 'Áp lực nước yếu chỉ dùng cho nước sạch / Low pressure applies to water only',
    path: ['kind'],
  });
export type OutageInput = z.input<typeof outageInput>;

export const publicOutagesQuery = z.object({
  unitId: unitId.optional(),
  service: z.enum(outageServices).optional(),
  when: z.enum(outageWhens).default('all').describe('current | upcoming | all (chưa kết thúc / not ended)'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type PublicOutagesQuery = z.output<typeof publicOutagesQuery>;

export type OutageRow = {
  id: string;
  service: (typeof outageServices)[number];
  kind: (typeof outageKinds)[number];
  unit_id: string;
  area_vi: string;
  area_en: string;
  starts_at: Date | string;
  ends_at: Date | string;
  reason_vi: string;
  reason_en: string;
  utility: string;
  agency_id: string;
  status: 'active' | 'cancelled';
  simulated: boolean;
  created_by: string | null;
  created_at: Date | string;
  modified_at: Date | string;
};
