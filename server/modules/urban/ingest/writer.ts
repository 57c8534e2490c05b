import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../../platform/db/database.ts';
import type { EntityChange } from '../changes.ts';
import { insertReadings, replacesLatest } from '../readings.ts';
import type { Reading } from './payload.ts';

/**
 * One batch in one transaction: readings (`on conflict do nothing`: a redelivered or duplicated
 * reading changes nothing), each entity's latest value per attribute when the reading is newer than
 * the stored `observedAt`, and the dead letters. Returns the entity changes to announce after commit.
 */
export type Accepted = { entityId: string; entityType: string; simulated: boolean; readings: Reading[] };
export type DeadLetter = { topic: string; deviceId: string | null; payload: Buffer; reason: string };
export type Batch = { accepted: Accepted[]; dead: DeadLetter[]; receivedAt: Date };

type Tables = {
  'urban.dead_letters': {
    topic: string;
    device_id: string | null;
    payload: string;
    reason: string;
    received_at: Date;
  };
  'urban.entities': {
    id: string;
    type: string;
    attrs: string;
    simulated: boolean;
    created_at: Date;
    modified_at: Date;
  };
};

const MAX_DEAD_PAYLOAD = 64 * 1024;

type Attribute = {
  type?: string;
  value?: unknown;
  observedAt?: string;
  createdAt?: string;
  [key: string]: unknown;
};

/** Latest reading per entity and attribute within the batch. */
function latestByEntity(accepted: Accepted[]) {
  const entities = new Map<string, { type: string; simulated: boolean; latest: Map<string, Reading> }>();
  for (const message of accepted) {
    let entry = entities.get(message.entityId);
    if (!entry) {
      entry = { type: message.entityType, simulated: message.simulated, latest: new Map() };
      entities.set(message.entityId, entry);
    }
    for (const reading of message.readings) {
      const held = entry.latest.get(reading.attr);
      if (!held || reading.observedAt > held.observedAt) entry.latest.set(reading.attr, reading);
    }
  }
  return entities;
}

async function updateLatest(
  trx: Transaction<Tables>,
  accepted: Accepted[],
  now: Date,
): Promise<EntityChange[]> {
  const entities = latestByEntity(accepted);
  if (entities.size === 0) return [];
  const ids = [...entities.keys()].sort();
  // An entity deleted through the NGSI-LD API comes back when its device reports again.
  await trx
    .insertInto('urban.entities')
    .values(
      ids.map((id) => ({
        id,
        type: entities.get(id)!.type,
        attrs: '{}',
        simulated: entities.get(id)!.simulated,
        created_at: now,
        modified_at: now,
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  // Locked in id order, so concurrent workers never deadlock on the same entities.
  const rows = await sql<{ id: string; type: string; attrs: Record<string, Attribute> }>`
    select id, type, attrs from urban.entities where id in (${sql.join(ids)}) order by id for update`.execute(
    trx,
  );
  const stamp = now.toISOString();
  const changes: EntityChange[] = [];
  const updates: { id: string; attrs: Record<string, Attribute> }[] = [];
  for (const row of rows.rows) {
    const attrs = { ...row.attrs };
    const changed: string[] = [];
    for (const [attr, reading] of entities.get(row.id)!.latest) {
      const held = attrs[attr];
      if (!replacesLatest(held, reading.observedAt)) continue;
      attrs[attr] = {
        ...(held?.type === 'Property' ? held : {}),
        type: 'Property',
        value: reading.value,
        observedAt: reading.observedAt.toISOString(),
        createdAt: typeof held?.createdAt === 'string' ? held.createdAt : stamp,
        modifiedAt: stamp,
      };
      changed.push(attr);
    }
    if (changed.length === 0) continue;
    updates.push({ id: row.id, attrs });
    changes.push({ entityId: row.id, type: row.type, attrs: changed, kind: 'updated', at: now });
  }
  if (updates.length > 0) {
    await sql`
      update urban.entities as e set attrs = v.attrs::jsonb, modified_at = ${stamp}::timestamptz
      from (values ${sql.join(updates.map((u) => sql`(${u.id}, ${JSON.stringify(u.attrs)})`))}) as v(id, attrs)
      where e.id = v.id`.execute(trx);
  }
  return changes;
}

export async function writeBatch(database: Database, batch: Batch): Promise<EntityChange[]> {
  const db = database.db as Kysely<Tables>;
  const readings = batch.accepted.flatMap((message) =>
    message.readings.map((reading) => ({ entityId: message.entityId, ...reading })),
  );
  return db.transaction().execute(async (trx) => {
    await insertReadings(trx as Transaction<unknown>, readings, batch.receivedAt);
    if (batch.dead.length > 0) {
      await trx
        .insertInto('urban.dead_letters')
        .values(
          batch.dead.map((letter) => ({
            topic: letter.topic.slice(0, 1024),
            device_id: letter.deviceId,
            // Text columns refuse NUL; the payload is kept for reading, not for replay.
            payload: letter.payload
              .subarray(0, MAX_DEAD_PAYLOAD)
              .toString('utf8')
              .replaceAll('\u0000', '\uFFFD'),
            reason: letter.reason.slice(0, 1000),
            received_at: batch.receivedAt,
          })),
        )
        .execute();
    }
    return updateLatest(trx, batch.accepted, batch.receivedAt);
  });
}
