import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import { systemActor } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { OrgService } from '../../org/index.ts';
import type { EntityChange } from '../changes.ts';
import { compactTerm, expandTerm } from '../terms.ts';
import { buildCap } from './cap.ts';
import { evaluate, type Outcome, type WatchedEntity } from './evaluate.ts';
import type { AgencyNotices } from './notices.ts';
import { hasSilence, type RuleRow } from './rules.ts';

/**
 * Rules against entities. The change feed's listener only queues; one loop evaluates each batch's
 * entities against the active rules of their type and unit. A rule that becomes true raises one
 * alert and opens its incident (one transaction, audited); while it stays true nothing more; once
 * false it clears, and a later crossing raises a new alert. Silence rules are also evaluated every
 * minute by the `urban.alerts.silence` job, since silence produces no change.
 */
export const SILENCE_JOB = 'urban.alerts.silence';
const MAX_QUEUED = 10_000;
const RULES_CACHE_MS = 5_000;
const actor = systemActor('urban.alerts');

// biome-ignore lint/suspicious/noExplicitAny: urban tables through raw SQL.
type Db = Kysely<any>;

export function createAlertEngine(deps: {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  org: OrgService;
  notices: AgencyNotices;
  publicUrl: string;
}) {
  const { db, clock, log } = deps;
  const queue: EntityChange[][] = [];
  let draining: Promise<void> | null = null;
  let cache: { at: number; rules: RuleRow[] } | null = null;
  const sender = `ioc@${new URL(deps.publicUrl).hostname}`;

  async function activeRules(): Promise<RuleRow[]> {
    const now = Date.now();
    if (!cache || now - cache.at > RULES_CACHE_MS) {
      const { rows } = await sql<RuleRow>`select * from urban.alert_rules where is_active`.execute(db);
      cache = { at: now, rules: rows };
    }
    return cache.rules;
  }

  async function entities(where: ReturnType<typeof sql>): Promise<WatchedEntity[]> {
    const { rows } = await sql<WatchedEntity>`
      select e.id, e.type, e.attrs, e.lon, e.lat, e.simulated, e.created_at, d.unit_id
      from urban.entities e left join urban.devices d on d.entity_id = e.id
      where ${where}`.execute(db);
    return rows;
  }

  async function unitName(unitId: string | null) {
    if (!unitId) return null;
    try {
      const unit = await deps.org.unit(unitId);
      return { vi: unit.nameVi, en: unit.nameEn };
    } catch {
      return null;
    }
  }

  type Lookups = {
    ward: { vi: string; en: string } | null;
    agency: { vi: string; en: string };
    people: Awaited<ReturnType<AgencyNotices['recipients']>>;
  };

  /** What a raise needs from other modules, read before its transaction opens. */
  async function lookups(rule: RuleRow, entity: WatchedEntity): Promise<Lookups> {
    return {
      ward: await unitName(entity.unit_id),
      agency: (await unitName(rule.agency_id)) ?? { vi: rule.agency_id, en: rule.agency_id },
      people: await deps.notices.recipients(rule.agency_id),
    };
  }

  async function raise(
    trx: Transaction<unknown>,
    rule: RuleRow,
    entity: WatchedEntity,
    outcome: Outcome,
    { ward, agency, people }: Lookups,
  ) {
    const now = clock.now();
    const id = randomUUID();
    const label = String(entity.attrs[expandTerm('name')]?.value ?? entity.id);
    const place = ward ?? { vi: label, en: label };
    const values = Object.entries(outcome.values)
      .map(([name, value]) => `${name} = ${JSON.stringify(value)}`)
      .join('; ');
    const simulated = entity.simulated
      ? { vi: ' (dữ liệu mô phỏng)', en: ' (simulated data)' }
      : { vi: '', en: '' };
    const cap = buildCap({
      identifier: `hanoi-ioc-${id}`,
      sender,
      sent: now,
      simulated: entity.simulated,
      category: rule.category,
      event: { vi: rule.event_vi, en: rule.event_en },
      urgency: rule.urgency,
      severity: rule.severity,
      certainty: rule.certainty,
      senderName: {
        vi: 'Trung tâm Giám sát, điều hành đô thị thông minh Hà Nội',
        en: 'Hanoi Smart City Operations Centre',
      },
      headline: { vi: `${rule.event_vi} tại ${place.vi}`, en: `${rule.event_en} at ${place.en}` },
      description: {
        vi: `Quy tắc “${rule.name_vi}” đã thỏa tại ${label}${simulated.vi}: ${values}. Cơ quan xử lý: ${agency.vi}.`,
        en: `Rule “${rule.name_en}” holds at ${label}${simulated.en}: ${values}. Responsible agency: ${agency.en}.`,
      },
      web: new URL(`/api/urban/public/alerts/${id}.cap`, deps.publicUrl).href,
      area: { name: place, lat: entity.lat, lon: entity.lon },
      parameters: { entityId: entity.id, entityType: compactTerm(entity.type), ruleId: rule.id },
    });
    await sql`
      insert into urban.alerts (id, rule_id, entity_id, entity_type, unit_id, agency_id, severity, value, sent_at, cap)
      values (${id}, ${rule.id}, ${entity.id}, ${entity.type}, ${entity.unit_id}, ${rule.agency_id},
        ${rule.severity}, ${JSON.stringify(outcome.values)}::jsonb, ${now}, ${JSON.stringify(cap)}::jsonb)`.execute(
      trx,
    );
    await sql`update urban.alert_states set alert_id = ${id} where rule_id = ${rule.id} and entity_id = ${entity.id}`.execute(
      trx,
    );
    const incidentId = randomUUID();
    await sql`
      insert into urban.incidents (id, alert_id, state, unit_id, agency_id, opened_at, modified_at)
      values (${incidentId}, ${id}, 'new', ${entity.unit_id}, ${rule.agency_id}, ${now}, ${now})`.execute(
      trx,
    );
    const told = await deps.notices.send(trx, people, {
      topic: 'urban.alert',
      subject: { vi: `Cảnh báo mới: ${cap.info[0]!.headline}`, en: `New alert: ${cap.info[1]!.headline}` },
      body: { vi: cap.info[0]!.description, en: cap.info[1]!.description },
    });
    await deps.audit.record(trx, {
      actor,
      agencyId: rule.agency_id,
      action: 'urban.alert.raise',
      objectType: 'urban.alert',
      objectId: id,
      after: { ruleId: rule.id, entityId: entity.id, values: outcome.values },
      details: { incidentId, severity: rule.severity, unitId: entity.unit_id, notified: told },
    });
  }

  /** Records the outcome: raise when the rule has just become true, clear when it has just become false. */
  async function apply(rule: RuleRow, entity: WatchedEntity, outcome: Outcome) {
    const now = clock.now();
    const { rows } = await sql<{ active: boolean }>`
      select active from urban.alert_states where rule_id = ${rule.id} and entity_id = ${entity.id}`.execute(
      db,
    );
    const active = rows[0]?.active ?? false;
    // Nothing to do while the state is unchanged: the common case of every reading.
    if (active === outcome.holds) return;
    const looked = outcome.holds ? await lookups(rule, entity) : null;
    await db.transaction().execute(async (trx) => {
      if (looked) {
        // Atomic claim: of concurrent evaluations (or instances), one turns the state on.
        const claimed = await sql`
          insert into urban.alert_states (rule_id, entity_id, active, changed_at)
          values (${rule.id}, ${entity.id}, true, ${now})
          on conflict (rule_id, entity_id) do update set active = true, changed_at = excluded.changed_at, alert_id = null
          where urban.alert_states.active = false
          returning rule_id`.execute(trx);
        if (claimed.rows.length > 0) await raise(trx, rule, entity, outcome, looked);
        return;
      }
      const cleared = await sql<{ alert_id: string | null }>`
        update urban.alert_states set active = false, changed_at = ${now}
        where rule_id = ${rule.id} and entity_id = ${entity.id} and active
        returning alert_id`.execute(trx);
      const alertId = cleared.rows[0]?.alert_id;
      if (!alertId) return;
      await sql`update urban.alerts set cleared_at = ${now} where id = ${alertId}`.execute(trx);
      await deps.audit.record(trx, {
        actor,
        agencyId: rule.agency_id,
        action: 'urban.alert.clear',
        objectType: 'urban.alert',
        objectId: alertId,
        details: { ruleId: rule.id, entityId: entity.id, values: outcome.values },
      });
    });
  }

  const applies = (rule: RuleRow, entity: WatchedEntity) =>
    rule.entity_type === entity.type && (rule.unit_id === null || rule.unit_id === entity.unit_id);

  async function check(rules: RuleRow[], watched: WatchedEntity[]) {
    const now = clock.now();
    for (const entity of watched)
      for (const rule of rules)
        if (applies(rule, entity)) await apply(rule, entity, await evaluate(db, rule.condition, entity, now));
  }

  async function onBatch(batch: EntityChange[]) {
    const rules = await activeRules();
    const types = new Set(rules.map((rule) => rule.entity_type));
    const ids = [
      ...new Set(batch.filter((c) => c.kind !== 'deleted' && types.has(c.type)).map((c) => c.entityId)),
    ];
    if (ids.length === 0) return;
    await check(rules, await entities(sql`e.id in (${sql.join(ids)})`));
  }

  async function drainQueue() {
    while (queue.length > 0) {
      const batch = queue.shift() as EntityChange[];
      try {
        await onBatch(batch);
      } catch (error) {
        log.error({ err: error }, 'alert rules could not evaluate a change batch');
      }
    }
  }

  function kick() {
    if (!draining)
      draining = drainQueue().finally(() => {
        draining = null;
        if (queue.length > 0) kick();
      });
  }

  return {
    /** The change feed's listener: queues and returns at once. */
    onChanges(batch: EntityChange[]) {
      if (queue.length >= MAX_QUEUED) {
        log.warn({ dropped: batch.length }, 'alert evaluation queue full; change batch dropped');
        return;
      }
      queue.push(batch);
      kick();
    },
    /** A rule changed here: read the rules again on the next batch. */
    invalidate() {
      cache = null;
    },
    /** The silence job: every active rule with a silence condition, over all its entities. */
    async checkSilence(): Promise<void> {
      cache = null;
      const rules = (await activeRules()).filter((rule) => hasSilence(rule.condition));
      const types = [...new Set(rules.map((rule) => rule.entity_type))];
      if (types.length === 0) return;
      await check(rules, await entities(sql`e.type in (${sql.join(types)})`));
    },
    async drain() {
      while (draining || queue.length > 0) {
        if (!draining) kick();
        await draining;
      }
    },
  };
}
