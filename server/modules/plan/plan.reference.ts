import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AuditLog } from '../../platform/audit/audit.ts';
import { systemActor } from '../../platform/auth/principal.ts';
import type { PeriodType } from '../../platform/period.ts';
import type { MetricsService } from '../metrics/index.ts';
import type { Confidence } from './plan.schema.ts';
import type { NewTarget, PlanStore } from './plan.store.ts';

/**
 * Reference data (every mode): Plan 239/KH-UBND, its four pillars and the 48 targets of
 * `data/plan239-targets.json` (see `data/SOURCE.md`), each with its indicator in `metrics`.
 * Loading adds what is missing and never overwrites: the plan owner edits targets afterwards.
 */
export const PLAN_239 = 'kh-239-2023';

type TargetSeed = {
  pillar: string;
  code: string;
  label_vi: string;
  label_en: string;
  unit: string;
  target2025: number | null;
  target2030: number | null;
  direction: 'at_least' | 'at_most';
  source: string;
  confidence: Confidence;
};

type PlanSeedFile = {
  plan: {
    code: string;
    issued: string;
    title_vi: string;
    title_en: string;
    implements: string;
    counts: { targets: Record<string, number>; tasks: Record<string, number> };
  };
  note: string;
  targets: TargetSeed[];
};

export const indicatorCode = (targetCode: string) => `KH239.${targetCode}`;

/** Targets the platform measures itself (docs/plan-monitoring.md, "KPIs measured by the platform"). */
export const computedSources: Record<string, string> = {
  G05: 'identity.citizens_unified_sign_in_share',
  G09: 'identity.officials_digital_identity_share',
  // Agencies with at least one public dataset ÷ agencies in force (the data module's portal).
  G26: 'data.agencies_publishing_open_data_share',
  // Procedures of this platform's catalogue filed online whose form in force binds an item a data
  // service of the exchange provides (services/procedures/kpi.ts); the redesign is not measured.
  G04: 'services.online_procedures_prefilled_share',
  // From the dossiers filed on this platform only (services/dossiers/kpi.ts), not the national
  // portal's.
  G03: 'services.dossiers_fully_online_share',
  G20: 'services.results_on_time_electronic_share',
  G21: 'services.dossiers_received_online_share',
  G27: 'services.satisfaction_share',
};

/** Figures published once a year (a national ranking, GRDP and labour statistics); the rest quarterly. */
const ANNUAL = new Set(['G01', 'E01', 'E02', 'E03', 'E07']);

/**
 * ASSUMPTION — lead agencies. The plan annex that assigns each target was not available
 * (docs/plan239-facts.md §2.5). Each target is given to the department that holds the subject
 * since the 1 Mar 2025 merger: digital transformation, telecoms and data → Science and Technology
 * (which absorbed Information and Communications); administrative procedures, documents and
 * reporting → the Office of the People's Committee; civil service, archives, local government and
 * labour → Home Affairs; inspection → the Inspectorate; GRDP, productivity and enterprises →
 * Finance (which absorbed Planning and Investment); trade and payments → Industry and Trade;
 * health records → Health. The plan owner reassigns any of them.
 */
export const leadAgencies: Record<string, string> = {
  G01: 'so-kh-cn',
  G02: 'vp-ubnd',
  G03: 'vp-ubnd',
  G04: 'so-kh-cn',
  G05: 'so-kh-cn',
  G06: 'vp-ubnd',
  G07: 'so-kh-cn',
  G08: 'so-kh-cn',
  G09: 'so-noi-vu',
  G10: 'vp-ubnd',
  G11: 'vp-ubnd',
  G12: 'so-noi-vu',
  G13: 'so-noi-vu',
  G14: 'vp-ubnd',
  G15: 'so-noi-vu',
  G16: 'so-noi-vu',
  G17: 'so-kh-cn',
  G18: 'thanh-tra',
  G19: 'vp-ubnd',
  G20: 'vp-ubnd',
  G21: 'vp-ubnd',
  G22: 'vp-ubnd',
  G23: 'so-kh-cn',
  G24: 'so-kh-cn',
  G25: 'vp-ubnd',
  G26: 'so-kh-cn',
  G27: 'so-noi-vu',
  E01: 'so-tai-chinh',
  E02: 'so-tai-chinh',
  E03: 'so-tai-chinh',
  E04: 'so-cong-thuong',
  E05: 'so-cong-thuong',
  E06: 'so-tai-chinh',
  E07: 'so-noi-vu',
  S01: 'so-kh-cn',
  S02: 'so-kh-cn',
  S03: 'so-y-te',
  S04: 'so-kh-cn',
  S05: 'so-kh-cn',
  S06: 'so-kh-cn',
  S07: 'so-kh-cn',
  S08: 'so-kh-cn',
  S09: 'so-kh-cn',
  S10: 'so-kh-cn',
  S11: 'so-kh-cn',
  S12: 'so-kh-cn',
  S13: 'so-cong-thuong',
  S14: 'so-kh-cn',
};

const pillars = [
  { code: 'government', vi: 'Chính quyền số', en: 'Digital government', position: 1 },
  { code: 'economy', vi: 'Kinh tế số', en: 'Digital economy', position: 2 },
  { code: 'society', vi: 'Xã hội số', en: 'Digital society', position: 3 },
  {
    code: 'digitisation_archiving',
    vi: 'Số hóa, lưu trữ điện tử',
    en: 'Digitisation and e-archiving',
    position: 4,
    note: {
      vi: 'Kế hoạch nêu 7 chỉ tiêu số hóa, lưu trữ điện tử nhưng chưa có nội dung cụ thể: chưa có chỉ tiêu nào được biết.',
      en: 'The plan states 7 digitisation and e-archiving targets, but their wording is not available: no target is known yet.',
    },
  },
];

const seedFile = fileURLToPath(new URL('./data/plan239-targets.json', import.meta.url));

export async function loadPlanSeed(): Promise<PlanSeedFile> {
  return JSON.parse(await readFile(seedFile, 'utf8')) as PlanSeedFile;
}

function indicatorOf(target: TargetSeed) {
  const periodType: PeriodType = ANNUAL.has(target.code) ? 'year' : 'quarter';
  return {
    code: indicatorCode(target.code),
    nameVi: target.label_vi,
    nameEn: target.label_en,
    descriptionVi: `Chỉ tiêu ${target.code} của Kế hoạch 239/KH-UBND.`,
    descriptionEn: `Target ${target.code} of Plan 239/KH-UBND.`,
    unit: target.unit,
    direction: target.direction,
    aggregation: target.unit === 'rank' ? ('last' as const) : ('average' as const),
    periodType,
    decimals: target.unit === 'rank' ? 0 : 1,
    computedSource: computedSources[target.code] ?? null,
  };
}

export async function ensurePlanReference(deps: {
  plans: PlanStore;
  metrics: MetricsService;
  audit: AuditLog;
}) {
  const { plans, metrics, audit } = deps;
  const seed = await loadPlanSeed();
  const [plan, targets, indicators] = await Promise.all([
    plans.plan(PLAN_239),
    plans.targets(PLAN_239),
    metrics.indicators(),
  ]);
  const known = new Set(indicators.map((i) => i.code));
  const missingIndicators = seed.targets.filter((t) => !known.has(indicatorCode(t.code)));
  if (plan && targets.length >= seed.targets.length && missingIndicators.length === 0)
    return { loaded: false };

  const actor = systemActor('seed:plan-239');
  await plans.db.transaction().execute(async (trx) => {
    await plans.insertPlan(trx, {
      id: PLAN_239,
      code: seed.plan.code,
      title_vi: seed.plan.title_vi,
      title_en: seed.plan.title_en,
      issued_on: seed.plan.issued,
      horizon_year: 2025,
      orientation_year: 2030,
      implements_document:
        'Nghị quyết 18-NQ/TU ngày 30/12/2022 của Thành ủy Hà Nội / Resolution 18-NQ/TU of the Hanoi Party Committee (30 Dec 2022)',
      parent_plan_id: null,
      successor_plan_id: null,
      owner_agency_id: 'so-kh-cn',
      source_url:
        'https://www.thudo.gov.vn/newsdetail.aspx?NewsID=ba398233-7193-184a-8d48-b33ca48de3be&CateID=96bafa2f-25de-5242-90fb-6f9a70a8bcb5',
      published: true,
      note_vi:
        'Chỉ các chỉ tiêu có độ tin cậy "Nêu trong bản tóm tắt Kế hoạch" được nêu trong bản tóm tắt Kế hoạch 239. Các chỉ tiêu khác là giá trị tạm lấy từ văn bản khác của Hà Nội hoặc chỉ tiêu quốc gia, hoặc chưa rõ giá trị; phụ lục Kế hoạch chưa có. Cơ quan chủ trì sửa được mọi chỉ tiêu và đánh dấu chỉ tiêu chính thức.',
      note_en: seed.note,
    });
    await plans.insertPillars(
      trx,
      pillars.map((p) => ({
        plan_id: PLAN_239,
        code: p.code,
        name_vi: p.vi,
        name_en: p.en,
        position: p.position,
        declared_targets: seed.plan.counts.targets[p.code] ?? null,
        declared_tasks: seed.plan.counts.tasks[p.code] ?? null,
        note_vi: p.note?.vi ?? null,
        note_en: p.note?.en ?? null,
      })),
    );
    for (const target of missingIndicators) await metrics.upsertIndicator(actor, indicatorOf(target), trx);
    const rows: NewTarget[] = seed.targets.map((target, index) => {
      const isUrl = /^https?:\/\//.test(target.source);
      return {
        id: randomUUID(),
        plan_id: PLAN_239,
        code: target.code,
        pillar_code: target.pillar,
        position: index + 1,
        indicator_code: indicatorCode(target.code),
        label_vi: target.label_vi,
        label_en: target.label_en,
        confidence: target.confidence,
        baseline_value: null,
        baseline_year: null,
        milestones: [
          { year: 2025, value: target.target2025 },
          { year: 2030, value: target.target2030 },
        ],
        lead_agency_id: leadAgencies[target.code] ?? null,
        source_document: isUrl ? null : target.source,
        source_url: isUrl ? target.source : null,
        path_kind: 'linear',
        path_steps: [],
        threshold_on_track: 0.95,
        threshold_at_risk: 0.8,
      };
    });
    const inserted = await plans.insertTargets(trx, rows);
    await audit.record(trx, {
      actor,
      agencyId: 'so-kh-cn',
      action: 'plan.reference.load',
      objectType: 'plan.plan',
      objectId: PLAN_239,
      details: { targetsInserted: inserted, indicatorsCreated: missingIndicators.length },
    });
  });
  return { loaded: true };
}
