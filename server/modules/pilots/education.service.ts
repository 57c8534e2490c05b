import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/principal.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import {
  containsPattern,
  fold,
  iso,
  type PilotDeps,
  REGISTRY_ROLES,
  requireAgency,
  requireScope,
  requireWard,
  wardsById,
} from './common.ts';

/**
 * Education pilot: public schools and the wards, communes or streets their catchment covers, and
 * the lookup "which school serves this address". Enrolment itself is the services catalogue's
 * procedure `tuyen-sinh-lop-1`, linked from every answer.
 */
export const schoolLevels = ['preschool', 'primary', 'lower_secondary'] as const;
export type SchoolLevel = (typeof schoolLevels)[number];
export const ENROLMENT_PROCEDURE = {
  code: 'tuyen-sinh-lop-1',
  name: { vi: 'Tuyển sinh trực tuyến vào lớp 1', en: 'Online enrolment in grade 1' },
  url: '/dich-vu-cong/tuyen-sinh-lop-1',
};

type SchoolRow = {
  id: string;
  name: string;
  level: SchoolLevel;
  address: string;
  unit_id: string;
  agency_id: string;
  phone: string | null;
  demo: boolean;
  created_at: Date;
};
type CatchmentRow = { id: string; school_id: string; unit_id: string; street: string | null; demo: boolean };

export type SchoolInput = {
  id: string;
  name: string;
  level: SchoolLevel;
  address: string;
  unitId: string;
  agencyId?: string;
  phone?: string;
};

const toSchool = (row: SchoolRow) => ({
  id: row.id,
  name: row.name,
  level: row.level,
  address: row.address,
  unitId: row.unit_id,
  agencyId: row.agency_id,
  phone: row.phone,
  demo: row.demo,
  createdAt: iso(row.created_at),
});
const toCatchment = (row: CatchmentRow) => ({
  id: row.id,
  schoolId: row.school_id,
  unitId: row.unit_id,
  street: row.street,
  demo: row.demo,
});

export function createEducationService(deps: PilotDeps) {
  const { db, audit, clock, org } = deps;

  async function school(id: string) {
    const { rows } = await sql<SchoolRow>`select * from pilots.schools where id = ${id}`.execute(db);
    if (!rows[0]) throw notFound({ vi: `trường ${id}`, en: `School ${id}` });
    return rows[0];
  }

  /** The ward or commune whose name (without "Phường"/"Xã") occurs in a free-text address, longest first. */
  async function wardOfAddress(address: string) {
    const folded = ` ${fold(address).replace(/[^a-z0-9 ]/g, ' ')} `;
    const wards = [...(await wardsById(org, clock.today())).values()]
      .map((unit) => ({ unit, key: fold(unit.nameVi).replace(/^(phuong|xa) /, '') }))
      .filter(({ key }) => folded.includes(` ${key} `))
      .sort((a, b) => b.key.length - a.key.length);
    return wards[0]?.unit ?? null;
  }

  const service = {
    async listSchools(query: {
      unitId?: string;
      level?: SchoolLevel;
      q?: string;
      limit: number;
      offset: number;
    }) {
      const where = [sql`true`];
      if (query.unitId) where.push(sql`unit_id = ${query.unitId}`);
      if (query.level) where.push(sql`level = ${query.level}`);
      if (query.q) where.push(sql`search like ${containsPattern(query.q)}`);
      const condition = sql.join(where, sql` and `);
      const [{ rows }, total] = await Promise.all([
        sql<SchoolRow>`select * from pilots.schools where ${condition}
          order by name, id limit ${query.limit} offset ${query.offset}`.execute(db),
        sql<{ n: number }>`select count(*)::int as n from pilots.schools where ${condition}`.execute(db),
      ]);
      return { total: total.rows[0]?.n ?? 0, items: rows.map(toSchool) };
    },

    async school(id: string) {
      const row = await school(id);
      const { rows } = await sql<CatchmentRow>`
        select * from pilots.catchments where school_id = ${id} order by unit_id, street nulls first`.execute(
        db,
      );
      return { ...toSchool(row), catchments: rows.map(toCatchment), enrolment: ENROLMENT_PROCEDURE };
    },

    /**
     * Schools whose catchment covers the ward or commune (whole-ward catchments) and, when a street
     * is given, that street. A free-text address is resolved to its ward by name when no id is given.
     */
    async lookup(query: { unitId?: string; address?: string; street?: string; level?: SchoolLevel }) {
      const wards = await wardsById(org, clock.today());
      const unit = query.unitId
        ? wards.get(query.unitId)
        : query.address
          ? await wardOfAddress(query.address)
          : null;
      if (!unit)
        throw new AppError('unprocessable', {
          vi: query.unitId
            ? `${query.unitId} không phải phường, xã đang có hiệu lực.`
            : 'Không xác định được phường, xã từ địa chỉ. Hãy chọn phường, xã.',
          en: query.unitId
            ? `${query.unitId} is not a current ward or commune.`
            : 'Could not tell the ward or commune from the address. Choose one.',
        });
      const street = query.street ?? query.address;
      const foldedStreet = street ? fold(street) : null;
      const { rows } = await sql<SchoolRow & { street: string | null; street_folded: string | null }>`
        select s.*, c.street, c.street_folded from pilots.catchments c join pilots.schools s on s.id = c.school_id
        where c.unit_id = ${unit.id} ${query.level ? sql`and s.level = ${query.level}` : sql``}
        order by s.level, s.name`.execute(db);
      const matches = rows.filter(
        (row) => row.street_folded === null || foldedStreet?.includes(row.street_folded),
      );
      return {
        unit: { id: unit.id, nameVi: unit.nameVi, nameEn: unit.nameEn },
        streetMatched: matches.some((row) => row.street_folded !== null),
        items: matches.map((row) => ({ ...toSchool(row), coveredStreet: row.street })),
        enrolment: ENROLMENT_PROCEDURE,
      };
    },

    async createSchool(actor: Actor, input: SchoolInput) {
      const today = clock.today();
      const agencyId = input.agencyId ?? input.unitId;
      requireScope(actor, REGISTRY_ROLES, { agencyId, unitId: input.unitId });
      await requireWard(org, input.unitId, today);
      await requireAgency(org, agencyId, today);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const taken = await sql`select 1 from pilots.schools where id = ${input.id}`.execute(trx);
        if (taken.rows.length > 0)
          throw conflict({ vi: `Trường ${input.id} đã có.`, en: `School ${input.id} already exists.` });
        await sql`insert into pilots.schools (id, name, level, address, unit_id, agency_id, phone, search, demo, created_at, modified_at)
          values (${input.id}, ${input.name}, ${input.level}, ${input.address}, ${input.unitId}, ${agencyId},
            ${input.phone ?? null}, ${fold(`${input.name} ${input.address}`)}, false, ${now}, ${now})`.execute(
          trx,
        );
        await audit.record(trx, {
          actor,
          agencyId,
          action: 'pilots.school.create',
          objectType: 'pilots.school',
          objectId: input.id,
          after: input,
        });
      });
      return service.school(input.id);
    },

    async addCatchment(actor: Actor, schoolId: string, input: { unitId: string; street?: string }) {
      const row = await school(schoolId);
      requireScope(actor, REGISTRY_ROLES, { agencyId: row.agency_id, unitId: input.unitId });
      await requireWard(org, input.unitId, clock.today());
      const id = randomUUID();
      const street = input.street ?? null;
      const folded = street ? fold(street) : null;
      await db.transaction().execute(async (trx) => {
        const taken = await sql`select 1 from pilots.catchments where school_id = ${schoolId}
          and unit_id = ${input.unitId} and coalesce(street_folded, '') = ${folded ?? ''}`.execute(trx);
        if (taken.rows.length > 0)
          throw conflict({ vi: 'Địa bàn tuyển sinh này đã có.', en: 'This catchment already exists.' });
        await sql`insert into pilots.catchments (id, school_id, unit_id, street, street_folded, demo, created_at)
          values (${id}, ${schoolId}, ${input.unitId}, ${street}, ${folded}, false, ${clock.now()})`.execute(
          trx,
        );
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          action: 'pilots.catchment.create',
          objectType: 'pilots.catchment',
          objectId: id,
          after: { schoolId, ...input },
        });
      });
      return service.school(schoolId);
    },

    async removeCatchment(actor: Actor, schoolId: string, catchmentId: string) {
      const row = await school(schoolId);
      const { rows } = await sql<CatchmentRow>`
        select * from pilots.catchments where id = ${catchmentId} and school_id = ${schoolId}`.execute(db);
      const catchment = rows[0];
      if (!catchment) throw notFound({ vi: `địa bàn ${catchmentId}`, en: `Catchment ${catchmentId}` });
      requireScope(actor, REGISTRY_ROLES, { agencyId: row.agency_id, unitId: catchment.unit_id });
      await db.transaction().execute(async (trx) => {
        await sql`delete from pilots.catchments where id = ${catchmentId}`.execute(trx);
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          action: 'pilots.catchment.delete',
          objectType: 'pilots.catchment',
          objectId: catchmentId,
          before: toCatchment(catchment),
        });
      });
      return service.school(schoolId);
    },

    /** Open-data aggregate: schools and catchment entries per ward and level. */
    async aggregate() {
      const { rows } = await sql<{ unit_id: string; level: string; schools: number; demo: boolean }>`
        select unit_id, level, count(*)::int as schools, bool_or(demo) as demo
        from pilots.schools group by unit_id, level order by unit_id, level`.execute(db);
      return rows;
    },
  };
  return service;
}

export type EducationService = ReturnType<typeof createEducationService>;
