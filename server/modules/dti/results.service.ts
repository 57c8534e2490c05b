import type { Principal } from '../../platform/auth/principal.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import type { OrgService } from '../org/index.ts';
import type { CyclesService } from './cycles.service.ts';
import { isAppraiser, isCouncil } from './cycles.service.ts';
import { toEngineFramework } from './dti.engine.ts';
import type { CycleRow, DtiDb } from './dti.tables.ts';
import {
  type Framework,
  type Inputs,
  type Normalisation,
  rankUnits,
  scoreUnit,
  sensitivity,
  type UnitRef,
  whatIf,
} from './engine/index.ts';
import type { FrameworksService } from './frameworks.service.ts';

/** What a cycle's results are computed from: the engine framework, the units and their final inputs. */
type Basis = {
  cycle: CycleRow;
  framework: Framework;
  units: UnitRef[];
  peer: Map<string, string>;
  inputs: Record<string, Inputs>;
};

/**
 * Scores, ranks, change since last year, sensitivity and what-if, all through the engine. Before
 * publication only the council and the appraisers see results; afterwards everyone does.
 */
export function createResultsService(deps: {
  db: DtiDb;
  cycles: CyclesService;
  frameworks: FrameworksService;
  org: OrgService;
}) {
  const { db, cycles, frameworks, org } = deps;

  /** Names as the unit register has them; a unit no longer in force keeps its last name. */
  async function unitNames(ids: string[]): Promise<Map<string, { vi: string; en: string }>> {
    const names = new Map((await org.units({})).map((u) => [u.id, { vi: u.nameVi, en: u.nameEn }]));
    for (const id of ids)
      if (!names.has(id)) {
        const unit = await org.unit(id).catch(() => null);
        names.set(id, unit ? { vi: unit.nameVi, en: unit.nameEn } : { vi: id, en: id });
      }
    return names;
  }

  async function basis(cycle: CycleRow): Promise<Basis> {
    const row = await frameworks.row(cycle.framework_id);
    const framework = toEngineFramework(row.tree, {
      year: row.year,
      unitSet: row.unit_set,
      version: row.version,
      placeholders: row.weights_are_placeholders,
    });
    const unitRows = await db
      .selectFrom('dti.cycle_units')
      .selectAll()
      .where('cycle_id', '=', cycle.id)
      .execute();
    const entries = await db.selectFrom('dti.entries').selectAll().where('cycle_id', '=', cycle.id).execute();
    const inputs: Record<string, Inputs> = {};
    for (const u of unitRows) inputs[u.unit_id] = {};
    // The appraised value where there is one; items awaiting clarification count as not provided.
    for (const e of entries) {
      const unitInputs = inputs[e.unit_id];
      if (!unitInputs || e.status === 'clarification') continue;
      unitInputs[e.sub_index_code] = e.appraised_value ?? e.value;
    }
    return {
      cycle,
      framework,
      units: unitRows.map((u) => ({ id: u.unit_id, kind: u.unit_kind, tags: u.tags })),
      peer: new Map(unitRows.map((u) => [u.unit_id, u.peer_group])),
      inputs,
    };
  }

  async function readable(viewer: Principal | 'public', cycleId: string): Promise<CycleRow> {
    const cycle = await cycles.cycleRow(cycleId);
    if (viewer === 'public' || !(isCouncil(viewer) || isAppraiser(viewer))) {
      // The public (and reporters) see published results only; an unpublished cycle does not exist for them.
      if (cycle.status !== 'published') {
        if (viewer === 'public') throw notFound({ vi: 'kết quả đã công bố', en: 'Published result' });
        throw forbidden({ vi: 'Kết quả chưa công bố.', en: 'The results are not published yet.' });
      }
    }
    return cycle;
  }

  function ranked(b: Basis) {
    const scores = b.units.map((u) => scoreUnit(b.framework, u, b.inputs[u.id] ?? {}));
    const ranks = rankUnits(scores, { peerGroup: (id) => b.peer.get(id) ?? 'other' });
    return { scores, ranks };
  }

  return {
    async results(viewer: Principal | 'public', cycleId: string) {
      const cycle = await readable(viewer, cycleId);
      const b = await basis(cycle);
      const { scores, ranks } = ranked(b);
      const previous = await db
        .selectFrom('dti.cycles')
        .selectAll()
        .where('framework_code', '=', cycle.framework_code)
        .where('year', '=', cycle.year - 1)
        .where('status', '=', 'published')
        .executeTakeFirst();
      const names = await unitNames(b.units.map((u) => u.id));
      const before = new Map<string, { index: number; rank: number }>();
      if (previous)
        for (const r of ranked(await basis(previous)).ranks)
          before.set(r.unitId, { index: r.index, rank: r.rank });
      return {
        cycleId: cycle.id,
        year: cycle.year,
        frameworkCode: cycle.framework_code,
        status: cycle.status,
        weightsArePlaceholders: b.framework.weightsArePlaceholders,
        previousCycleId: previous?.id ?? null,
        groups: b.framework.groups.map((g) => ({
          code: g.code,
          nameVi: g.nameVi,
          nameEn: g.nameEn,
          weight: g.weight,
        })),
        mainIndices: b.framework.groups.flatMap((g) =>
          g.indices.map((m) => ({ code: m.code, groupCode: g.code, nameVi: m.nameVi, nameEn: m.nameEn })),
        ),
        units: ranks.map((r) => {
          const score = scores.find((s) => s.unitId === r.unitId);
          const last = before.get(r.unitId);
          return {
            unitId: r.unitId,
            unitNameVi: names.get(r.unitId)?.vi ?? r.unitId,
            unitNameEn: names.get(r.unitId)?.en ?? r.unitId,
            peerGroup: r.peerGroup ?? null,
            index: r.index,
            rank: r.rank,
            peerRank: r.peerRank ?? null,
            groups: Object.fromEntries(
              Object.entries(score?.groups ?? {}).map(([code, g]) => [code, g.index]),
            ),
            mainIndices: Object.fromEntries(
              Object.entries(score?.mainIndices ?? {}).map(([code, m]) => [code, m.index]),
            ),
            change: last ? { index: r.index - last.index, rank: last.rank - r.rank } : null,
          };
        }),
      };
    },

    async sensitivity(
      viewer: Principal | 'public',
      cycleId: string,
      options: { perturbations: number; spread: number; seed: number; normalisation?: Normalisation },
    ) {
      const b = await basis(await readable(viewer, cycleId));
      return {
        weightsArePlaceholders: b.framework.weightsArePlaceholders,
        ...sensitivity(b.framework, b.units, b.inputs, options),
      };
    },

    async whatIf(
      viewer: Principal,
      cycleId: string,
      unitId: string,
      changes: Record<string, number | boolean | null>,
    ) {
      const b = await basis(await readable(viewer, cycleId));
      if (!b.units.some((u) => u.id === unitId))
        throw notFound({ vi: `đơn vị ${unitId}`, en: `Unit ${unitId}` });
      return { unitId, ...whatIf(b.framework, b.units, b.inputs, unitId, changes) };
    },

    async published() {
      return db
        .selectFrom('dti.cycles')
        .select(['id', 'framework_code', 'year', 'published_at'])
        .where('status', '=', 'published')
        .orderBy('year', 'desc')
        .execute()
        .then((rows) =>
          rows.map((r) => ({
            id: r.id,
            frameworkCode: r.framework_code,
            year: r.year,
            publishedAt: r.published_at?.toISOString() ?? null,
          })),
        );
    },
  };
}

export type ResultsService = ReturnType<typeof createResultsService>;
