import { z } from 'zod';
import { roleNames } from '../../platform/auth/principal.ts';

export const unitKinds = ['city', 'department', 'agency', 'district', 'ward', 'commune'] as const;
export type UnitKind = (typeof unitKinds)[number];

const isoDate = z.iso.date();

export const unitIdParam = z.strictObject({
  unitId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9-]+$/),
});

export const atQuery = z.strictObject({
  at: isoDate
    .optional()
    .describe('Ngày hiệu lực (YYYY-MM-DD), mặc định hôm nay / Effective date, default today'),
});

export const unitsQuery = z.strictObject({
  at: isoDate.optional(),
  kind: z.enum(unitKinds).optional(),
  q: z
    .string()
    .max(100)
    .optional()
    .describe('Tìm theo tên, không phân biệt dấu / Name search, accent-insensitive'),
});

export const contactSchema = z.strictObject({
  address: z.string().max(300).optional(),
  phone: z
    .string()
    .max(30)
    .regex(/^[0-9 +().-]+$/)
    .optional(),
  email: z.email().max(200).optional(),
  website: z.url().max(300).optional(),
});
export type Contact = z.infer<typeof contactSchema>;

export const unitSchema = z.object({
  id: z.string(),
  kind: z.enum(unitKinds),
  nameVi: z.string(),
  nameEn: z.string(),
  shortNameVi: z.string().nullable(),
  parentId: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable().describe('Ngày hết hiệu lực (không bao gồm) / End date, exclusive'),
  codes: z.record(z.string(), z.string()),
  areaKm2: z.number().nullable(),
  contact: contactSchema,
  noteVi: z.string().nullable(),
  noteEn: z.string().nullable(),
});
export type Unit = z.infer<typeof unitSchema>;

export const linkSchema = z.object({
  unit: unitSchema,
  effectiveOn: z.string(),
  kind: z.string(),
  sharePct: z.number().nullable(),
  basis: z.string().nullable(),
  noteVi: z.string().nullable(),
  noteEn: z.string().nullable(),
});

export const unitDetailSchema = unitSchema.extend({
  predecessors: z.array(linkSchema),
  successors: z.array(linkSchema),
});
export type UnitDetail = z.infer<typeof unitDetailSchema>;

export type TreeNode = Unit & { children: TreeNode[] };
export const treeNodeSchema: z.ZodType<TreeNode> = unitSchema.extend({
  get children() {
    return z.array(treeNodeSchema);
  },
});

export const roleSchema = z.enum(roleNames as [string, ...string[]]);

export const membershipInput = z.strictObject({ officialId: z.string().uuid(), role: roleSchema });
export const membershipParams = z.strictObject({
  unitId: z.string().min(1).max(64),
  officialId: z.string().uuid(),
  role: roleSchema,
});

export const officialSchema = z.object({
  id: z.string(),
  fullName: z.string(),
  email: z.string().nullable(),
  titleVi: z.string().nullable(),
  titleEn: z.string().nullable(),
  demo: z.boolean(),
  roles: z.array(roleSchema),
});

export const geoAttribution = {
  districts: {
    vi: 'Ranh giới quận, huyện (2020): Chính phủ Việt Nam / UN OCHA ROAP, qua HDX (COD-AB), CC BY 3.0 IGO',
    en: 'Administrative boundaries (districts, 2020): Government of Viet Nam / UN OCHA ROAP, via HDX (COD-AB Viet Nam), CC BY 3.0 IGO',
  },
  communes: {
    vi: '© Những người đóng góp OpenStreetMap (ODbL 1.0)',
    en: '© OpenStreetMap contributors (ODbL 1.0)',
  },
} as const;
