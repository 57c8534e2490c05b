import { systemActor } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Period, periodContaining, periodsBetween, previousPeriod } from '../../platform/period.ts';
import type { MetricsService } from '../metrics/index.ts';
import type { CyclesService } from './cycles.service.ts';
import type { CyclesStore } from './cycles.store.ts';
import { computedSources, indicatorCode, loadPlanSeed, PLAN_239 } from './plan.reference.ts';
import type { PlanStore } from './plan.store.ts';
import type { TaskInput, TasksService } from './tasks.service.ts';
import type { TasksStore } from './tasks.store.ts';

/**
 * DEMO DATA (only with demo data on): example tasks, example observations for 2023 onwards and two
 * reporting cycles, so that every screen has something to show. Everything is marked
 * `example: true`, tasks' titles start with "[Ví dụ]" / "[Example]", and values carry a `seed`
 * provenance saying they are not real. None of it is the plan's annex. Idempotent.
 */
const EXAMPLE_NOTE = 'Ví dụ minh họa, không phải số liệu thật / Example, not real data';
const actor = systemActor('seed:plan-demo');

type DemoTask = Omit<
  TaskInput,
  'titleVi' | 'titleEn' | 'deliverableVi' | 'deliverableEn' | 'coordinatingAgencyIds' | 'pillar'
> & {
  vi: string;
  en: string;
  pillar?: string;
  coordinating?: string[];
  deliverable?: [string, string];
};

const t = (
  code: string,
  lead: string,
  vi: string,
  en: string,
  startOn: string,
  deadline: string,
  status: TaskInput['status'],
  progress: number,
  targetCodes: string[],
  extra: Partial<DemoTask> = {},
): DemoTask => ({
  code,
  leadAgencyId: lead,
  vi,
  en,
  startOn,
  deadline,
  status,
  progress,
  targetCodes,
  ...extra,
});

/** Thirty example tasks over real agencies, including districts (before 1 Jul 2025) and merged departments. */
export const demoTasks: DemoTask[] = [
  t(
    'VD-01',
    'so-kh-cn',
    'Triển khai định danh, xác thực hợp nhất cho các hệ thống thông tin của Thành phố',
    'Roll out unified identification and authentication across the city’s information systems',
    '2023-10-01',
    '2025-12-31',
    'in_progress',
    70,
    ['G05'],
    { coordinating: ['vp-ubnd'] },
  ),
  t(
    'VD-02',
    'vp-ubnd',
    'Rà soát, tái cấu trúc quy trình TTHC để cung cấp dịch vụ công trực tuyến toàn trình',
    'Review and re-engineer procedures to offer them as full-process online services',
    '2023-10-01',
    '2024-12-31',
    'done',
    100,
    ['G02'],
  ),
  t(
    'VD-03',
    'so-kh-cn',
    'Thiết kế lại dịch vụ công trực tuyến, điền sẵn dữ liệu người dân đã cung cấp',
    'Redesign online services and pre-fill data citizens gave before',
    '2024-01-01',
    '2026-12-31',
    'in_progress',
    55,
    ['G04', 'G07'],
  ),
  t(
    'VD-04',
    'so-tt-tt',
    'Nâng cấp Cổng dịch vụ công Thành phố',
    'Upgrade the city’s public-service portal',
    '2023-10-01',
    '2025-06-30',
    'in_progress',
    60,
    ['G06'],
    { coordinating: ['vp-ubnd'] },
  ),
  t(
    'VD-05',
    'so-kh-dt',
    'Kết nối cơ sở dữ liệu doanh nghiệp của Thành phố với CSDL quốc gia về đăng ký doanh nghiệp',
    'Connect the city’s enterprise database to the national business-registration database',
    '2023-11-01',
    '2024-12-31',
    'done',
    100,
    ['G17'],
  ),
  t(
    'VD-06',
    'so-noi-vu',
    'Số hóa hồ sơ lưu trữ lịch sử của Thành phố',
    'Digitise the city’s historical archives',
    '2024-01-01',
    '2027-06-30',
    'in_progress',
    40,
    ['G13'],
  ),
  t(
    'VD-07',
    'so-noi-vu',
    'Tổ chức thi tuyển công chức trên máy tính',
    'Hold civil-service entrance exams on computers',
    '2024-03-01',
    '2025-12-31',
    'done',
    100,
    ['G12'],
  ),
  t(
    'VD-08',
    'thanh-tra',
    'Triển khai phần mềm quản lý hoạt động thanh tra, kiểm tra',
    'Deploy software for managing inspections',
    '2024-01-01',
    '2026-06-30',
    'in_progress',
    65,
    ['G18'],
  ),
  t(
    'VD-09',
    'vp-ubnd',
    'Kết nối hệ thống báo cáo Thành phố với Hệ thống thông tin báo cáo Chính phủ',
    'Connect the city’s reporting system to the Government reporting information system',
    '2023-10-01',
    '2025-06-30',
    'done',
    100,
    ['G22'],
  ),
  t(
    'VD-10',
    'vp-ubnd',
    'Vận hành Trung tâm giám sát, điều hành thông minh cấp Thành phố',
    'Operate the city’s intelligent operations centre',
    '2024-06-01',
    '2026-12-31',
    'in_progress',
    50,
    ['G25'],
    { coordinating: ['so-kh-cn', 'so-xay-dung'] },
  ),
  t(
    'VD-11',
    'dist-001',
    'Số hóa kết quả giải quyết TTHC tại bộ phận một cửa quận',
    'Digitise procedure results at the district one-stop shop',
    '2023-10-01',
    '2025-06-30',
    'in_progress',
    80,
    ['G19'],
  ),
  t(
    'VD-12',
    'dist-002',
    'Tiếp nhận 100% hồ sơ TTHC trực tuyến tại quận',
    'Receive every procedure application online in the district',
    '2024-01-01',
    '2025-06-30',
    'done',
    100,
    ['G21'],
  ),
  t(
    'VD-13',
    'dist-268',
    'Lắp đặt camera giám sát giao thông thông minh tại các nút giao',
    'Install smart traffic cameras at junctions',
    '2024-01-01',
    '2025-06-30',
    'in_progress',
    45,
    [],
    { pillar: 'society' },
  ),
  t(
    'VD-14',
    'dist-017',
    'Xây dựng thí điểm mô hình xã thông minh',
    'Pilot a smart-commune model',
    '2023-12-01',
    '2025-06-30',
    'in_progress',
    30,
    [],
    { pillar: 'society' },
  ),
  t(
    'VD-15',
    'comm-00070',
    'Tiếp nhận 100% hồ sơ TTHC trực tuyến tại phường',
    'Receive every procedure application online in the ward',
    '2025-07-01',
    '2026-12-31',
    'in_progress',
    70,
    ['G21', 'G16'],
  ),
  t(
    'VD-16',
    'comm-00004',
    'Số hóa sổ hộ tịch tại phường',
    'Digitise the ward’s civil-status registers',
    '2025-07-01',
    '2026-06-30',
    'in_progress',
    85,
    ['G19'],
  ),
  t(
    'VD-17',
    'so-y-te',
    'Triển khai hồ sơ sức khỏe điện tử cho người dân',
    'Roll out electronic health records for residents',
    '2023-10-01',
    '2026-12-31',
    'in_progress',
    75,
    ['S03'],
  ),
  t(
    'VD-18',
    'so-y-te',
    'Kết nối dữ liệu khám chữa bệnh với ứng dụng VNeID',
    'Connect medical records to the VNeID app',
    '2024-06-01',
    '2025-12-31',
    'done',
    100,
    ['S03', 'S14'],
  ),
  t(
    'VD-19',
    'so-gd-dt',
    'Triển khai học bạ số trong các trường phổ thông',
    'Roll out digital school records',
    '2024-01-01',
    '2026-08-31',
    'in_progress',
    90,
    [],
    { pillar: 'society' },
  ),
  t(
    'VD-20',
    'so-xay-dung',
    'Cấp giấy phép xây dựng trực tuyến toàn trình',
    'Issue building permits fully online',
    '2024-01-01',
    '2026-12-31',
    'in_progress',
    60,
    ['G03', 'G02'],
  ),
  t(
    'VD-21',
    'so-gtvt',
    'Vé điện tử liên thông cho xe buýt',
    'Interoperable e-tickets for buses',
    '2023-10-01',
    '2025-02-28',
    'done',
    100,
    [],
    { pillar: 'society' },
  ),
  t(
    'VD-22',
    'so-tai-chinh',
    'Đánh giá tỷ trọng kinh tế số trong GRDP của Thành phố',
    'Measure the digital economy’s share of the city’s GRDP',
    '2024-01-01',
    '2026-03-31',
    'in_progress',
    50,
    ['E01', 'E02'],
  ),
  t(
    'VD-23',
    'so-cong-thuong',
    'Đưa sản phẩm OCOP lên sàn thương mại điện tử',
    'Bring OCOP products to e-commerce platforms',
    '2024-01-01',
    '2025-12-31',
    'done',
    100,
    ['E04'],
  ),
  t(
    'VD-24',
    'so-cong-thuong',
    'Phổ biến hợp đồng điện tử trong doanh nghiệp',
    'Spread the use of electronic contracts among enterprises',
    '2024-03-01',
    '2026-12-31',
    'in_progress',
    40,
    ['E05'],
  ),
  t(
    'VD-25',
    'so-tai-chinh',
    'Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số',
    'Support small and medium enterprises in going digital',
    '2025-03-01',
    '2027-12-31',
    'not_started',
    0,
    ['E06'],
  ),
  t(
    'VD-26',
    'so-ldtbxh',
    'Chi trả trợ cấp xã hội không dùng tiền mặt',
    'Pay social allowances without cash',
    '2023-10-01',
    '2025-02-28',
    'in_progress',
    90,
    ['S13'],
  ),
  t(
    'VD-27',
    'so-kh-cn',
    'Phủ sóng 5G tại khu công nghiệp, trường đại học, bệnh viện',
    'Bring 5G coverage to industrial parks, universities and hospitals',
    '2024-01-01',
    '2026-12-31',
    'in_progress',
    60,
    ['S10'],
  ),
  t(
    'VD-28',
    'so-kh-cn',
    'Mở rộng ứng dụng iHanoi cho người dân',
    'Extend the iHanoi app for residents',
    '2024-10-28',
    '2026-12-31',
    'in_progress',
    70,
    ['S01'],
  ),
  t(
    'VD-29',
    'so-kh-cn',
    'Xây dựng cổng dữ liệu mở của Thành phố',
    'Build the city’s open-data portal',
    '2025-03-01',
    '2026-12-31',
    'in_progress',
    35,
    ['G26'],
    { coordinating: ['vp-ubnd', 'so-tai-chinh'] },
  ),
  t(
    'VD-30',
    'so-noi-vu',
    'Khảo sát sự hài lòng của người dân với dịch vụ hành chính công',
    'Survey residents’ satisfaction with public administrative services',
    '2024-01-01',
    '2024-12-31',
    'cancelled',
    20,
    ['G27'],
  ),
];

/** A small deterministic generator, so the examples look the same on every start. */
function random(seedText: string) {
  let state = [...seedText].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type Seeded = { code: string; unit: string; direction: 'at_least' | 'at_most'; target2025: number | null };

/** An example path: from about half-way in 2023 towards (and sometimes past) the 2025 target. */
export function exampleValue(target: Seeded, step: number, steps2025: number, salt = ''): number {
  const r = random(`${target.code}${salt}`);
  const goal = target.target2025 ?? (target.unit === '%' ? 80 : 30);
  if (target.direction === 'at_most') {
    const start = goal * (2 + 3 * r());
    const value = start + ((goal * (0.6 + 0.8 * r()) - start) * Math.min(step, steps2025 + 2)) / steps2025;
    return Math.max(1, Math.round(value));
  }
  const start = goal * (0.45 + 0.25 * r());
  const end = goal * (0.78 + 0.3 * r());
  const slope = (end - start) / steps2025;
  const noise = (random(`${target.code}${salt}:${step}`)() - 0.5) * goal * 0.04;
  let value = start + slope * (step <= steps2025 ? step : steps2025 + (step - steps2025) / 2) + noise;
  if (target.unit === '%') value = Math.min(100, value);
  return Math.max(0, Math.round(value * 10) / 10);
}

const districtsSample = ['dist-001', 'dist-002', 'dist-006', 'dist-268', 'dist-269'];
const wardsSample = ['comm-00004', 'comm-00082', 'comm-00199', 'comm-09574'];
const REFORM = '2025-07-01';

export async function seedPlanDemo(deps: {
  plans: PlanStore;
  tasksStore: TasksStore;
  tasks: TasksService;
  cycles: CyclesService;
  cyclesStore: CyclesStore;
  metrics: MetricsService;
  clock: Clock;
}) {
  const { plans, tasksStore, tasks, cycles, cyclesStore, metrics, clock } = deps;
  if (!(await plans.plan(PLAN_239))) return { tasks: 0, observations: 0, cycles: 0 };
  const seed = await loadPlanSeed();
  const pillarOf = new Map(seed.targets.map((target) => [target.code, target.pillar]));

  let createdTasks = 0;
  for (const task of demoTasks) {
    if (await tasksStore.taskByCode(PLAN_239, task.code)) continue;
    await tasks.create(actor, PLAN_239, {
      code: task.code,
      titleVi: `[Ví dụ] ${task.vi}`,
      titleEn: `[Example] ${task.en}`,
      pillar: task.pillar ?? pillarOf.get(task.targetCodes[0]!) ?? 'government',
      leadAgencyId: task.leadAgencyId,
      coordinatingAgencyIds: task.coordinating ?? [],
      startOn: task.startOn,
      deadline: task.deadline,
      deliverableVi: task.deliverable?.[0] ?? 'Sản phẩm minh họa',
      deliverableEn: task.deliverable?.[1] ?? 'Example deliverable',
      targetCodes: task.targetCodes,
      status: task.status,
      progress: task.progress,
      example: true,
    });
    createdTasks++;
  }

  const today = clock.today();
  const current = periodContaining('quarter', today);
  const lastEnded = previousPeriod(current);
  const observations = await seedExampleObservations(seed.targets, metrics, lastEnded, plans);

  let createdCycles = 0;
  const cycleDeps = { cycles, tasks, tasksStore };
  if (!(await cyclesStore.cycleOfPeriod(PLAN_239, lastEnded.id))) {
    await seedCycle(cycleDeps, lastEnded, seed.targets, 'approved');
    createdCycles++;
  }
  if (!(await cyclesStore.cycleOfPeriod(PLAN_239, current.id))) {
    await seedCycle(cycleDeps, current, seed.targets, 'open');
    createdCycles++;
  }
  return { tasks: createdTasks, observations, cycles: createdCycles };
}

async function seedExampleObservations(
  targets: (Seeded & { code: string })[],
  metrics: MetricsService,
  lastEnded: Period,
  plans: PlanStore,
): Promise<number> {
  // The marker is a reported target: computed ones get no example values.
  const marker = await metrics.observations(
    { kind: 'anonymous' },
    {
      indicatorCodes: [indicatorCode('G08')],
      agencyIds: ['hanoi'],
      periods: ['2023Q1'],
    },
  );
  if (marker.length > 0) return 0;
  const indicators = new Map((await metrics.indicators()).map((i) => [i.code, i]));
  const lastDay = new Date(Date.parse(`${lastEnded.end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const rows: { code: string; period: string; agencyId: string; value: number }[] = [];
  for (const target of targets) {
    if (computedSources[target.code]) continue;
    const indicator = indicators.get(indicatorCode(target.code));
    if (!indicator) continue;
    const periods = periodsBetween(indicator.periodType, '2023-01-01', lastDay).filter(
      (p) => p.end <= lastEnded.end,
    );
    const steps2025 = periods.findIndex((p) => p.start >= '2026-01-01');
    const span = steps2025 > 0 ? steps2025 - 1 : periods.length - 1;
    periods.forEach((period, step) => {
      rows.push({
        code: indicator.code,
        period: period.id,
        agencyId: 'hanoi',
        value: exampleValue(target, step, span),
      });
    });
    // Commune-level work online and digitised results: also per unit, across the 2025 reform.
    if (target.code === 'G16' || target.code === 'G19') {
      periods.forEach((period, step) => {
        const units = period.end <= REFORM ? districtsSample : period.start >= REFORM ? wardsSample : [];
        for (const unit of units)
          rows.push({
            code: indicator.code,
            period: period.id,
            agencyId: unit,
            value: exampleValue(target, step, span, unit),
          });
      });
    }
  }
  const at = new Date().toISOString();
  await plans.db.transaction().execute(async (trx) => {
    for (const row of rows) {
      await metrics.saveObservation(
        actor,
        {
          indicatorCode: row.code,
          period: row.period,
          agencyId: row.agencyId,
          value: row.value,
          provenance: { kind: 'seed', note: EXAMPLE_NOTE, at },
          example: true,
        },
        trx,
      );
    }
    const groups = new Map<string, { agencyId: string; period: string; codes: string[] }>();
    for (const row of rows) {
      const key = `${row.agencyId}:${row.period}`;
      const group = groups.get(key) ?? { agencyId: row.agencyId, period: row.period, codes: [] };
      group.codes.push(row.code);
      groups.set(key, group);
    }
    for (const group of groups.values())
      await metrics.setStatus(
        trx,
        actor,
        { agencyId: group.agencyId, period: group.period, indicatorCodes: group.codes },
        'approved',
      );
  });
  return rows.length;
}

/**
 * Which agencies report what in the demo cycles: the demo officials' agencies among them. Only
 * targets people report: the platform measures the others (`computedSources`), nobody is asked.
 */
const demoObligations: { agencyId: string; targets: string[]; tasks: string[] }[] = [
  { agencyId: 'so-y-te', targets: ['S03'], tasks: ['VD-17'] },
  { agencyId: 'so-xay-dung', targets: ['G19'], tasks: ['VD-20'] },
  { agencyId: 'comm-00070', targets: ['G16', 'G19'], tasks: ['VD-15'] },
  { agencyId: 'so-kh-cn', targets: ['G08', 'S04'], tasks: ['VD-03', 'VD-28'] },
];

async function seedCycle(
  { cycles, tasks, tasksStore }: { cycles: CyclesService; tasks: TasksService; tasksStore: TasksStore },
  period: Period,
  targets: (Seeded & { code: string })[],
  outcome: 'approved' | 'open',
) {
  const due = new Date(Date.parse(`${period.end}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
  const opened = await cycles.open(actor, PLAN_239, {
    period: period.id,
    dueOn: due,
    generate: false,
    example: true,
  });
  const taskRows = new Map<string, { id: string; progress: number }>();
  for (const obligation of demoObligations) {
    for (const code of obligation.tasks) {
      const found = await tasksStore.taskByCode(PLAN_239, code);
      if (found) taskRows.set(code, found);
    }
  }
  const taskIds = new Map([...taskRows].map(([code, row]) => [code, row.id]));
  await cycles.editObligations(actor, opened.id, {
    add: demoObligations.flatMap((o) => [
      ...o.targets.map((code) => ({ agencyId: o.agencyId, targetCode: code })),
      ...o.tasks.flatMap((code) =>
        taskIds.has(code) ? [{ agencyId: o.agencyId, taskId: taskIds.get(code)! }] : [],
      ),
    ]),
    remove: [],
  });
  const byCode = new Map(targets.map((target) => [target.code, target]));
  const entering =
    outcome === 'approved' ? demoObligations : demoObligations.filter((o) => o.agencyId !== 'so-xay-dung');
  for (const obligation of entering) {
    for (const code of outcome === 'approved' ? obligation.targets : obligation.targets.slice(0, 1)) {
      await cycles.saveValue(
        actor,
        opened.id,
        obligation.agencyId,
        code,
        {
          value: exampleValue(byCode.get(code)!, 12, 11, obligation.agencyId),
          comment: 'Ví dụ minh họa / Example',
        },
        { example: true },
      );
    }
    if (outcome === 'approved') {
      for (const code of obligation.tasks) {
        const task = taskRows.get(code);
        if (!task) continue;
        await tasks.saveReport(actor, task.id, period.id, {
          narrative:
            '[Ví dụ] Đã hoàn thành các hạng mục của quý theo kế hoạch. / [Example] The quarter’s work items were completed as planned.',
          progress: task.progress,
          blockers: null,
          example: true,
        });
      }
    }
  }
  if (outcome === 'approved') {
    for (const obligation of demoObligations) {
      await cycles.submit(actor, opened.id, obligation.agencyId);
      await cycles.approve(actor, opened.id, obligation.agencyId, 'Ví dụ minh họa / Example');
    }
    await cycles.update(actor, opened.id, { status: 'closed' });
  }
}
