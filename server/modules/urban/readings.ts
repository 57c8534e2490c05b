import { sql, type Transaction } from 'kysely';

/** One observed value of one attribute of one entity. */
export type ReadingInput = { entityId: string; attr: string; observedAt: Date; value: unknown };

const ROWS_PER_INSERT = 1000;

/**
 * Stores readings in `urban.readings`, each once per entity, attribute and observation time: a
 * redelivered or duplicated reading changes nothing. Finite numbers go to `num` (aggregations),
 * anything else to `value`. The MQTT ingestion and the NGSI-LD temporal API both write through here.
 * Answers how many readings were new.
 */
export async function insertReadings(
  trx: Transaction<unknown>,
  readings: ReadingInput[],
  receivedAt: Date,
): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < readings.length; start += ROWS_PER_INSERT) {
    const values = sql.join(
      readings.slice(start, start + ROWS_PER_INSERT).map((reading) => {
        const numeric = typeof reading.value === 'number' && Number.isFinite(reading.value);
        const value = numeric || reading.value === null || reading.value === undefined ? null : reading.value;
        return sql`(${reading.entityId}, ${reading.attr}, ${reading.observedAt}::timestamptz, ${
          numeric ? reading.value : null
        }::float8, ${value === null ? null : JSON.stringify(value)}::jsonb, ${receivedAt}::timestamptz)`;
      }),
    );
    const result = await sql`
      insert into urban.readings (entity_id, attr, observed_at, num, value, received_at)
      values ${values} on conflict (entity_id, attr, observed_at) do nothing`.execute(trx);
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
