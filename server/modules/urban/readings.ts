import { sql, type Transaction } from 'kysely';

/** One observed value of one attribute of one entity. */
export type ReadingInput = { entityId: string; attr: string; observedAt: Date; value: unknown };

const ROWS_PER_INSERT = 5000;

/**
 * Stores readings in `urban.readings`, each once per entity, attribute and observation time: a
 * redelivered or duplicated reading changes nothing. Finite numbers go to `num` (aggregations),
 * anything else to `value`. The MQTT ingestion and the NGSI-LD temporal API both write through here.
 * The rows go as five arrays (`unnest`), not one parameter per value: PostgreSQL parses and plans
 * a statement of thousands of parameters for longer than it inserts them (bench/urban.bench.ts).
 * Answers how many readings were new.
 */
export async function insertReadings(
  trx: Transaction<unknown>,
  readings: ReadingInput[],
  receivedAt: Date,
): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < readings.length; start += ROWS_PER_INSERT) {
    const ids: string[] = [];
    const attrs: string[] = [];
    const times: string[] = [];
    const nums: (number | null)[] = [];
    const values: (string | null)[] = [];
    for (const reading of readings.slice(start, start + ROWS_PER_INSERT)) {
      const numeric = typeof reading.value === 'number' && Number.isFinite(reading.value);
      ids.push(reading.entityId);
      attrs.push(reading.attr);
      times.push(reading.observedAt.toISOString());
      nums.push(numeric ? (reading.value as number) : null);
      values.push(
        numeric || reading.value === null || reading.value === undefined
          ? null
          : JSON.stringify(reading.value),
      );
    }
    const result = await sql`
      insert into urban.readings (entity_id, attr, observed_at, num, value, received_at)
      select r.entity_id, r.attr, r.observed_at, r.num, r.value, ${receivedAt}::timestamptz
      from unnest(${ids}::text[], ${attrs}::text[], ${times}::timestamptz[], ${nums}::float8[], ${values}::jsonb[])
        as r(entity_id, attr, observed_at, num, value)
      on conflict (entity_id, attr, observed_at) do nothing`.execute(trx);
    inserted += Number(result.numAffectedRows ?? 0);
  }
  return inserted;
}

/**
 * Does a reading observed at `observedAt` replace an attribute's latest state? Only when strictly
 * newer: at the same instant the first stored reading wins, as in `urban.readings`.
 */
export function replacesLatest(held: { observedAt?: unknown } | undefined, observedAt: Date): boolean {
  return typeof held?.observedAt !== 'string' || observedAt.getTime() > Date.parse(held.observedAt);
}
