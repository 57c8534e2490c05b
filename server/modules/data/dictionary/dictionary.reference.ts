import { sql } from 'kysely';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import { CITY_UNIT_ID, systemActor } from '../../../platform/auth/principal.ts';
import { canonicalJson, sha256Hex } from '../../../platform/canonical-json.ts';
import type { Clock } from '../../../platform/clock.ts';
import { checkItemDefinition } from './constraints.ts';
import type { DictionaryStore } from './dictionary.store.ts';
import type { NewItemRow } from './dictionary.tables.ts';
import { codeListSeeds } from './reference/code-lists.ts';
import { type ItemSeed, itemSeeds } from './reference/items.ts';

/**
 * Loads the reference code lists and the standard items (approved, version 1) in every mode. Code
 * lists are reference data and follow the seed; items already in the dictionary are left alone
 * (an approved version never changes: a correction is a new version made by a steward).
 */
const SEED_ACTOR = 'system:seed';
const REFERENCE_LOCK_KEY = 239_0401;

/** Every seeded item must be a valid definition; a bad seed is a programming error. */
export function seedProblems(seeds: ItemSeed[] = itemSeeds): string[] {
  const lists = new Set(codeListSeeds.map((list) => list.code));
  return seeds.flatMap((seed) =>
    checkItemDefinition(seed.type, seed.constraints ?? {}, seed.codeList ?? null, (code) =>
      lists.has(code),
    ).map((problem) => `${seed.code}: ${problem.path} ${problem.message.en}`),
  );
}

function seedRow(seed: ItemSeed, at: Date): NewItemRow {
  return {
    code: seed.code,
    version: 1,
    status: 'approved',
    name_vi: seed.nameVi,
    name_en: seed.nameEn,
    description_vi: seed.descriptionVi ?? null,
    description_en: seed.descriptionEn ?? null,
    type: seed.type,
    constraints: JSON.stringify(seed.constraints ?? {}),
    code_list: seed.codeList ?? null,
    sensitivity: seed.sensitivity,
    verification_class: seed.verificationClass,
    source: seed.source,
    agency_id: CITY_UNIT_ID,
    created_by: SEED_ACTOR,
    created_at: at,
    updated_at: at,
    submitted_by: SEED_ACTOR,
    submitted_by_account: null,
    submitted_at: at,
    approved_by: SEED_ACTOR,
    approved_at: at,
    approval_note: 'Chuẩn ban đầu của nền tảng / Initial platform standard',
    rejected_by: null,
    rejected_at: null,
    rejection_reason: null,
    deprecated_by: null,
    deprecated_at: null,
    deprecation_reason: null,
    replaced_by: null,
  };
}

export async function ensureDictionaryReference(deps: {
  store: DictionaryStore;
  audit: AuditLog;
  clock: Clock;
}): Promise<{ loaded: boolean; itemsAdded: number }> {
  const { store, audit, clock } = deps;
  const problems = seedProblems();
  if (problems.length) throw new Error(`Invalid dictionary seed:\n${problems.join('\n')}`);
  const hash = sha256Hex(canonicalJson({ codeLists: codeListSeeds, items: itemSeeds }));
  if ((await store.referenceHash()) === hash) return { loaded: false, itemsAdded: 0 };
  return store.db.transaction().execute(async (trx) => {
    // Instances starting together load the seed one after the other.
    await sql`select pg_advisory_xact_lock(${REFERENCE_LOCK_KEY})`.execute(trx);
    if ((await store.referenceHash(trx)) === hash) return { loaded: false, itemsAdded: 0 };
    for (const list of codeListSeeds) {
      await store.upsertCodeList(
        trx,
        {
          code: list.code,
          name_vi: list.nameVi,
          name_en: list.nameEn,
          description_vi: list.descriptionVi,
          description_en: list.descriptionEn,
          source_vi: list.sourceVi,
          source_en: list.sourceEn,
          dynamic: list.dynamic,
        },
        list.values.map((value, index) => ({
          list_code: list.code,
          value: value.code,
          label_vi: value.labelVi,
          label_en: value.labelEn,
          note_vi: value.noteVi ?? null,
          note_en: value.noteEn ?? null,
          position: index + 1,
        })),
      );
    }
    const existing = await store.existingCodes(trx);
    const at = clock.now();
    const added = itemSeeds.filter((seed) => !existing.has(seed.code));
    for (const seed of added) await store.insertVersion(trx, seedRow(seed, at));
    await audit.record(trx, {
      actor: systemActor(SEED_ACTOR),
      agencyId: CITY_UNIT_ID,
      action: 'data.dictionary.seed',
      objectType: 'data.dictionary',
      objectId: null,
      before: null,
      after: { hash },
      details: { codeLists: codeListSeeds.length, itemsAdded: added.map((seed) => seed.code) },
    });
    await store.setReferenceHash(trx, hash, at);
    return { loaded: true, itemsAdded: added.length };
  });
}
