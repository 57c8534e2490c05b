import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../platform/audit/audit.ts';
import {
  type Actor,
  CITY_UNIT_ID,
  type Membership,
  type Principal,
  type Role,
  requireRole,
} from '../../platform/auth/principal.ts';
import { canonicalJson, sha256Hex } from '../../platform/canonical-json.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { foldVietnamese } from '../../platform/text.ts';
import { loadReferenceData, type SuccessionRecord } from './org.reference.ts';
import type { Contact, TreeNode, Unit, UnitDetail, UnitKind } from './org.schema.ts';
import { geoAttribution } from './org.schema.ts';
import type { OrgStore, UnitRow } from './org.store.ts';

/**
 * Roles that reach beyond one agency: only the city administrator grants them, and only at the
 * City People's Committee (`hanoi`), where a role covers every unit.
 */
export const CITY_WIDE_ROLES: readonly Role[] = [
  'city_admin',
  'plan_owner',
  'auditor',
  'index_appraiser',
  'ioc_operator',
];

export function toUnit(row: UnitRow): Unit {
  return {
    id: row.id,
    kind: row.kind,
    nameVi: row.name_vi,
    nameEn: row.name_en,
    shortNameVi: row.short_name_vi,
    parentId: row.parent_id,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    codes: row.codes,
    areaKm2: row.area_km2 === null ? null : Number(row.area_km2),
    contact: row.contact ?? {},
    noteVi: row.note_vi,
    noteEn: row.note_en,
  };
}

export type NewOfficial = {
  fullName: string;
  email?: string | null;
  phone?: string | null;
  titleVi?: string | null;
  titleEn?: string | null;
  demo?: boolean;
  memberships: Membership[];
};

export function createOrgService(deps: { store: OrgStore; audit: AuditLog; clock: Clock }) {
  const { store, audit, clock } = deps;

  async function requireUnit(unitId: string): Promise<UnitRow> {
    const row = await store.unit(unitId);
    if (!row) throw notFound({ vi: `đơn vị ${unitId}`, en: `Unit ${unitId}` });
    return row;
  }

  async function links(records: SuccessionRecord[], side: 'predecessor_id' | 'successor_id') {
    const units = new Map(
      (await store.unitsByIds(records.map((r) => r[side]))).map((row) => [row.id, toUnit(row)]),
    );
    return records
      .map((record) => ({
        unit: units.get(record[side])!,
        effectiveOn: record.effective_on,
        kind: record.kind,
        sharePct: record.share_pct === null ? null : Number(record.share_pct),
        basis: record.basis,
        noteVi: record.note_vi,
        noteEn: record.note_en,
      }))
      .sort(
        (a, b) => (b.sharePct ?? -1) - (a.sharePct ?? -1) || a.unit.nameVi.localeCompare(b.unit.nameVi, 'vi'),
      );
  }

  /** Only the city administrator, or the agency's own administrator for agency-level roles. */
  function assertMayManage(principal: Principal, unitId: string, role?: Role) {
    if (role && CITY_WIDE_ROLES.includes(role)) {
      requireRole(principal, 'city_admin');
      if (unitId !== CITY_UNIT_ID) {
        throw new AppError('unprocessable', {
          vi: 'Vai trò toàn thành phố chỉ được cấp tại UBND Thành phố.',
          en: "City-wide roles are granted at the City People's Committee only.",
        });
      }
      return;
    }
    requireRole(principal, ['agency_admin', 'city_admin'], unitId);
  }

  return {
    /** Loads the reference register (departments, districts, wards and communes) if it changed. */
    async ensureReferenceData(): Promise<{ loaded: boolean }> {
      const data = await loadReferenceData();
      const hash = sha256Hex(canonicalJson(data));
      return store.db.transaction().execute(async (trx) => {
        if ((await store.referenceHash(trx)) === hash) return { loaded: false };
        await store.upsertReferenceData(trx, data);
        await store.setReferenceHash(trx, hash);
        return { loaded: true };
      });
    },

    async units(options: { at?: string; kind?: UnitKind; q?: string }): Promise<Unit[]> {
      const at = options.at ?? clock.today();
      const folded = options.q ? foldVietnamese(options.q) : null;
      return (await store.unitsValidAt(at, options.kind))
        .filter(
          (row) =>
            !folded ||
            foldVietnamese(`${row.name_vi} ${row.name_en} ${row.short_name_vi ?? ''}`).includes(folded),
        )
        .map(toUnit);
    },

    async tree(at = clock.today()): Promise<TreeNode[]> {
      const rows = await store.unitsValidAt(at);
      const nodes = new Map<string, TreeNode>(rows.map((row) => [row.id, { ...toUnit(row), children: [] }]));
      const roots: TreeNode[] = [];
      const order: Record<string, number> = {
        city: 0,
        department: 1,
        agency: 2,
        district: 3,
        ward: 4,
        commune: 5,
      };
      for (const node of nodes.values()) {
        const parent = node.parentId ? nodes.get(node.parentId) : undefined;
        (parent ? parent.children : roots).push(node);
      }
      const sort = (list: TreeNode[]) => {
        list.sort(
          (a, b) => (order[a.kind] ?? 9) - (order[b.kind] ?? 9) || a.nameVi.localeCompare(b.nameVi, 'vi'),
        );
        for (const node of list) sort(node.children);
      };
      sort(roots);
      return roots;
    },

    async unit(unitId: string): Promise<UnitDetail> {
      const row = await requireUnit(unitId);
      const [predecessors, successors] = await Promise.all([
        store.predecessorsOf(unitId).then((records) => links(records, 'predecessor_id')),
        store.successorsOf(unitId).then((records) => links(records, 'successor_id')),
      ]);
      return { ...toUnit(row), predecessors, successors };
    },

    /** Is the unit in the register, and valid on `at` when given? */
    async unitExists(unitId: string, at?: string): Promise<boolean> {
      const row = await store.unit(unitId);
      if (!row) return false;
      if (!at) return true;
      return row.valid_from <= at && (row.valid_to === null || row.valid_to > at);
    },

    /** GeoJSON of the units valid on `at` that have boundaries (30 districts before 1 Jul 2025, else 126 communes). */
    async boundaries(at = clock.today()) {
      const rows = await store.boundariesValidAt(at);
      const sources = new Set(rows.map((row) => row.source));
      return {
        type: 'FeatureCollection' as const,
        at,
        attribution: [
          ...(sources.has('ocha-cod-ab-2020') ? [geoAttribution.districts] : []),
          ...(sources.has('osm-odbl') ? [geoAttribution.communes] : []),
        ],
        features: rows.map((row) => ({
          type: 'Feature' as const,
          id: row.unit_id,
          properties: {
            id: row.unit_id,
            nameVi: row.name_vi,
            nameEn: row.name_en,
            kind: row.kind,
            codes: row.codes,
          },
          geometry: row.geometry,
        })),
      };
    },

    async updateContact(actor: Actor, unitId: string, contact: Contact): Promise<Unit> {
      const before = await requireUnit(unitId);
      assertMayManage(actor.principal, unitId);
      return store.db.transaction().execute(async (trx) => {
        await store.updateContact(trx, unitId, contact);
        const after = (await store.unit(unitId, trx))!;
        await audit.record(trx, {
          actor,
          agencyId: unitId,
          action: 'org.unit.contact.update',
          objectType: 'org.unit',
          objectId: unitId,
          before: before.contact,
          after: after.contact,
          details: { fields: Object.keys(contact) },
        });
        return toUnit(after);
      });
    },

    /** Creates an official (a person working for agencies) with their roles. Identity adds the login account. */
    async createOfficial(actor: Actor, input: NewOfficial): Promise<{ id: string }> {
      if (!actor.system) {
        for (const membership of input.memberships)
          assertMayManage(actor.principal, membership.unitId, membership.role);
      }
      for (const membership of input.memberships) await requireUnit(membership.unitId);
      const id = randomUUID();
      await store.db.transaction().execute(async (trx) => {
        await store.insertOfficial(trx, {
          id,
          full_name: input.fullName,
          email: input.email ?? null,
          phone: input.phone ?? null,
          title_vi: input.titleVi ?? null,
          title_en: input.titleEn ?? null,
          demo: input.demo ?? false,
        });
        for (const membership of input.memberships) {
          await store.insertMembership(trx, {
            official_id: id,
            unit_id: membership.unitId,
            role: membership.role,
          });
        }
        await audit.record(trx, {
          actor,
          agencyId: input.memberships[0]?.unitId ?? null,
          action: 'org.official.create',
          objectType: 'org.official',
          objectId: id,
          before: null,
          after: { id, fullName: input.fullName, memberships: input.memberships },
          details: { roles: input.memberships.map((m) => `${m.unitId}:${m.role}`) },
        });
      });
      return { id };
    },

    async grantRole(actor: Actor, unitId: string, officialId: string, role: Role) {
      await requireUnit(unitId);
      assertMayManage(actor.principal, unitId, role);
      if (!(await store.official(officialId)))
        throw notFound({ vi: `cán bộ ${officialId}`, en: `Official ${officialId}` });
      await store.db.transaction().execute(async (trx) => {
        if (await store.membership(trx, officialId, unitId, role)) return;
        await store.insertMembership(trx, { official_id: officialId, unit_id: unitId, role });
        await audit.record(trx, {
          actor,
          agencyId: unitId,
          action: 'org.membership.grant',
          objectType: 'org.official',
          objectId: officialId,
          before: null,
          after: { unitId, role },
          details: { unitId, role },
        });
      });
    },

    async revokeRole(actor: Actor, unitId: string, officialId: string, role: Role) {
      await requireUnit(unitId);
      assertMayManage(actor.principal, unitId, role);
      await store.db.transaction().execute(async (trx) => {
        const existing = await store.membership(trx, officialId, unitId, role);
        if (!existing) {
          throw notFound({ vi: 'vai trò này của cán bộ', en: 'This role of the official' });
        }
        await store.deleteMembership(trx, officialId, unitId, role);
        await audit.record(trx, {
          actor,
          agencyId: unitId,
          action: 'org.membership.revoke',
          objectType: 'org.official',
          objectId: officialId,
          before: { unitId, role },
          after: null,
          details: { unitId, role },
        });
      });
    },

    async officialsOfUnit(principal: Principal, unitId: string) {
      await requireUnit(unitId);
      requireRole(principal, ['agency_admin', 'city_admin', 'auditor'], unitId);
      const rows = await store.officialsOfUnit(unitId);
      const byId = new Map<
        string,
        {
          id: string;
          fullName: string;
          email: string | null;
          titleVi: string | null;
          titleEn: string | null;
          demo: boolean;
          roles: Role[];
        }
      >();
      for (const row of rows) {
        const entry = byId.get(row.id) ?? {
          id: row.id,
          fullName: row.full_name,
          email: row.email,
          titleVi: row.title_vi,
          titleEn: row.title_en,
          demo: row.demo,
          roles: [],
        };
        entry.roles.push(row.role as Role);
        byId.set(row.id, entry);
      }
      return [...byId.values()];
    },

    /**
     * For the system (jobs, notifications), not for requests: who holds `role` at `unitId` itself,
     * and with `includeCity` also those holding it at the city (whose roles reach every unit).
     * Each person once, by name; empty for a unit nobody (or nothing) matches.
     */
    async officialsWithRole(
      unitId: string,
      role: Role,
      options: { includeCity?: boolean } = {},
    ): Promise<{ id: string; fullName: string; email: string | null }[]> {
      const units = options.includeCity && unitId !== CITY_UNIT_ID ? [unitId, CITY_UNIT_ID] : [unitId];
      return (await store.officialsWithRole(units, role)).map((row) => ({
        id: row.id,
        fullName: row.full_name,
        email: row.email,
      }));
    },

    async official(officialId: string) {
      const row = await store.official(officialId);
      if (!row) return null;
      const memberships = (await store.membershipsOf(officialId)).map((m) => ({
        unitId: m.unit_id,
        role: m.role as Role,
      }));
      return {
        id: row.id,
        fullName: row.full_name,
        email: row.email,
        titleVi: row.title_vi,
        titleEn: row.title_en,
        demo: row.demo,
        memberships,
      };
    },

    countOfficials: () => store.countOfficials(),
    /** Officials registered before `before` (all, and demo ones) with the SQL that counted them. */
    officialCounts: (before: Date) => store.officialCounts(before),
    today: () => clock.today(),
  };
}

export type OrgService = ReturnType<typeof createOrgService>;
