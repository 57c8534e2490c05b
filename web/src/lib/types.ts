import type { BilingualText } from './api.ts';

/** Shapes of the platform API the web app reads (see the server's Zod schemas and OpenAPI). */

export type Role =
  | 'city_admin'
  | 'agency_admin'
  | 'plan_owner'
  | 'agency_reporter'
  | 'agency_reviewer'
  | 'case_officer'
  | 'data_steward'
  | 'ioc_operator'
  | 'index_appraiser'
  | 'auditor';

export type SessionMembership = {
  unitId: string;
  unitNameVi: string;
  unitNameEn: string;
  role: Role;
  roleVi: string;
  roleEn: string;
};

export type CitizenPrincipal = {
  kind: 'citizen';
  accountId: string;
  fullName: string;
  acr: string;
  acrLabel: BilingualText;
  personalIdMasked: string;
};

export type OfficialPrincipal = {
  kind: 'official';
  accountId: string;
  username: string;
  fullName: string;
  acr: string;
  acrLabel: BilingualText;
  memberships: SessionMembership[];
};

export type SessionPrincipal = CitizenPrincipal | OfficialPrincipal;

export type Session = {
  csrfToken: string | null;
  simulator: boolean;
  principal: SessionPrincipal | null;
};

export type Health = { status: 'ok'; version: string; mode: string };

export const unitKinds = ['city', 'department', 'agency', 'district', 'ward', 'commune'] as const;
export type UnitKind = (typeof unitKinds)[number];

export type Contact = { address?: string; phone?: string; email?: string; website?: string };

export type Unit = {
  id: string;
  kind: UnitKind;
  nameVi: string;
  nameEn: string;
  shortNameVi: string | null;
  parentId: string | null;
  validFrom: string;
  validTo: string | null;
  codes: Record<string, string>;
  areaKm2: number | null;
  contact: Contact;
  noteVi: string | null;
  noteEn: string | null;
};

export type TreeNode = Unit & { children: TreeNode[] };

export type UnitLink = {
  unit: Unit;
  effectiveOn: string;
  kind: string;
  sharePct: number | null;
  basis: string | null;
  noteVi: string | null;
  noteEn: string | null;
};

export type UnitDetail = Unit & { predecessors: UnitLink[]; successors: UnitLink[] };

export type RoleInfo = { role: Role; vi: string; en: string };

export type UnitOfficial = {
  id: string;
  fullName: string;
  email: string | null;
  titleVi: string | null;
  titleEn: string | null;
  demo: boolean;
  roles: Role[];
};

export type AuditEntry = {
  seq: number;
  at: string;
  actorKind: string;
  actorId: string | null;
  actorLabel: string | null;
  agencyId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  requestId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
};

export type AuditPage = { entries: AuditEntry[]; nextBefore: number | null };

export type AuditVerification = {
  ok: boolean;
  entries: number;
  headHash?: string;
  brokenAt?: number;
  reason?: string;
};
