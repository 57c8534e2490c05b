import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import { type Actor, CITY_UNIT_ID, requireRole } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { OrgService } from '../../org/index.ts';
import { compactTerm, expandTerm } from '../terms.ts';
import { type RuleInput, type RuleRow, ruleInput } from './rules.ts';

const OPERATORS = ['ioc_operator', 'city_admin'] as const;

export function toRule(row: RuleRow) {
  return {
    id: row.id,
    nameVi: row.name_vi,
    nameEn: row.name_en,
    entityType: compactTerm(row.entity_type),
    unitId: row.unit_id,
    condition: row.condition,
    category: row.category,
    eventVi: row.event_vi,
    eventEn: row.event_en,
    severity: row.severity,
    urgency: row.urgency,
    certainty: row.certainty,
    agencyId: row.agency_id,
    responseMinutes: row.response_minutes,
    isActive: row.is_active,
    createdAt: new Date(row.created_at).toISOString(),
    modifiedAt: new Date(row.modified_at).toISOString(),
  };
}

const slug = () => `rule-${randomUUID().slice(0, 8)}`;

/**
 * Alert rules: read and written by operations-centre operators and the city administrator, for the
 * rule's ward (or the city, for a city-wide rule); every write audited in its transaction.
 */
export function createRulesService(deps: {
  // biome-ignore lint/suspicious/noExplicitAny: urban tables through raw SQL.
  db: Kysely<any>;
  audit: AuditLog;
  clock: Clock;
  org: OrgService;
  /** A rule changed: the engine reads rules again. */
  changed: () => void;
}) {
  const { db, audit, clock, org } = deps;

  async function requireRule(id: string): Promise<RuleRow> {
    const { rows } = await sql<RuleRow>`select * from urban.alert_rules where id = ${id}`.execute(db);
    if (!rows[0]) throw notFound({ vi: `quy tắc cảnh báo ${id}`, en: `Alert rule ${id}` });
    return rows[0];
  }

  async function validated(raw: RuleInput) {
    const parsed = ruleInput.safeParse(raw);
    if (!parsed.success)
      throw new AppError(
        'validation_failed',
        { vi: 'Quy tắc cảnh báo không hợp lệ.', en: 'The alert rule is not valid.' },
        {
          fields: parsed.error.issues.map((issue) => ({
            path: issue.path.join('.'),
            message: { vi: issue.message, en: issue.message },
          })),
        },
      );
    const input = parsed.data;
    const today = clock.today();
    for (const [unit, what] of [
      [input.unitId, { vi: 'Phường/xã', en: 'Ward or commune' }],
      [input.agencyId, { vi: 'Cơ quan xử lý', en: 'Responsible agency' }],
    ] as const)
      if (unit && !(await org.unitExists(unit, today)))
        throw new AppError('unprocessable', {
          vi: `${what.vi} ${unit} không có hoặc đã hết hiệu lực.`,
          en: `${what.en} ${unit} does not exist or is no longer valid.`,
        });
    return input;
  }

  return {
    async list(actor: Actor) {
      requireRole(actor.principal, [...OPERATORS]);
      const { rows } = await sql<RuleRow>`select * from urban.alert_rules order by id`.execute(db);
      return { items: rows.map(toRule) };
    },

    async get(actor: Actor, id: string) {
      requireRole(actor.principal, [...OPERATORS]);
      return toRule(await requireRule(id));
    },

    async create(actor: Actor, raw: RuleInput) {
      const input = await validated(raw);
      requireRole(actor.principal, [...OPERATORS], input.unitId ?? CITY_UNIT_ID);
      const now = clock.now();
      const id = input.id ?? slug();
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await sql<RuleRow>`
          insert into urban.alert_rules (id, name_vi, name_en, entity_type, unit_id, condition, category,
            event_vi, event_en, severity, urgency, certainty, agency_id, response_minutes, is_active,
            created_by, created_at, modified_at)
          values (${id}, ${input.nameVi}, ${input.nameEn}, ${expandTerm(input.entityType)}, ${input.unitId ?? null},
            ${JSON.stringify(input.condition)}::jsonb, ${input.category}, ${input.eventVi}, ${input.eventEn},
            ${input.severity}, ${input.urgency}, ${input.certainty}, ${input.agencyId}, ${input.responseMinutes},
            ${input.isActive}, ${actor.principal.kind === 'official' ? actor.principal.username : null}, ${now}, ${now})
          on conflict (id) do nothing returning *`.execute(trx);
        const created = inserted.rows[0];
        if (!created)
          throw new AppError('conflict', {
            vi: `Quy tắc ${id} đã có.`,
            en: `Alert rule ${id} already exists.`,
          });
        await audit.record(trx, {
          actor,
          agencyId: input.agencyId,
          action: 'urban.alert-rule.create',
          objectType: 'urban.alert-rule',
          objectId: id,
          after: toRule(created),
        });
        return created;
      });
      deps.changed();
      return toRule(row);
    },

    async update(actor: Actor, id: string, raw: RuleInput) {
      const before = await requireRule(id);
      requireRole(actor.principal, [...OPERATORS], before.unit_id ?? CITY_UNIT_ID);
      const input = await validated({ ...raw, id });
      requireRole(actor.principal, [...OPERATORS], input.unitId ?? CITY_UNIT_ID);
      const row = await db.transaction().execute(async (trx) => {
        const updated = await sql<RuleRow>`
          update urban.alert_rules set name_vi = ${input.nameVi}, name_en = ${input.nameEn},
            entity_type = ${expandTerm(input.entityType)}, unit_id = ${input.unitId ?? null},
            condition = ${JSON.stringify(input.condition)}::jsonb, category = ${input.category},
            event_vi = ${input.eventVi}, event_en = ${input.eventEn}, severity = ${input.severity},
            urgency = ${input.urgency}, certainty = ${input.certainty}, agency_id = ${input.agencyId},
            response_minutes = ${input.responseMinutes}, is_active = ${input.isActive}, modified_at = ${clock.now()}
          where id = ${id} returning *`.execute(trx);
        const after = updated.rows[0] as RuleRow;
        await audit.record(trx, {
          actor,
          agencyId: input.agencyId,
          action: 'urban.alert-rule.update',
          objectType: 'urban.alert-rule',
          objectId: id,
          before: toRule(before),
          after: toRule(after),
        });
        return after;
      });
      deps.changed();
      return toRule(row);
    },

    async remove(actor: Actor, id: string) {
      const before = await requireRule(id);
      requireRole(actor.principal, [...OPERATORS], before.unit_id ?? CITY_UNIT_ID);
      await db.transaction().execute(async (trx) => {
        await sql`delete from urban.alert_rules where id = ${id}`.execute(trx);
        await audit.record(trx, {
          actor,
          agencyId: before.agency_id,
          action: 'urban.alert-rule.delete',
          objectType: 'urban.alert-rule',
          objectId: id,
          before: toRule(before),
        });
      });
      deps.changed();
    },
  };
}

export type RulesService = ReturnType<typeof createRulesService>;
