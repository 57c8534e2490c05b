import { type Kysely, sql } from 'kysely';
import { compactTerm, expandTerm } from '../terms.ts';
import type { Comparison, Condition } from './rules.ts';

/** An entity as the rules see it: its latest state and where it is (the unit of its device). */
export type WatchedEntity = {
  id: string;
  type: string;
  attrs: Record<string, { value?: unknown; observedAt?: string }>;
  lon: number | null;
  lat: number | null;
  simulated: boolean;
  created_at: Date;
  unit_id: string | null;
};

/** Whether the condition holds, and the observed values that made it so (by compact name). */
export type Outcome = { holds: boolean; values: Record<string, unknown> };

export function compare(left: unknown, op: Comparison, right: unknown): boolean {
  if (typeof left === 'number' && typeof right === 'number') {
    switch (op) {
      case '>':
        return left > right;
      case '>=':
        return left >= right;
      case '<':
        return left < right;
      case '<=':
        return left <= right;
      case '==':
        return left === right;
      case '!=':
        return left !== right;
    }
  }
  // Text and booleans only compare for (in)equality; a missing value never matches.
  if (left === undefined || left === null) return false;
  if (op === '==') return left === right;
  if (op === '!=') return left !== right;
  return false;
}

// biome-ignore lint/suspicious/noExplicitAny: urban tables through raw SQL.
type Db = Kysely<any>;

/** The change of `attr` over the last `windowMinutes` of its numeric readings (null: fewer than two). */
async function deltaOver(db: Db, entityId: string, attr: string, windowMinutes: number) {
  const { rows } = await sql<{ first: number | null; last: number | null; n: string | number }>`
    with last as (
      select max(observed_at) as t from urban.readings
      where entity_id = ${entityId} and attr = ${attr} and num is not null
    )
    select
      (array_agg(r.num order by r.observed_at asc))[1] as first,
      (array_agg(r.num order by r.observed_at desc))[1] as last,
      count(*) as n
    from urban.readings r, last
    where r.entity_id = ${entityId} and r.attr = ${attr} and r.num is not null
      and r.observed_at >= last.t - make_interval(mins => ${windowMinutes}) and r.observed_at <= last.t`.execute(
    db,
  );
  const row = rows[0];
  if (!row || Number(row.n) < 2 || row.first === null || row.last === null) return null;
  return Number(row.last) - Number(row.first);
}

/** When the entity last reported (`attr`, or anything); its creation when it never did. */
async function lastSeen(db: Db, entity: WatchedEntity, attr: string | undefined): Promise<Date> {
  const { rows } = await sql<{ t: Date | string | null }>`
    select max(observed_at) as t from urban.readings
    where entity_id = ${entity.id} ${attr ? sql`and attr = ${attr}` : sql``}`.execute(db);
  const at = rows[0]?.t;
  return at ? new Date(at) : new Date(entity.created_at);
}

export async function evaluate(
  db: Db,
  condition: Condition,
  entity: WatchedEntity,
  now: Date,
): Promise<Outcome> {
  switch (condition.kind) {
    case 'threshold': {
      const name = expandTerm(condition.attr);
      const value = entity.attrs[name]?.value;
      return { holds: compare(value, condition.op, condition.value), values: { [compactTerm(name)]: value } };
    }
    case 'rate': {
      const name = expandTerm(condition.attr);
      const delta = await deltaOver(db, entity.id, name, condition.windowMinutes);
      return {
        holds: delta !== null && compare(delta, condition.op, condition.delta),
        values: { [`${compactTerm(name)}.delta${condition.windowMinutes}m`]: delta },
      };
    }
    case 'silence': {
      const name = condition.attr ? expandTerm(condition.attr) : undefined;
      const seen = await lastSeen(db, entity, name);
      return {
        holds: now.getTime() - seen.getTime() >= condition.minutes * 60_000,
        values: { [name ? `${compactTerm(name)}.lastSeen` : 'lastSeen']: seen.toISOString() },
      };
    }
    case 'all':
    case 'any': {
      const values: Record<string, unknown> = {};
      let holds = condition.kind === 'all';
      for (const sub of condition.conditions) {
        const outcome = await evaluate(db, sub, entity, now);
        Object.assign(values, outcome.values);
        holds = condition.kind === 'all' ? holds && outcome.holds : holds || outcome.holds;
      }
      return { holds, values };
    }
  }
}
