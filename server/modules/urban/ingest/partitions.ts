import type { Logger } from 'pino';
import type { Database } from '../../../platform/db/database.ts';

/**
 * Monthly partitions of urban.readings (`urban.readings_yYYYYmMM`, UTC months), made ahead for the
 * current and the next month. When the default partition already holds rows of a month, the
 * partition cannot be attached (PostgreSQL refuses); those months stay in the default partition,
 * which is correct, only slower, and is logged.
 */
const pad = (n: number) => String(n).padStart(2, '0');

export function monthPartition(year: number, month: number) {
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return {
    name: `urban.readings_y${year}m${pad(month)}`,
    from: `${year}-${pad(month)}-01T00:00:00Z`,
    to: `${next.year}-${pad(next.month)}-01T00:00:00Z`,
  };
}

export async function ensureMonthPartitions(database: Database, now: Date, log: Logger): Promise<string[]> {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  const months = [
    monthPartition(year, month),
    monthPartition(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1),
  ];
  const made: string[] = [];
  for (const partition of months) {
    try {
      // Names and bounds come from integers above, never from input.
      await database.runScript(
        `create table if not exists ${partition.name} partition of urban.readings for values from ('${partition.from}') to ('${partition.to}')`,
      );
      made.push(partition.name);
    } catch (error) {
      log.warn(
        { err: error, partition: partition.name },
        'monthly readings partition not created; the default partition keeps its rows',
      );
    }
  }
  return made;
}
