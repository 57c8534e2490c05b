import { type ColumnType, type Generated, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import type { BoundaryRecord, ReferenceData, SuccessionRecord, UnitRecord } from './org.reference.ts';
import type { Contact } from './org.schema.ts';

type UnitTable = UnitRecord & { contact: ColumnType<Contact, string | undefined, string> };
type OfficialTable = {
  id: string;
  full_name: string;
  email: string | null;
  phone: string | null;
  title_vi: string | null;
  title_en: string | null;
  demo: boolean;
  created_at: Generated<Date>;
};
type MembershipTable = { official_id: string; unit_id: string; role: string; granted_at: Generated<Date> };

type UnitRow = Selectable<UnitTable>;
type OfficialRow = Selectable<OfficialTable>;
type MembershipRow = Selectable<MembershipTable>;

export type OrgTables = {
  'org.units': UnitTable;
  'org.successions': SuccessionRecord;
  'org.boundaries': BoundaryRecord;
  'org.officials': OfficialTable;
  'org.memberships': MembershipTable;
  'org.reference_version': { id: boolean; content_hash: string; loaded_at: Date };
};

export type OrgDb = Kysely<OrgTables>;
export type OrgTrx = Transaction<OrgTables>;
export type { MembershipRow, OfficialRow, UnitRow };

/** Every statement the org module runs. */
export function createOrgStore(database: Database) {
  const db = database.db as OrgDb;

  const validAt = (at: string) =>
    sql<boolean>`valid_from <= ${at}::date and (valid_to is null or valid_to > ${at}::date)`;

  return {
    db,

    unitsValidAt(at: string, kind?: UnitRow['kind']): Promise<UnitRow[]> {
      let query = db.selectFrom('org.units').selectAll().where(validAt(at));
      if (kind) query = query.where('kind', '=', kind);
      return query.orderBy('kind').orderBy('name_vi').execute();
    },

    unit(id: string, executor: OrgDb | OrgTrx = db): Promise<UnitRow | undefined> {
      return executor.selectFrom('org.units').selectAll().where('id', '=', id).executeTakeFirst();
    },

    unitsByIds(ids: string[]): Promise<UnitRow[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('org.units').selectAll().where('id', 'in', ids).execute();
    },

    predecessorsOf(id: string): Promise<SuccessionRecord[]> {
      return db.selectFrom('org.successions').selectAll().where('successor_id', '=', id).execute();
    },

    successorsOf(id: string): Promise<SuccessionRecord[]> {
      return db.selectFrom('org.successions').selectAll().where('predecessor_id', '=', id).execute();
    },

    boundariesValidAt(at: string) {
      return db
        .selectFrom('org.boundaries as b')
        .innerJoin('org.units as u', 'u.id', 'b.unit_id')
        .select(['b.unit_id', 'b.geometry', 'b.source', 'u.name_vi', 'u.name_en', 'u.kind', 'u.codes'])
        .where(sql<boolean>`u.valid_from <= ${at}::date and (u.valid_to is null or u.valid_to > ${at}::date)`)
        .orderBy('b.unit_id')
        .execute();
    },

    updateContact(trx: OrgTrx, id: string, contact: Contact) {
      return trx
        .updateTable('org.units')
        .set({ contact: JSON.stringify(contact) })
        .where('id', '=', id)
        .execute();
    },

    /** Inserts reference rows that are missing and refreshes names and validity of existing ones. */
    async upsertReferenceData(trx: OrgTrx, data: ReferenceData) {
      const chunk = <T>(rows: T[], size = 200) =>
        Array.from({ length: Math.ceil(rows.length / size) }, (_, i) =>
          rows.slice(i * size, i * size + size),
        );
      // Parents first (the city), then the rest.
      const ordered = [...data.units].sort(
        (a, b) => Number(a.parent_id !== null) - Number(b.parent_id !== null),
      );
      for (const rows of chunk(ordered)) {
        await trx
          .insertInto('org.units')
          .values(
            rows.map((row) => ({
              ...row,
              codes: JSON.stringify(row.codes) as unknown as Record<string, string>,
            })),
          )
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              kind: eb.ref('excluded.kind'),
              name_vi: eb.ref('excluded.name_vi'),
              name_en: eb.ref('excluded.name_en'),
              short_name_vi: eb.ref('excluded.short_name_vi'),
              parent_id: eb.ref('excluded.parent_id'),
              valid_from: eb.ref('excluded.valid_from'),
              valid_to: eb.ref('excluded.valid_to'),
              codes: eb.ref('excluded.codes'),
              area_km2: eb.ref('excluded.area_km2'),
              note_vi: eb.ref('excluded.note_vi'),
              note_en: eb.ref('excluded.note_en'),
            })),
          )
          .execute();
      }
      for (const rows of chunk(data.successions)) {
        await trx
          .insertInto('org.successions')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['predecessor_id', 'successor_id']).doUpdateSet((eb) => ({
              effective_on: eb.ref('excluded.effective_on'),
              kind: eb.ref('excluded.kind'),
              share_pct: eb.ref('excluded.share_pct'),
              basis: eb.ref('excluded.basis'),
              note_vi: eb.ref('excluded.note_vi'),
              note_en: eb.ref('excluded.note_en'),
            })),
          )
          .execute();
      }
      for (const rows of chunk(data.boundaries, 20)) {
        await trx
          .insertInto('org.boundaries')
          .values(rows.map((row) => ({ ...row, geometry: JSON.stringify(row.geometry) })))
          .onConflict((oc) =>
            oc.column('unit_id').doUpdateSet((eb) => ({
              geometry: eb.ref('excluded.geometry'),
              source: eb.ref('excluded.source'),
            })),
          )
          .execute();
      }
    },

    async referenceHash(trx: OrgTrx): Promise<string | null> {
      const row = await trx.selectFrom('org.reference_version').select('content_hash').executeTakeFirst();
      return row?.content_hash ?? null;
    },

    setReferenceHash(trx: OrgTrx, hash: string) {
      return trx
        .insertInto('org.reference_version')
        .values({ id: true, content_hash: hash, loaded_at: new Date() })
        .onConflict((oc) => oc.column('id').doUpdateSet({ content_hash: hash, loaded_at: new Date() }))
        .execute();
    },

    official(id: string, executor: OrgDb | OrgTrx = db) {
      return executor.selectFrom('org.officials').selectAll().where('id', '=', id).executeTakeFirst();
    },

    insertOfficial(trx: OrgTrx, row: Omit<OfficialRow, 'created_at'>) {
      return trx.insertInto('org.officials').values(row).execute();
    },

    membershipsOf(officialId: string): Promise<MembershipRow[]> {
      return db.selectFrom('org.memberships').selectAll().where('official_id', '=', officialId).execute();
    },

    officialsOfUnit(unitId: string) {
      return db
        .selectFrom('org.memberships as m')
        .innerJoin('org.officials as o', 'o.id', 'm.official_id')
        .select(['o.id', 'o.full_name', 'o.email', 'o.title_vi', 'o.title_en', 'o.demo', 'm.role'])
        .where('m.unit_id', '=', unitId)
        .orderBy('o.full_name')
        .execute();
    },

    /** Officials holding `role` at any of `unitIds` (each person once), by name. */
    officialsWithRole(unitIds: string[], role: string) {
      return db
        .selectFrom('org.memberships as m')
        .innerJoin('org.officials as o', 'o.id', 'm.official_id')
        .select(['o.id', 'o.full_name', 'o.email'])
        .distinct()
        .where('m.unit_id', 'in', unitIds)
        .where('m.role', '=', role)
        .orderBy('o.full_name')
        .orderBy('o.id')
        .execute();
    },

    membership(trx: OrgTrx, officialId: string, unitId: string, role: string) {
      return trx
        .selectFrom('org.memberships')
        .selectAll()
        .where('official_id', '=', officialId)
        .where('unit_id', '=', unitId)
        .where('role', '=', role)
        .executeTakeFirst();
    },

    insertMembership(trx: OrgTrx, row: Omit<MembershipRow, 'granted_at'>) {
      return trx
        .insertInto('org.memberships')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .execute();
    },

    deleteMembership(trx: OrgTrx, officialId: string, unitId: string, role: string) {
      return trx
        .deleteFrom('org.memberships')
        .where('official_id', '=', officialId)
        .where('unit_id', '=', unitId)
        .where('role', '=', role)
        .executeTakeFirst();
    },

    /** Officials in the register created before `before`, how many are demo people, and the SQL (KPI provenance). */
    async officialCounts(before: Date) {
      const query = db
        .selectFrom('org.officials')
        .select((eb) => [
          eb.fn.countAll<number>().as('total'),
          sql<number>`count(*) filter (where demo)`.as('demo'),
        ])
        .where('created_at', '<', before);
      const compiled = query.compile();
      const row = await query.executeTakeFirstOrThrow();
      return {
        total: Number(row.total),
        demo: Number(row.demo),
        sql: compiled.sql,
        parameters: compiled.parameters,
      };
    },

    countOfficials(): Promise<number> {
      return db
        .selectFrom('org.officials')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
        .then((row) => Number(row.n));
    },
  };
}

export type OrgStore = ReturnType<typeof createOrgStore>;
