import { AppError, type Bilingual, forbidden, unauthenticated } from '../errors.ts';

/**
 * Who is making a request. Resolved once per request by the identity module (the platform only
 * knows the shape). Roles are held per agency; a role held at the city itself reaches every agency.
 */
export const roles = {
  city_admin: { vi: 'Quản trị hệ thống thành phố', en: 'City administrator' },
  agency_admin: { vi: 'Quản trị cơ quan', en: 'Agency administrator' },
  plan_owner: { vi: 'Chủ trì theo dõi kế hoạch', en: 'Plan owner' },
  agency_reporter: { vi: 'Cán bộ báo cáo của cơ quan', en: 'Agency reporter' },
  agency_reviewer: { vi: 'Cán bộ duyệt báo cáo', en: 'Agency reviewer' },
  case_officer: { vi: 'Cán bộ xử lý hồ sơ', en: 'Case officer' },
  data_steward: { vi: 'Cán bộ quản lý dữ liệu', en: 'Data steward' },
  ioc_operator: { vi: 'Điều hành viên Trung tâm IOC', en: 'Operations-centre operator' },
  index_appraiser: { vi: 'Thành viên thẩm định chỉ số', en: 'Index appraiser' },
  auditor: { vi: 'Kiểm toán viên nhật ký', en: 'Auditor' },
} as const satisfies Record<string, Bilingual>;

export type Role = keyof typeof roles;
export const roleNames = Object.keys(roles) as Role[];

/** The unit id of the City People's Committee: a role held there applies to every agency. */
export const CITY_UNIT_ID = 'hanoi';

/** Authentication context class references (acr values) the city's sign-on issues. */
export const acrValues = {
  vneidLevel1: 'urn:hanoi:acr:vneid:1',
  vneidLevel2: 'urn:hanoi:acr:vneid:2',
  officialMfa: 'urn:hanoi:acr:official:mfa',
} as const;
export type Acr = (typeof acrValues)[keyof typeof acrValues];

export type Membership = { unitId: string; role: Role };

export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'citizen';
      accountId: string;
      sessionId: string;
      personalId: string;
      fullName: string;
      acr: Acr;
    }
  | {
      kind: 'official';
      accountId: string;
      /** The person in the org register (`org.officials`); `accountId` is their login account. */
      officialId: string;
      sessionId: string;
      username: string;
      fullName: string;
      acr: Acr;
      memberships: Membership[];
    };

export const anonymous: Principal = { kind: 'anonymous' };

export type Official = Extract<Principal, { kind: 'official' }>;

/** Who did something, with the request it came from: what audit records. */
export type Actor = {
  principal: Principal;
  requestId: string | null;
  ip: string | null;
  /** For actions not made by a signed-in person: `system:seed`, `cli:officials add`, … */
  system?: string;
};

export const systemActor = (name: string): Actor => ({
  principal: anonymous,
  requestId: null,
  ip: null,
  system: name,
});

/** Does the official hold `role`, for `unitId` when given (a role held at the city covers every unit)? */
export function holdsRole(principal: Principal, role: Role, unitId?: string): boolean {
  if (principal.kind !== 'official') return false;
  return principal.memberships.some(
    (membership) =>
      membership.role === role &&
      (unitId === undefined || membership.unitId === unitId || membership.unitId === CITY_UNIT_ID),
  );
}

export function requireSignedIn(principal: Principal): Exclude<Principal, { kind: 'anonymous' }> {
  if (principal.kind === 'anonymous') throw unauthenticated();
  return principal;
}

export function requireOfficial(principal: Principal): Official {
  const signedIn = requireSignedIn(principal);
  if (signedIn.kind !== 'official') {
    throw forbidden({ vi: 'Chức năng này chỉ dành cho cán bộ.', en: 'This is for officials only.' });
  }
  return signedIn;
}

/** Throws unless the principal holds one of `wanted` (for `unitId` when given). */
export function requireRole(principal: Principal, wanted: Role | Role[], unitId?: string): Official {
  const official = requireOfficial(principal);
  const list = Array.isArray(wanted) ? wanted : [wanted];
  if (!list.some((role) => holdsRole(official, role, unitId))) {
    const names = list.map((role) => roles[role]);
    throw new AppError(
      'forbidden',
      unitId
        ? {
            vi: `Cần vai trò ${names.map((n) => n.vi).join(' hoặc ')} của đơn vị ${unitId}.`,
            en: `Requires the role ${names.map((n) => n.en).join(' or ')} for unit ${unitId}.`,
          }
        : {
            vi: `Cần vai trò ${names.map((n) => n.vi).join(' hoặc ')}.`,
            en: `Requires the role ${names.map((n) => n.en).join(' or ')}.`,
          },
    );
  }
  return official;
}
