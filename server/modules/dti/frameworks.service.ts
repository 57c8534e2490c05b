import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../platform/audit/audit.ts';
import { type Actor, requireRole, systemActor } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { validateTree } from './dti.engine.ts';
import { referenceFrameworks } from './dti.reference.ts';
import type { FrameworkDetail, FrameworkSummary, FrameworkTree, UnitSet } from './dti.schema.ts';
import type { DtiDb, DtiTrx, FrameworkRow } from './dti.tables.ts';

const frameworkWhat = { vi: 'bộ chỉ số', en: 'Framework' };

/** Sizes of a tree; points count only groups that weigh (a weight-0 group is tracked, not scored). */
function counts(tree: FrameworkTree) {
  const mains = tree.groups.flatMap((g) => g.indices);
  const subs = mains.flatMap((m) => m.subIndices);
  const scored = tree.groups
    .filter((g) => g.weight > 0)
    .flatMap((g) => g.indices.flatMap((m) => m.subIndices));
  return {
    groups: tree.groups.length,
    mainIndices: mains.length,
    subIndices: subs.length,
    maxPoints: scored.reduce((sum, s) => sum + s.maxPoints, 0),
  };
}

export function toDetail(row: FrameworkRow): FrameworkDetail {
  return {
    id: row.id,
    code: row.code,
    year: row.year,
    unitSet: row.unit_set,
    version: row.version,
    titleVi: row.title_vi,
    titleEn: row.title_en,
    weightsArePlaceholders: row.weights_are_placeholders,
    reference: row.reference,
    basedOnId: row.based_on_id,
    noteVi: row.note_vi,
    noteEn: row.note_en,
    createdAt: row.created_at.toISOString(),
    counts: counts(row.tree),
    tree: row.tree,
  };
}

const toSummary = (row: FrameworkRow): FrameworkSummary => {
  const { tree: _tree, ...summary } = toDetail(row);
  return summary;
};

/** Refuses a tree the engine finds wrong, as problem+json with each problem as a field. */
function assertValid(
  tree: FrameworkTree,
  meta: { year: number; unitSet: UnitSet; version: number; placeholders: boolean },
) {
  const problems = validateTree(tree, meta);
  if (problems.length > 0)
    throw new AppError(
      'validation_failed',
      { vi: 'Bộ chỉ số không hợp lệ.', en: 'The framework is not valid.' },
      { fields: problems.map((p) => ({ path: `tree.${p.path}`, message: { vi: p.vi, en: p.en } })) },
    );
}

/** Frameworks per year and unit set, versioned: an edit or a copy adds a row, never rewrites one. */
export function createFrameworksService(deps: { db: DtiDb; audit: AuditLog; clock: Clock }) {
  const { db, audit, clock } = deps;

  async function row(frameworkId: string, trx: DtiDb | DtiTrx = db): Promise<FrameworkRow> {
    const found = await trx
      .selectFrom('dti.frameworks')
      .selectAll()
      .where('id', '=', frameworkId)
      .executeTakeFirst();
    if (!found) throw notFound(frameworkWhat);
    return found;
  }

  async function insertVersion(
    trx: DtiTrx,
    actor: Actor,
    input: Omit<FrameworkRow, 'id' | 'version' | 'created_at' | 'created_by'>,
    action: string,
  ): Promise<FrameworkRow> {
    const latest = await trx
      .selectFrom('dti.frameworks')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('code', '=', input.code)
      .where('year', '=', input.year)
      .executeTakeFirst();
    const version = Number(latest?.version ?? 0) + 1;
    assertValid(input.tree, {
      year: input.year,
      unitSet: input.unit_set,
      version,
      placeholders: input.weights_are_placeholders,
    });
    const created: FrameworkRow = {
      ...input,
      id: randomUUID(),
      version,
      created_at: clock.now(),
      created_by: actor.principal.kind === 'official' ? actor.principal.username : (actor.system ?? null),
    };
    await trx
      .insertInto('dti.frameworks')
      .values({ ...created, tree: JSON.stringify(created.tree) })
      .execute();
    await audit.record(trx, {
      actor,
      action,
      objectType: 'dti.framework',
      objectId: created.id,
      after: { code: created.code, year: created.year, version, tree: created.tree },
      details: { code: created.code, year: created.year, version, basedOnId: created.based_on_id },
    });
    return created;
  }

  return {
    row,

    /** The reference frameworks (plan239-facts §3.1, §3.4), inserted once; later versions are the council's. */
    async ensureReferenceData(): Promise<{ inserted: number }> {
      const existing = await db
        .selectFrom('dti.frameworks')
        .select(['code', 'year'])
        .where('reference', '=', true)
        .execute();
      const missing = referenceFrameworks.filter(
        (f) => !existing.some((e) => e.code === f.code && e.year === f.year),
      );
      if (missing.length === 0) return { inserted: 0 };
      const actor = systemActor('system:seed');
      await db.transaction().execute(async (trx) => {
        for (const f of missing)
          await insertVersion(
            trx,
            actor,
            {
              code: f.code,
              year: f.year,
              unit_set: f.unitSet,
              title_vi: f.titleVi,
              title_en: f.titleEn,
              tree: f.tree,
              weights_are_placeholders: true,
              reference: true,
              based_on_id: null,
              note_vi: f.noteVi,
              note_en: f.noteEn,
            },
            'dti.framework.seed',
          );
      });
      return { inserted: missing.length };
    },

    async list(filter: { year?: number; unitSet?: UnitSet }): Promise<FrameworkSummary[]> {
      let query = db
        .selectFrom('dti.frameworks')
        .selectAll()
        .orderBy('year', 'desc')
        .orderBy('code')
        .orderBy('version', 'desc');
      if (filter.year !== undefined) query = query.where('year', '=', filter.year);
      if (filter.unitSet !== undefined) query = query.where('unit_set', '=', filter.unitSet);
      return (await query.execute()).map(toSummary);
    },

    async get(frameworkId: string): Promise<FrameworkDetail> {
      return toDetail(await row(frameworkId));
    },

    /** A new version of the same code and year (the council setting weights, names, rules). */
    async saveVersion(
      actor: Actor,
      frameworkId: string,
      input: {
        tree: FrameworkTree;
        weightsArePlaceholders: boolean;
        noteVi: string | null;
        noteEn: string | null;
      },
    ): Promise<FrameworkDetail> {
      requireRole(actor.principal, 'plan_owner');
      const base = await row(frameworkId);
      const created = await db.transaction().execute((trx) =>
        insertVersion(
          trx,
          actor,
          {
            ...base,
            tree: input.tree,
            weights_are_placeholders: input.weightsArePlaceholders,
            reference: false,
            based_on_id: base.id,
            note_vi: input.noteVi,
            note_en: input.noteEn,
          },
          'dti.framework.version',
        ),
      );
      return toDetail(created);
    },

    /** Copies a version forward to another year as that year's version 1 (or next version). */
    async copyForward(actor: Actor, frameworkId: string, year: number): Promise<FrameworkDetail> {
      requireRole(actor.principal, 'plan_owner');
      const base = await row(frameworkId);
      const created = await db.transaction().execute((trx) =>
        insertVersion(
          trx,
          actor,
          {
            ...base,
            year,
            title_vi: base.title_vi.replace(String(base.year), String(year)),
            title_en: base.title_en.replace(String(base.year), String(year)),
            reference: false,
            based_on_id: base.id,
          },
          'dti.framework.copy',
        ),
      );
      return toDetail(created);
    },
  };
}

export type FrameworksService = ReturnType<typeof createFrameworksService>;
