import { z } from 'zod';
import { acrValues, roleNames } from '../../platform/auth/principal.ts';

/** Request and response shapes of identity's HTTP API (and the OpenAPI document). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or http on this machine only (development); no fragment, as OAuth requires. */
export const clientUri = z
  .string()
  .max(500)
  .refine((value) => {
    try {
      const url = new URL(value);
      if (url.hash || url.username || url.password) return false;
      return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
    } catch {
      return false;
    }
  }, 'Địa chỉ phải là https (http chỉ cho máy cục bộ), không có phần # / Must be an https URL (http only for localhost), without a fragment');

export const newClientInput = z.strictObject({
  name: z.string().trim().min(2).max(120),
  redirectUris: z.array(clientUri).min(1).max(10),
  postLogoutRedirectUris: z.array(clientUri).max(10).optional(),
  backchannelLogoutUri: clientUri.optional(),
  public: z.boolean().optional(),
});
export type NewClientInput = z.infer<typeof newClientInput>;

export const clientView = z.object({
  clientId: z.string(),
  name: z.string(),
  redirectUris: z.array(z.string()),
  postLogoutRedirectUris: z.array(z.string()),
  backchannelLogoutUri: z.string().nullable(),
  public: z.boolean(),
  builtIn: z.boolean(),
  createdAt: z.string(),
});
export type ClientView = z.infer<typeof clientView>;

export const registeredClient = z.object({
  clientId: z.string(),
  clientSecret: z
    .string()
    .optional()
    .describe('Chỉ hiển thị một lần / Shown once only; absent for public clients'),
});

export const clientIdParam = z.strictObject({
  clientId: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._-]+$/),
});

const acrSchema = z.enum([acrValues.vneidLevel1, acrValues.vneidLevel2, acrValues.officialMfa]);
const bilingual = z.object({ vi: z.string(), en: z.string() });

export const membershipView = z.object({
  unitId: z.string(),
  unitNameVi: z.string(),
  unitNameEn: z.string(),
  role: z.enum(roleNames as [string, ...string[]]),
  roleVi: z.string(),
  roleEn: z.string(),
});

const citizenPrincipalView = z.object({
  kind: z.literal('citizen'),
  accountId: z.string(),
  fullName: z.string(),
  acr: acrSchema,
  acrLabel: bilingual,
  personalIdMasked: z.string(),
});

const officialPrincipalView = z.object({
  kind: z.literal('official'),
  accountId: z.string(),
  username: z.string(),
  fullName: z.string(),
  acr: acrSchema,
  acrLabel: bilingual,
  memberships: z.array(membershipView),
});

export const sessionView = z.object({
  csrfToken: z.string(),
  simulator: z.boolean().describe('VNeID là bản mô phỏng / VNeID is the built-in simulator'),
  principal: z.discriminatedUnion('kind', [citizenPrincipalView, officialPrincipalView]).nullable(),
});

/** A resident as the (synthetic) population registry holds them. */
export const residentView = z.looseObject({
  personalId: z.string(),
  fullName: z.string(),
  dateOfBirth: z.string(),
  sex: z.enum(['male', 'female']),
  vneidLevel: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  synthetic: z.literal(true),
});

export const meView = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('citizen'),
    accountId: z.string(),
    acr: acrSchema,
    acrLabel: bilingual,
    registry: residentView
      .nullable()
      .describe(
        'Bản ghi trong sổ dân cư (tổng hợp), null nếu không có / The (synthetic) registry record, null when absent',
      ),
  }),
  z.object({
    kind: z.literal('official'),
    accountId: z.string(),
    username: z.string(),
    fullName: z.string(),
    email: z.string().nullable(),
    titleVi: z.string().nullable(),
    titleEn: z.string().nullable(),
    demo: z.boolean(),
    acr: acrSchema,
    acrLabel: bilingual,
    memberships: z.array(membershipView),
  }),
]);

/** A local path to come back to after sign-in: never another origin. */
export const localPath = z
  .string()
  .max(1000)
  .refine(
    // No second slash (//host), no backslash (browsers read it as a slash), no spaces or controls.
    (value) =>
      /^\/(?!\/)[^\s\\]*$/.test(value) &&
      ![...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    'Phải là đường dẫn nội bộ bắt đầu bằng / / Must be a local path starting with /',
  );

export const loginQuery = z.strictObject({
  method: z.enum(['vneid', 'official']).optional(),
  acr: acrSchema.optional(),
  returnTo: localPath.optional(),
});

export const callbackQuery = z.strictObject({
  code: z.string().max(500).optional(),
  state: z.string().max(200).optional(),
  iss: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
  error_uri: z.string().max(1000).optional(),
});

export const backchannelLogoutBody = z.strictObject({ logout_token: z.string().min(1).max(10_000) });

export const logoutResponse = z.object({
  redirectTo: z.string().describe('Địa chỉ đăng xuất của nhà cung cấp OIDC / The provider’s end-session URL'),
});
