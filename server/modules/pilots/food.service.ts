import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/principal.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import {
  containsPattern,
  fold,
  type PilotDeps,
  REGISTRY_ROLES,
  requireAgency,
  requireScope,
  requireWard,
} from './common.ts';

/**
 * Food-safety pilot: establishments, their inspections and their certificates of food-safety
 * eligibility. A certificate is valid, expired (past its expiry date) or revoked; its public page is
 * what the QR code printed on it opens.
 */
export const establishmentKinds = ['restaurant', 'street_food', 'canteen', 'processing', 'retail'] as const;
export type EstablishmentKind = (typeof establishmentKinds)[number];
export const inspectionResults = ['pass', 'remarks', 'fail'] as const;
export const certificateStatuses = ['valid', 'expired', 'revoked', 'none'] as const;
export type CertificateStatus = (typeof certificateStatuses)[number];
export const CERTIFICATE_PROCEDURE = {
  code: 'cap-giay-chung-nhan-atttp',
  name: {
    vi: 'Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm',
    en: 'Certificate of food-safety eligibility',
  },
  url: '/dich-vu-cong/cap-giay-chung-nhan-atttp',
};

type EstablishmentRow = {
  id: string;
  name: string;
  kind: EstablishmentKind;
  address: string;
  unit_id: string;
  agency_id: string;
  demo: boolean;
  certificate_id: string | null;
  issued_on: string | null;
  expires_on: string | null;
  revoked_on: string | null;
  revoke_reason: string | null;
  last_inspected_on: string | null;
  last_result: string | null;
};
type InspectionRow = { id: string; inspected_on: string; result: string; note: string | null; demo: boolean };

/** The status a certificate has on `today`. */
export function certificateStatus(
  cert: { revoked_on: string | null; expires_on: string | null } | null,
  today: string,
): CertificateStatus {
  if (!cert?.expires_on) return 'none';
  if (cert.revoked_on) return 'revoked';
  return cert.expires_on < today ? 'expired' : 'valid';
}

const statusSql = (
  today: string,
) => sql`case when c.id is null then 'none' when c.revoked_on is not null then 'revoked'
  when c.expires_on < ${today} then 'expired' else 'valid' end`;

// Each establishment with its newest certificate and newest inspection.
const establishmentSelect = sql`
  select e.*, c.id as certificate_id, c.issued_on, c.expires_on, c.revoked_on, c.revoke_reason,
    i.inspected_on as last_inspected_on, i.result as last_result
  from pilots.establishments e
  left join lateral (select * from pilots.certificates where establishment_id = e.id
    order by issued_on desc, created_at desc limit 1) c on true
  left join lateral (select * from pilots.inspections where establishment_id = e.id
    order by inspected_on desc, created_at desc limit 1) i on true`;

function toEstablishment(row: EstablishmentRow, today: string) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    address: row.address,
    unitId: row.unit_id,
    agencyId: row.agency_id,
    demo: row.demo,
    certificate: row.certificate_id
      ? {
          id: row.certificate_id,
          issuedOn: row.issued_on,
          expiresOn: row.expires_on,
          status: certificateStatus(row, today),
          revokedOn: row.revoked_on,
          revokeReason: row.revoke_reason,
        }
      : null,
    status: certificateStatus(row, today),
    lastInspection: row.last_inspected_on ? { on: row.last_inspected_on, result: row.last_result } : null,
  };
}

export function createFoodSafetyService(deps: PilotDeps) {
  const { db, audit, clock, org } = deps;

  async function establishmentRow(id: string) {
    const { rows } = await sql<EstablishmentRow>`${establishmentSelect} where e.id = ${id}`.execute(db);
    if (!rows[0]) throw notFound({ vi: `cơ sở ${id}`, en: `Establishment ${id}` });
    return rows[0];
  }

  async function inspections(establishmentId: string) {
    const { rows } =
      await sql<InspectionRow>`select id, inspected_on, result, note, demo from pilots.inspections
      where establishment_id = ${establishmentId} order by inspected_on desc, created_at desc limit 20`.execute(
        db,
      );
    return rows.map((row) => ({
      id: row.id,
      inspectedOn: row.inspected_on,
      result: row.result,
      note: row.note,
      demo: row.demo,
    }));
  }

  const service = {
    async search(query: {
      q?: string;
      unitId?: string;
      kind?: EstablishmentKind;
      status?: CertificateStatus;
      limit: number;
      offset: number;
    }) {
      const today = clock.today();
      const where = [sql`true`];
      if (query.q) where.push(sql`e.search like ${containsPattern(query.q)}`);
      if (query.unitId) where.push(sql`e.unit_id = ${query.unitId}`);
      if (query.kind) where.push(sql`e.kind = ${query.kind}`);
      if (query.status) where.push(sql`${statusSql(today)} = ${query.status}`);
      const condition = sql.join(where, sql` and `);
      const [{ rows }, total] = await Promise.all([
        sql<EstablishmentRow>`${establishmentSelect} where ${condition}
          order by e.name, e.id limit ${query.limit} offset ${query.offset}`.execute(db),
        sql<{
          n: number;
        }>`select count(*)::int as n from (${establishmentSelect} where ${condition}) x`.execute(db),
      ]);
      return { total: total.rows[0]?.n ?? 0, items: rows.map((row) => toEstablishment(row, today)) };
    },

    async establishment(id: string) {
      const row = await establishmentRow(id);
      return { ...toEstablishment(row, clock.today()), inspections: await inspections(id) };
    },

    /** The public page a certificate's QR code opens: the certificate, its holder and recent inspections. */
    async certificate(id: string) {
      const { rows } = await sql<{
        id: string;
        establishment_id: string;
        issued_on: string;
        expires_on: string;
        revoked_on: string | null;
        revoke_reason: string | null;
        agency_id: string;
        demo: boolean;
      }>`select * from pilots.certificates where id = ${id}`.execute(db);
      const cert = rows[0];
      if (!cert) throw notFound({ vi: `giấy chứng nhận ${id}`, en: `Certificate ${id}` });
      const holder = await service.establishment(cert.establishment_id);
      return {
        id: cert.id,
        issuedOn: cert.issued_on,
        expiresOn: cert.expires_on,
        revokedOn: cert.revoked_on,
        revokeReason: cert.revoke_reason,
        status: certificateStatus(cert, clock.today()),
        // A newer certificate supersedes this one: say so rather than show it as current.
        current: holder.certificate?.id === cert.id,
        issuedBy: cert.agency_id,
        demo: cert.demo,
        establishment: holder,
        procedure: CERTIFICATE_PROCEDURE,
      };
    },

    async createEstablishment(
      actor: Actor,
      input: {
        id: string;
        name: string;
        kind: EstablishmentKind;
        address: string;
        unitId: string;
        agencyId?: string;
      },
    ) {
      const agencyId = input.agencyId ?? input.unitId;
      requireScope(actor, REGISTRY_ROLES, { agencyId, unitId: input.unitId });
      const today = clock.today();
      await requireWard(org, input.unitId, today);
      await requireAgency(org, agencyId, today);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const taken = await sql`select 1 from pilots.establishments where id = ${input.id}`.execute(trx);
        if (taken.rows.length > 0)
          throw conflict({ vi: `Cơ sở ${input.id} đã có.`, en: `Establishment ${input.id} already exists.` });
        await sql`insert into pilots.establishments (id, name, kind, address, unit_id, agency_id, search, demo, created_at, modified_at)
          values (${input.id}, ${input.name}, ${input.kind}, ${input.address}, ${input.unitId}, ${agencyId},
            ${fold(`${input.name} ${input.address}`)}, false, ${now}, ${now})`.execute(trx);
        await audit.record(trx, {
          actor,
          agencyId,
          action: 'pilots.establishment.create',
          objectType: 'pilots.establishment',
          objectId: input.id,
          after: input,
        });
      });
      return service.establishment(input.id);
    },

    async recordInspection(
      actor: Actor,
      establishmentId: string,
      input: { inspectedOn: string; result: (typeof inspectionResults)[number]; note?: string },
    ) {
      const row = await establishmentRow(establishmentId);
      requireScope(actor, REGISTRY_ROLES, { agencyId: row.agency_id, unitId: row.unit_id });
      if (input.inspectedOn > clock.today())
        throw new AppError('unprocessable', {
          vi: 'Ngày kiểm tra không được ở tương lai.',
          en: 'The inspection date cannot be in the future.',
        });
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        await sql`insert into pilots.inspections (id, establishment_id, inspected_on, result, note, agency_id, demo, created_at)
          values (${id}, ${establishmentId}, ${input.inspectedOn}, ${input.result}, ${input.note ?? null},
            ${row.agency_id}, false, ${clock.now()})`.execute(trx);
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          action: 'pilots.inspection.create',
          objectType: 'pilots.inspection',
          objectId: id,
          after: { establishmentId, ...input },
        });
      });
      return service.establishment(establishmentId);
    },

    async issueCertificate(
      actor: Actor,
      establishmentId: string,
      input: { id: string; issuedOn: string; expiresOn: string },
    ) {
      const row = await establishmentRow(establishmentId);
      requireScope(actor, REGISTRY_ROLES, { agencyId: row.agency_id, unitId: row.unit_id });
      if (input.expiresOn <= input.issuedOn)
        throw new AppError('unprocessable', {
          vi: 'Ngày hết hạn phải sau ngày cấp.',
          en: 'The expiry date must be after the issue date.',
        });
      await db.transaction().execute(async (trx) => {
        const taken = await sql`select 1 from pilots.certificates where id = ${input.id}`.execute(trx);
        if (taken.rows.length > 0)
          throw conflict({
            vi: `Giấy chứng nhận ${input.id} đã có.`,
            en: `Certificate ${input.id} already exists.`,
          });
        await sql`insert into pilots.certificates (id, establishment_id, issued_on, expires_on, agency_id, demo, created_at)
          values (${input.id}, ${establishmentId}, ${input.issuedOn}, ${input.expiresOn}, ${row.agency_id}, false, ${clock.now()})`.execute(
          trx,
        );
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          action: 'pilots.certificate.issue',
          objectType: 'pilots.certificate',
          objectId: input.id,
          after: { establishmentId, ...input },
        });
      });
      return service.certificate(input.id);
    },

    async revokeCertificate(actor: Actor, id: string, input: { reason: string }) {
      const cert = await service.certificate(id);
      const row = await establishmentRow(cert.establishment.id);
      requireScope(actor, REGISTRY_ROLES, { agencyId: row.agency_id, unitId: row.unit_id });
      if (cert.revokedOn)
        throw conflict({
          vi: `Giấy chứng nhận ${id} đã bị thu hồi.`,
          en: `Certificate ${id} is already revoked.`,
        });
      const today = clock.today();
      await db.transaction().execute(async (trx) => {
        await sql`update pilots.certificates set revoked_on = ${today}, revoke_reason = ${input.reason}
          where id = ${id}`.execute(trx);
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          action: 'pilots.certificate.revoke',
          objectType: 'pilots.certificate',
          objectId: id,
          before: { status: cert.status },
          after: { status: 'revoked', revokedOn: today },
          details: { reason: input.reason },
        });
      });
      return service.certificate(id);
    },

    /** Open-data aggregate: establishments per ward, kind and certificate status (today). */
    async aggregate() {
      const today = clock.today();
      const { rows } = await sql<{
        unit_id: string;
        kind: string;
        status: string;
        establishments: number;
        demo: boolean;
      }>`
        select unit_id, kind, status, count(*)::int as establishments, bool_or(demo) as demo
        from (select e.unit_id, e.kind, e.demo, ${statusSql(today)} as status
          from pilots.establishments e
          left join lateral (select * from pilots.certificates where establishment_id = e.id
            order by issued_on desc, created_at desc limit 1) c on true) x
        group by unit_id, kind, status order by unit_id, kind, status`.execute(db);
      return rows;
    },
  };
  return service;
}

export type FoodSafetyService = ReturnType<typeof createFoodSafetyService>;
