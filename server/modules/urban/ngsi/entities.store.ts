import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Geometry } from './geo.ts';
import { representativePoint } from './geo.ts';
import type { StoredAttribute, StoredEntity } from './representation.ts';

/** All SQL of urban.entities for the NGSI-LD API (the ingest worker writes the same table). */
export type EntityRow = {
  id: string;
  type: string;
  attrs: Record<string, StoredAttribute>;
  location: Geometry | null;
  lon: number | null;
  lat: number | null;
  simulated: boolean;
  created_at: Date;
  modified_at: Date;
};
export type UrbanTables = { 'urban.entities': EntityRow };
export type UrbanDb = Kysely<UrbanTables> | Transaction<UrbanTables>;

const parseJson = <T>(value: unknown): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : (value as T);

export function toStoredEntity(row: EntityRow): StoredEntity {
  return {
    id: row.id,
    type: row.type,
    attrs: parseJson<Record<string, StoredAttribute>>(row.attrs) ?? {},
    location: parseJson<Geometry | null>(row.location),
    createdAt: new Date(row.created_at),
    modifiedAt: new Date(row.modified_at),
  };
}

const point = (location: Geometry | null) =>
  location ? representativePoint(location) : { lon: null, lat: null };

export async function findEntity(
  db: UrbanDb,
  id: string,
  forUpdate = false,
): Promise<StoredEntity | undefined> {
  let query = db.selectFrom('urban.entities').selectAll().where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toStoredEntity(row) : undefined;
}

/** Inserts unless the id exists; true when inserted. */
export async function insertEntity(db: UrbanDb, entity: StoredEntity): Promise<boolean> {
  const { lon, lat } = point(entity.location);
  const inserted = await db
    .insertInto('urban.entities')
    .values({
      id: entity.id,
      type: entity.type,
      attrs: JSON.stringify(entity.attrs) as never,
      location: (entity.location ? JSON.stringify(entity.location) : null) as never,
      lon,
      lat,
      simulated: false,
      created_at: entity.createdAt,
      modified_at: entity.modifiedAt,
    })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function saveEntity(db: UrbanDb, entity: StoredEntity): Promise<void> {
  const { lon, lat } = point(entity.location);
  await db
    .updateTable('urban.entities')
    .set({
      attrs: JSON.stringify(entity.attrs) as never,
      location: (entity.location ? JSON.stringify(entity.location) : null) as never,
      lon,
      lat,
      modified_at: entity.modifiedAt,
    })
    .where('id', '=', entity.id)
    .execute();
}

export async function deleteEntityRow(db: UrbanDb, id: string): Promise<StoredEntity | undefined> {
  const row = await db.deleteFrom('urban.entities').where('id', '=', id).returningAll().executeTakeFirst();
  return row ? toStoredEntity(row) : undefined;
}

/** One page of entities matching a condition, ordered by id, with the total when asked. */
export async function selectEntities(
  db: UrbanDb,
  where: RawBuilder<boolean>,
  page: { limit: number; offset: number; count: boolean },
): Promise<{ entities: StoredEntity[]; total: number | null }> {
  const rows =
    page.limit === 0
      ? []
      : (
          await sql<EntityRow>`select * from urban.entities where ${where} order by id limit ${page.limit} offset ${page.offset}`.execute(
            db,
          )
        ).rows;
  let total: number | null = null;
  if (page.count) {
    const counted = await sql<{
      n: number;
    }>`select count(*)::int as n from urban.entities where ${where}`.execute(db);
    total = Number(counted.rows[0]?.n ?? 0);
  }
  return { entities: rows.map(toStoredEntity), total };
}

/** Types with their attributes (expanded) and entity counts, for the discovery endpoints. */
export async function typeAttributeStats(db: UrbanDb) {
  const result = await sql<{ type: string; attr: string | null; attr_type: string | null; n: number }>`
    select e.type, a.key as attr, a.value ->> 'type' as attr_type, count(*)::int as n
    from urban.entities e left join lateral jsonb_each(e.attrs) a on true
    group by e.type, a.key, a.value ->> 'type'
    union all
    select type, 'https://uri.etsi.org/ngsi-ld/location', 'GeoProperty', count(*)::int
    from urban.entities where location is not null group by type
    order by 1, 2`.execute(db);
  const counts = await sql<{ type: string; n: number }>`
    select type, count(*)::int as n from urban.entities group by type order by type`.execute(db);
  return { attributes: result.rows, entityCounts: counts.rows };
}
