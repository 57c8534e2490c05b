import { systemActor } from '../../../platform/auth/principal.ts';
import type { ComputedSource } from '../../../platform/kpi.ts';
import type { PlatformContext } from '../../../platform/module.ts';
import type { DictionaryService } from '../../data/index.ts';
import type { ExchangeService } from '../../exchange/index.ts';
import type { OrgService } from '../../org/index.ts';
import type { ServicesPart } from '../part.ts';
import { proceduresKpiSources } from './kpi.ts';
import { proceduresMigrations } from './migrations.ts';
import { proceduresRoutes } from './procedures.routes.ts';
import { COMMUNES, procedureSeeds } from './procedures.seed.ts';
import { createProceduresService, type ProceduresServiceImpl, procedureRow } from './procedures.service.ts';
import { createProceduresStore } from './procedures.store.ts';

/*
 * Types for the other parts: the definition types and `validate` come from
 * shared/forms/form-rules.ts (`FormDefinition`, `FormField`, `FieldProvenance`, …); `Procedure`
 * and `FormVersion` from this part's service and schema files.
 */

/**
 * The catalogue's service as other parts see it (docs/public-services.md, "Procedures and forms"),
 * with its KPI (G04 of Plan 239, kpi.ts) for the composition root to register.
 */
export type ProceduresService = ProceduresServiceImpl & { kpiSources: ComputedSource[] };

/** The procedure catalogue with versioned forms (docs/public-services.md). */
export function createProceduresPart(
  context: PlatformContext,
  deps: { org: OrgService; dictionary: DictionaryService; exchange: Pick<ExchangeService, 'services'> },
): ServicesPart & { service: ProceduresService } {
  const store = createProceduresStore(context.database);
  const service = createProceduresService({
    store,
    audit: context.audit,
    clock: context.clock,
    org: deps.org,
    dictionary: deps.dictionary,
  });

  /** Every ward and commune of Hanoi (the register's units from 1 July 2025 on). */
  async function communeIds(): Promise<string[]> {
    const today = context.clock.today();
    const at = today < '2025-07-01' ? '2025-07-01' : today;
    const [wards, communes] = await Promise.all([
      deps.org.units({ at, kind: 'ward' }),
      deps.org.units({ at, kind: 'commune' }),
    ]);
    return [...wards, ...communes].map((unit) => unit.id).sort();
  }

  return {
    name: 'procedures',
    migrations: proceduresMigrations,
    routes: proceduresRoutes(service),
    /** Reference procedures: added when missing, never overwriting what officials changed. */
    async seedReference() {
      const existing = new Set((await store.procedures()).map((row) => row.code));
      const missing = procedureSeeds.filter((seed) => !existing.has(seed.code));
      if (missing.length === 0) return;
      const communes = await communeIds();
      const actor = systemActor('system:seed');
      for (const seed of missing) {
        const { form, ...input } = seed;
        const agencyIds = input.agencyIds.flatMap((id) => (id === COMMUNES ? communes : [id]));
        const definition = await service.checkDefinition(form);
        const now = context.clock.now();
        await store.db.transaction().execute(async (trx) => {
          await store.insertProcedure(trx, procedureRow({ ...input, agencyIds }, now, actor.system ?? null));
          await store.insertForm(trx, {
            procedure_code: seed.code,
            version: 1,
            status: 'published',
            definition: JSON.stringify(definition),
            created_at: now,
            created_by: actor.system ?? null,
            updated_at: now,
            published_at: now,
            published_by: actor.system ?? null,
          });
          await context.audit.record(trx, {
            actor,
            action: 'services.procedure.seed',
            objectType: 'services.procedure',
            objectId: seed.code,
            details: { code: seed.code, version: 1 },
          });
        });
      }
      context.log.info(
        { procedures: missing.length },
        'Đã nạp danh mục thủ tục hành chính / reference procedures loaded',
      );
    },
    service: {
      ...service,
      kpiSources: proceduresKpiSources({ database: context.database, exchange: deps.exchange }),
    },
  };
}
